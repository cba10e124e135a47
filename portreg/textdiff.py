"""Unified diffs as portreg prints them (edits, ``move --code``, ``--check`` of generated
files): one function, so that every diff is shown, and made safe, the same way."""

from __future__ import annotations

import difflib

from portreg.escaping import terminal_line

NO_NEWLINE = "\\ No newline at end of file"


def unified_diff(old: str, new: str, before: str, after: str) -> str:
    """The unified diff of ``old`` and ``new``, headed ``--- before`` / ``+++ after``.

    Each line goes through the terminal rule (a file name or a line of any content cannot
    forge a line of output, move the cursor or run a CI command; tabs are kept); CRLF line
    ends are shown as LF, and a last line without one is marked as diff marks it.
    """
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), before, after
    )
    shown = []
    for line in lines:
        body = line.removesuffix("\n").removesuffix("\r")
        shown.append(terminal_line(body) + "\n")
        if not line.endswith("\n"):
            shown.append(NO_NEWLINE + "\n")
    return "".join(shown)
