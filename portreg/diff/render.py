"""Output for ``portreg diff``: text, json, markdown, and a ready changelog entry.

The JSON shape is documented in docs/output-formats.md and stable within a major version.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from portreg import __version__
from portreg.diff.changes import Change, Kind
from portreg.escaping import (
    escape_control,
    json_text,
    markdown_inline,
    terminal_text,
    yaml_quoted,
)
from portreg.findings import Location
from portreg.records import version_key
from portreg.tables import markdown_table
from portreg.versions import raised_version
from portreg.wording import plural

DIFF_FORMATS = ("text", "json", "markdown")
JSON_FORMAT_VERSION = 1
_MARKERS = {"added": "+", "removed": "-", "changed": "~"}
_NOT_IN_CHANGELOG = frozenset(
    {Kind.VERSION, Kind.CHANGELOG_ADDED, Kind.CHANGELOG_REMOVED, Kind.CHANGELOG_CHANGED}
)


@dataclass(frozen=True)
class Side:
    """One of the two registries compared: its name as shown, and its version (None when it
    did not exist)."""

    name: str
    version: str | None

    def __str__(self) -> str:
        return f"{self.version or 'none'} ({self.name})"


@dataclass(frozen=True)
class DiffReport:
    old: Side
    new: Side
    changes: list[Change]
    # Where each change is in the new registry, in the order of ``changes``.
    locations: list[Location]


def get_renderer(name: str) -> Callable[[DiffReport], str]:
    return {"text": render_text, "json": render_json, "markdown": render_markdown}[name]


def render_text(report: DiffReport) -> str:
    # Notes, reasons and changelog lines are the registry's text: one line each, escaped.
    lines = [f"registry {escape_control(str(report.old))} → {escape_control(str(report.new))}"]
    lines.extend(
        f"{_MARKERS[change.kind.action]} {escape_control(change.text)}" for change in report.changes
    )
    lines.append(_count(report.changes))
    return terminal_text("\n".join(lines)) + "\n"


def render_json(report: DiffReport) -> str:
    document = {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "portreg", "version": __version__},
        "command": "diff",
        "old": {"name": report.old.name, "version": report.old.version},
        "new": {"name": report.new.name, "version": report.new.version},
        "summary": {"changes": len(report.changes), **_counts(report.changes)},
        "changes": [
            {
                "kind": change.kind.value,
                "action": change.kind.action,
                "subject": change.subject,
                "old": change.old,
                "new": change.new,
                "governed": change.governed,
                "text": change.text,
                "file": location.file,
                "line": location.line,
                "column": location.column,
            }
            for change, location in zip(report.changes, report.locations, strict=True)
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def render_markdown(report: DiffReport) -> str:
    """A table for a pull-request comment."""
    old, new = (markdown_inline(side.version or "none") for side in (report.old, report.new))
    title = f"### Port registry: {old} → {new}"
    if not report.changes:
        return f"{title}\n\nNo changes.\n"
    rows = [
        [change.kind.verb, _cell(change.subject), _cell(change.old), _cell(change.new)]
        for change in report.changes
    ]
    table = markdown_table(["change", "what", "before", "after"], rows, empty="")
    return f"{title}\n\n{table}\n\n{_count(report.changes)}\n"


def _cell(text: str | None) -> str:
    """Registry text in a table cell: its inline markdown kept, nothing that leaves the cell."""
    return "" if text is None else markdown_inline(text)


def _counts(changes: list[Change]) -> dict[str, int]:
    """How many were added, removed and changed (always all three keys)."""
    counts = Counter(change.kind.action for change in changes)
    return {action: counts[action] for action in ("added", "removed", "changed")}


def _count(changes: list[Change]) -> str:
    """``3 changes: 1 version changed, 1 port moved, 1 share removed``."""
    if not changes:
        return "no changes"
    return f"{plural(len(changes), 'change')}: {_by_kind(changes)}"


# What a kind of change is about, where its name says it too shortly.
_NOUNS = {
    "changelog": "changelog entry",
    "header": "header field",
    "production": "production port",
    "workers": "workers entry",
    "exclusive": "exclusive group",
    "docs": "docs target",
    "scan": "scan setting",
}


def _by_kind(changes: list[Change]) -> str:
    """``2 components changed, 1 changelog entry added``: each kind counted, in order."""
    counts = Counter(change.kind for change in changes)
    said = []
    for kind, count in counts.items():
        noun = kind.value.removesuffix(f"-{kind.verb}").replace("-", " ")
        said.append(f"{plural(count, _NOUNS.get(noun, noun))} {kind.verb}")
    return ", ".join(said)


def next_version(old: str | None, new: str | None, today: dt.date) -> str:
    """The version the entry is for: ``new`` if it was already raised, else raised as the
    editing commands raise it (minor, or a calendar version to today's date)."""
    if new is None:
        return "1.0"
    if old is None or version_key(new) > version_key(old):
        return new
    return raised_version(max(old, new, key=version_key), "minor", today)


def changelog_entry(report: DiffReport, today: dt.date) -> str:
    """A changelog item to paste at the top of ``changelog:`` (newest first)."""
    # The entry is about the allocation: the version and the changelog itself are not news.
    changes = [change for change in report.changes if change.kind not in _NOT_IN_CHANGELOG]
    version = next_version(report.old.version, report.new.version, today)
    summary = changes[0].text if len(changes) == 1 else _by_kind(changes) or "no changes"
    lines = [
        f"  - version: {yaml_quoted(version)}",
        f"    date: {today.isoformat()}",
        f"    summary: {yaml_quoted(summary)}",
    ]
    if changes:
        lines.append("    changes:")
        lines.extend(f"      - {yaml_quoted(change.text)}" for change in changes)
    return "\n".join(lines) + "\n"
