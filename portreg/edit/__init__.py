"""Writing files safely, and the one editor of the registry.

``locked(path)`` (``portreg.edit.lock``) keeps two portreg processes from editing one file at
the same time; ``write_atomic(path, data)`` (``portreg.edit.atomic``) replaces a file so that
readers and a crash see the old content or the new, never a mix.

Every command that changes the registry goes through ``portreg.edit.editor.apply_edit``:
lock, splice the change into the text (``yaml_text``, new text from ``emit``), raise the
version and write the changelog entry (``bump``), drop stale known conflicts (``baseline``),
validate with every rule, print the diff, write, then re-render docs and exports
(``regenerate``). docs/editing.md describes the commands.
"""
