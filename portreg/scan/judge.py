"""Decide what a port found in a file means, given the services the file belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.records import PortUse
from portreg.scan.matcher import MIN_PORT

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry, Reservation


@dataclass(frozen=True)
class Verdict:
    code: str
    message: str


@dataclass(frozen=True)
class RangeUse:
    component: str
    tier: str
    ports: PortRange


def describe_use(use: PortUse, with_port: bool = True) -> str:
    """``hapi's integration redis 16387`` (with the scope when it is not the host)."""
    scope = "" if use.scope == "host" else f" in scope {use.scope}"
    protocol = "" if use.protocol == "tcp" else f" ({use.protocol})"
    port = f" {use.port}" if with_port else " port"
    return f"{use.service}'s {use.tier} {use.component}{port}{protocol}{scope}"


class PortIndex:
    """Every port number the registry says something about, looked up in one step."""

    def __init__(self, registry: Registry) -> None:
        self.allocated: dict[int, list[PortUse]] = {}
        for use in registry.allocations:
            self.allocated.setdefault(use.port, []).append(use)
        self.shared: dict[int, set[str]] = {}
        for share in registry.shares:
            self.shared.setdefault(share.port, set()).update(share.services)
        self.reserved: dict[int, Reservation] = {}
        for reservation in registry.reserved:
            for port in range(max(reservation.port.start, MIN_PORT), reservation.port.end + 1):
                self.reserved.setdefault(port, reservation)
        self.ranges: dict[int, list[RangeUse]] = {}
        for component_id, component in registry.components.items():
            for tier, ports in component.ranges.items():
                for port in range(max(ports.start, MIN_PORT), ports.end + 1):
                    self.ranges.setdefault(port, []).append(RangeUse(component_id, tier, ports))

    def ports(self) -> set[int]:
        return {*self.allocated, *self.reserved, *self.ranges}

    def judge(self, port: int, owners: Sequence[str]) -> Verdict | None:
        uses = self.allocated.get(port, [])
        if not owners:
            if not uses:
                return None
            return Verdict("PR504", f"{port} is {_names(uses, with_port=False)}")
        who = " and ".join(owners)
        if any(use.service in owners for use in uses):
            return None
        if any(owner in self.shared.get(port, ()) for owner in owners):
            return None
        if uses:
            return Verdict("PR501", f"{who} uses {_names(uses)}")
        reservation = self.reserved.get(port)
        if reservation is not None:
            return Verdict("PR502", f"{who} uses {port}, which is reserved: {reservation.reason}")
        ranges = self.ranges.get(port)
        if ranges:
            where = " and ".join(f"the {r.component} {r.tier} range {r.ports}" for r in ranges)
            return Verdict("PR503", f"{port} is in {where} but unallocated")
        return None


def _names(uses: list[PortUse], with_port: bool = True) -> str:
    return " and ".join(describe_use(use, with_port) for use in uses)
