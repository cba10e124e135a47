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
from portreg.findings import Location
from portreg.records import version_key
from portreg.tables import markdown_table
from portreg.versions import raised_version

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
    lines = [f"registry {report.old} → {report.new}"]
    lines.extend(f"{_MARKERS[change.kind.action]} {change.text}" for change in report.changes)
    lines.append(_count(report.changes))
    return "\n".join(lines) + "\n"


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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(report: DiffReport) -> str:
    """A table for a pull-request comment."""
    title = f"### Port registry: {report.old.version or 'none'} → {report.new.version or 'none'}"
    if not report.changes:
        return f"{title}\n\nNo changes.\n"
    rows = [
        [change.kind.verb, _cell(change.subject), _cell(change.old), _cell(change.new)]
        for change in report.changes
    ]
    table = markdown_table(["change", "what", "before", "after"], rows, empty="")
    return f"{title}\n\n{table}\n\n{_count(report.changes)}\n"


def _cell(text: str | None) -> str:
    if text is None:
        return ""
    return text.replace("|", "\\|")


def _counts(changes: list[Change]) -> dict[str, int]:
    """How many were added, removed and changed (always all three keys)."""
    counts = Counter(change.kind.action for change in changes)
    return {action: counts[action] for action in ("added", "removed", "changed")}


def _count(changes: list[Change]) -> str:
    """``3 changes: 1 version changed, 1 port moved, 1 share removed``."""
    if not changes:
        return "no changes"
    return f"{len(changes)} change{'' if len(changes) == 1 else 's'}: {_by_kind(changes)}"


def _by_kind(changes: list[Change]) -> str:
    counts = Counter(change.kind.value.replace("-", " ") for change in changes)
    return ", ".join(f"{count} {what}" for what, count in counts.items())


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
    # JSON strings are YAML double-quoted scalars: safe for any text a change line holds.
    lines = [
        f"  - version: {json.dumps(version)}",
        f"    date: {today.isoformat()}",
        f"    summary: {json.dumps(summary, ensure_ascii=False)}",
    ]
    if changes:
        lines.append("    changes:")
        lines.extend(f"      - {json.dumps(c.text, ensure_ascii=False)}" for c in changes)
    return "\n".join(lines) + "\n"
