"""The suites' conflict graph: which suites may not run at the same time, and why.

A suite is a service's tests of one tier. Two suites are kept apart when

- they need the same (scope, protocol, port): the second to start fails to bind. A
  cluster's ports only meet ports of the same cluster, since the scope is part of the key;
  a known conflict (the adoption baseline) is still a conflict; a shared port is one too,
  unless its share says the one server can take both suites at once (``concurrent: true``);
- one owns a block of host ports (``blocks:``) and the other needs a port in it, or owns
  an overlapping block;
- an exclusive group says they never run at the same time, whatever it says about reuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from portreg.plan import Apart, Suite, SuiteGraph
from portreg.plan.colouring import Graph
from portreg.records import HOST_SCOPE, PortUse
from portreg.wording import possessive

if TYPE_CHECKING:
    from portreg.models import ExclusiveGroup, KnownConflict, Registry, Share

Key = tuple[str, str, int]  # (scope, protocol, port)
Covering = TypeVar("Covering", "Share", "KnownConflict")

# Blocks are expanded port by port; past this many ports in all (far beyond real tables),
# only block-against-block overlaps are looked at, not every port inside them.
BLOCK_PORTS_LIMIT = 1_000_000


def conflict_graph(registry: Registry, tiers: Iterable[str] = ()) -> SuiteGraph:
    """Every suite of the chosen tiers (all by default) and the conflicts between them."""
    chosen = set(tiers)
    suites = []
    for service_id, service in registry.services.items():
        for tier in dict.fromkeys([*service.ports, *service.blocks]):
            if not chosen or tier in chosen:
                suites.append(Suite(service_id, tier))
    index = {suite: number for number, suite in enumerate(suites)}
    result = SuiteGraph(suites, Graph(len(suites)))
    by_key: dict[Key, list[PortUse]] = {}
    for use in registry.allocations:
        if Suite(use.service, use.tier) in index and not use.allocation.dynamic:
            by_key.setdefault(use.key, []).append(use)
    _same_ports(registry, by_key, index, result)
    _blocks(registry, by_key, index, result)
    _exclusive_groups(registry, index, result)
    return result


def _same_ports(
    registry: Registry,
    by_key: dict[Key, list[PortUse]],
    index: dict[Suite, int],
    result: SuiteGraph,
) -> None:
    shares: dict[Key, list[Share]] = {}
    for entry in registry.shares:
        shares.setdefault((entry.scope, entry.protocol, entry.port), []).append(entry)
    known: dict[Key, list[KnownConflict]] = {}
    for conflict in registry.known_conflicts:
        known.setdefault((conflict.scope, conflict.protocol, conflict.port), []).append(conflict)
    reuse_groups: dict[str, list[ExclusiveGroup]] = {}
    for exclusive in registry.exclusive:
        if exclusive.reuse:
            for service in dict.fromkeys(exclusive.services):
                reuse_groups.setdefault(service, []).append(exclusive)
    for key, uses in by_key.items():
        if len(uses) < 2:
            continue
        for position, use in enumerate(uses):
            for other in uses[position + 1 :]:
                first = index[Suite(use.service, use.tier)]
                second = index[Suite(other.service, other.tier)]
                if first == second or result.apart(first, second):
                    continue
                share = _covering(shares.get(key, ()), use.service, other.service)
                if share is not None and share.concurrent:
                    continue  # one server that takes both suites at once
                why = _both_need(use, other)
                if share is not None:
                    why += f": shared, but not concurrent ({_one_line(share.reason)})"
                group = _reusing_group(reuse_groups, use, other)
                if group is not None:
                    why += f": reused on purpose by an exclusive group ({_one_line(group.reason)})"
                baseline = _covering(known.get(key, ()), use.service, other.service)
                if baseline is not None:
                    tracked = f", tracked in {baseline.tracked}" if baseline.tracked else ""
                    why += f": a known conflict{tracked} ({_one_line(baseline.reason)})"
                result.keep_apart(first, second, _apart(use, other, why))


def _blocks(
    registry: Registry,
    by_key: dict[Key, list[PortUse]],
    index: dict[Suite, int],
    result: SuiteGraph,
) -> None:
    """A block's owner against every other suite that needs a port in it or overlaps it."""
    owned = [
        (Suite(service_id, tier), component, ports)
        for service_id, service in registry.services.items()
        for tier, component, ports in service.block_items()
        if Suite(service_id, tier) in index
    ]
    if not owned:
        return
    host_ports: dict[int, list[PortUse]] = {}
    for (scope, _protocol, port), uses in by_key.items():
        if scope == HOST_SCOPE:
            host_ports.setdefault(port, []).extend(uses)
    expand = sum(len(ports) for *_, ports in owned) <= BLOCK_PORTS_LIMIT
    for position, (suite, component, ports) in enumerate(owned):
        owner = index[suite]
        what = f"{possessive(suite.service)} {f'{component} ' if component else ''}block {ports}"
        if expand:
            for port in range(ports.start, ports.end + 1):
                for use in host_ports.get(port, ()):
                    other = index[Suite(use.service, use.tier)]
                    if use.service != suite.service and not result.apart(owner, other):
                        why = f"{use.component_label} {port} ({use.protocol}) is in {what}"
                        reason = Apart((suite, Suite(use.service, use.tier)), why, port, HOST_SCOPE)
                        result.keep_apart(owner, other, reason)
        for other_suite, other_component, other_ports in owned[position + 1 :]:
            if other_suite.service == suite.service:
                continue
            if other_ports.start <= ports.end and ports.start <= other_ports.end:
                other = index[other_suite]
                if result.apart(owner, other):
                    continue
                theirs = f"{other_component} " if other_component else ""
                theirs_by = possessive(other_suite.service)
                why = f"{what} overlaps {theirs_by} {theirs}block {other_ports} (host)"
                first_shared = max(ports.start, other_ports.start)
                reason = Apart((suite, other_suite), why, first_shared, HOST_SCOPE)
                result.keep_apart(owner, other, reason)


