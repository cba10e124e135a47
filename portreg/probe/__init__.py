"""Who holds the host ports that suites need, right now (``portreg probe``).

The registry says who *should* have a port; a suite fails on who *does*. For every host
port the chosen suites need, the probe says whether it is free, held by a listening socket
of this machine (which process, and whether that process is a container runtime's proxy),
or reserved by the registry. It reads a loaded registry and the machine; it writes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from portreg.records import HOST_SCOPE, PortUse

if TYPE_CHECKING:
    from portreg.models import Registry

from portreg.probe.sockets import Holder, Listening, PortKey, bind_test, listening_sockets

FREE, HELD, RESERVED, UNKNOWN = "free", "held", "reserved", "unknown"


@dataclass
class PortStatus:
    """One (protocol, port) of the host: the suites that need it and who holds it now."""

    protocol: str
    port: int
    needed_by: list[PortUse]
    status: str = FREE
    holders: list[Holder] = field(default_factory=list)
    reservation: str | None = None  # the registry's reason, when it reserves the port


@dataclass
class ProbeReport:
    ports: list[PortStatus]
    method: str  # "psutil", "psutil and a bind test" or "a bind test"
    notes: list[str] = field(default_factory=list)

    @property
    def held(self) -> list[PortStatus]:
        return [status for status in self.ports if status.status == HELD]


def needed_ports(
    registry: Registry, services: tuple[str, ...] = (), tier: str | None = None
) -> dict[PortKey, list[PortUse]]:
    """The host ports of the chosen suites (all by default), in registry order."""
    chosen = set(services)
    needed: dict[PortKey, list[PortUse]] = {}
    for use in registry.allocations:
        if use.scope != HOST_SCOPE or use.allocation.dynamic:
            # A cluster's or an isolated network's port is not this machine's; a dynamic
            # port is picked when the suite starts.
            continue
        if chosen and use.service not in chosen:
            continue
        if tier is not None and use.tier != tier:
            continue
        needed.setdefault((use.protocol, use.port), []).append(use)
    return needed


def probe(registry: Registry, needed: dict[PortKey, list[PortUse]]) -> ProbeReport:
    """Look at this machine's sockets once and say, for every needed port, who holds it."""
    listening = listening_sockets()
    bind_tested = False
    ports = []
    for (protocol, port), uses in needed.items():
        status = PortStatus(
            protocol, port, uses, reservation=_reservation(registry, protocol, port, uses)
        )
        status.holders = list(listening.holders.get((protocol, port), []))
        if not status.holders:
            # Not seen by psutil: a socket it cannot see (another network namespace's proxy,
            # a platform where listing needs root) still makes a bind fail.
            bind_tested = True
            taken = bind_test(protocol, port)
            if taken:
                status.holders = [Holder(str(taken), found_by="bind test")]
            elif taken is None:
                status.status = UNKNOWN
        if status.holders:
            status.status = HELD
        elif status.status != UNKNOWN and status.reservation is not None:
            status.status = RESERVED
        ports.append(status)
    return ProbeReport(ports, _method(listening.listed, bind_tested), _notes(listening, ports))


def _reservation(registry: Registry, protocol: str, port: int, uses: list[PortUse]) -> str | None:
    """The reason of a reservation that covers the port for these suites, if any."""
    for reservation in registry.reserved:
        if reservation.service is not None and all(
            use.service == reservation.service for use in uses
        ):
            continue  # reserved for exactly these suites' service: theirs to use
        if (
            reservation.scope == HOST_SCOPE
            and reservation.protocol in ("any", protocol)
            and port in reservation.port
        ):
            return reservation.reason
    return None


def _method(listed: bool, bind_tested: bool) -> str:
    if not listed:
        return "a bind test"
    return "psutil and a bind test" if bind_tested else "psutil"


def _notes(listening: Listening, ports: list[PortStatus]) -> list[str]:
    notes = []
    if listening.unlisted is not None:
        notes.append(
            f"{listening.unlisted}: every port was tested by binding it on 127.0.0.1 and ::1, "
            "which says whether it is taken but not by whom"
        )
    elif any(h.pid is None and h.found_by == "psutil" for s in ports for h in s.holders):
        why = (
            "they run outside this machine's view of processes (another pid namespace)"
            if _is_root()
            else "they belong to other users (run as root to see them)"
        )
        notes.append(f"psutil cannot name the processes of some sockets: {why}")
    return notes


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
