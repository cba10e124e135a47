"""The ``ranges`` section: what is left to take, per component range, tier range, service
block and Kind cluster.

Everything is computed from per-scope sets of taken ports built in one pass, then walked
per range: the cost grows with the registry and the ranges' sizes, never with their product.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg.records import HOST_SCOPE, PortUse
from portreg.render.markdown import (
    EVERYTHING,
    KNOWN_CONFLICT,
    Options,
    View,
    code,
    free_runs,
    paragraph,
    port_runs,
    run_count,
    runs_text,
    sparse_table,
)
from portreg.tables import markdown_table

if TYPE_CHECKING:
    from portreg.models import PortRange

# Enough of a list to pick from; the count says how many there are in all.
OUTSIDE_LIMIT = 10
# Runs of free ports shown for wide ranges (a tier, a cluster): the count gives the rest.
NODEPORT_RUNS = 8


class _Taken:
    """The ports taken per scope, and each service's own host ports."""

    def __init__(self, view: View) -> None:
        self.by_scope: dict[str, set[int]] = {}
        self.by_component: dict[tuple[str, str], list[PortUse]] = {}
        self.host_by_tier: dict[str, list[PortUse]] = {}
        self.own: dict[str, set[int]] = {}
        for use in view.registry.allocations:
            self.by_scope.setdefault(use.scope, set()).add(use.port)
            self.by_component.setdefault((use.component, use.tier), []).append(use)
            if use.scope == HOST_SCOPE:
                self.host_by_tier.setdefault(use.tier, []).append(use)
                self.own.setdefault(use.service, set()).add(use.port)
        self.reserved: dict[str, list[PortRange]] = {}
        for item in view.registry.reserved:
            self.reserved.setdefault(item.scope, []).append(item.port)
        self.blocks = [
            ports
            for service in view.registry.services.values()
            for *_, ports in service.block_items()
        ]

    def in_scopes(self, scopes: Iterable[str]) -> set[int]:
        names = sorted(set(scopes))
        if len(names) == 1:
            return self.by_scope.get(names[0], set())
        return set().union(*(self.by_scope.get(name, set()) for name in names))

    def held(self, port_range: PortRange, scopes: Iterable[str], taken: set[int]) -> list[int]:
        """Reserved ports of the range that nobody takes (they are not free either)."""
        found: set[int] = set()
        for scope in set(scopes):
            for reserved in self.reserved.get(scope, []):
                low, high = max(reserved.start, port_range.start), min(reserved.end, port_range.end)
                found.update(port for port in range(low, high + 1) if port not in taken)
        return sorted(found)

    def in_blocks(self, port_range: PortRange, scopes: Iterable[str], taken: set[int]) -> list[int]:
        """Ports of the range inside a service's block that nobody takes yet: they are that
        service's to allocate, not free for another (as ``portreg next`` sees them)."""
        if HOST_SCOPE not in scopes:
            return []  # blocks are host ports
        found: set[int] = set()
        for block in self.blocks:
            low, high = max(block.start, port_range.start), min(block.end, port_range.end)
            found.update(port for port in range(low, high + 1) if port not in taken)
        return sorted(found)


def render(view: View, options: Options = EVERYTHING) -> str:
    taken = _Taken(view)
    parts = ["## Port ranges and free ports", *_components(view, taken)]
    for section in (_tiers(view, taken), _blocks(view, taken), _nodeports(view, taken)):
        if section:
            parts += ["", *section]
    return "\n".join(parts)


def _components(view: View, taken: _Taken) -> list[str]:
    rows, without = [], []
    for name, component in view.registry.components.items():
        if not component.ranges:
            without.append(view.component(name))
            continue
        for tier, port_range in component.ranges.items():
            every = taken.by_component.get((name, tier), [])
            # The range is for where its ports live: the host, or the clusters of NodePorts
            # (an E2E range of host ports says nothing about the same suites' NodePorts).
            scopes = {use.scope for use in every if use.port in port_range} or {HOST_SCOPE}
            uses = [use for use in every if use.scope in scopes]
            used_ports = taken.in_scopes(scopes)
            held = taken.held(port_range, scopes, used_ports)
            blocked = used_ports.union(held) if held else used_ports
            kept = taken.in_blocks(port_range, scopes, blocked)
            free = free_runs(port_range.start, port_range.end, blocked.union(kept))
            outside = [use for use in uses if use.port not in port_range]
            rows.append(
                [
                    view.component(name),
                    view.tier(tier),
                    str(port_range),
                    str(len(port_range) - run_count(free) - len(held) - len(kept)),
                    port_runs(held) if held else "",
                    str(len(kept)) if kept else "",
                    str(run_count(free)),
                    runs_text(free),
                    _outside(view, outside),
                ]
            )
    lines: list[str] = []
    if not rows:
        lines += ["", "_No component declares a range._"]
    else:
        headers = ["Component", "Tier", "Range", "Used", "Reserved", "In blocks", "Free"]
        headers += ["Free ports", "Outside the range"]
        lines += [
            "",
            "A port counts as used when any service takes it where the range's ports live (the "
            "host, or the clusters of its NodePorts), whatever its component or tier.",
            "",
            sparse_table(headers, rows),
        ]
    if without:
        lines += ["", f"Without a range: {', '.join(without)}."]
    return lines


