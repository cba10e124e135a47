"""The suites' conflict graph: which suites may not run at the same time, and why.

A suite is a service's tests of one tier. Two suites conflict when they need the same
(scope, protocol, port): the second to start fails to bind. A cluster's ports only meet
other ports of the same cluster, since the scope is part of the key. A shared port counts
too, unless its share says the one server can take both suites at once
(``concurrent: true``).
"""

from __future__ import annotations

from collections.abc import Iterable

from portreg.models import PortUse, Registry
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
    concurrent = _concurrent_shares(registry)
    for key, uses in by_key.items():
        if len(uses) < 2:
            continue
        sharing = concurrent.get(key, set())
        for position, use in enumerate(uses):
            for other in uses[position + 1 :]:
                if use.service in sharing and other.service in sharing:
                    continue  # one server that takes both suites at once
                first, second = (
                    index[Suite(use.service, use.tier)],
                    index[Suite(other.service, other.tier)],
                )
                result.keep_apart(first, second, _port_reason(registry, use, other))
    return result


def _concurrent_shares(registry: Registry) -> dict[Key, set[str]]:
    """Per (scope, protocol, port): the services whose share lets them run at once."""
    found: dict[Key, set[str]] = {}
    for share in registry.shares:
        if getattr(share, "concurrent", False):
            found.setdefault((share.scope, share.protocol, share.port), set()).update(
                share.services
            )
    return found


def _port_reason(registry: Registry, use: PortUse, other: PortUse) -> Apart:
    what = (
        use.component
        if use.component == other.component
        else f"{use.component} and {other.component}"
    )
    why = f"both need {what} {use.port} ({use.protocol}, {use.scope})"
    for share in registry.shares:
        if (share.scope, share.protocol, share.port) == use.key and {
            use.service,
            other.service,
        } <= set(share.services):
            why += f": shared, but not concurrent ({' '.join(share.reason.split())})"
            break
    suites = (Suite(use.service, use.tier), Suite(other.service, other.tier))
    return Apart(suites, why, use.port, use.scope, use.protocol)
