"""Read the selected files and find the port numbers in them.

One process, on purpose: Python's regex engine holds the GIL, so threads would not help,
and forked workers measured no faster on the benchmark tree (100 MB) on a busy two-core
machine, while costing start-up time in the common case, a pre-commit hook on a few files.
"""

from __future__ import annotations

from portreg.scan.files import FileToScan, Selection, read
from portreg.scan.matcher import Hit, PortMatcher


def search(selection: Selection, matcher: PortMatcher) -> list[tuple[FileToScan, list[Hit]]]:
    """Each file with at least one hit, in selection order; skipped files are counted."""
    found = []
    for file in selection.files:
        data, why = read(file)
        if data is None:
            selection.skipped[why or "unreadable"] += 1
            continue
        selection.read += 1
        hits = list(matcher.find(data))
        if hits:
            found.append((file, hits))
    return found
