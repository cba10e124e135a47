"""An exclusive lock on a file that portreg reads, changes and writes back.

Two runs that each read a file, change their part and write it whole would otherwise lose
one update (render-docs of two sections of one file, two edits of the registry). The lock
is an OS-level lock (``filelock``) on a sibling file ``.NAME.lock``, not on the file itself:
an atomic write replaces the file, and a lock on the old one would lock nothing. The lock
file stays after release, as filelock requires: removing it would let a waiter lock a
fresh file while another process still holds the old one.

A lock file is opened for writing (and truncated), so what stands where it goes is looked
at first: a symbolic link there would make portreg empty the file it points to, and a
FIFO or a folder cannot be a lock. Such a place is refused (``LockRefused``).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

# Long enough for any portreg run, short enough that a stuck process is noticed.
LOCK_TIMEOUT = 60.0


class LockRefused(OSError):
    """Something other than a regular file stands where a lock file goes."""


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of ``path``: beside the file it protects (a symlink's target)."""
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def locked(*paths: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on each of ``paths`` while the block runs.

    Locks are taken in one fixed order, so two runs that lock the same files never wait on
    each other forever. Raises ``TimeoutError`` (an ``OSError``) when another process holds
    a lock for longer than ``timeout`` seconds, ``LockRefused`` when a symbolic link or
    anything but a regular file is where a lock file goes, and ``OSError`` when a lock file
    cannot be created (a read-only directory ...).
    """
    with locked_files(*(lock_path(path) for path in paths), timeout=timeout):
        yield


@contextlib.contextmanager
def locked_files(*locks: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock files ``locks`` (named as they are) while the block runs."""
    with contextlib.ExitStack() as stack:
        for lock in sorted(set(locks)):
            _require_plain(lock)
            stack.enter_context(FileLock(lock, timeout=timeout))
        yield


def _require_plain(lock: Path) -> None:
    try:
        mode = os.lstat(lock).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        return  # opening it says what is wrong
    if stat.S_ISLNK(mode):
        raise LockRefused(f"{lock.name} is a symbolic link; a lock file must be a plain file")
    if not stat.S_ISREG(mode):
        raise LockRefused(f"{lock.name} is not a regular file; a lock file must be one")
