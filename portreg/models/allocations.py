"""One port of a service or a cluster: a bare number, a mapping of its sides (host port,
NodePort, container port), or a list of named instances."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)

from portreg.models.values import Model, Protocol, Slug, Text
from portreg.records import HOST_SCOPE, allocation_from_number, named_instances, no_null, slot_kind


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


# Union members are tagged so that a bad value gets one error, not one per member; the
# tags ("@...") are dropped from error paths in validation.py.
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
