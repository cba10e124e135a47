"""What a validated registry can do, without importing pydantic.

The registry format is defined once, by the pydantic models in ``portreg.models``. A command
that only reads a registry does not need pydantic itself, only ``pydantic_core`` (the
validator pydantic uses underneath) and a core schema generated from the models
(``portreg.loading.core_schema``, see ``portreg.loading.core_schema_gen``). Validation then
builds plain records: instances of small classes made here at run time, one per model, that
carry the same fields and the same behaviour. The behaviour lives in this package, as mixins
that the pydantic models inherit too, so both kinds of object answer the same questions the
same way.

- ``validators``: the functions the models validate with (on either path);
- ``behaviour`` and ``registry``: the mixins (a registry's own answers are in ``registry``);
- ``allocations``: one allocation as the rules see it (``AllocationRef``, ``PortUse``);
- ``plain``: the plain record classes;
- ``format``: the format's version, the host scope, the default NodePort range.

The generated core schema names everything it needs as ``records.<name>``: what it uses is
exported here. Everything here is cheap to import: a git hook runs ``portreg check`` on every
commit.
"""

from __future__ import annotations

from portreg.records.allocations import AllocationRef, PortMapping, PortUse
from portreg.records.behaviour import (
    ExclusiveGroupMethods,
    PortRangeMethods,
    RuleExceptionMethods,
    ServiceMethods,
    instances,
)
from portreg.records.format import DEFAULT_NODEPORT_RANGE, FORMAT_VERSION, HOST_SCOPE, version_key
from portreg.records.plain import Record, port_range, record_class, replaced
from portreg.records.registry import RegistryMethods
from portreg.records.validators import (
    allocation_from_number,
    block_kind,
    cluster_is_scope,
    constraint,
    max_length_validator,
    min_length_validator,
    named_instances,
    no_null,
    parse_date,
    parse_range,
    slot_kind,
    stride_kind,
)

__all__ = [
    "DEFAULT_NODEPORT_RANGE",
    "FORMAT_VERSION",
    "HOST_SCOPE",
    "AllocationRef",
    "ExclusiveGroupMethods",
    "PortMapping",
    "PortRangeMethods",
    "PortUse",
    "Record",
    "RegistryMethods",
    "RuleExceptionMethods",
    "ServiceMethods",
    "allocation_from_number",
    "block_kind",
    "cluster_is_scope",
    "constraint",
    "instances",
    "max_length_validator",
    "min_length_validator",
    "named_instances",
    "no_null",
    "parse_date",
    "parse_range",
    "port_range",
    "record_class",
    "replaced",
    "slot_kind",
    "stride_kind",
    "version_key",
]
