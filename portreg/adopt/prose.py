"""What a port document says outside its allocation tables: its title and version, the
revision history (a table, or dated bullets), reserved ports ("do not use", "avoided"),
and footnotes (``¹ notifications reads billing's DB``) that become notes.
"""

from __future__ import annotations

import re

from portreg.adopt.cells import read_cell
from portreg.adopt.columns import Role, classify
from portreg.adopt.evidence import Evidence, FoundReservation, FoundRevision
from portreg.adopt.markdown import Block, Document, Table
from portreg.findings import Location

MARKERS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§"
_HISTORY_HEADING = re.compile(r"\b(?:history|changelog|change log|revisions?|changes)\b", re.I)
_VERSION = re.compile(
    r"\b(?:version|revision|rev)\b[*_]*\s*[:=]?\s*[*_]*\s*v?(\d+(?:\.\d+)*)\b", re.IGNORECASE
)
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_RESERVED_HEADING = re.compile(
    r"\b(?:reserved|do not use|don't use|avoid(?:ed)?|forbidden|off[- ]limits|blocked)\b", re.I
)
_RESERVED_LABEL = re.compile(r"^\W*(?:reserved|avoid(?:ed)?|do not use|forbidden)\b[^:]*:\s*", re.I)
# A footnote's text: "¹ notifications' suite reads ...", "\\* Per the real config ...".
_FOOTNOTE = re.compile(rf"^\s*([{re.escape(MARKERS)}])\s*(.+)$", re.S)


def is_history(table: Table) -> bool:
    """A revision history: under a history heading, or with version and date columns."""
    nearest = table.headings[-1] if table.headings else ""
    if _HISTORY_HEADING.search(nearest):
        roles = {classify(cell.text, history=True).role for cell in table.header}
        return Role.DATE in roles or Role.VERSION in roles
    roles = {classify(cell.text, history=True).role for cell in table.header}
    return {Role.VERSION, Role.DATE} <= roles and Role.CHANGE in roles


def revisions(table: Table, path: str) -> list[FoundRevision]:
    """The rows of a history table, newest first as written or sorted by date."""
    columns = [classify(cell.text, history=True) for cell in table.header]
    found = []
    for row in table.rows:
        fields: dict[Role, str] = {}
        rest: list[str] = []
        for column, cell in zip(columns, row, strict=False):
            if column.role in (Role.VERSION, Role.DATE, Role.AUTHOR, Role.CHANGE):
                fields.setdefault(column.role, cell.text)
            elif cell.text:
                rest.append(f"{column.header}: {cell.text}")
        date = _DATE.search(fields.get(Role.DATE, ""))
        version = _VERSION_ONLY.search(fields.get(Role.VERSION, ""))
        summary = fields.get(Role.CHANGE) or "; ".join(rest) or "(no description)"
        if fields.get(Role.CHANGE) and rest:
            summary = f"{summary} ({'; '.join(rest)})"
        place = Location(path, row[0].line if row else table.line, 1)
        found.append(
            FoundRevision(
                version.group(1) if version else None,
                date.group(1) if date else None,
                summary,
                place,
                fields.get(Role.AUTHOR) or None,
            )
        )
    return found


_VERSION_ONLY = re.compile(r"v?(\d+(?:\.\d+)*)")


def footnotes(document: Document) -> dict[str, str]:
    """Footnote marker -> text, from paragraphs that start with a marker."""
    notes: dict[str, str] = {}
    for block in document.blocks:
        found = _FOOTNOTE.match(block.text)
        if found and found.group(1) not in notes:
            notes[found.group(1)] = " ".join(found.group(2).strip(" *_").split())
    return notes


def read_text(document: Document, path: str, evidence: Evidence) -> None:
    """The document's title and version, reserved ports, and dated history bullets."""
    evidence.title = document.title
    for block in document.blocks[:12]:  # the header: "**Version**: 3.8", "Revision 4"
        found = _VERSION.search(block.text)
        if found:
            evidence.version = found.group(1)
            evidence.version_place = Location(path, block.line, 1)
            break
    for block in document.blocks:
        _reserved(block, path, evidence)
        _history_bullet(block, path, evidence)


def _reserved(block: Block, path: str, evidence: Evidence) -> None:
    labelled = _RESERVED_LABEL.match(block.text)
    under = any(_RESERVED_HEADING.search(heading) for heading in block.headings[-1:])
    if not labelled and not under:
        return
    text = block.text[labelled.end() :] if labelled else block.text
    reason = _reason(text)
    value = read_cell(text)
    place = Location(path, block.line, 1)
    for start, end in value.ranges:
        evidence.reserved.append(FoundReservation(start, end, reason, place))
    for port in value.ports:
        evidence.reserved.append(
            FoundReservation(port.port, port.port, port.label or reason, place)
        )


def _reason(text: str) -> str:
    """The words of a reservation line, without its numbers: the reason."""
    words = re.sub(r"\b\d{2,5}(?:\s*[-–]\s*\d{2,5})?\b|[,;:()]", " ", text)
    words = " ".join(words.split())
    while re.match(r"(?:and|or|are|is)\b", words):
        words = words.split(" ", 1)[1] if " " in words else ""
    return words or "reserved in the hand-kept document"


def _history_bullet(block: Block, path: str, evidence: Evidence) -> None:
    """``- 2025-10-01: webhook moved to its own cluster`` under a history heading."""
    if not any(_HISTORY_HEADING.search(heading) for heading in block.headings[-1:]):
        return
    found = re.match(r"^\W*(\d{4}-\d{2}-\d{2})\W+(.+)$", block.text)
    if found:
        version = re.search(r"\bv(\d+(?:\.\d+)+)\b", found.group(2))
        evidence.history.append(
            FoundRevision(
                version.group(1) if version else None,
                found.group(1),
                found.group(2).strip(),
                Location(path, block.line, 1),
            )
        )
