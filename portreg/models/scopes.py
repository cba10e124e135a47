"""Tiers, components and scopes: the kinds of suites and of ports, and where a port lives
(the host, or a cluster with its NodePort range, bands and own ports)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from portreg.models.allocations import AllocationSlot
from portreg.models.values import Model, Range, Slug, Symbol, Text


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
