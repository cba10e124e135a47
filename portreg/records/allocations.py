"""One allocation as the rules see it: with its service, tier and component
(``AllocationRef``), one side of it that takes a number in a scope (``PortUse``), and its
three sides (``PortMapping``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from portreg.models import Allocation


class PortMapping(NamedTuple):
    """An allocation's three sides; any of them may be None."""

    port: int | None
    scope: str
    node_port: int | None
    cluster: str | None
    container_port: int | None


class AllocationRef:
    """One allocation with the service, tier and component it belongs to.

    ``index`` is its position when the component is a list of instances, else None.
    """

    __slots__ = ("allocation", "component", "index", "origin", "service", "tier")

    # Which parallel worker's copy this is: 0 for the allocation as written (see
    # portreg.workers for the others).
    worker = 0

    def __init__(
        self,
        service: str,
        tier: str,
        component: str,
        allocation: Allocation,
        index: int | None = None,
        origin: tuple[str, str, str] | None = None,
    ) -> None:
        self.service = service
        self.tier = tier
        self.component = component
        self.allocation = allocation
        self.index = index
        # ("scopes", cluster, "ports") for a cluster's own port that this service's suite
        # uses; None for the service's own
        self.origin = origin

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the allocation is written: its component, and its index in a list."""
        where = self.origin or ("services", self.service, "ports")
        base: tuple[str | int, ...] = (*where, self.tier, self.component)
        return base if self.index is None else (*base, self.index)

    @property
    def instance(self) -> str | None:
        """The instance name, for a component with several allocations."""
        if self.index is None:
            return None
        return self.allocation.name or str(self.index)

    @property
    def component_label(self) -> str:
        """``mcp-server[table]`` for an instance, else the component id."""
        instance = self.instance
        return self.component if instance is None else f"{self.component}[{instance}]"

    def label(self) -> str:
        return f"{self.service} ({self.tier})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.service}/{self.tier}/{self.component_label})"


class PortUse(AllocationRef):
    """One side of an allocation that takes a number in a scope: its host port or NodePort."""

    __slots__ = ("port", "scope", "side")

    port: int
    scope: str
    side: str  # "port" or "node_port": the key the number is written under

    @classmethod
    def of(cls, ref: AllocationRef, side: str, port: int, scope: str) -> PortUse:
        use = cls(ref.service, ref.tier, ref.component, ref.allocation, ref.index, ref.origin)
        use.side, use.port, use.scope = side, port, scope
        return use

    @property
    def protocol(self) -> str:
        return self.allocation.protocol

    def computed(self) -> str | None:
        """How the port is computed from a written one (a worker's copy), None when written."""
        return None

    @property
    def key(self) -> tuple[str, str, int]:
        """What two allocations must not share: (scope, protocol, port)."""
        return (self.scope, self.protocol, self.port)

    def __repr__(self) -> str:
        return f"PortUse({self.service}/{self.tier}/{self.component_label}={self.port})"
