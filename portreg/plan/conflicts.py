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
    """One reason per port and kind of conflict on it, naming every suite that needs it."""
    shares = _by_key(registry.shares)
    known = _by_key(registry.known_conflicts)
    reuse_groups: dict[str, list[ExclusiveGroup]] = {}
    for exclusive in registry.exclusive:
        if exclusive.reuse:
            for service in dict.fromkeys(exclusive.services):
                reuse_groups.setdefault(service, []).append(exclusive)
    for key, uses in by_key.items():
        if len(uses) < 2:
            continue
        # why (after "both need ...") → the pairs it parts and the uses in them
        kinds: dict[tuple[str, str], tuple[list[tuple[int, int]], dict[int, PortUse]]] = {}
        for position, use in enumerate(uses):
            for other in uses[position + 1 :]:
                first = index[Suite(use.service, use.tier)]
                second = index[Suite(other.service, other.tier)]
                if first == second:
                    continue
                share = _covering(shares.get(key, ()), use.service, other.service)
                if share is not None and share.concurrent:
                    continue  # one server that takes both suites at once
                why = _settled_by(
                    share,
                    _reusing_group(reuse_groups, use, other),
                    _covering(known.get(key, ()), use.service, other.service),
                )
                pairs, members = kinds.setdefault(why, ([], {}))
                pairs.append((first, second))
                members.setdefault(first, use)
                members.setdefault(second, other)
        for why, (pairs, members) in kinds.items():
            count = len(members)
            # One reason for all when every pair of them is parted by it (the usual case),
            # else one per pair: a reason never names two suites that may run together.
            groups = [(list(members), pairs)] if len(pairs) == count * (count - 1) // 2 else []
            groups = groups or [([first, second], [(first, second)]) for first, second in pairs]
            for group, parted in groups:
                uses = [members[vertex] for vertex in group]
                labels = dict.fromkeys(use.component_label for use in uses)
                scope, protocol, port = key
                need = (
                    f"{_all_need(len(group))} {' and '.join(labels)} {port} ({protocol}, {scope})"
                )
                settled, reason = why
                apart = Apart((), f"{need}{settled}", port, scope, protocol, reason)
                result.keep_apart(group, apart, parted)


def _settled_by(
    share: Share | None, group: ExclusiveGroup | None, baseline: KnownConflict | None
) -> tuple[str, str]:
    """What the registry says of a port two suites both need, the one thing that matters,
    and the registry's reason for it."""
    if baseline is not None:
        tracked = f", tracked in {baseline.tracked}" if baseline.tracked else ""
        return f": a known conflict{tracked}", _one_line(baseline.reason)
    if group is not None:
        return ": reused on purpose by an exclusive group", _one_line(group.reason)
    if share is not None:
        return ": shared, but not concurrent", _one_line(share.reason)
    return "", ""


def _all_need(count: int) -> str:
    return "both need" if count == 2 else f"all {count} need"


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
    known = _by_key(registry.known_conflicts)
    expand = sum(len(ports) for *_, ports in owned) <= BLOCK_PORTS_LIMIT
    for position, (suite, component, ports) in enumerate(owned):
        owner = index[suite]
        what = f"{possessive(suite.service)} {f'{component} ' if component else ''}block {ports}"
        if expand:
            for port in range(ports.start, ports.end + 1):
                for use in host_ports.get(port, ()):
                    if use.service == suite.service:
                        continue
                    baseline = _covering(known.get(use.key, ()), suite.service, use.service)
                    settled, reason = _settled_by(None, None, baseline)
                    why = f"{use.component_label} {port} ({use.protocol}) is in {what}{settled}"
                    other = index[Suite(use.service, use.tier)]
                    apart = Apart((), why, port, HOST_SCOPE, None, reason)
                    result.keep_apart((owner, other), apart)
        for other_suite, other_component, other_ports in owned[position + 1 :]:
            if other_suite.service == suite.service:
                continue
            if other_ports.start <= ports.end and ports.start <= other_ports.end:
                theirs = f"{other_component} " if other_component else ""
                theirs_by = possessive(other_suite.service)
                why = f"{what} overlaps {theirs_by} {theirs}block {other_ports} (host)"
                first_shared = max(ports.start, other_ports.start)
                overlap = Apart((), why, first_shared, HOST_SCOPE)
                result.keep_apart((owner, index[other_suite]), overlap)


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
        why = "an exclusive group: they never run at the same time"
        result.keep_apart(members, Apart((), why, reason=_one_line(group.reason)))


def _by_key(entries: Iterable[Covering]) -> dict[Key, list[Covering]]:
    found: dict[Key, list[Covering]] = {}
    for entry in entries:
        found.setdefault((entry.scope, entry.protocol, entry.port), []).append(entry)
    return found


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
        if (
            group.covers(use.service, use.tier)
            and group.covers(other.service, other.tier)
            and (group.ports is None or use.port in group.ports)
        ):
            return group
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())
