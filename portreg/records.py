"""What a validated registry can do, without importing pydantic.

The registry format is defined once, by the pydantic models in ``portreg.models``. A command
that only reads a registry does not need pydantic itself, only ``pydantic_core`` (the
validator pydantic uses underneath) and a core schema generated from the models
(``portreg.loading.core_schema``, see ``portreg.loading.core_schema_gen``). Validation then
builds plain records: instances of small classes made here at run time, one per model, that
carry the same fields and the same behaviour. The behaviour lives in this module, as mixins that the
pydantic models inherit too, so both kinds of object answer the same questions the same way.

Everything here is cheap to import: a git hook runs ``portreg check`` on every commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

if TYPE_CHECKING:
    from portreg.models import Allocation, Component, PortRange, Scope, Service, Workers

RecordType = TypeVar("RecordType")
FORMAT_VERSION = 1
HOST_SCOPE = "host"
DEFAULT_NODEPORT_RANGE = (30000, 32767)


# -- Validators the models use (called by pydantic_core on either path) ----------------------


def parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


_RANGE_TEXT = re.compile(r"^\s*([0-9]+)\s*-\s*([0-9]+)\s*$")


def parse_range(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"start": value, "end": value}
    if isinstance(value, dict) and set(value) == {"start", "size"}:
        start, size = value["start"], value["size"]
        if isinstance(start, int) and isinstance(size, int) and not isinstance(size, bool):
            if size < 1:
                raise ValueError(f"a block has at least one port, not size {size}")
            return {"start": start, "end": start + size - 1}
    if isinstance(value, str):
        match = _RANGE_TEXT.match(value)
        if not match:
            raise ValueError(f"a port range is written START-END, like 16379-16388, not {value!r}")
        start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise ValueError(f"range {value} ends before it starts")
        return {"start": start, "end": end}
    return value


def block_kind(value: Any) -> str:
    """A tier's block is one range, or a mapping of component to range."""
    if isinstance(value, dict) and set(value) != {"start", "size"}:
        return "@components"
    return "@range"


def no_null(value: Any) -> Any:
    if value is None:
        raise ValueError("a port should be a valid integer, got null; leave the key out for none")
    return value


def allocation_from_number(value: Any) -> Any:
    return value if isinstance(value, dict) else {"port": value}


def named_instances(instances: list[Allocation]) -> list[Allocation]:
    names = [instance.name for instance in instances]
    if None in names:
        raise ValueError("each instance in a list needs a name: [{port: 18150, name: table}, ...]")
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise ValueError(f"instance name {repeated[0]} is used twice")
    return instances


def cluster_is_scope(value: Any) -> Any:
    """A known conflict on a NodePort may say ``cluster: k``, as its allocation does: it is
    the same as ``scope: k``."""
    if isinstance(value, dict) and value.get("cluster") is not None:
        scope = value.get("scope")
        if scope is not None and scope != value["cluster"]:
            raise ValueError(
                f"scope {scope} and cluster {value['cluster']} name two places; a NodePort's "
                "known conflict needs only cluster:"
            )
        return {**value, "scope": value["cluster"]}
    return value


def slot_kind(value: Any) -> str:
    return "@instances" if isinstance(value, list) else "@allocation"


def stride_kind(value: Any) -> str:
    """A workers entry's stride is one number, or a mapping of component to number."""
    return "@components" if isinstance(value, dict) else "@stride"


def instances(component: str, slot: Allocation | list[Allocation]) -> list[tuple[str, Allocation]]:
    """A component's allocations with their labels: ``redis``, or ``mcp[table]`` per instance."""
    if not isinstance(slot, list):
        return [(component, slot)]
    return [
        (f"{component}[{allocation.name or index}]", allocation)
        for index, allocation in enumerate(slot)
    ]


# Constraints pydantic cannot put into the core schema itself (``Field(min_length=1)`` on a
# value that an AfterValidator returns) become calls of its own validators; these raise the
# same errors without importing pydantic.
def min_length_validator(value: Any, min_length: int) -> Any:
    if len(value) < min_length:
        raise _known_error(
            "too_short",
            {"field_type": "Value", "min_length": min_length, "actual_length": len(value)},
        )
    return value


def max_length_validator(value: Any, max_length: int) -> Any:
    if len(value) > max_length:
        raise _known_error(
            "too_long",
            {"field_type": "Value", "max_length": max_length, "actual_length": len(value)},
        )
    return value


def constraint(name: str, **arguments: Any) -> Any:
    """One of the constraint validators above, with its argument (for the core schema)."""
    validator = {
        "min_length_validator": min_length_validator,
        "max_length_validator": max_length_validator,
    }[name]
    return functools.partial(validator, **arguments)


def _known_error(kind: str, context: dict[str, Any]) -> Exception:
    from pydantic_core import PydanticKnownError

    return PydanticKnownError(kind, context)  # type: ignore[arg-type]


# -- Behaviour shared by the pydantic models and the plain records ----------------------------
# The attributes under TYPE_CHECKING are the models' fields, declared for the type checker
# only: at run time the fields come from the models (pydantic) or the core schema (records).


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


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# -- Plain records ----------------------------------------------------------------------------


class Record:
    """A validated value of one model, as pydantic_core builds it: its fields in ``__dict__``.

    Read-only, compared and hashed by class and fields, like the frozen models.
    """

    # pydantic_core sets these four on every instance it builds; slots keep them out of the
    # fields.
    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "__dict__", fields)

    def _fields(self) -> dict[str, Any]:
        # cached_property values live in __dict__ too: they are not fields.
        cached = _cached_names(type(self))
        return {key: value for key, value in self.__dict__.items() if key not in cached}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self), tuple(self._fields().values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self._fields().items())
        return f"{type(self).__name__}({fields})"


def replaced(record: RecordType, changes: dict[str, Any]) -> RecordType:
    """A copy of ``record`` with some fields replaced (records are read-only)."""
    assert isinstance(record, Record)
    return type(record)(**{**record._fields(), **changes})


_CACHED: dict[type, frozenset[str]] = {}


def _cached_names(cls: type) -> frozenset[str]:
    names = _CACHED.get(cls)
    if names is None:
        names = frozenset(
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, cached_property)
        )
        _CACHED[cls] = names
    return names


_RECORD_CLASSES: dict[str, type[Record]] = {}


def record_class(name: str, behaviour: type | None = None) -> type[Record]:
    """The plain class for the model ``name`` (made once), with that model's behaviour."""
    found = _RECORD_CLASSES.get(name)
    if found is None:
        bases = (behaviour, Record) if behaviour is not None else (Record,)
        found = type(name, bases, {"__slots__": (), "__module__": __name__})
        _RECORD_CLASSES[name] = found
    return found


def port_range(start: int, end: int) -> PortRange:
    """A PortRange value made in code (not read from a file): a record that behaves as one."""
    made = record_class("PortRange", PortRangeMethods)(start=start, end=end)
    return cast("PortRange", made)
