"""Decide what a port found in a file means, given the services the file belongs to.

The input is a :class:`~portreg.scan.roles.PortHit` (its role, component and place are
already known); nothing here reads a file. Container-side numbers and references are never
judged; NodePorts are held against NodePorts, everything else against host allocations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from portreg.records import PortUse
from portreg.scan.comments import Place
from portreg.scan.messages import (
    Speaker,
    Verdict,
    computed_ports,
    expected_port,
    host_sides,
    names_of,
    tier_of,
    wrong_node_port,
)
from portreg.scan.port_index import OwnPorts, RegistryPorts
from portreg.scan.roles import NODE_PORT_BY_WORDS, PortHit, Role
from portreg.scan.syntax import BY_PATH
from portreg.scan.wording import computed_stride
from portreg.wording import possessive

# Codes that a comment or a document turns into PR506 (it states a port; it binds nothing).
_IN_COMMENTS = {"PR501", "PR502", "PR505", "PR511", "PR513"}
# Codes of the scan's errors and warnings: in working notes each is a note (PR515) instead.
_CLAIMS = {"PR501", "PR502", "PR503", "PR505", "PR506", "PR511", "PR512", "PR513", "PR514"}

if TYPE_CHECKING:
    from portreg.models import PortRange


class PortIndex(RegistryPorts):
    """Every port number the registry says something about, looked up in one step, and
    what a port found in a file means against them."""

    def judge(
        self,
        hit: PortHit,
        owners: Sequence[str],
        cluster: str | None = None,
        tier: str | None = None,
        notes: bool = False,
    ) -> Verdict | None:
        """The finding a hit makes in a file of these services (none: it is fine); in the
        config file of ``cluster``, NodePorts are held against that cluster's only. ``tier``
        (the file's, from its path) picks the ports a fix suggests; in working notes
        (``notes``) every finding is a note."""
        if not owners:
            return self._mention(hit)
        verdict = self._judged(hit, owners, cluster, tier)
        if notes and verdict is not None and verdict.code in _CLAIMS:
            said = verdict.message.removeprefix("the text says ").removeprefix("a comment says ")
            return Verdict("PR515", f"working notes say {said}")
        return verdict

    def _mention(self, hit: PortHit) -> Verdict | None:
        """In a file of no service, every mention of an allocated port is a note, whatever
        its role: it lists where a port is written, for whoever moves it."""
        uses = self.allocated.get(hit.port, []) + self.node_ports.get(hit.port, [])
        if not uses:
            return None
        # Notes are not grouped: they list where each port is mentioned, one per line.
        return Verdict("PR504", f"{hit.port} is {names_of(uses, with_port=False)}")

    def _judged(
        self, hit: PortHit, owners: Sequence[str], cluster: str | None, tier: str | None
    ) -> Verdict | None:
        if hit.role in (Role.CONTAINER, Role.OTHER) or hit.reference:
            return None
        nodeport = hit.role is Role.NODE_PORT
        own_node_port = any(hit.port in self._own_node_ports(owner) for owner in owners)
        if hit.role is Role.UNKNOWN and hit.port in self.node_ports:
            # A bare number that is a NodePort of the file's service, or only ever a
            # NodePort: read as one ("the value is in the cluster and allocated there").
            if own_node_port:
                return None
            nodeport = hit.port not in self.allocated
        if own_node_port and hit.place is not Place.CODE and not nodeport:
            return None  # "Port mapping: 30088 -> 8443, host 8088": prose about its NodePort
        uses = (self.node_ports if nodeport else self.allocated).get(hit.port, [])
        if nodeport and cluster is not None:
            uses = [use for use in uses if use.scope == cluster]
        elif nodeport:
            # A manifest of a service with NodePorts is deployed to that service's clusters:
            # another, isolated cluster's NodePort is no clash there.
            clusters = set().union(*(self.clusters.get(owner, set()) for owner in owners))
            if clusters:
                uses = [use for use in uses if use.scope in clusters]
        # Holders that never run with the file's suites (an exclusive group), or a component
        # the file's service is (the Mock LLM service's code holding a suite's mock-llm port).
        tier = hit.tier or tier
        settled = [u for u in uses if u.component in owners or self._runs_apart(u, owners, tier)]
        if settled and len(settled) == len(uses):
            return None
        uses = [use for use in uses if use not in settled]
        verdict = self._in_service(hit, owners, Speaker.of(owners, cluster), uses, nodeport, tier)
        if verdict is None or hit.place is Place.CODE:
            return verdict
        if verdict.code not in _IN_COMMENTS or any(use.service in hit.mentions for use in uses):
            return None  # an unallocated number in prose, or a port cited with its owner
        where = "a comment" if hit.place is Place.COMMENT else "the text"
        return Verdict("PR506", f"{where} says {verdict.message}", verdict.group, verdict.headline)

    def _in_service(
        self,
        hit: PortHit,
        owners: Sequence[str],
        who: Speaker,
        uses: list[PortUse],
        nodeport: bool,
        tier: str | None,
    ) -> Verdict | None:
        port = hit.port
        if any(owner in self.shared.get(port, ()) for owner in owners):
            return None
        # A port of a Kind cluster the file's service runs in too is that cluster's: a host
        # port mapped into it, or a NodePort named by a bare number or by words (a log line,
        # an argument of DeployWithNodePort). A NodePort declared (``nodePort: N``) is the
        # file's own Service's, and clashes with a mate's.
        manifest = nodeport and hit.role is Role.NODE_PORT and hit.why != NODE_PORT_BY_WORDS
        mates = not manifest and any(
            use.service not in owners and self._cluster_mates(use, owners) for use in uses
        )
        foreign = [use for use in uses if use.service not in owners]
        wrong_own = self._wrong_own_port(hit, owners, nodeport, tier or tier_of(foreign))
        if hit.computed:
            declared = next((self.strides[o, port] for o in owners if (o, port) in self.strides), 0)
            stride = computed_stride(hit.computed)
            if declared == stride:
                return None  # the span its workers declare: every worker's port is registered
            next_block = self._others_block(port + stride, owners)
            return computed_ports(hit, who, foreign, wrong_own, next_block, declared, stride)
        if mates:
            return None
        if wrong_own is None and (
            any(use.service in owners for use in uses) or self._in_own_block(hit, owners)
        ):
            return None
        if foreign and hit.address and any(self._cited(use, hit, owners) for use in foreign):
            return None  # `billingBroker = "localhost:19091"`: it reaches billing on purpose
        component = hit.component_hint or (foreign[0].component if foreign else "")
        group = (who.name, component, port)
        title = f"{who} {component} {port}" if component else f"{who} {port}"
        expected = expected_port(wrong_own, who)
        if foreign:
            return Verdict(
                "PR501",
                f"{who.does('uses')} {names_of(foreign)}{expected}",
                group,
                f"{title}: {names_of(foreign, with_port=False)}",
            )
        if nodeport:
            return wrong_node_port(hit.port, who, wrong_own, group, title)
        others = self._others_block(port, owners)
        if others and hit.role is Role.HOST and not hit.address:
            service, block_tier, block = others
            return Verdict(
                "PR511",
                f"{who.does('binds')} {port}, inside {possessive(service)} {block_tier} block "
                f"{block}, which allocates it to no one{expected}",
                group,
                f"{title}: in {possessive(service)} {block_tier} block",
            )
        if wrong_own is not None:
            name, ports = wrong_own
            gives = f"{who.possessive} {name} {ports}"
            if ports.startswith("no "):
                gives = f"{who} {ports}"
            return Verdict(
                "PR505",
                f"{who.does('binds')} {name} on {port}, but the registry gives {gives}",
                group,
                f"{title}: the registry gives {ports}",
            )
        return self._unallocated(hit, owners, who, group, title)

    def _unallocated(
        self,
        hit: PortHit,
        owners: Sequence[str],
        who: Speaker,
        group: tuple[str, str, int],
        title: str,
    ) -> Verdict | None:
        """A port nobody has: reserved (PR502), in a range (PR503), a NodePort reached as a
        host port (PR513), or bound on a number the registry does not know (PR512)."""
        port = hit.port
        reservation = self.reserved.get(port)
        if reservation is not None and reservation.service not in owners:
            return Verdict(
                "PR502",
                f"{who.does('uses')} {port}, which is reserved: {reservation.reason}",
                group,
                f"{title}: reserved for {reservation.reason}",
            )
        node_ports = self.node_ports.get(port, [])
        if node_ports and hit.role is Role.HOST and not hit.bind:
            return Verdict(
                "PR513",
                f"{who.does('reaches')} {port} on this machine, but it is only "
                f"{names_of(node_ports)}{host_sides(node_ports)}",
                group,
                f"{title}: a NodePort, not a host port",
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
        if hit.bind and reservation is None and port not in self.block_owner:
            return Verdict(
                "PR512",
                f"{who.does('binds')} {port}, which the registry does not have: allocate it",
                group,
                f"{title}: unregistered",
            )
        return None

    def _runs_apart(self, use: PortUse, owners: Sequence[str], tier: str | None) -> bool:
        """Whether every one of ``owners`` is in an exclusive group with ``use``'s service
        (for the file's tier, else the port's), one that lets them reuse this port."""
        return all(
            any(
                group.covers(owner, tier or use.tier)
                and group.covers(use.service, use.tier)
                and owner != use.service
                and (group.ports is None or use.port in group.ports)
                for group in self.apart
            )
            for owner in owners
        )

    def _cluster_mates(self, use: PortUse, owners: Sequence[str]) -> bool:
        """Whether ``use`` maps into (or is in) an isolated cluster that one of ``owners``
        has ports in too: suites sharing a Kind cluster share what it maps."""
        cluster = use.allocation.cluster or (use.scope if use.scope != "host" else None)
        return cluster is not None and any(
            cluster in self.in_clusters.get(owner, ()) for owner in owners
        )

    def _cited(self, use: PortUse, hit: PortHit, owners: Sequence[str]) -> bool:
        """Whether the line names the service that owns ``use`` (a client reaching it), or
        that service is the parent of the file's sub-suite (which tests the parent)."""
        if use.service in hit.mentions or use.service in map(self.parents.get, owners):
            return True
        # Named by a word that also names a component (Mock Geocoder, geocoder): the
        # service, when the file's own service has no such component to mean instead.
        return any(
            service == use.service
            and not any(component in self.own.get(owner, {}) for owner in owners)
            for service, component in hit.component_mentions
        )

    def _wrong_own_port(
        self, hit: PortHit, owners: Sequence[str], nodeport: bool, tier: str | None
    ) -> tuple[str, str] | None:
        """(component, its ports) when the hit binds a component of its service elsewhere;
        the ports of the file's tier when it has some there (a fix of the same tier)."""
        component = hit.component_hint
        if component is None or hit.role not in (Role.HOST, Role.NODE_PORT):
            return None
        if hit.address and (not hit.mentions <= set(owners) or hit.why.endswith(BY_PATH)):
            # `target: 'http://localhost:N'` for '/api/search': search's, not ours; a path
            # alone (/health, /api/v1/audit) is an endpoint many services have.
            return None
        owned = self.own_node if nodeport else self.own
        for owner in owners:
            by_tier = owned.get(owner, {}).get(component)
            if not by_tier:
                continue
            every = set().union(*by_tier.values())
            if hit.port in every or self._home_block(hit, owner, by_tier):
                return None
            if not hit.firm and hit.port in self._own_ports(owner, owned):
                return None  # "DataStorage API (port 18096)": its own port, loosely named
            if tier is not None and tier not in by_tier:
                # A fix of this tier only: none to suggest, never another tier's port.
                return component, f"no {tier} {component} port"
            ports = by_tier.get(tier or "", every)
            return component, " or ".join(str(port) for port in sorted(ports))
        return None

    def _own_node_ports(self, owner: str) -> set[int]:
        return self._own_ports(owner, self.own_node)

    @staticmethod
    def _own_ports(owner: str, owned: OwnPorts) -> set[int]:
        """Every port of ``owner`` in ``owned`` (host ports or NodePorts), any component."""
        by_component = owned.get(owner, {})
        return {
            port for tiers in by_component.values() for ports in tiers.values() for port in ports
        }

    def _in_own_block(self, hit: PortHit, owners: Sequence[str]) -> bool:
        return any(
            hit.port in ports and hit.component_hint in (None, component or hit.component_hint)
            for owner in owners
            for _tier, component, ports in self.blocks.get(owner, [])
        )

    def _home_block(self, hit: PortHit, owner: str, by_tier: dict[str, set[int]]) -> bool:
        """Whether ``hit`` is in a block of ``owner`` where its component may live: one
        holding the component's port of the block's tier, or any when it has none there
        (PostgreSQL on 18125, in a block of API ports, when its port is 15439, is not)."""
        for tier, component, block in self.blocks.get(owner, []):
            if hit.port in block and component in (None, hit.component_hint):
                ports = by_tier.get(tier)
                if not ports or any(port in block for port in ports):
                    return True
        return False

    def _others_block(self, port: int, owners: Sequence[str]) -> tuple[str, str, PortRange] | None:
        """Another service's block holding ``port`` (its owner, tier and block)."""
        for service, tier, block in self.block_owner.get(port, []):
            if service not in owners:
                return service, tier, block
        return None