def _outside(view: View, uses: list[PortUse]) -> str:
    # a cluster's own port is one port, however many suites use it
    uses = list({(use.path, use.side): use for use in uses}.values())
    shown = [f"{use.port} ({view.service(use.service)})" for use in uses[:OUTSIDE_LIMIT]]
    if len(uses) > OUTSIDE_LIMIT:
        shown.append(f"… and {len(uses) - OUTSIDE_LIMIT} more")
    return ", ".join(shown)


def _tiers(view: View, taken: _Taken) -> list[str]:
    host = taken.by_scope.get(HOST_SCOPE, set())
    rows = []
    for tier_id, tier in view.registry.tiers.items():
        if tier.range is None:
            continue
        # As for a component's range: reserved ports and others' blocks are not free.
        held = taken.held(tier.range, [HOST_SCOPE], host)
        blocked = host.union(held) if held else host
        kept = taken.in_blocks(tier.range, [HOST_SCOPE], blocked)
        free = free_runs(tier.range.start, tier.range.end, blocked.union(kept))
        uses = taken.host_by_tier.get(tier_id, [])
        rows.append(
            [
                view.tier(tier_id),
                str(tier.range),
                str(len(tier.range) - run_count(free) - len(held) - len(kept)),
                str(len(held)),
                str(len(kept)),
                str(run_count(free)),
                runs_text(free, NODEPORT_RUNS),
                _outside(view, [use for use in uses if use.port not in tier.range]),
            ]
        )
    if not rows:
        return []
    headers = ["Tier", "Range", "Used", "Reserved", "In blocks", "Free", "Free ports"]
    headers.append("Outside the range")
    # The Reserved and In blocks counts only when a tier range has such ports.
    shown = [
        index
        for index in range(len(headers))
        if index not in (3, 4) or any(row[index] != "0" for row in rows)
    ]
    headers = [headers[index] for index in shown]
    rows = [[row[index] for index in shown] for row in rows]
    return ["### Tier ranges", "", markdown_table(headers, rows)]


def _blocks(view: View, taken: _Taken) -> list[str]:
    host = taken.by_scope.get(HOST_SCOPE, set())
    # A known conflict inside a block (another service's port in it) marks the block ⚠ too.
    accepted: dict[str, list[int]] = {}
    for entry in view.registry.known_conflicts:
        if entry.scope == HOST_SCOPE:
            for service_id in entry.services:
                accepted.setdefault(service_id, []).append(entry.port)
    rows = []
    for service_id in view.service_order:
        service = view.registry.services[service_id]
        own = taken.own.get(service_id, set())
        for tier, component, block in service.block_items():
            free = free_runs(block.start, block.end, host)
            mine = sum(1 for port in range(block.start, block.end + 1) if port in own)
            known = any(port in block for port in accepted.get(service_id, []))
            rows.append(
                [
                    view.row_label(service_id),
                    view.tier(tier),
                    view.component(component) if component else "all",
                    f"{block} {KNOWN_CONFLICT}" if known else str(block),
                    str(mine),
                    str(run_count(free)),
                    runs_text(free),
                ]
            )
    if not rows:
        return []
    headers = ["Service", "Tier", "Component", "Block", "Own ports", "Free", "Free ports"]
    return [
        "### Service blocks",
        "",
        "Each block belongs to its service: only its own ports may lie in it.",
        "",
        markdown_table(headers, rows),
    ]


def _nodeports(view: View, taken: _Taken) -> list[str]:
    registry = view.registry
    rows = []
    for name in registry.scopes:
        if registry.scope_kind(name) != "nodeport":
            continue
        port_range = registry.nodeport_range(name)
        used = taken.by_scope.get(name, set())
        # As on the host: a NodePort reserved in the cluster is not free (portreg next
        # skips it), nor used.
        held = taken.held(port_range, [name], used)
        free = free_runs(port_range.start, port_range.end, used | set(held))
        bands = registry.scopes[name].ranges
        rows.append(
            [
                code(name),
                str(port_range),
                ", ".join(f"{view.component(item)} {band}" for item, band in bands.items()),
                str(len(port_range) - run_count(free) - len(held)),
                str(len(held)) if held else "",
                str(run_count(free)),
                runs_text(free, NODEPORT_RUNS),
            ]
        )
    if not rows:
        return []
    headers = ["Cluster", "NodePort range", "Bands", "Used", "Reserved", "Free", "Free NodePorts"]
    return [
        "### Free NodePorts per cluster",
        "",
        paragraph(
            "Each cluster has its own NodePorts: a NodePort is used when a service takes it in "
            "that cluster."
        ),
        "",
        sparse_table(headers, rows),
    ]


def nodeport_ranges(view: View, component_id: str) -> str:
    """``E2E 30080-30099``: the component's NodePort bands per tier, for its row."""
    component = view.registry.components[component_id]
    return "; ".join(
        f"{view.tier(tier)} {band}" for tier, band in component.nodeport_ranges.items()
    )
