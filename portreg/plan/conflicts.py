"""The suites' conflict graph: which suites may not run at the same time, and why.

A suite is a service's tests of one tier. Two suites conflict when they need the same
(scope, protocol, port): the second to start fails to bind. A cluster's ports only meet
other ports of the same cluster, since the scope is part of the key. A shared port counts
too, unless its share says the one server can take both suites at once
(``concurrent: true``).
"""

from __future__ import annotations

from collections.abc import Iterable

from portreg.models import PortUse, Registry, Share
from portreg.plan import Apart, Suite, SuiteGraph
from portreg.plan.colouring import Graph

Key = tuple[str, str, int]  # (scope, protocol, port)


def conflict_graph(registry: Registry, tiers: Iterable[str] = ()) -> SuiteGraph:
    """Every suite of the chosen tiers (all by default) and the conflicts between them."""
    chosen = set(tiers)
    suites = [
        Suite(service_id, tier)
        for service_id, service in registry.services.items()
        for tier in service.ports
        if not chosen or tier in chosen
    ]
    index = {suite: number for number, suite in enumerate(suites)}
    result = SuiteGraph(suites, Graph(len(suites)))
    by_key: dict[Key, list[PortUse]] = {}
    for use in registry.allocations:
        if Suite(use.service, use.tier) in index:
            by_key.setdefault(use.key, []).append(use)
    shares = _shares_by_key(registry)
    for key, uses in by_key.items():
        if len(uses) < 2:
            continue
        for position, use in enumerate(uses):
            for other in uses[position + 1 :]:
                first = index[Suite(use.service, use.tier)]
                second = index[Suite(other.service, other.tier)]
                if first == second or result.apart(first, second):
                    continue
                share = _share_of(shares.get(key, ()), use.service, other.service)
                if share is not None and getattr(share, "concurrent", False):
                    continue  # one server that takes both suites at once
                result.keep_apart(first, second, _port_reason(use, other, share))
    return result


def _shares_by_key(registry: Registry) -> dict[Key, list[Share]]:
    found: dict[Key, list[Share]] = {}
    for share in registry.shares:
        found.setdefault((share.scope, share.protocol, share.port), []).append(share)
    return found


def _share_of(shares: Iterable[Share], service: str, other: str) -> Share | None:
    """The share that lets both services use the port, if any."""
    for share in shares:
        if service in share.services and other in share.services:
            return share
    return None


def _port_reason(use: PortUse, other: PortUse, share: Share | None) -> Apart:
    what = (
        use.component
        if use.component == other.component
        else f"{use.component} and {other.component}"
    )
    why = f"both need {what} {use.port} ({use.protocol}, {use.scope})"
    if share is not None:
        why += f": shared, but not concurrent ({' '.join(share.reason.split())})"
    suites = (Suite(use.service, use.tier), Suite(other.service, other.tier))
    return Apart(suites, why, use.port, use.scope, use.protocol)
