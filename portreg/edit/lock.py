"""An exclusive lock on a file that portreg reads, changes and writes back.

Two runs that each read a file, change their part and write it whole would otherwise lose
one update (render-docs of two sections of one file, two edits of the registry). The lock
is an OS-level lock (``flock``) on a sibling file ``.NAME.lock``, not on the file itself:
an atomic write replaces the file, and a lock on the old one would lock nothing. The lock
file stays after release: removing it would let a waiter lock a fresh file while another
process still holds the old one.

The lock file is opened without following a symbolic link and without truncating it, and
must be a regular file: a link planted where it goes (to a file of yours) is refused
(``LockRefused``), never emptied. ``flock`` is Unix's; elsewhere ``filelock`` does it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

# Long enough for any portreg run, short enough that a stuck process is noticed.
LOCK_TIMEOUT = 60.0
_POLL = 0.05  # seconds between two tries while another process holds the lock


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
    deadline = time.monotonic() + timeout
    with contextlib.ExitStack() as stack:
        for lock in sorted(set(locks)):
            stack.enter_context(_held(lock, deadline))
        yield


@contextlib.contextmanager
def _held(lock: Path, deadline: float) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Unix: filelock's portable lock
        from filelock import FileLock

        _require_plain(lock)
        with FileLock(lock, timeout=max(0.0, deadline - time.monotonic())):
            yield
        return
    descriptor = _open(lock)
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"{lock} stayed locked") from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(descriptor)  # closing the last descriptor releases the lock


def _open(lock: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(lock, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(lock):
            raise LockRefused(
                f"{lock.name} is a symbolic link; a lock file must be a plain file"
            ) from None
        if error.errno == errno.EISDIR:
            raise LockRefused(
                f"{lock.name} is a directory; a lock file must be a plain file"
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise LockRefused(f"{lock.name} is not a regular file; a lock file must be one")
    return descriptor


def _require_plain(lock: Path) -> None:  # pragma: no cover - the portable path
    try:
        mode = os.lstat(lock).st_mode
    except OSError:
        return
    if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
        raise LockRefused(f"{lock.name} is not a regular file; a lock file must be one")
