"""The registry's data model, file-format version 1 (documented in docs/registry-format.md).

Strict pydantic models: a port is an integer, never a string that looks like one, and an
unknown key is an error. What the models check is the shape of each value; whether values
agree with each other (conflicts, references, ranges) is the rules' job, so that every such
problem becomes a finding with its own code instead of a failed validation.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

FORMAT_VERSION = 1
HOST_SCOPE = "host"
DEFAULT_NODEPORT_RANGE = (30000, 32767)

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$", max_length=63),
    Field(description="Lowercase letters and digits, words joined by - or _"),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Reason = Annotated[
    str,
    StringConstraints(min_length=3, strip_whitespace=True),
    Field(description="Why: shown in the generated docs and in findings"),
]
Symbol = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$"),
    Field(description="CamelCase name used in exported constants (default: from the id)"),
]
Protocol = Annotated[Literal["tcp", "udp"], Field(description="Transport protocol")]
Version = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$"),
    Field(description='Dotted numbers, quoted: "1.9", "2.0.1"'),
]


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date), Field(description="YYYY-MM-DD")]


class PortRange(BaseModel):
    """An inclusive range of ports, written ``15433-15442`` (or one number)."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    end: int

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.start <= port <= self.end

    def __len__(self) -> int:
        return max(0, self.end - self.start + 1)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


_RANGE_TEXT = re.compile(r"^\s*([0-9]+)\s*-\s*([0-9]+)\s*$")


def _parse_range(value: Any) -> Any:
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


# What users write, for the published JSON Schema (portreg schema): the parsed form
# {start, end} is internal.
RangeText = Annotated[
    str,
    StringConstraints(pattern=r"^\s*[0-9]+\s*-\s*[0-9]+\s*$"),
    Field(description="START-END, like 16379-16388"),
]

Range = Annotated[
    PortRange,
    BeforeValidator(_parse_range, json_schema_input_type=RangeText | int),
    Field(description="Inclusive port range START-END, or a single port"),
]


class BlockSize(BaseModel):
    """A block written by its first port and its size: ``{start: 18120, size: 10}``."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    size: int = Field(ge=1)


Block = Annotated[
    PortRange,
    BeforeValidator(_parse_range, json_schema_input_type=RangeText | int | BlockSize),
    Field(description="A block of ports: START-END, one port, or {start: N, size: K}"),
]


def _block_kind(value: Any) -> str:
    """A tier's block is one range, or a mapping of component to range."""
    if isinstance(value, dict) and set(value) != {"start", "size"}:
        return "@components"
    return "@range"


# Union members are tagged so that a bad value gets one error, not one per member; the
# tags ("@...") are dropped from error paths in validation.py.
TierBlock = Annotated[
    Annotated[Block, Tag("@range")] | Annotated[dict[Slug, Block], Tag("@components")],
    Discriminator(_block_kind),
    Field(description="One block for the tier, or one per component"),
]


class Model(BaseModel):
    # Only Registry is ever validated directly: build one validator, at first use, not one
    # per class at import (start-up time matters for a git hook).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Tier(Model):
    """A kind of test suite: integration, e2e ..."""

    title: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    range: Range | None = Field(
        default=None, description="Every host port of this tier lies in this range"
    )


class Scope(Model):
    """Where a port lives. ``host`` is the shared test machine; others are isolated."""

    kind: Literal["host", "isolated", "nodeport"] | None = Field(
        default=None, description="host (only the scope named host), isolated or nodeport"
    )
    title: Text | None = None
    description: Text | None = None
    nodeport_range: Range | None = Field(
        default=None, description="For kind nodeport: the cluster's --service-node-port-range"
    )
    config: Text | None = Field(
        default=None, description="The cluster's config file (e.g. a Kind config), for the docs"
    )


class Component(Model):
    """A kind of port (postgresql, redis, metrics ...), with its ranges per tier."""

    title: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    ranges: dict[Slug, Range] = Field(default_factory=dict, description="Per tier: its range")
    container_port: int | None = Field(
        default=None, description="The port inside the container by default (redis: 6379)"
    )
    names: list[Text] = Field(
        default_factory=list,
        description="Identifiers that name this component in code (POSTGRES, PG)",
    )


def _no_null(value: Any) -> Any:
    if value is None:
        raise ValueError("a port should be a valid integer, got null; leave the key out for none")
    return value


class Allocation(Model):
    """One port of a service: written as a bare number, or as a mapping for the details.

    A Kind suite's port is up to three numbers: the host ``port`` (in ``scope``), the
    ``node_port`` inside ``cluster`` that the host port maps to, and the ``container_port``
    the Service forwards to. ``{port: N, scope: C}`` with C a nodeport scope means the same
    as ``{node_port: N, cluster: C}``.
    """

    # Written: an integer (null is an error). Absent: None. Typed int | None for the code,
    # validated as int so that `redis: null` is reported instead of meaning "no port".
    port: Annotated[int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(_no_null)] = (
        Field(default=None, description="The host port (in scope)")
    )
    protocol: Protocol = "tcp"
    scope: Slug = Field(default=HOST_SCOPE, description="Where port lives (default: host)")
    node_port: Annotated[
        int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(_no_null)
    ] = Field(default=None, description="The NodePort inside cluster")
    cluster: Slug | None = Field(
        default=None, description="The nodeport or isolated scope that node_port lives in"
    )
    container_port: Annotated[
        int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(_no_null)
    ] = Field(default=None, description="The port inside the container (never a conflict)")
    dynamic: bool = Field(default=False, description="The port is chosen at run time")
    name: Slug | None = Field(default=None, description="Names one of several instances")
    note: Text | None = None


