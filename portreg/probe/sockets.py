"""Who listens on which port of this machine: psutil first, a bind test where it cannot see.

psutil lists the machine's sockets with their processes. What it cannot always do is name
the process: on Linux an unprivileged user sees every socket but not other users' pids, and
on macOS listing sockets at all needs root. A port psutil does not show as taken is then
tested by binding it on the loopback addresses (127.0.0.1 and ::1), which fails whoever
holds it on those or on the wildcard address. The bind test never leaves the machine: it
binds loopback addresses only, and closes at once.
"""

from __future__ import annotations

import errno
import socket
import sys
from dataclasses import dataclass, field
from typing import Any

import psutil

from portreg.probe.runtimes import proxied_target, runtime_of

PortKey = tuple[str, int]  # (protocol, port)

LOOPBACKS = ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"))


@dataclass(frozen=True)
class Holder:
    """A socket that holds a port: its process when visible, and its local address."""

    address: str
    pid: int | None = None
    process: str | None = None
    runtime: str | None = None  # what a container runtime's proxy process is
    target: str | None = None  # the container address a proxy forwards to
    found_by: str = "psutil"  # or "bind test": nothing known but that the port is taken

    def describe(self) -> str:
        """``docker-proxy (pid 4242, Docker's port proxy for a container → 172.17.0.3:6379)``."""
        if self.found_by != "psutil":
            return f"a socket psutil cannot see (binding {self.address} failed)"
        if self.pid is None:
            who = "a process psutil cannot name"
        else:
            details = [f"pid {self.pid}"]
            if self.runtime:
                details.append(self.runtime + (f" → {self.target}" if self.target else ""))
            who = f"{self.process or 'a process'} ({', '.join(details)})"
        return f"{who} on {self.address}"


@dataclass
class Listening:
    """The machine's listening sockets by (protocol, port), and what psutil could not see."""

    holders: dict[PortKey, list[Holder]] = field(default_factory=dict)
    # Why psutil could not list sockets at all (then only the bind test answers); None when
    # it could.
    unlisted: str | None = None

    @property
    def listed(self) -> bool:
        return self.unlisted is None


def listening_sockets() -> Listening:
    """Every TCP socket in LISTEN state and every bound UDP socket, with its process."""
    try:
        connections = psutil.net_connections(kind="inet")
    except psutil.AccessDenied:
        return Listening(
            unlisted="psutil cannot list this machine's sockets as this user (run as root to "
            "see the processes)"
        )
    except OSError as error:  # no /proc/net/tcp (a sandbox, a container, /proc not mounted)
        where = f" ({error.filename}: {error.strerror})" if error.filename else ""
        return Listening(unlisted=f"this machine does not show its sockets{where}")
    except NotImplementedError:  # a platform psutil cannot list sockets on
        return Listening(unlisted="psutil cannot list sockets on this platform")
    result = Listening()
    processes: dict[int, tuple[str | None, list[str]]] = {}
    for connection in connections:
        protocol, local = holding_protocol(connection), connection.laddr
        if protocol is None or not local:
            continue
        address, port = local.ip, local.port
        pid = connection.pid
        if pid is None:  # another user's, or outside this pid namespace
            holder = Holder(address)
        else:
            if pid not in processes:
                processes[pid] = _process(pid)
            name, command_line = processes[pid]
            holder = Holder(
                address,
                pid,
                name,
                runtime_of(name),
                proxied_target(name, command_line),
            )
        result.holders.setdefault((protocol, port), []).append(holder)
    return result


def holding_protocol(connection: Any) -> str | None:
    """``tcp`` for a socket listening on a local port, ``udp`` for a bound UDP socket (it
    holds its port too), None for a TCP connection or a socket bound nowhere."""
    if not connection.laddr:
        return None
    if connection.type == socket.SOCK_STREAM:
        return "tcp" if connection.status == psutil.CONN_LISTEN else None
    return "udp"


def _process(pid: int) -> tuple[str | None, list[str]]:
    try:
        process = psutil.Process(pid)
        name = process.name()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None, []
    try:
        return name, process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return name, []


def bind_test(protocol: str, port: int) -> str | bool | None:
    """The loopback address where binding the port fails as taken, False when it is free,
    None when the test cannot tell (no right to bind a privileged port)."""
    kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
    tested = False
    for family, address in LOOPBACKS:
        try:
            probe = socket.socket(family, kind)
        except OSError:  # no IPv6 on this machine
            continue
        try:
            if kind == socket.SOCK_STREAM and sys.platform != "win32":
                # A server sets SO_REUSEADDR so that TIME_WAIT leftovers do not stop it; so
                # does the test, which then fails only on a socket that really holds the port.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((address, port))
            tested = True
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return address
            if error.errno not in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                return None  # EACCES on a privileged port: the test cannot say
        finally:
            probe.close()
    return False if tested else None
