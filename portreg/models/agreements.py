"""What suites agree about ports: reservations nobody may take, shares, exclusive groups of
suites that never run together, known conflicts accepted for now, and exceptions to rules."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from portreg.models.values import Model, Protocol, Range, Reason, Slug, Text
from portreg.records import HOST_SCOPE, ExclusiveGroupMethods, RuleExceptionMethods


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
