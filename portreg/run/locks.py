"""Machine-wide advisory locks on ports, so that suites that need one port take turns.

Host ports belong to the whole machine: two CI runners under two users must see each
other's locks. So the locks live in one directory for everyone, the system temp dir's
``portreg-locks/`` (``PORTREG_LOCK_DIR`` overrides it), created sticky and world-writable
like /tmp itself: anyone may add a lock file, nobody may delete another's. There is one
lock file per (scope, protocol, port), one per exclusive group, and they are OS locks
(``filelock``, flock underneath): the kernel frees them when their holder dies, however it
dies, so a killed run never leaves a port locked.

The lock files say nothing about their holder (filelock may truncate them). Each run
writes its own note beside them, ``holder-PID-TOKEN.json``: who it is (service, tier,
worker, pid, user, command, since when) and which locks it holds, so that a waiting run can
say for whom it waits. A note whose process is gone is ignored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from filelock import FileLock, Timeout

LOCK_DIR_VARIABLE = "PORTREG_LOCK_DIR"
# How often a waiting run tries a held lock again.
POLL_SECONDS = 0.2


def lock_directory() -> Path:
    """The machine-wide lock directory, created (sticky and world-writable) when missing."""
    chosen = os.environ.get(LOCK_DIR_VARIABLE)
    directory = Path(chosen) if chosen else Path(tempfile.gettempdir()) / "portreg-locks"
    try:
        directory.mkdir(parents=True)
    except FileExistsError:
        pass
    else:
        # Like /tmp: every user may create a lock here, nobody may remove another's files.
        os.chmod(directory, 0o777 | stat.S_ISVTX)
    if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
        raise PermissionError(
            f"the lock directory {directory} is not a directory this user can write; set "
            f"{LOCK_DIR_VARIABLE} to one"
        )
    return directory


@dataclass(frozen=True, order=True)
class LockName:
    """One lock: a port in a scope, or an exclusive group; ``file`` is its lock file's name."""

    file: str
    label: str = field(compare=False)  # what it is, for people: "16387/tcp (host)"
    port: str | None = field(default=None, compare=False)  # "16387/tcp"; None for a group


def port_lock(scope: str, protocol: str, port: int) -> LockName:
    shown = f"{port}/{protocol}"
    return LockName(f"{scope}-{protocol}-{port}.lock", f"{shown} ({scope})", shown)


def group_lock(services: Sequence[str], tiers: Sequence[str] | None) -> LockName:
    """The lock of an exclusive group: named by its members, not its place in the file, so
    that registries edited since still agree on it."""
    import hashlib

    members = ",".join(sorted(services)) + "|" + ",".join(sorted(tiers or ["*"]))
    digest = hashlib.sha256(members.encode("utf-8")).hexdigest()[:16]
    tiers_text = f" ({', '.join(tiers)})" if tiers else ""
    return LockName(
        f"exclusive-{digest}.lock", f"the exclusive group {', '.join(services)}{tiers_text}"
    )


@dataclass(frozen=True)
class Holder:
    """What a holder's note says about it."""

    service: str
    tier: str
    worker: int | None
    pid: int
    user: str
    since: str  # ISO time, UTC
    command: list[str]

    def describe(self) -> str:
        """``hapi integration (pid 4242, user ci, since 10:02:03 UTC)``."""
        worker = f" worker {self.worker}" if self.worker is not None else ""
        since = self.since[11:19] + " UTC" if len(self.since) >= 19 else self.since
        return (
            f"{self.service} {self.tier}{worker} (pid {self.pid}, user {self.user}, since {since})"
        )


class LockTimeout(Exception):
    """``--wait`` ran out while another run held a lock."""

    def __init__(self, lock: LockName, holders: list[Holder]) -> None:
        super().__init__(lock.label)
        self.lock, self.holders = lock, holders


