"""The allocation tables: one per tier (and per scope other than the host), a row per service.

Shared and excepted ports, and ports with a note, carry a superscript number; the notes under
each table give the reason, so nobody has to guess why a port appears twice.
"""

from __future__ import annotations

from portreg.records import HOST_SCOPE, PortUse
from portreg.render.markdown import NONE, View, superscript, table, text
from portreg.rules import find_rule

NoteKey = tuple[str, ...]


class _Notes:
    """Numbers notes in order of first use, so the same share has one number everywhere."""

    def __init__(self) -> None:
        self.numbers: dict[NoteKey, int] = {}
        self.texts: dict[NoteKey, str] = {}

    def mark(self, key: NoteKey, note: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
            self.texts[key] = note
        return self.numbers[key]

    def lines(self, keys: list[NoteKey]) -> list[str]:
        return [f"- {superscript(self.numbers[key])} {self.texts[key]}" for key in keys]


def render(view: View) -> str:
    registry = view.registry
    parts = ["## Port allocations"]
    if not registry.allocations:
        return "\n".join([*parts, "", "_No ports allocated yet._"])
    groups: dict[tuple[str, str], list[PortUse]] = {}
    for use in registry.allocations:
        groups.setdefault((use.tier, use.scope), []).append(use)
    scope_order = {HOST_SCOPE: -1} | {name: index for index, name in enumerate(registry.scopes)}
    tier_order = {name: index for index, name in enumerate(registry.tiers)}
    notes = _Notes()
    for tier, scope in sorted(
        groups,
        key=lambda item: (
            tier_order.get(item[0], len(tier_order)),
            scope_order.get(item[1], len(scope_order)),
            item,
        ),
    ):
        heading = (
            view.tier(tier) if scope == HOST_SCOPE else f"{view.tier(tier)}: {view.scope(scope)}"
        )
        table_text, used = _table(view, groups[(tier, scope)], notes)
        parts += ["", f"### {heading}", "", table_text]
        if used:
            parts += ["", *notes.lines(used)]
    return "\n".join(parts)


def _table(view: View, uses: list[PortUse], notes: _Notes) -> tuple[str, list[NoteKey]]:
    registry = view.registry
    present = {use.component for use in uses}
    components = [name for name in registry.components if name in present]
    components += sorted(present.difference(components))
    rows: dict[str, dict[str, str]] = {}
    used: list[NoteKey] = []
    for use in uses:
        marks = []
        for key, note in _notes_for(view, use):
            marks.append(superscript(notes.mark(key, note)))
            if key not in used:
                used.append(key)
        cell = str(use.port) if use.protocol == "tcp" else f"{use.port}/{use.protocol}"
        rows.setdefault(use.service, {})[use.component] = " ".join([cell, *marks])
    headers = ["Service", *(view.component(name) for name in components)]
    body = [
        [view.service(service), *(cells.get(name, NONE) for name in components)]
        for service, cells in rows.items()
    ]
    return table(headers, body), used


def _notes_for(view: View, use: PortUse) -> list[tuple[NoteKey, str]]:
    found: list[tuple[NoteKey, str]] = []
    for index, share in view.context.shares_by_key.get(use.key, []):
        if use.service in share.services:
            found.append(
                (
                    ("share", str(index)),
                    f"Shared by {view.services(share.services)}: {text(share.reason)}",
                )
            )
    for index, exception in enumerate(view.registry.exceptions):
        if exception.covers(use.service, use.tier, use.component):
            rule = find_rule(exception.rule)
            name = f"{rule.code} {rule.name}" if rule else text(exception.rule)
            found.append(
                (("exception", str(index)), f"Exception to {name}: {text(exception.reason)}")
            )
    if use.allocation.note:
        found.append((("note", *map(str, use.path)), text(use.allocation.note)))
    return found
