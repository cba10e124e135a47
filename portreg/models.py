"""The registry's data model, file-format version 1 (documented in docs/registry-format.md).

Strict pydantic models: a port is an integer, never a string that looks like one, and an
unknown key is an error. What the models check is the shape of each value; whether values
agree with each other (conflicts, references, ranges) is the rules' job, so that every such
problem becomes a finding with its own code instead of a failed validation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

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

# What the models do (methods, validators) lives in portreg.records, so that commands that
# only read a registry never import pydantic: they validate with pydantic_core against the
# core schema generated from these models (portreg.loading.core_schema_gen). A method or validator
# written here is refused by that generator.
from portreg.records import (
    DEFAULT_NODEPORT_RANGE,
    FORMAT_VERSION,
    HOST_SCOPE,
    AllocationRef,
    ExclusiveGroupMethods,
    PortMapping,
    PortRangeMethods,
    PortUse,
    RegistryMethods,
    RuleExceptionMethods,
    ServiceMethods,
    allocation_from_number,
    block_kind,
    cluster_is_scope,
    instances,
    named_instances,
    no_null,
    parse_date,
    parse_range,
    slot_kind,
    stride_kind,
    version_key,
)

__all__ = [
    "DEFAULT_NODEPORT_RANGE",
    "FORMAT_VERSION",
    "HOST_SCOPE",
    "AllocationRef",
    "PortMapping",
    "PortUse",
    "instances",
    "version_key",
]


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


Date = Annotated[dt.date, BeforeValidator(parse_date), Field(description="YYYY-MM-DD")]


class PortRange(PortRangeMethods, BaseModel):
    """An inclusive range of ports, written ``15433-15442`` (or one number)."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    end: int


# What users write, for the published JSON Schema (portreg schema): the parsed form
# {start, end} is internal.


RangeText = Annotated[
    str,
    StringConstraints(pattern=r"^\s*[0-9]+\s*-\s*[0-9]+\s*$"),
    Field(description="START-END, like 16379-16388"),
]


Range = Annotated[
    PortRange,
    BeforeValidator(parse_range, json_schema_input_type=RangeText | int),
    Field(description="Inclusive port range START-END, or a single port"),
]


class BlockSize(BaseModel):
    """A block written by its first port and its size: ``{start: 18120, size: 10}``."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)

    start: int
    size: int = Field(ge=1)


Block = Annotated[
    PortRange,
    BeforeValidator(parse_range, json_schema_input_type=RangeText | int | BlockSize),
    Field(description="A block of ports: START-END, one port, or {start: N, size: K}"),
]


# Union members are tagged so that a bad value gets one error, not one per member; the
# tags ("@...") are dropped from error paths in validation.py.


TierBlock = Annotated[
    Annotated[Block, Tag("@range")] | Annotated[dict[Slug, Block], Tag("@components")],
    Discriminator(block_kind),
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


class Component(Model):
    """A kind of port (postgresql, redis, metrics ...), with its ranges per tier."""

    title: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    ranges: dict[Slug, Range] = Field(default_factory=dict, description="Per tier: its range")
    nodeport_ranges: dict[Slug, Range] = Field(
        default_factory=dict,
        description="Per tier: the band its NodePorts keep to, in every cluster",
    )
    container_port: int | None = Field(
        default=None, description="The port inside the container by default (redis: 6379)"
    )
    names: list[Text] = Field(
        default_factory=list,
        description="Identifiers that name this component in code (POSTGRES, PG)",
    )


class Allocation(Model):
    """One port of a service: written as a bare number, or as a mapping for the details.

    A Kind suite's port is up to three numbers: the host ``port`` (in ``scope``), the
    ``node_port`` inside ``cluster`` that the host port maps to, and the ``container_port``
    the Service forwards to. ``{port: N, scope: C}`` with C a nodeport scope means the same
    as ``{node_port: N, cluster: C}``.
    """

    # Written: an integer (null is an error). Absent: None. Typed int | None for the code,
    # validated as int so that `redis: null` is reported instead of meaning "no port".
    port: Annotated[int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(no_null)] = (
        Field(default=None, description="The host port (in scope)")
    )
    protocol: Protocol = "tcp"
    scope: Slug = Field(default=HOST_SCOPE, description="Where port lives (default: host)")
    node_port: Annotated[
        int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(no_null)
    ] = Field(default=None, description="The NodePort inside cluster")
    cluster: Slug | None = Field(
        default=None, description="The nodeport or isolated scope that node_port lives in"
    )
    container_port: Annotated[
        int | None, WithJsonSchema({"type": "integer"}), BeforeValidator(no_null)
    ] = Field(default=None, description="The port inside the container (never a conflict)")
    dynamic: bool = Field(default=False, description="The port is chosen at run time")
    name: Slug | None = Field(default=None, description="Names one of several instances")
    note: Text | None = None


AllocationEntry = Annotated[
    Allocation,
    BeforeValidator(allocation_from_number, json_schema_input_type=int | Allocation),
    Field(description="The port number, or a mapping with port, node_port, container_port ..."),
]


AllocationSlot = Annotated[
    Annotated[AllocationEntry, Tag("@allocation")]
    | Annotated[
        list[AllocationEntry],
        AfterValidator(named_instances),
        Field(min_length=1),
        Tag("@instances"),
    ],
    Discriminator(slot_kind),
    Field(description="One allocation, or a list of instances each with a name"),
]


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
    ranges: dict[Slug, Range] = Field(
        default_factory=dict,
        description="Per component: the band its NodePorts keep to in this cluster",
    )
    ports: dict[Slug, dict[Slug, AllocationSlot]] = Field(
        default_factory=dict,
        description="Per tier, per component: ports of the cluster itself (a shared Kind "
        "config), owned by the cluster; their cluster defaults to this one",
    )
    services: list[Slug] = Field(
        default_factory=list,
        description="The services whose suites create this cluster and so use its ports",
    )


# A worker's stride: one number for every port of the tier, or one per component (0 for a
# component whose one port all the workers share, such as a database they all use).
StrideSlot = Annotated[
    Annotated[int, Field(ge=1), Tag("@stride")]
    | Annotated[dict[Slug, Annotated[int, Field(ge=0)]], Tag("@components")],
    Discriminator(stride_kind),
    Field(
        description="Ports from one worker to the next: one number, or one per component "
        "(0: the workers share that component's port)"
    ),
]


class Workers(Model):
    """Parallel workers of one suite (pytest-xdist, Ginkgo -p, CI shards on one machine):
    worker i (0-based) uses each of the tier's ports + i * stride."""

    count: int = Field(ge=1, description="How many workers may run at the same time")
    stride: StrideSlot


