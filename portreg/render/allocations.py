"""The allocation tables: one per tier (and per scope other than the host), a row per service.

Shared, excepted and annotated ports carry a mark for their kind (ˢ share, ˣ exception,
ⁿ note, ⚠ known conflict); the notes under each table say which port and why. A mark is
keyed by what it marks, never numbered, so adding a port above does not renumber the
notes of every table below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.records import HOST_SCOPE, AllocationRef, PortUse
from portreg.render.markdown import KNOWN_CONFLICT, NONE, View, port_text, table, text
from portreg.rules import find_rule
from portreg.workers import span

if TYPE_CHECKING:
    from portreg.models import RuleException

SHARE_MARK = "ˢ"
EXCEPTION_MARK = "ˣ"
NOTE_MARK = "ⁿ"

NoteKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Item:
    """What one cell shows of an allocation: one number in one scope, or why it has none."""

    ref: AllocationRef
    scope: str
    shown: str
    use: PortUse | None


def render(view: View) -> str:
    parts: list[str] = []
    if view.registry.known_conflicts:
        parts += [known_conflicts(view), ""]
    parts.append("## Port allocations")
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items(view):
        groups.setdefault((item.ref.tier, item.scope), []).append(item)
    if not groups:
        return "\n".join([*parts, "", "_No ports allocated yet._", *_without_ports(view)])
    scopes = view.registry.scopes
    scope_order = {HOST_SCOPE: -1} | {name: index for index, name in enumerate(scopes)}
    tier_order = {name: index for index, name in enumerate(view.registry.tiers)}
    exceptions = _exceptions_by_service(view)
    for tier, scope in sorted(
        groups,
        key=lambda key: (
            tier_order.get(key[0], len(tier_order)),
            scope_order.get(key[1], len(scope_order)),
            key,
        ),
    ):
        heading = (
            view.tier(tier) if scope == HOST_SCOPE else f"{view.tier(tier)}: {view.scope(scope)}"
        )
        table_text, notes = _table(view, groups[(tier, scope)], exceptions)
        parts += ["", f"### {heading}", "", table_text]
        if notes:
            parts += ["", *notes]
    parts += _without_ports(view)
    return "\n".join(parts)


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
            about.insert(0, text(service.description))
        owner = f" ({text(service.owner)})" if service.owner else ""
        lines.append(
            f"- {view.row_label(service_id)}{owner}: {' '.join(about) or 'no port allocated yet'}"
        )
    if not lines:
        return []
    return ["", "### Services without ports", "", *lines]


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
    """The port, or with workers every worker's: ``16380-16383 (4 workers)``."""
    offsets = view.registry.services[use.service].worker_offsets(use.tier, use.component)
    shown = str(use.port) if len(offsets) < 2 else span([use.port + step for step in offsets])
    if use.protocol != "tcp":
        shown += f"/{use.protocol}"
    return shown if len(offsets) < 2 else f"{shown} ({len(offsets)} workers)"


def _table(
    view: View, group: list[Item], exceptions: dict[str, list[tuple[int, RuleException]]]
) -> tuple[str, list[str]]:
    registry = view.registry
    present = {item.ref.component for item in group}
    components = [name for name in registry.components if name in present]
    components += sorted(present.difference(components))
    cells: dict[str, dict[str, list[str]]] = {}
    notes: dict[NoteKey, str] = {}
    conflicted = False
    for item in group:
        marks = []
        for mark, key, note in _notes_for(view, item, exceptions):
            marks.append(mark)
            notes.setdefault(key, f"- {mark} {note}")
        use = item.use
        if use is not None and (*use.key, use.service) in view.known_conflicts:
            marks.append(KNOWN_CONFLICT)
            conflicted = True
        shown = " ".join([item.shown, *marks])
        if item.ref.instance is not None:
            shown = f"{text(item.ref.instance)} {shown}"
        cells.setdefault(item.ref.service, {}).setdefault(item.ref.component, []).append(shown)
    headers = ["Service", *(view.component(name) for name in components)]
    order = {service: index for index, service in enumerate(view.service_order)}
    body = [
        [view.row_label(service), *(", ".join(row.get(name, [NONE])) for name in components)]
        for service, row in sorted(cells.items(), key=lambda entry: order[entry[0]])
    ]
    lines = list(notes.values())
    if conflicted:
        lines.append(f"- {KNOWN_CONFLICT} a known conflict: see Known conflicts")
    return table(headers, body), lines


def _exceptions_by_service(view: View) -> dict[str, list[tuple[int, RuleException]]]:
    found: dict[str, list[tuple[int, RuleException]]] = {}
    for index, exception in enumerate(view.registry.exceptions):
        found.setdefault(exception.service, []).append((index, exception))
    return found


def _notes_for(
    view: View, item: Item, exceptions: dict[str, list[tuple[int, RuleException]]]
) -> list[tuple[str, NoteKey, str]]:
    """(mark, what the note is about, the note) for each note on this cell."""
    ref, use = item.ref, item.use
    found: list[tuple[str, NoteKey, str]] = []
    if use is not None:
        for index, share in view.context.shares_by_key.get(use.key, []):
            if use.service in share.services:
                found.append(
                    (
                        SHARE_MARK,
                        ("share", index),
                        f"{port_text(share.port, share.protocol)} shared by "
                        f"{view.services(share.services)}: {text(share.reason)}",
                    )
                )
    for index, exception in exceptions.get(ref.service, []):
        if exception.covers(ref.service, ref.tier, ref.component):
            rule = find_rule(exception.rule)
            name = f"{rule.code} {rule.name}" if rule else text(exception.rule)
            found.append(
                (
                    EXCEPTION_MARK,
                    ("exception", index),
                    f"{view.service(ref.service)}: exception to {name}: {text(exception.reason)}",
                )
            )
    if ref.allocation.note:
        found.append(
            (
                NOTE_MARK,
                ("note", *ref.path),
                f"{item.shown} ({view.service(ref.service)} {_component(view, ref)}): "
                f"{text(ref.allocation.note)}",
            )
        )
    return found


def _component(view: View, ref: AllocationRef) -> str:
    return view.component(ref.component, ref.instance)


def known_conflicts(view: View) -> str:
    """The adoption baseline, first in the docs: the conflicts that are accepted for now."""
    rows = []
    for entry in view.registry.known_conflicts:
        uses: Sequence[PortUse] = view.context.by_key.get(
            (entry.scope, entry.protocol, entry.port), []
        )
        names = dict.fromkeys(
            _component(view, use) for use in uses if use.service in entry.services
        )
        rows.append(
            [
                f"{port_text(entry.port, entry.protocol)} {KNOWN_CONFLICT}",
                text(entry.scope),
                view.services(entry.services),
                ", ".join(names) or NONE,
                text(entry.reason),
                text(entry.tracked) if entry.tracked else NONE,
            ]
        )
    return "\n".join(
        [
            "## Known conflicts",
            "",
            "Conflicts accepted for now (`known_conflicts`, the adoption baseline): `portreg "
            f"check` reports them as warnings, and the tables mark their ports {KNOWN_CONFLICT}. "
            "Fix each one, then delete its entry.",
            "",
            table(["Port", "Scope", "Services", "Component", "Reason", "Tracked"], rows),
        ]
    )
