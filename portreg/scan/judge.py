"""Decide what a port found in a file means, given the services the file belongs to.

The input is a :class:`~portreg.scan.roles.PortHit` (its role, component and place are
already known); nothing here reads a file. Container-side numbers and references are never
judged; NodePorts are held against NodePorts, everything else against host allocations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.records import PortUse
from portreg.scan.comments import Place
from portreg.scan.matcher import MIN_PORT
from portreg.scan.roles import PortHit, Role
from portreg.wording import possessive

# Codes that a comment or a document turns into PR506 (it states a port; it binds nothing).
_IN_COMMENTS = {"PR501", "PR502", "PR505"}

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry, Reservation


@dataclass(frozen=True)
class Verdict:
    code: str
    message: str
    # What groups the same drift found in several places: (service, component, port), and
    # the headline the group is shown under.
    group: tuple[str, str, int] | None = None
    headline: str = ""


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
    return f"{possessive(use.service)} {use.tier} {use.component_label}{port}{protocol}{scope}"


class PortIndex:
    """Every port number the registry says something about, looked up in one step."""

    def __init__(self, registry: Registry) -> None:
        self.allocated: dict[int, list[PortUse]] = {}
        self.node_ports: dict[int, list[PortUse]] = {}
        # service -> component -> its ports (host side, and NodePorts), every tier
        self.own: dict[str, dict[str, set[int]]] = {}
        self.own_node: dict[str, dict[str, set[int]]] = {}
        # service -> the clusters it has NodePorts in: its manifests are deployed there
        self.clusters: dict[str, set[str]] = {}
        for use in registry.allocations:
            nodeport = use.side == "node_port" or registry.scope_kind(use.scope) == "nodeport"
            (self.node_ports if nodeport else self.allocated).setdefault(use.port, []).append(use)
            owned = self.own_node if nodeport else self.own
            owned.setdefault(use.service, {}).setdefault(use.component, set()).add(use.port)
            if nodeport:
                self.clusters.setdefault(use.service, set()).add(use.scope)
        self.blocks: dict[str, list[tuple[str | None, PortRange]]] = {
            service_id: [(component, ports) for _, component, ports in service.block_items()]
            for service_id, service in registry.services.items()
        }
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
        self.config_clusters = {
            scope.config: name for name, scope in registry.scopes.items() if scope.config
        }
        self.container_ports = {
            component.container_port
            for component in registry.components.values()
            if component.container_port is not None
        }

    def ports(self) -> set[int]:
        return {*self.allocated, *self.node_ports, *self.reserved, *self.ranges}

    def cluster_of(self, relative: str) -> str | None:
        """The scope whose ``config`` file this is (a Kind config): its NodePorts are that
        cluster's."""
        return self.config_clusters.get(relative)

    def judge(
        self, hit: PortHit, owners: Sequence[str], cluster: str | None = None
    ) -> Verdict | None:
        """The finding a hit makes in a file of these services (none: it is fine); in the
        config file of ``cluster``, NodePorts are held against that cluster's only."""
        if hit.role in (Role.CONTAINER, Role.OTHER) or hit.reference:
            return None
        nodeport = hit.role is Role.NODE_PORT
        uses = (self.node_ports if nodeport else self.allocated).get(hit.port, [])
        if nodeport and cluster is not None:
            uses = [use for use in uses if use.scope == cluster]
        elif nodeport:
            # A manifest of a service with NodePorts is deployed to that service's clusters:
            # another, isolated cluster's NodePort is no clash there.
            clusters = set().union(*(self.clusters.get(owner, set()) for owner in owners))
            if clusters:
                uses = [use for use in uses if use.scope in clusters]
        if not owners:
            if not uses:
                return None
            # Notes are not grouped: they list where each port is mentioned, one per line.
            return Verdict("PR504", f"{hit.port} is {_names(uses, with_port=False)}")
        verdict = self._in_service(hit, owners, uses, nodeport)
        if verdict is None or hit.place is Place.CODE:
            return verdict
        if verdict.code not in _IN_COMMENTS or any(use.service in hit.mentions for use in uses):
            return None  # an unallocated number in prose, or a port cited with its owner
        where = "a comment" if hit.place is Place.COMMENT else "the text"
        return Verdict("PR506", f"{where} says {verdict.message}", verdict.group, verdict.headline)

    def _in_service(
        self, hit: PortHit, owners: Sequence[str], uses: list[PortUse], nodeport: bool
    ) -> Verdict | None:
        port, who = hit.port, owners[0]
        if any(owner in self.shared.get(port, ()) for owner in owners):
            return None
        wrong_own = self._wrong_own_port(hit, owners, nodeport)
        if wrong_own is None and (
            any(use.service in owners for use in uses) or self._in_own_block(hit, owners)
        ):
            return None
        foreign = [use for use in uses if use.service not in owners]
        if foreign and hit.address and any(use.service in hit.mentions for use in foreign):
            return None  # `billingBroker = "localhost:19091"`: it reaches billing on purpose
        component = hit.component_hint or (foreign[0].component if foreign else "")
        group = (who, component, port)
        title = f"{who} {component} {port}" if component else f"{who} {port}"
        if foreign:
            expected = f"; its {wrong_own[0]} is {wrong_own[1]}" if wrong_own else ""
            return Verdict(
                "PR501",
                f"{who} uses {_names(foreign)}{expected}",
                group,
                f"{title}: {_names(foreign, with_port=False)}",
            )
        if wrong_own is not None:
            name, expected = wrong_own
            return Verdict(
                "PR505",
                f"{who} binds {name} on {port}, but the registry gives "
                f"{possessive(who)} {name} {expected}",
                group,
                f"{title}: the registry gives {expected}",
            )
        if nodeport:
            return None
        reservation = self.reserved.get(port)
        if reservation is not None and reservation.service not in owners:
            return Verdict(
                "PR502",
                f"{who} uses {port}, which is reserved: {reservation.reason}",
                group,
                f"{title}: reserved for {reservation.reason}",
            )
        ranges = self.ranges.get(port)
        if ranges and reservation is None:
            where = " and ".join(f"the {r.component} {r.tier} range {r.ports}" for r in ranges)
            return Verdict(
                "PR503",
                f"{port} is in {where} but unallocated",
                group,
                f"{title}: unallocated, in {possessive(ranges[0].component)} "
                f"{ranges[0].tier} range",
            )
        return None

    def _wrong_own_port(
        self, hit: PortHit, owners: Sequence[str], nodeport: bool
    ) -> tuple[str, str] | None:
        """(component, its ports) when the hit binds a component of its service elsewhere."""
        component = hit.component_hint
        if component is None or hit.role not in (Role.HOST, Role.NODE_PORT):
            return None
        owned = self.own_node if nodeport else self.own
        for owner in owners:
            ports = owned.get(owner, {}).get(component)
            if not ports:
                continue
            if hit.port in ports or self._in_own_block(hit, [owner]):
                return None
            return component, " or ".join(str(port) for port in sorted(ports))
        return None

    def _in_own_block(self, hit: PortHit, owners: Sequence[str]) -> bool:
        return any(
            hit.port in ports and hit.component_hint in (None, component or hit.component_hint)
            for owner in owners
            for component, ports in self.blocks.get(owner, [])
        )


def _names(uses: list[PortUse], with_port: bool = True) -> str:
    return " and ".join(describe_use(use, with_port) for use in uses)
