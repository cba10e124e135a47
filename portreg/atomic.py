"""Replace a file so that readers (and a crash) see the old content or the new, never a mix.

The new content goes to a temporary file in the same directory (``rename`` is atomic only
within one file system), is flushed and fsynced, takes the old file's permission bits, and
is renamed over the target. The directory is fsynced afterwards so that the rename itself
survives a power cut. A process killed at any point leaves the target intact; at worst a
stray ``.NAME.*.tmp`` file stays behind next to it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

# New files get the permissions an ordinary open() would give them (0o666 minus the umask).
_NEW_FILE_MODE = 0o666


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (str is written as UTF-8, line endings untouched) to ``path`` atomically.

    A symlink is followed: the file it points to is replaced, the link stays a link.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temporary, descriptor = _create_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(target.parent)


def _create_temporary(target: Path) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return candidate, os.open(candidate, flags, _NEW_FILE_MODE)
        except FileExistsError:
            continue


def _fsync_directory(directory: Path) -> None:
    # Not every platform lets a directory be opened (Windows); there the rename is all we get.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
