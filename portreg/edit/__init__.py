"""Writing files safely: a lock around read-modify-write, and atomic replacement.

``locked(path)`` (``portreg.edit.lock``) keeps two portreg processes from editing one file at
the same time; ``write_atomic(path, data)`` (``portreg.edit.atomic``) replaces a file so that
readers and a crash see the old content or the new, never a mix.
"""