def _allocation_from_number(value: Any) -> Any:
    return value if isinstance(value, dict) else {"port": value}


AllocationEntry = Annotated[
    Allocation,
    BeforeValidator(_allocation_from_number, json_schema_input_type=int | Allocation),
    Field(description="The port number, or a mapping with port, node_port, container_port ..."),
]


def _named_instances(instances: list[Allocation]) -> list[Allocation]:
    names = [instance.name for instance in instances]
    if None in names:
        raise ValueError("each instance in a list needs a name: [{port: 18150, name: table}, ...]")
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise ValueError(f"instance name {repeated[0]} is used twice")
    return instances


def _slot_kind(value: Any) -> str:
    return "@instances" if isinstance(value, list) else "@allocation"


AllocationSlot = Annotated[
    Annotated[AllocationEntry, Tag("@allocation")]
    | Annotated[
        list[AllocationEntry],
        AfterValidator(_named_instances),
        Field(min_length=1),
        Tag("@instances"),
    ],
    Discriminator(_slot_kind),
    Field(description="One allocation, or a list of instances each with a name"),
]


def instances(component: str, slot: Allocation | list[Allocation]) -> list[tuple[str, Allocation]]:
    """A component's allocations with their labels: ``redis``, or ``mcp[table]`` per instance."""
    if not isinstance(slot, list):
        return [(component, slot)]
    return [
        (f"{component}[{allocation.name or index}]", allocation)
        for index, allocation in enumerate(slot)
    ]


class Service(Model):
    title: Text | None = None
    owner: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    paths: list[Text] = Field(
        default_factory=list, description="Globs of the code that belongs to this service"
    )
    part_of: Slug | None = Field(
        default=None, description="The service this suite belongs to (grouped in the docs)"
    )
    ports: dict[Slug, dict[Slug, AllocationSlot]] = Field(
        default_factory=dict, description="Per tier, per component: the port"
    )
    blocks: dict[Slug, TierBlock] = Field(
        default_factory=dict,
        description="Per tier: a block of ports the service owns, or one per component",
    )

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

    def block_items(self) -> list[tuple[str, str | None, PortRange]]:
        """Every block as (tier, component or None for the whole tier, range)."""
        found: list[tuple[str, str | None, PortRange]] = []
        for tier, block in self.blocks.items():
            if isinstance(block, PortRange):
                found.append((tier, None, block))
            else:
                found.extend((tier, component, ports) for component, ports in block.items())
        return found


class Reservation(Model):
    """Ports nobody may take."""

    port: Range
    protocol: Protocol | Literal["any"] = "any"
    scope: Slug = HOST_SCOPE
    service: Slug | None = Field(
        default=None, description="The one service that may use it (e.g. its real owner)"
    )
    reason: Reason


class Share(Model):
    """The only way two allocations may use one (scope, protocol, port) at the same time."""

    port: int
    protocol: Protocol = "tcp"
    scope: Slug = HOST_SCOPE
    services: list[Slug] = Field(min_length=1)
    reason: Reason
    concurrent: bool = Field(
        default=False,
        description="The one server can serve all these suites at once (they may run together)",
    )


class ExclusiveGroup(Model):
    """Suites that never run at the same time (separate runners, sequential jobs)."""

    services: list[Slug] = Field(min_length=2)
    tiers: list[Slug] | None = Field(default=None, description="Which tiers (default: all)")
    reason: Reason
    reuse: bool = Field(
        default=True, description="They may reuse each other's ports without a share"
    )

    def covers(self, service: str, tier: str) -> bool:
        return service in self.services and (self.tiers is None or tier in self.tiers)


class KnownConflict(Model):
    """A conflict accepted for now (the adoption baseline): a warning, not an error."""

    port: int
    protocol: Protocol = "tcp"
    scope: Slug = HOST_SCOPE
    services: list[Slug] = Field(min_length=1)
    reason: Reason
    tracked: Text | None = Field(default=None, description="An issue id or URL")


class RuleException(Model):
    """A rule silenced for one service's allocations (narrowed by tier and component)."""

    rule: Text = Field(description="A rule code (PR301) or name (port-outside-range)")
    service: Slug
    tier: Slug | None = None
    component: Slug | None = None
    reason: Reason

    def covers(self, service: str, tier: str | None, component: str | None) -> bool:
        """Whether this exception applies to that service's allocation."""
        return (
            self.service == service
            and self.tier in (None, tier)
            and self.component in (None, component)
        )


