"""What the registry says about one port number: for ``portreg who`` and ``portreg next``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.rules import Context
from portreg.rules.hazards import IANA_DYNAMIC, LINUX_EPHEMERAL, WELL_KNOWN_PORTS
from portreg.sourcemap import PathKey, SourceMap

if TYPE_CHECKING:
    from portreg.models import Registry


@dataclass(frozen=True)
class Fact:
    kind: str  # allocation, share, reservation, range, hazard
    text: str
    path: PathKey | None = None  # where the registry says it (None for hazards)
    owned: bool = False  # an allocation or a reservation: someone has the port


def hazard(port: int) -> str | None:
    """Why a host port is a bad choice even though nobody in the registry has it."""
    if port < 1024:
        return f"{port} is a privileged port (below 1024)"
    if port in WELL_KNOWN_PORTS:
        return f"{port} is {WELL_KNOWN_PORTS[port]}'s default port"
    for name, (low, high) in (("Linux ephemeral", LINUX_EPHEMERAL), ("IANA dynamic", IANA_DYNAMIC)):
        if low <= port <= high:
            return f"{port} is in the {name} range {low}-{high}"
    return None


def facts(
    registry: Registry,
    sources: SourceMap,
    port: int,
    protocol: str | None = None,
    scope: str | None = None,
) -> list[Fact]:
    """Everything the registry says about ``port``, narrowed by protocol and scope if given."""
    found: list[Fact] = []
    context = Context(registry, sources)
    for use in registry.allocations:
        if (
            use.port != port
            or protocol not in (None, use.protocol)
            or scope not in (None, use.scope)
        ):
            continue
        text = f"{port}/{use.protocol} {use.service} {use.tier} {use.component} (scope {use.scope})"
        if use.allocation.note:
            text += f": {' '.join(use.allocation.note.split())}"
        found.append(Fact("allocation", text, context.port_path(use), owned=True))
    for index, share in enumerate(registry.shares):
        if share.port != port or protocol not in (None, share.protocol):
            continue
        if scope not in (None, share.scope):
            continue
        text = f"{port}/{share.protocol} shared by {', '.join(share.services)}: {share.reason}"
        found.append(Fact("share", " ".join(text.split()), ("shares", index, "port")))
    for index, reservation in enumerate(registry.reserved):
        if port not in reservation.port or scope not in (None, reservation.scope):
            continue
        if protocol is not None and reservation.protocol not in ("any", protocol):
            continue
        text = (
            f"{reservation.port} reserved ({reservation.protocol} protocol, scope "
            f"{reservation.scope}): {reservation.reason}"
        )
        found.append(Fact("reservation", " ".join(text.split()), ("reserved", index, "port"), True))
    for component_id, component in registry.components.items():
        for tier, ports in component.ranges.items():
            if port in ports:
                text = f"{port} is in the {component_id} {tier} range {ports}"
                found.append(Fact("range", text, ("components", component_id, "ranges", tier)))
    warning = hazard(port)
    if warning is not None:
        found.append(Fact("hazard", f"{warning}; avoid it for host ports"))
    return found


class Occupancy:
    """Which ports of one scope are taken, and why: the index ``portreg next`` walks."""

    def __init__(self, registry: Registry, scope: str) -> None:
        self.check_hazards = registry.scope_kind(scope) == "host"
        self.taken: dict[int, str] = {}
        for share in registry.shares:
            if share.scope == scope:
                self.taken.setdefault(share.port, "shared")
        for use in registry.allocations:
            if use.scope == scope:
                self.taken.setdefault(use.port, "allocated")
        self.reserved = [r.port for r in registry.reserved if r.scope == scope]

    def why_taken(self, port: int) -> str | None:
        if port in self.taken:
            return self.taken[port]
        if any(port in reserved for reserved in self.reserved):
            return "reserved"
        if self.check_hazards and hazard(port) is not None:
            return "hazardous"
        return None
