"""The allocation tables: one per tier, a row per suite, a column per component it uses.

A port appears once in the docs: host ports here, ports a Kind cluster maps (a NodePort, a
port inside a cluster) in the Kind mappings section. A component that few suites of a tier
use gets no column of its own, its ports go to an Other ports cell, so that a table is never
mostly empty. The notes that explain the marks are listed once, at the end of the section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portreg.records import HOST_SCOPE, AllocationRef, PortUse
from portreg.render.markdown import (
    EVERYTHING,
    KNOWN_CONFLICT,
    NONE,
    Options,
    View,
    inline,
    paragraph,
    port_text,
    sparse_table,
    text,
)
from portreg.render.marks import Notes
from portreg.tables import markdown_table
from portreg.workers import span


@dataclass(frozen=True)
class Item:
    """What one cell shows of an allocation: one number in one scope, or why it has none."""

    ref: AllocationRef
    scope: str
    shown: str
    use: PortUse | None


def render(view: View, options: Options = EVERYTHING) -> str:
    parts: list[str] = []
    if view.registry.known_conflicts:
        parts += [known_conflicts(view), ""]
    parts.append("## Port allocations")
    by_tier: dict[str, list[Item]] = {}
    in_clusters: set[str] = set()
    for item in items(view):
        if in_cluster(view, item.ref):
            in_clusters.add(item.ref.tier)
        elif options.tier(item.ref.tier):
            by_tier.setdefault(item.ref.tier, []).append(item)
    notes = Notes(view)
    for tier in view.registry.tiers:
        if not options.tier(tier) or (tier not in by_tier and tier not in in_clusters):
            continue
        parts += ["", f"### {view.tier(tier)}"]
        if tier in by_tier:
            parts += ["", _table(view, by_tier[tier], notes, options)]
        if tier in in_clusters:
            parts += ["", "Ports in Kind clusters: see [Kind mappings](#kind-mappings)."]
    if not by_tier and not in_clusters:
        parts += ["", "_No ports allocated yet._"]
    lines = notes.lines()
    if lines:
        parts += ["", "### Notes", "", *lines]
    parts += _without_ports(view)
    return "\n".join(parts)


def in_cluster(view: View, ref: AllocationRef) -> bool:
    """Whether the allocation is a Kind mapping (shown by the mappings section): it has a
    NodePort or a cluster, or its port lives in a scope other than the host."""
    mapping = view.registry.mapping(ref)
    return mapping.cluster is not None or mapping.scope != HOST_SCOPE


def items(view: View) -> list[Item]:
    """Every cell's content in file order: each numbered side, and the allocations that have
    no number to show (dynamic, or inside a container only) in the scope they belong to."""
    registry = view.registry
    sides: dict[tuple[str | int, ...], list[PortUse]] = {}
    for use in registry.allocations:
        sides.setdefault(use.path, []).append(use)
    found: list[Item] = []
    for ref in registry.entries:
        uses = sides.get(ref.path)
        if uses:
            found.extend(Item(ref, use.scope, _number(view, use), use) for use in uses)
            continue
        allocation = ref.allocation
        if allocation.dynamic:
            shown = "dynamic"
        elif allocation.container_port is not None:
            shown = f"in-container {allocation.container_port}"
        else:
            shown = NONE
        found.append(Item(ref, allocation.cluster or allocation.scope, shown, None))
    return found


def _number(view: View, use: PortUse) -> str:
    """The port, or with parallel workers every worker's: ``16380-16383 (4 workers)``."""
    offsets = view.registry.services[use.service].worker_offsets(use.tier, use.component)
    if len(offsets) < 2 or use.origin is not None:
        return port_text(use.port, use.protocol)
    ports = span([use.port + step for step in offsets])
    shown = ports if use.protocol == "tcp" else f"{ports}/{use.protocol}"
    return f"{shown} ({len(offsets)} workers)"


