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
import stat
from pathlib import Path

# What `-o` names standard output by: "-" and the device file shells and users reach for.
STDOUT_NAMES = ("-", "/dev/stdout")

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
    temporary, descriptor = create_temporary(target)
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
    fsync_directory(target.parent)


def is_stdout(name: str) -> bool:
    """Whether an output name means standard output rather than a file to replace."""
    return name in STDOUT_NAMES


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it exists and is not a regular file (it, or what a symlink
    points to): "a FIFO", "a directory" ...; None for a regular file or nothing at all.

    Such a target is refused, never replaced: renaming a new file over a device, a FIFO or a
    socket destroys it, and opening a FIFO to read it waits for a writer forever.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return None  # a symlink loop, no permission ...: the read or write will say so
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"  # pragma: no cover - every kind Linux knows is listed


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def create_temporary(target: Path) -> tuple[Path, int]:
    """A new file ``.NAME.RANDOM.tmp`` beside ``target`` (same file system: a rename over
    the target is atomic), and its descriptor, open for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return candidate, os.open(candidate, flags, _NEW_FILE_MODE)
        except FileExistsError:
            continue


def fsync_directory(directory: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk."""
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