def _exclusive_groups(registry: Registry, index: dict[Suite, int], result: SuiteGraph) -> None:
    by_service: dict[str, list[Suite]] = {}
    for suite in index:
        by_service.setdefault(suite.service, []).append(suite)
    for group in registry.exclusive:
        members = [
            index[suite]
            for service in dict.fromkeys(group.services)
            for suite in by_service.get(service, ())
            if group.covers(suite.service, suite.tier)
        ]
        why = f"an exclusive group: they never run at the same time ({_one_line(group.reason)})"
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                if result.apart(first, second):
                    continue
                suites = (result.suites[first], result.suites[second])
                result.keep_apart(first, second, Apart(suites, why))


def _covering(entries: Iterable[Covering], service: str, other: str) -> Covering | None:
    """The share or known conflict that names both services, if any."""
    for entry in entries:
        if service in entry.services and other in entry.services:
            return entry
    return None


def _reusing_group(
    reuse_groups: dict[str, list[ExclusiveGroup]], use: PortUse, other: PortUse
) -> ExclusiveGroup | None:
    """The exclusive group that lets the two suites reuse a port, if any."""
    for group in reuse_groups.get(use.service, ()):
        if group.covers(use.service, use.tier) and group.covers(other.service, other.tier):
            return group
    return None


def _both_need(use: PortUse, other: PortUse) -> str:
    mine, theirs = use.component_label, other.component_label
    what = mine if mine == theirs else f"{mine} and {theirs}"
    return f"both need {what} {use.port} ({use.protocol}, {use.scope})"


def _apart(use: PortUse, other: PortUse, why: str) -> Apart:
    suites = (Suite(use.service, use.tier), Suite(other.service, other.tier))
    return Apart(suites, why, use.port, use.scope, use.protocol)


def _one_line(text: str) -> str:
    return " ".join(text.split())
