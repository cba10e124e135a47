"""The registry's data model, file-format version 1 (documented in docs/registry-format.md).

Strict pydantic models: a port is an integer, never a string that looks like one, and an
unknown key is an error. What the models check is the shape of each value; whether values
agree with each other (conflicts, references, ranges) is the rules' job, so that every such
problem becomes a finding with its own code instead of a failed validation.

One module per part of the format: ``values`` (ids, texts, ranges, the ``Model`` base),
``allocations`` (one port), ``scopes`` (tiers, components, scopes), ``services``,
``agreements`` (reservations, shares, exclusive groups, known conflicts, exceptions) and
``registry`` (the header and the whole file). Import the models from here.
"""

from __future__ import annotations

# What the models do (methods, validators) lives in portreg.records, so that commands that
# only read a registry never import pydantic: they validate with pydantic_core against the
# core schema generated from these models (portreg.loading.core_schema_gen). A method or validator
# written here is refused by that generator.
from portreg.models.agreements import (
    ExclusiveGroup,
    KnownConflict,
    Reservation,
    RuleException,
    Share,
)
from portreg.models.allocations import Allocation, AllocationEntry, AllocationSlot
from portreg.models.registry import (
    ChangelogEntry,
    DocTarget,
    ExportTarget,
    Registry,
    ScanSettings,
)
from portreg.models.scopes import Component, Scope, Tier
from portreg.models.services import Service, StrideSlot, TierBlock, Workers
from portreg.models.values import (
    Block,
    BlockSize,
    Date,
    Model,
    PortRange,
    Protocol,
    Range,
    RangeText,
    Reason,
    Slug,
    Symbol,
    Text,
    Version,
)
from portreg.records import (
    DEFAULT_NODEPORT_RANGE,
    FORMAT_VERSION,
    HOST_SCOPE,
    AllocationRef,
    PortMapping,
    PortUse,
    instances,
    version_key,
)

__all__ = [
    "DEFAULT_NODEPORT_RANGE",
    "FORMAT_VERSION",
    "HOST_SCOPE",
    "Allocation",
    "AllocationEntry",
    "AllocationRef",
    "AllocationSlot",
    "Block",
    "BlockSize",
    "ChangelogEntry",
    "Component",
    "Date",
    "DocTarget",
    "ExclusiveGroup",
    "ExportTarget",
    "KnownConflict",
    "Model",
    "PortMapping",
    "PortRange",
    "PortUse",
    "Protocol",
    "Range",
    "RangeText",
    "Reason",
    "Registry",
    "Reservation",
    "RuleException",
    "ScanSettings",
    "Scope",
    "Service",
    "Share",
    "Slug",
    "StrideSlot",
    "Symbol",
    "Text",
    "Tier",
    "TierBlock",
    "Version",
    "Workers",
    "instances",
    "version_key",
]
