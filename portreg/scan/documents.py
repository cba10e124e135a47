"""Documents by kind: working notes are history, living docs are read as claims.

A status report, a handoff, a plan or a "SUCCESS" note says what was true the day it was
written; nobody updates it when a port moves, and nobody should. A reviewer reads the ports
in it as history. The scan does too: a finding in working notes is a note (PR515), listed
with ``--show-notes`` and never failing the command. A suite's README or a component's docs
are living documents: they are scanned like code comments (PR506).

A document is working notes when its name or one of its folders says so, by a word that
teams use for them (``STATUS``, ``SUCCESS``, ``HANDOFF``, ``PLAN``, ``REPORT``, ``TRIAGE``,
``RCA``, ``SUMMARY``, ``NOTES``, ``SESSION`` ...; folders ``handoff/``, ``status/``,
``reports/``, ``archive/`` ...), or a date (``STATUS_2026-01-14.md``, ``DEC_25``, or a
``**Date**:`` line at its top). Decision records are history too (``decisions/``,
``adr/``, names starting ``ADR-``, ``DD-``, ``RFC-``): a decision is superseded by a new
record, not edited.
"""

from __future__ import annotations

import re

from portreg.scan.names import words

# Words in a document's name that make it working notes.
NOTE_WORDS = frozenset(
    {"status", "success", "successful", "handoff", "handover", "plan", "plans", "report"}
    | {"reports", "triage", "rca", "postmortem", "summary", "notes", "note", "session"}
    | {"progress", "complete", "completed", "done", "fix", "fixes", "fixed", "investigation"}
    | {"analysis", "findings", "retro", "retrospective", "journal", "log", "diary", "wip"}
    | {"todo", "draft", "resolution", "incident", "debug", "debugging"}
)
# Folders that hold working notes whatever the files are called; decision records (ADRs)
# are history too: once decided, a record is superseded by a new one, never updated.
NOTE_FOLDERS = frozenset(
    {"handoff", "handoffs", "handover", "status", "reports", "notes", "archive", "archived"}
    | {"history", "postmortems", "postmortem", "triage", "sessions", "journal", "plans", "wip"}
    | {"investigations", "incidents", "rca", "retros", "scratch", "drafts", "decisions"}
    | {"adr", "adrs", "rfc", "rfcs"}
)
# The first word of a decision record's name: ADR-012-..., DD-E2E-001-..., RFC-7-...
RECORD_PREFIXES = frozenset({"adr", "dd", "rfc"})
_PROSE = (".md", ".markdown", ".rst", ".txt", ".adoc")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# 2026-01-14, 20260114, DEC_25, JAN-2026: a dated document.
_DATED = re.compile(
    rf"(?:^|[^0-9])20[0-9]{{2}}-?[01][0-9](?:-?[0-3][0-9])?(?:[^0-9]|$)"
    rf"|(?:^|[_\-. ])(?:{_MONTHS})[_\-. ]?(?:[0-9]{{1,2}}|20[0-9]{{2}})(?:[_\-. ]|$)",
    re.IGNORECASE,
)
_LIVING = frozenset({"readme", "index", "contributing", "changelog"})


# A dated header near the top ("**Date**: November 24, 2025", "Date: 2025-10-24"), or a
# note that the document is kept for history ("> **Historical Note (v1.2):**").
_DATE_HEADER = re.compile(
    rb"^\W{0,4}(?:date|created|last updated)\W{0,4}:|^\W{0,6}historical\b",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_SNIFF = 800


def is_working_notes(relative: str, head: bytes = b"") -> bool:
    """Whether a prose document is working notes rather than living docs, by its path or a
    dated header in its first lines (``head``: its first bytes, when read)."""
    lowered = relative.lower()
    if not lowered.endswith(_PROSE):
        return False
    if _DATE_HEADER.search(head[:_HEADER_SNIFF]):
        return True
    *folders, name = relative.split("/")
    stem = name.rsplit(".", 1)[0]
    if stem.lower() in _LIVING:
        return False
    if any(folder.lower() in NOTE_FOLDERS for folder in folders):
        return True
    split = words(stem)
    if split[:1] and split[0] in RECORD_PREFIXES:
        return True
    return bool(NOTE_WORDS.intersection(split)) or _DATED.search(stem) is not None
