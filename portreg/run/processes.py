"""The command's processes and the ports they listen on.

The tree is tracked from the start: a process joins when its parent is tracked, and stays
tracked when its parent exits and it is re-parented, or when it starts a session of its
own (a daemon's double fork). On Linux, portreg makes itself the "child subreaper" of its
descendants (prctl PR_SET_CHILD_SUBREAPER): an orphan is then re-parented to portreg, not
to init, so that even a process whose parent exits between two polls is found. portreg
reaps those orphans when they exit.

Sockets: on Linux each tracked process's open sockets (``/proc/PID/fd``) are matched with
the kernel's socket tables (``/proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``), read once per
poll whatever the number of processes: psutil reads the four tables again for every
process, which for a suite's dozens of processes five times a second costs a CPU core's
tenth. Elsewhere psutil's per-process view is used (a process of this user needs no root).
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

import psutil

from portreg.probe.sockets import holding_protocol
from portreg.run.observe import PROCESS, SPAWNING, TOOL_PIDS, Bind, Observer

PROC = Path("/proc")
_TCP_LISTEN = "0A"


def become_subreaper() -> bool:
    """Make orphaned descendants this process's children (Linux); whether it worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_child_subreaper = 36
        return bool(libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


class ProcessTree(Observer):
    """The listening sockets of the command's process tree (TCP in LISTEN, bound UDP)."""

    name = "processes"
    interval = 0.2

    def __init__(self, root: int, adopts: bool) -> None:
        super().__init__()
        self.root = root
        self.adopts = adopts  # orphans come to this process (become_subreaper)
        self.tracked: dict[int, float] = {}  # pid -> create time (a pid can be reused)
        self.seen_pids: set[int] = set()
        self._names: dict[int, tuple[str | None, tuple[str, ...]]] = {}
        self._linux = (PROC / "self" / "net" / "tcp").exists()
        self.status.note = (
            "sockets from /proc every 0.2 s" if self._linux else "sockets from psutil every 0.2 s"
        )
        self._track(root)

    def poll(self, elapsed: float) -> list[Bind]:
        self._discover()
        sockets = self._linux_sockets() if self._linux else self._psutil_sockets()
        binds = []
        for pid, protocol, address, port in sockets:
            name, command = self._describe(pid)
            binds.append(
                Bind(
                    PROCESS,
                    protocol,
                    port,
                    address=address,
                    seen=elapsed,
                    pid=pid,
                    process=name,
                    command=command,
                )
            )
        return binds

    def finish(self) -> None:
        self._reap()

    # -- the tree -----------------------------------------------------------------------

    def _track(self, pid: int) -> None:
        try:
            self.tracked[pid] = psutil.Process(pid).create_time()
            self.seen_pids.add(pid)
        except psutil.Error:
            pass

    def _discover(self) -> None:
        """Add the children of every tracked process (and, as subreaper, adopted orphans);
        drop the processes that are gone."""
        for pid, created in list(self.tracked.items()):
            if not _same_process(pid, created):
                del self.tracked[pid]
        frontier = list(self.tracked)
        while frontier:
            parent = frontier.pop()
            for child in _children(parent):
                if child not in self.tracked:
                    self._track(child)
                    frontier.append(child)
        if self.adopts:
            self._reap()
            with SPAWNING:  # the observers' own tools are children too: not the command's
                adopted = [pid for pid in _children(os.getpid()) if pid not in TOOL_PIDS]
            for pid in adopted:
                if pid not in self.tracked:
                    self._track(pid)

    def _reap(self) -> None:
        """Wait for adopted orphans that exited (the command itself is waited for by its
        Popen), so that none stays a zombie."""
        if not self.adopts:
            return
        with SPAWNING:
            children = [pid for pid in _children(os.getpid()) if pid not in TOOL_PIDS]
        for pid in children:
            if pid == self.root:
                continue
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)

    def _describe(self, pid: int) -> tuple[str | None, tuple[str, ...]]:
        if pid not in self._names:
            try:
                process = psutil.Process(pid)
                self._names[pid] = (process.name(), tuple(process.cmdline()))
            except psutil.Error:
                self._names[pid] = (None, ())
        return self._names[pid]

    # -- sockets ------------------------------------------------------------------------

    def _linux_sockets(self) -> list[tuple[int, str, str, int]]:
        owners: dict[str, int] = {}
        for pid in self.tracked:
            for inode in _socket_inodes(pid):
                owners.setdefault(inode, pid)
        if not owners:
            return []
        found = []
        for table, protocol in (("tcp", "tcp"), ("tcp6", "tcp"), ("udp", "udp"), ("udp6", "udp")):
            for inode, address, port in _listening(PROC / "self" / "net" / table, protocol):
                if inode in owners:
                    found.append((owners[inode], protocol, address, port))
        return found

    def _psutil_sockets(self) -> list[tuple[int, str, str, int]]:
        found = []
        for pid in self.tracked:
            try:
                connections = psutil.Process(pid).net_connections(kind="inet")
            except psutil.Error:
                continue
            for connection in connections:
                protocol = holding_protocol(connection)
                if protocol is None or (protocol == "udp" and connection.raddr):
                    continue  # a connected UDP socket is a client's
                found.append((pid, protocol, connection.laddr.ip, connection.laddr.port))
        return found


def _same_process(pid: int, created: float) -> bool:
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and process.create_time() == created
    except psutil.Error:
        return False


def _children(pid: int) -> list[int]:
    """The direct children of ``pid``: from /proc on Linux, else from psutil."""
    tasks = PROC / str(pid) / "task"
    if tasks.is_dir():
        found: list[int] = []
        try:
            for task in tasks.iterdir():
                with contextlib.suppress(OSError):
                    found.extend(int(child) for child in (task / "children").read_text().split())
            return found
        except OSError:
            return []
    try:
        return [child.pid for child in psutil.Process(pid).children()]
    except psutil.Error:
        return []


def _socket_inodes(pid: int) -> list[str]:
    """The inodes of the sockets ``pid`` has open (a process of another user: none seen)."""
    directory = PROC / str(pid) / "fd"
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    inodes = []
    for name in names:
        try:
            target = os.readlink(directory / name)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.append(target[8:-1])
    return inodes


def _listening(table: Path, protocol: str) -> list[tuple[str, str, int]]:
    """(inode, local address, port) of each listening TCP socket or bound, unconnected UDP
    socket of a /proc/net table."""
    try:
        lines = table.read_text().splitlines()[1:]
    except OSError:
        return []
    found = []
    for line in lines:
        fields = line.split()
        if len(fields) < 10:
            continue
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        if protocol == "tcp" and state != _TCP_LISTEN:
            continue
        if protocol == "udp" and not remote.endswith(":0000"):
            continue  # connected: a client's socket
        address, _, port = local.partition(":")
        number = int(port, 16)
        if number:
            found.append((inode, _address(address), number))
    return found


def _address(hexadecimal: str) -> str:
    """A /proc/net address (32-bit words in host byte order) as text."""
    raw = bytes.fromhex(hexadecimal)
    words = b"".join(raw[start : start + 4][::-1] for start in range(0, len(raw), 4))
    if sys.byteorder == "big":
        words = raw
    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, words)
