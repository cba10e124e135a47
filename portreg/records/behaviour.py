"""Behaviour shared by the pydantic models and the plain records: ranges, services,
exclusive groups and exceptions (the registry's own is in ``records.registry``).

The attributes under TYPE_CHECKING are the models' fields, declared for the type checker
only: at run time the fields come from the models (pydantic) or the core schema (records).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portreg.models import Allocation, PortRange, Workers


def instances(component: str, slot: Allocation | list[Allocation]) -> list[tuple[str, Allocation]]:
    """A component's allocations with their labels: ``redis``, or ``mcp[table]`` per instance."""
    if not isinstance(slot, list):
        return [(component, slot)]
    return [
        (f"{component}[{allocation.name or index}]", allocation)
        for index, allocation in enumerate(slot)
    ]


class PortRangeMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        start: int
        end: int

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.start <= port <= self.end

    def __len__(self) -> int:
        return max(0, self.end - self.start + 1)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


class ServiceMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        ports: dict[str, dict[str, Allocation | list[Allocation]]]
        blocks: dict[str, PortRange | dict[str, PortRange]]
        workers: dict[str, Workers]

    def flat_ports(self) -> dict[str, dict[str, Allocation]]:
        """Per tier, per component (``component[name]`` for an instance): the allocation."""
        return {
            tier: {
                label: allocation
                for component, slot in by_component.items()
                for label, allocation in instances(component, slot)
            }
            for tier, by_component in self.ports.items()
        }

    def worker_offsets(self, tier: str, component: str) -> list[int]:
        """How far each worker's copy of a port of ``component`` in ``tier`` lies from the
        written port: ``[0, 10, 20]`` for three workers 10 apart, ``[0]`` without workers."""
        workers = self.workers.get(tier)
        if workers is None:
            return [0]
        stride = workers.stride
        step = stride if isinstance(stride, int) else stride.get(component, 0)
        return [worker * step for worker in range(workers.count)] if step else [0]

    def block_items(self) -> list[tuple[str, str | None, PortRange]]:
        """Every block as (tier, component or None for the whole tier, range)."""
        found: list[tuple[str, str | None, PortRange]] = []
        for tier, block in self.blocks.items():
            if isinstance(block, PortRangeMethods):
                found.append((tier, None, block))
            else:
                found.extend((tier, component, ports) for component, ports in block.items())
        return found


class ExclusiveGroupMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        services: list[str]
        tiers: list[str] | None

    def covers(self, service: str, tier: str) -> bool:
        return service in self.services and (self.tiers is None or tier in self.tiers)


class RuleExceptionMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        service: str | None
        cluster: str | None
        tier: str | None
        component: str | None

    def covers(
        self, service: str, tier: str | None, component: str | None, scope: str | None = None
    ) -> bool:
        """Whether this exception applies to that service's allocation (in that scope: a
        cluster's exception covers only the NodePorts of that cluster)."""
        if self.service is None and self.cluster is None:
            return False
        return (
            self.service in (None, service)
            and self.cluster in (None, scope)
            and self.tier in (None, tier)
            and self.component in (None, component)
        )

    @property
    def whose(self) -> str:
        """``gateway``, ``kind-a``'s NodePorts, or ``gateway in kind-a``: what it covers."""
        if self.cluster is None:
            return self.service or "nobody"
        return (
            f"{self.service} in {self.cluster}" if self.service else f"{self.cluster}'s NodePorts"
        )
