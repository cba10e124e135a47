"""What the registry says about each port number, indexed for the scan's judge
(:mod:`portreg.scan.judge`): who is allocated it (host side or NodePort), whose block and
range hold it, what is reserved or shared, and the clusters each service runs in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.records import PortUse
from portreg.scan.matcher import MIN_PORT

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry, Reservation


@dataclass(frozen=True)
class RangeUse:
    component: str
    tier: str
    ports: PortRange


# service -> component -> tier -> its ports
OwnPorts = dict[str, dict[str, dict[str, set[int]]]]


class RegistryPorts:
    """Every port number the registry says something about, looked up in one step."""

    def __init__(self, registry: Registry) -> None:
        self.allocated: dict[int, list[PortUse]] = {}
        self.node_ports: dict[int, list[PortUse]] = {}
        # Each service's ports by component and tier: host side, and NodePorts.
        self.own: OwnPorts = {}
        self.own_node: OwnPorts = {}
        # service -> the clusters it has NodePorts in: its manifests are deployed there
        self.clusters: dict[str, set[str]] = {}
        # service -> every isolated cluster it has a port in or mapped into
        self.in_clusters: dict[str, set[str]] = {}
        # (service, written port) -> how far apart its workers' copies are (workers: stride)
        self.strides: dict[tuple[str, int], int] = {}
        self._allocations(registry)
        # service -> (tier, component or None, block)
        self.blocks: dict[str, list[tuple[str, str | None, PortRange]]] = {
            service_id: service.block_items() for service_id, service in registry.services.items()
        }
        self.block_owner: dict[int, list[tuple[str, str, PortRange]]] = {}
        for service_id, items in self.blocks.items():
            for tier, _component, ports in items:
                for port in range(max(ports.start, MIN_PORT), ports.end + 1):
                    self.block_owner.setdefault(port, []).append((service_id, tier, ports))
        # A sub-suite's parent: the service its tests reach as a client.
        self.parents = {name: s.part_of for name, s in registry.services.items() if s.part_of}
        # Suites of one exclusive group never run together: each may take the others' ports.
        self.apart = [group for group in registry.exclusive if group.reuse]
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

    def _allocations(self, registry: Registry) -> None:
        """Index each allocation: by port, by its service's component and tier, its
        clusters, and its workers' stride."""
        for use in registry.allocations:
            nodeport = use.side == "node_port" or registry.scope_kind(use.scope) == "nodeport"
            (self.node_ports if nodeport else self.allocated).setdefault(use.port, []).append(use)
            owned = self.own_node if nodeport else self.own
            by_tier = owned.setdefault(use.service, {}).setdefault(use.component, {})
            by_tier.setdefault(use.tier, set()).add(use.port)
            if nodeport:
                self.clusters.setdefault(use.service, set()).add(use.scope)
            cluster = use.allocation.cluster or (use.scope if use.scope != "host" else None)
            if cluster is not None:
                self.in_clusters.setdefault(use.service, set()).add(cluster)
            service = registry.services[use.service]
            offsets = service.worker_offsets(use.tier, use.component) if use.worker == 0 else []
            if len(offsets) > 1:
                self.strides[use.service, use.port] = offsets[1]

    def ports(self) -> set[int]:
        return {*self.allocated, *self.node_ports, *self.reserved, *self.ranges, *self.block_owner}

    def node_port_only(self) -> frozenset[int]:
        """NodePorts that are no host port of anyone: a bare such number is a NodePort."""
        return frozenset(self.node_ports) - frozenset(self.allocated)

    def cluster_of(self, relative: str) -> str | None:
        """The scope whose ``config`` file this is (a Kind config): its NodePorts are that
        cluster's."""
        return self.config_clusters.get(relative)