class ChangelogEntry(Model):
    version: Version
    date: Date
    summary: Text
    author: Text | None = None
    changes: list[Text] = Field(default_factory=list)


class DocTarget(Model):
    """A markdown file generated from the registry (by portreg render-docs)."""

    path: Text
    sections: list[Slug] | None = Field(
        default=None, description="Which sections go into this file (default: all)"
    )


class ExportTarget(Model):
    """A constants file generated from the registry (by portreg export and the edit commands)."""

    path: Text
    format: Literal["go", "python", "env", "json"]
    service: Slug | None = None
    tier: Slug | None = None
    package: Text | None = Field(default=None, description="Go package name")


class ScanSettings(Model):
    exclude: list[Text] = Field(
        default_factory=list, description="Globs that portreg scan never reads"
    )


class Registry(Model):
    portreg: Literal[1] = Field(description="File-format version")
    title: Text
    version: Version
    updated: Date
    status: Text | None = Field(default=None, description="Approved, Draft ... (for the docs)")
    authors: list[Text] = Field(default_factory=list, description="Shown in the docs' header")
    reviewers: list[Text] = Field(default_factory=list, description="Shown in the docs' header")
    description: Text | None = None
    tiers: dict[Slug, Tier] = Field(min_length=1)
    scopes: dict[Slug, Scope] = Field(default_factory=dict)
    components: dict[Slug, Component] = Field(min_length=1)
    services: dict[Slug, Service] = Field(default_factory=dict)
    reserved: list[Reservation] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    exclusive: list[ExclusiveGroup] = Field(
        default_factory=list, description="Groups of suites that never run at the same time"
    )
    known_conflicts: list[KnownConflict] = Field(
        default_factory=list, description="Conflicts accepted for now: warnings, not errors"
    )
    exceptions: list[RuleException] = Field(default_factory=list)
    changelog: list[ChangelogEntry] = Field(default_factory=list, description="Newest first")
    docs: list[DocTarget] = Field(default_factory=list)
    exports: list[ExportTarget] = Field(
        default_factory=list, description="Constants files regenerated with the docs"
    )
    scan: ScanSettings = Field(default_factory=ScanSettings)

    def scope_kind(self, name: str) -> str | None:
        """host, isolated or nodeport; None for a scope that is not declared."""
        if name == HOST_SCOPE:
            return "host"
        scope = self.scopes.get(name)
        if scope is None:
            return None
        return scope.kind or "isolated"

    def nodeport_range(self, name: str) -> PortRange:
        scope = self.scopes.get(name)
        if scope is not None and scope.nodeport_range is not None:
            return scope.nodeport_range
        start, end = DEFAULT_NODEPORT_RANGE
        return PortRange(start=start, end=end)

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
        return found

    @cached_property
    def allocations(self) -> list[PortUse]:
        """Every port number that must be free for a suite, in file order.

        One per side of an allocation: its host ``port`` (in its scope) and its ``node_port``
        (in its cluster). Container ports are never bound on a shared scope; dynamic
        allocations have no number.
        """
        found: list[PortUse] = []
        for ref in self.entries:
            allocation = ref.allocation
            if allocation.port is not None:
                found.append(PortUse.of(ref, "port", allocation.port, allocation.scope))
            if allocation.node_port is not None and allocation.cluster is not None:
                found.append(PortUse.of(ref, "node_port", allocation.node_port, allocation.cluster))
        return found

    def mapping(self, ref: AllocationRef) -> PortMapping:
        """The host, NodePort and container sides of an allocation, with the equivalence
        ``{port: N, scope: <nodeport scope>}`` = ``{node_port: N, cluster: <that scope>}``
        applied and the component's default container port filled in."""
        allocation = ref.allocation
        host_port, host_scope = allocation.port, allocation.scope
        node_port, cluster = allocation.node_port, allocation.cluster
        if (
            host_port is not None
            and self.scope_kind(host_scope) == "nodeport"
            and node_port is None
        ):
            node_port, cluster = host_port, host_scope
            host_port = None
        container = allocation.container_port
        component = self.components.get(ref.component)
        if container is None and component is not None and (host_port or node_port):
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

    __slots__ = ("allocation", "component", "index", "service", "tier")

    def __init__(
        self,
        service: str,
        tier: str,
        component: str,
        allocation: Allocation,
        index: int | None = None,
    ) -> None:
        self.service = service
        self.tier = tier
        self.component = component
        self.allocation = allocation
        self.index = index

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the allocation is written: its component, and its index in a list."""
        base: tuple[str | int, ...] = ("services", self.service, "ports", self.tier, self.component)
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
        use = cls(ref.service, ref.tier, ref.component, ref.allocation, ref.index)
        use.side, use.port, use.scope = side, port, scope
        return use

    @property
    def protocol(self) -> str:
        return self.allocation.protocol

    @property
    def key(self) -> tuple[str, str, int]:
        """What two allocations must not share: (scope, protocol, port)."""
        return (self.scope, self.protocol, self.port)

    def __repr__(self) -> str:
        return f"PortUse({self.service}/{self.tier}/{self.component_label}={self.port})"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
