"""The registry's data model, file-format version 1 (documented in docs/registry-format.md).

Strict pydantic models: a port is an integer, never a string that looks like one, and an
unknown key is an error. What the models check is the shape of each value; whether values
agree with each other (conflicts, references, ranges) is the rules' job, so that every such
problem becomes a finding with its own code instead of a failed validation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# The behaviour of the models, and the validators they use, live in portreg.records so that
# commands that only read a registry never import pydantic (see portreg.core_schema_gen).
from portreg.records import (
    DEFAULT_NODEPORT_RANGE,
    FORMAT_VERSION,
    HOST_SCOPE,
    PortRangeMethods,
    PortUse,
    RegistryMethods,
    RuleExceptionMethods,
    allocation_from_number,
    parse_date,
    parse_range,
    version_key,
)

__all__ = ["DEFAULT_NODEPORT_RANGE", "FORMAT_VERSION", "HOST_SCOPE", "PortUse", "version_key"]

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


class Model(BaseModel):
    # Only Registry is ever validated directly: build one validator, at first use, not one
    # per class at import (start-up time matters for a git hook).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Tier(Model):
    """A kind of test suite: integration, e2e ..."""

    title: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None


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


class Component(Model):
    """A kind of port (postgresql, redis, metrics ...), with its ranges per tier."""

    title: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    ranges: dict[Slug, Range] = Field(default_factory=dict, description="Per tier: its range")


class Allocation(Model):
    """One port of a service: written as a bare number, or as a mapping for the details."""

    port: int
    protocol: Protocol = "tcp"
    scope: Slug = HOST_SCOPE
    note: Text | None = None


AllocationEntry = Annotated[
    Allocation,
    BeforeValidator(allocation_from_number, json_schema_input_type=int | Allocation),
    Field(description="The port number, or a mapping with port, protocol, scope and note"),
]


class Service(Model):
    title: Text | None = None
    owner: Text | None = None
    description: Text | None = None
    symbol: Symbol | None = None
    paths: list[Text] = Field(
        default_factory=list, description="Globs of the code that belongs to this service"
    )
    ports: dict[Slug, dict[Slug, AllocationEntry]] = Field(
        default_factory=dict, description="Per tier, per component: the port"
    )


class Reservation(Model):
    """Ports nobody may take."""

    port: Range
    protocol: Protocol | Literal["any"] = "any"
    scope: Slug = HOST_SCOPE
    reason: Reason


class Share(Model):
    """The only way two allocations may use the same (scope, protocol, port)."""

    port: int
    protocol: Protocol = "tcp"
    scope: Slug = HOST_SCOPE
    services: list[Slug] = Field(min_length=1)
    reason: Reason


class RuleException(RuleExceptionMethods, Model):
    """A rule silenced for one service's allocations (narrowed by tier and component)."""

    rule: Text = Field(description="A rule code (PR301) or name (port-outside-range)")
    service: Slug
    tier: Slug | None = None
    component: Slug | None = None
    reason: Reason


class ChangelogEntry(Model):
    version: Version
    date: Date
    summary: Text
    changes: list[Text] = Field(default_factory=list)


class DocTarget(Model):
    """A markdown file generated from the registry (by portreg render-docs)."""

    path: Text
    sections: list[Slug] | None = Field(
        default=None, description="Which sections go into this file (default: all)"
    )


class ScanSettings(Model):
    exclude: list[Text] = Field(
        default_factory=list, description="Globs that portreg scan never reads"
    )


class Registry(RegistryMethods, Model):
    portreg: Literal[1] = Field(description="File-format version")
    title: Text
    version: Version
    updated: Date
    description: Text | None = None
    tiers: dict[Slug, Tier] = Field(min_length=1)
    scopes: dict[Slug, Scope] = Field(default_factory=dict)
    components: dict[Slug, Component] = Field(min_length=1)
    services: dict[Slug, Service] = Field(default_factory=dict)
    reserved: list[Reservation] = Field(default_factory=list)
    shares: list[Share] = Field(default_factory=list)
    exceptions: list[RuleException] = Field(default_factory=list)
    changelog: list[ChangelogEntry] = Field(default_factory=list, description="Newest first")
    docs: list[DocTarget] = Field(default_factory=list)
    scan: ScanSettings = Field(default_factory=ScanSettings)