def _table(view: View, group: list[Item], notes: Notes, options: Options) -> str:
    registry = view.registry
    present = {item.ref.component for item in group}
    components = [name for name in registry.components if name in present]
    components += sorted(present.difference(components))
    if options.columns is not None:  # the marker chose the columns: the rest is Other
        components = [name for name in components if name in options.columns] + [
            name for name in components if name not in options.columns
        ]
    cells: dict[str, dict[str, list[str]]] = {}
    for item in group:
        shown = " ".join([item.shown, *notes.marks(item.ref, item.use, item.shown)])
        if item.ref.instance is not None:
            shown = f"{text(item.ref.instance)} {shown}"
        cells.setdefault(item.ref.service, {}).setdefault(item.ref.component, []).append(shown)
    order = {service: index for index, service in enumerate(view.service_order)}
    rows = [
        [view.row_label(service), *(", ".join(row.get(name, [])) for name in components)]
        for service, row in sorted(cells.items(), key=lambda entry: order[entry[0]])
    ]
    headers = ["Service", *(view.component(name) for name in components)]
    if options.columns is not None:
        own = 1 + sum(1 for name in components if name in options.columns)
        return _with_other(headers, rows, own)
    return sparse_table(headers, rows, "Other ports", lambda header, value: f"{header} {value}")


def _with_other(headers: Sequence[str], rows: list[list[str]], own: int) -> str:
    """The first ``own`` columns as they are, the rest in one Other ports cell."""
    body = [
        [
            *row[:own],
            ", ".join(
                f"{header} {value}"
                for header, value in zip(headers[own:], row[own:], strict=True)
                if value
            ),
        ]
        for row in rows
    ]
    if not any(row[-1] for row in body):
        return markdown_table(list(headers[:own]), [row[:-1] for row in body])
    return markdown_table([*headers[:own], "Other ports"], body)


def _without_ports(view: View) -> list[str]:
    """The services that have no port yet (planned, port to be decided) or only a block.

    Hand-kept tables have rows like "marquez | TBD": without this list such a service, with
    its description, would vanish from the docs.
    """
    registry = view.registry
    with_ports = {ref.service for ref in registry.entries}
    lines = []
    for service_id in view.service_order:
        service = registry.services[service_id]
        if service_id in with_ports:
            continue
        blocks = [
            f"{view.tier(tier)} block {ports}" + (f" ({view.component(name)})" if name else "")
            for tier, name, ports in service.block_items()
        ]
        about = [f"Owns {', '.join(blocks)}."] if blocks else []
        if service.description:
            about.insert(0, inline(service.description))
        owner = f" ({text(service.owner)})" if service.owner else ""
        lines.append(
            f"- {view.row_label(service_id)}{owner}: {' '.join(about) or 'no port allocated yet'}"
        )
    if not lines:
        return []
    return ["", "### Services without ports", "", *lines]


def known_conflicts(view: View) -> str:
    """The adoption baseline, first in the docs: the conflicts that are accepted for now."""
    rows = []
    for entry in view.registry.known_conflicts:
        uses: Sequence[PortUse] = view.context.by_key.get(
            (entry.scope, entry.protocol, entry.port), []
        )
        names = dict.fromkeys(
            view.component(use.component, use.instance)
            for use in uses
            if use.service in entry.services
        )
        rows.append(
            [
                f"{port_text(entry.port, entry.protocol)} {KNOWN_CONFLICT}",
                text(entry.scope),
                view.services(entry.services),
                ", ".join(names),
                text(entry.reason),
                text(entry.tracked) if entry.tracked else "",
            ]
        )
    return "\n".join(
        [
            "## Known conflicts",
            "",
            paragraph(
                "Conflicts accepted for now (`known_conflicts`, the adoption baseline): `portreg "
                f"check` reports them as warnings, and the tables mark their ports "
                f"{KNOWN_CONFLICT}. Fix each one, then delete its entry."
            ),
            "",
            sparse_table(["Port", "Scope", "Services", "Component", "Reason", "Tracked"], rows),
        ]
    )
