"""What a registry answers, the same for the pydantic model and the plain record: the kind
of a scope, a NodePort band, every allocation and every port it takes, the sides of one."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from portreg.records.allocations import AllocationRef, PortMapping, PortUse
from portreg.records.format import DEFAULT_NODEPORT_RANGE, HOST_SCOPE
from portreg.records.plain import port_range

if TYPE_CHECKING:
    from portreg.models import Component, PortRange, Scope, Service


class RegistryMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        scopes: dict[str, Scope]
        services: dict[str, Service]
        components: dict[str, Component]

    def scope_kind(self, name: str) -> str | None:
        """host, isolated or nodeport; None for a scope that is not declared."""
        if name == HOST_SCOPE:
            return "host"
        scope = self.scopes.get(name)
        if scope is None:
            return None
        return scope.kind or "isolated"

    def nodeport_band(self, cluster: str, component: str, tier: str) -> PortRange | None:
        """The band a NodePort of that component keeps to in that cluster: the cluster's own
        ``ranges``, else the component's ``nodeport_ranges`` for the tier; None: no band."""
        scope = self.scopes.get(cluster)
        if scope is not None and component in scope.ranges:
            return scope.ranges[component]
        entry = self.components.get(component)
        return entry.nodeport_ranges.get(tier) if entry is not None else None

    def nodeport_range(self, name: str) -> PortRange:
        scope = self.scopes.get(name)
        if scope is not None and scope.nodeport_range is not None:
            return scope.nodeport_range
        start, end = DEFAULT_NODEPORT_RANGE
        return port_range(start, end)

    @cached_property
    def entries(self) -> list[AllocationRef]:
        """Every allocation of every service (each instance of a list), in file order.

        Includes allocations with no number to check: dynamic ones and container-only ones.
        """
        found: list[AllocationRef] = []
        for service_id, service in self.services.items():
            for tier, by_component in service.ports.items():
                for component, slot in by_component.items():
                    if isinstance(slot, list):
                        found.extend(
                            AllocationRef(service_id, tier, component, allocation, index)
                            for index, allocation in enumerate(slot)
                        )
                    else:
                        found.append(AllocationRef(service_id, tier, component, slot))
        found.extend(self._cluster_entries())
        return found

    def _cluster_entries(self) -> list[AllocationRef]:
        """A cluster's own ports (a Kind config several suites create), once for each of
        those suites: each needs them, and they are the same ports, written once."""
        found: list[AllocationRef] = []
        for scope_id, scope in self.scopes.items():
            origin = ("scopes", scope_id, "ports")
            for tier, by_component in scope.ports.items():
                for component, slot in by_component.items():
                    listed = slot if isinstance(slot, list) else [slot]
                    # an undeclared service is PR203's to report, not an allocation
                    users = [
                        name for name in dict.fromkeys(scope.services) if name in self.services
                    ]
                    for service_id in users:
                        found.extend(
                            AllocationRef(
                                service_id,
                                tier,
                                component,
                                allocation,
                                index if isinstance(slot, list) else None,
                                origin=origin,
                            )
                            for index, allocation in enumerate(listed)
                        )
        return found

    def cluster_of_ref(self, ref: AllocationRef) -> str | None:
        """The cluster a NodePort of the allocation lives in: its own ``cluster``, or the
        cluster whose ``ports`` it is written under."""
        if ref.allocation.cluster is not None:
            return ref.allocation.cluster
        return ref.origin[1] if ref.origin is not None else None

    @cached_property
    def allocations(self) -> list[PortUse]:
        """Every port number that must be free for a suite, in file order, then each parallel
        worker's copy of them (``services.<s>.workers``, see portreg.workers).

        One per side of an allocation: its host ``port`` (in its scope) and its ``node_port``
        (in its cluster). Container ports are never bound on a shared scope; dynamic
        allocations have no number.
        """
        found: list[PortUse] = []
        for ref in self.entries:
            allocation = ref.allocation
            if allocation.port is not None:
                found.append(PortUse.of(ref, "port", allocation.port, allocation.scope))
            cluster = self.cluster_of_ref(ref)
            if allocation.node_port is not None and cluster is not None:
                found.append(PortUse.of(ref, "node_port", allocation.node_port, cluster))
        if any(service.workers for service in self.services.values()):
            from portreg.workers import worker_copies

            # After every written port: a conflict with a computed port points at the
            # workers entry that computed it.
            found.extend(worker_copies(self.services, found))
        return found

    def mapping(self, ref: AllocationRef) -> PortMapping:
        """The host, NodePort and container sides of an allocation, with the equivalence
        ``{port: N, scope: <nodeport scope>}`` = ``{node_port: N, cluster: <that scope>}``
        applied and the component's default container port filled in (for a dynamic
        port too)."""
        allocation = ref.allocation
        host_port, host_scope = allocation.port, allocation.scope
        node_port, cluster = allocation.node_port, self.cluster_of_ref(ref)
        if (
            host_port is not None
            and self.scope_kind(host_scope) == "nodeport"
            and node_port is None
        ):
            node_port, cluster = host_port, host_scope
            host_port = None
        container = allocation.container_port
        component = self.components.get(ref.component)
        # A dynamic port still forwards to the component's container port: only the outer
        # number is picked at run time.
        reaches_out = host_port or node_port or allocation.dynamic
        if container is None and component is not None and reaches_out:
            container = component.container_port
        return PortMapping(host_port, host_scope, node_port, cluster, container)
