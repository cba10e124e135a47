"""A service: its facts for the docs, its ports per tier and component, its blocks, and
its parallel workers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Discriminator, Field, Tag

from portreg.models.allocations import AllocationSlot
from portreg.models.values import Block, Model, Slug, Symbol, Text
from portreg.records import ServiceMethods, block_kind, stride_kind

# Tagged as AllocationSlot is (see portreg.models.allocations).
TierBlock = Annotated[
    Annotated[Block, Tag("@range")] | Annotated[dict[Slug, Block], Tag("@components")],
    Discriminator(block_kind),
    Field(description="One block for the tier, or one per component"),
]


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
