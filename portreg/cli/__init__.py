"""The command line's wiring, one module per kind of work users do: ``checking`` (the
registry and its docs), ``looking_up`` (read-only views), ``scanning`` (the code),
``editing`` (writing the registry); ``options`` holds the options several commands share.

Which module wires which command: ``COMMAND_MODULES`` in ``portreg.main``, which imports a
module only when one of its ``COMMANDS`` runs. A command here declares its options and calls
``portreg.commands.<name>.run``, imported inside the command, so that one command's
start-up never pays for another's work.
"""
