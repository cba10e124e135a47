"""Write a file so that readers see the old content or the new, never half of it.

Private stand-in until the shared ``portreg.atomic`` exists; replace it then.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    # The temporary file sits next to the target: os.replace is atomic within a filesystem.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = path.stat().st_mode & 0o7777  # keep the permissions of the file replaced
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # what open() would have given a new file
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
