"""The unified diff an edit prints of each file it changes.

An edit changes a few lines of a file that may have hundreds of thousands: the lines the
two texts share at the start and at the end are set aside before difflib compares the
rest, so the diff costs what the change costs, not what the file does. Lines end at
``\\n``, ``\\r\\n`` or a lone ``\\r`` (as YAML counts them) and are printed with ``\\n``.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator

CONTEXT = 3
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line break (the last one may have none)."""
    return _LINE.findall(text)


def unified_diff(old: str, new: str, fromfile: str, tofile: str) -> Iterator[str]:
    """difflib's unified diff of two texts, computed on the part where they differ."""
    before, after = split_lines(old), split_lines(new)
    same = min(len(before), len(after))
    head = 0
    while head < same and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < same - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    start = max(0, head - CONTEXT)
    keep = max(0, tail - CONTEXT)
    window = difflib.unified_diff(
        before[start : len(before) - keep],
        after[start : len(after) - keep],
        fromfile=fromfile,
        tofile=tofile,
    )
    for line in window:
        if start and line.startswith("@@"):
            line = _HUNK.sub(lambda match: _shifted(match, start), line, count=1)
        yield line


def print_diff(name: str, old: str, new: str) -> None:
    """Print the diff of ``name`` from ``old`` to ``new`` (headers say before and after)."""
    lines = unified_diff(old, new, f"{name} (before)", f"{name} (after)")
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if number < 2 or line.startswith("@@") or body != line:  # headers end with \n
            sys.stdout.write(f"{body}\n")
        else:  # the file's last line, without a line break
            sys.stdout.write(f"{body}\n\\ No newline at end of file\n")


def _shifted(match: re.Match[str], offset: int) -> str:
    old_start, old_count, new_start, new_count = match.groups()
    return (
        f"@@ -{int(old_start) + offset}{old_count or ''} "
        f"+{int(new_start) + offset}{new_count or ''} @@"
    )