@dataclass
class Identity:
    """Who this run is, as its note tells waiting runs."""

    service: str
    tier: str
    worker: int | None
    command: list[str]


class PortLocks:
    """The locks one run holds: taken in one global order (so two runs never wait on each
    other forever), released together."""

    def __init__(self, directory: Path, identity: Identity) -> None:
        self.directory = directory
        self.identity = identity
        self.held: list[LockName] = []
        self._locks: list[FileLock] = []
        self._note = directory / f"holder-{os.getpid()}-{secrets.token_hex(4)}.json"
        self._since = ""  # when the first lock was taken
        _sweep_notes(directory)

    def acquire(
        self,
        names: Sequence[LockName],
        deadline: float | None,
        waiting: Callable[[LockName, list[Holder]], None],
    ) -> None:
        """Take every lock of ``names``; while one is held, call ``waiting`` whenever its
        holders change. Raises LockTimeout when ``deadline`` (monotonic) passes first."""
        for name in sorted(set(names)):
            lock = FileLock(self.directory / name.file, mode=0o666)
            shown: list[Holder] | None = None
            while True:
                try:
                    lock.acquire(blocking=False)
                    break
                except Timeout:
                    holders = holders_of(self.directory, name)
                    if holders != shown:
                        waiting(name, holders)
                        shown = holders
                    now = time.monotonic()
                    if deadline is not None and now >= deadline:
                        raise LockTimeout(name, holders) from None
                    pause = POLL_SECONDS if deadline is None else min(POLL_SECONDS, deadline - now)
                    time.sleep(max(pause, 0.0))
            self._locks.append(lock)
            self.held.append(name)
            self._write_note()

    def release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()
        self._locks.clear()
        self.held.clear()
        with contextlib.suppress(OSError):
            self._note.unlink()

    def _write_note(self) -> None:
        self._since = self._since or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        note = {
            "service": self.identity.service,
            "tier": self.identity.tier,
            "worker": self.identity.worker,
            "pid": os.getpid(),
            "started": _process_start(os.getpid()),
            "user": _user(),
            "since": self._since,
            "command": self.identity.command,
            "locks": [name.file for name in self.held],
        }
        temporary = self._note.with_suffix(".tmp")
        temporary.write_text(json.dumps(note), encoding="utf-8")
        os.chmod(temporary, 0o644)
        os.replace(temporary, self._note)


def holders_of(directory: Path, name: LockName) -> list[Holder]:
    """The live runs whose notes say they hold ``name``."""
    found = []
    for path in sorted(directory.glob("holder-*.json")):
        try:
            note = json.loads(path.read_text(encoding="utf-8"))
            if name.file not in note["locks"] or not _alive(note["pid"], note.get("started")):
                continue
            found.append(
                Holder(
                    str(note["service"]),
                    str(note["tier"]),
                    note.get("worker"),
                    int(note["pid"]),
                    str(note.get("user", "?")),
                    str(note.get("since", "?")),
                    [str(part) for part in note.get("command", [])],
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # being rewritten, or not a note of ours: it names nobody
    return found


def _sweep_notes(directory: Path) -> None:
    """Remove this user's notes of runs that were killed (a note names nobody once its
    process is gone; another user's stays, as the sticky directory wants)."""
    if not hasattr(os, "getuid"):
        return
    for path in directory.glob("holder-*.json"):
        try:
            if path.stat().st_uid != os.getuid():
                continue
            note = json.loads(path.read_text(encoding="utf-8"))
            if not _alive(int(note["pid"]), note.get("started")):
                path.unlink()
        except (OSError, ValueError, KeyError, TypeError):
            continue


def _alive(pid: int, started: float | None) -> bool:
    """The process is running, and is the one that wrote the note (not a reused pid)."""
    try:
        process = psutil.Process(pid)
        return started is None or abs(process.create_time() - started) < 1.0
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    except psutil.AccessDenied:
        return True


def _process_start(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "?"
