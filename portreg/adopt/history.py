"""A document's revision history as the registry's changelog, newest first.

Versions are kept as written (``"1.9"``, ``"4"``); a history of dates only becomes
calendar versions (``"2026.01.12"``, a serial for a second entry of one day). Entries of
one version are merged, a missing date takes the newer entry's, and a date later than a
newer entry's is brought down to it, so that ``portreg check`` accepts the order.
"""

from __future__ import annotations

import datetime as dt

from portreg.adopt.evidence import Evidence, FoundRevision
from portreg.clock import today
from portreg.records import version_key

SUMMARY_LENGTH = 120


def changelog(evidences: list[Evidence], proposed: str) -> list[dict[str, object]]:
    """The changelog entries (dicts in registry order); one entry when no source has a
    history."""
    revisions = [revision for evidence in evidences for revision in evidence.history]
    usable = [revision for revision in revisions if revision.version or revision.date]
    if not usable:
        return [
            {"version": "1.0", "date": today(), "summary": proposed or "proposed by portreg init"}
        ]
    if all(revision.version for revision in usable):
        keyed = [(revision.version or "", revision) for revision in usable]
        keyed.sort(key=lambda item: version_key(item[0]), reverse=True)
    else:
        keyed = _calendar([revision for revision in usable if revision.date])
    entries: list[dict[str, object]] = []
    newer: dt.date | None = None
    for version, revision in keyed:
        date = _date(revision.date) or newer or today()
        if newer is not None and date > newer:
            date = newer
        newer = date
        if entries and entries[-1]["version"] == version:
            changes = entries[-1].setdefault("changes", [])
            if isinstance(changes, list):
                changes.append(revision.summary)
            continue
        entries.append(_entry(version, date, revision))
    return entries


def _calendar(revisions: list[FoundRevision]) -> list[tuple[str, FoundRevision]]:
    ordered = sorted(revisions, key=lambda revision: revision.date or "", reverse=True)
    per_day: dict[str, int] = {}
    for revision in ordered:
        per_day[revision.date or ""] = per_day.get(revision.date or "", 0) + 1
    keyed = []
    for revision in ordered:
        day = revision.date or ""
        per_day[day] -= 1
        serial = f".{per_day[day]}" if per_day[day] else ""
        keyed.append((day.replace("-", ".") + serial, revision))
    return keyed


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _entry(version: str, date: dt.date, revision: FoundRevision) -> dict[str, object]:
    entry: dict[str, object] = {"version": version, "date": date}
    summary = " ".join(revision.summary.split())
    short = _first_clause(summary)
    entry["summary"] = short
    if revision.author:
        entry["author"] = revision.author
    if short != summary:
        entry["changes"] = [summary]
    return entry


def _first_clause(text: str) -> str:
    """The summary: the text up to its first sentence end, at most SUMMARY_LENGTH
    characters (cut at a word)."""
    for stop in (". ", "; "):
        if stop in text:
            text = text.split(stop, 1)[0]
    if len(text) <= SUMMARY_LENGTH:
        return text.rstrip(".")
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"
