"""Writing files safely, and the one editor of the registry.

``locked(path)`` (``portreg.edit.lock``) keeps two portreg processes from editing one file at
the same time; ``write_atomic(path, data)`` (``portreg.edit.atomic``) replaces a file so that
readers and a crash see the old content or the new, never a mix; ``write_together``
(``portreg.edit.transaction``) does it for several files at once, through a journal.

Every command that changes the registry goes through ``portreg.edit.editor.apply_edit``:
lock the registry (``registry_lock``), splice the change into the text at the loader's
positions (``yaml_text``, never through an alias: ``aliases``; new text from ``emit``),
raise the version and write the changelog entry (``bump``), drop stale known conflicts
(``baseline``), read the changed parts again (``reload``) and check with every rule, print
the diff, then write the registry, its docs and exports (``outputs``) and the code of ``move
--code`` together. The change works on a ``session.Session``; docs/editing.md describes the
commands.
"""
