"""The command line's wiring, one module per kind of work users do.

- ``checking``: check, diff, render-docs, rules, schema (is the registry right, and its docs).
- ``looking_up``: who, next, export, plan, probe (what the registry says; read only).
- ``scanning``: scan (ports hard-coded in the code).
- ``editing``: allocate, release, rename, move, init (commands that write the registry).
- ``options``: the options several commands share.

Each module's ``COMMANDS`` are added to the top-level group in ``portreg.main``. A command
here only declares its options and calls ``portreg.commands.<name>.run``, imported inside
the command so that one command's start-up never pays for another's modules.
"""