class Service(ServiceMethods, Model):
    title: Text | None = None
    owner: Text | None = None
    description: Text | None = None
    purpose: Text | None = Field(default=None, description="What the suites test (for the docs)")
    status: Text | None = Field(
        default=None, description="Active, Planned, Retired ... (shown in the docs)"
    )
    config_files: list[Text] = Field(
        default_factory=list, description="The suites' config files (compose, Kind ...)"
    )
    urls: list[Text] = Field(
        default_factory=list, description="Links for the suites (CI jobs, design docs)"
    )
    production: dict[Slug, int] = Field(
        default_factory=dict,
        description="Per component: the port in production. Information only: never a "
        "conflict, not exported, not scanned (reserve it if tests must avoid it)",
    )
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
    workers: dict[Slug, Workers] = Field(
        default_factory=dict,
        description="Per tier: parallel workers, each with its own copy of the tier's ports",
    )


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


class ExclusiveGroup(ExclusiveGroupMethods, Model):
    """Suites that never run at the same time (separate runners, sequential jobs)."""

    services: list[Slug] = Field(min_length=2)
    tiers: list[Slug] | None = Field(default=None, description="Which tiers (default: all)")
    ports: list[int] | None = Field(
        default=None,
        description="Only these ports may be reused (default: every port of the suites)",
    )
    reason: Reason
    reuse: bool = Field(
        default=True, description="They may reuse each other's ports without a share"
    )


class KnownConflict(Model):
    """A conflict accepted for now (the adoption baseline): a warning, not an error."""

    port: int
    protocol: Protocol = "tcp"
    scope: Slug = HOST_SCOPE
    cluster: Slug | None = Field(
        default=None, description="For a NodePort: its cluster (the same as scope: <cluster>)"
    )
    services: list[Slug] = Field(min_length=1)
    reason: Reason
    tracked: Text | None = Field(default=None, description="An issue id or URL")


class RuleException(RuleExceptionMethods, Model):
    """A rule silenced for one service's allocations (narrowed by tier and component)."""

    rule: Text = Field(description="A rule code (PR301) or name (port-outside-range)")
    service: Slug | None = Field(default=None, description="Whose allocations it covers")
    cluster: Slug | None = Field(
        default=None,
        description="The NodePorts of this cluster (all services', or the service's only)",
    )
    tier: Slug | None = None
    component: Slug | None = None
    reason: Reason


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


class Registry(RegistryMethods, Model):
    portreg: Literal[1] = Field(description="File-format version")
    title: Text
    version: Version
    updated: Date
    status: Text | None = Field(default=None, description="Approved, Draft ... (for the docs)")
    created: Date | None = Field(default=None, description="When the allocation was first made")
    related: list[Text] = Field(
        default_factory=list, description="Related documents (paths or URLs), for the docs"
    )
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
    known_conflicts: list[
        Annotated[
            KnownConflict, BeforeValidator(cluster_is_scope, json_schema_input_type=KnownConflict)
        ]
    ] = Field(default_factory=list, description="Conflicts accepted for now: warnings, not errors")
    exceptions: list[RuleException] = Field(default_factory=list)
    changelog: list[ChangelogEntry] = Field(default_factory=list, description="Newest first")
    docs: list[DocTarget] = Field(default_factory=list)
    exports: list[ExportTarget] = Field(
        default_factory=list, description="Constants files regenerated with the docs"
    )
    scan: ScanSettings = Field(default_factory=ScanSettings)
