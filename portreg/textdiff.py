"""Unified diffs as portreg prints them (edits, ``move --code``, ``--check`` of generated
files): one function, so that every diff is shown, and made safe, the same way.

An edit changes a few places of a file that may have hundreds of thousands of lines (the
version at the top, a service in the middle, the changelog at the end). difflib compares
whole files in time that grows with their size; here the two texts are walked side by side
instead, and where they part, the nearest place where they agree again (three lines alike)
is searched for, closest first; difflib then finds the smallest diff of the part between.
The cost follows the size of the change (a change of thousands of lines is all difflib's).
The hunks are those ``diff -u`` prints. Lines end at ``\\n``, ``\\r\\n`` or a lone
``\\r`` (as YAML counts them) and are shown with ``\\n``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

from portreg.escaping import terminal_line

NO_NEWLINE = "\\ No newline at end of file"
CONTEXT = 3
# Lines that must agree for the texts to be in step again after a difference.
_RESYNC = 3
# How far (lines of both texts together) a difference is followed before difflib takes over.
_SEARCH = 600
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

Opcode = tuple[str, int, int, int, int]


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line break (the last one may have none)."""
    return _LINE.findall(text)


def opcodes(before: Sequence[str], after: Sequence[str]) -> list[Opcode]:
    """difflib's opcodes (equal, replace, delete, insert) from ``before`` to ``after``."""
    found: list[Opcode] = []
    i = j = 0
    n, m = len(before), len(after)
    while i < n or j < m:
        start_i, start_j = i, j
        alike = _alike(before, after, i, j)
        i, j = i + alike, j + alike
        if alike:
            found.append(("equal", start_i, i, start_j, j))
        if i == n and j == m:
            break
        step = _resync(before, after, i, j)
        # difflib (the smallest diff) within the part that differs; beyond the search, it
        # compares the rest.
        removed, added = step if step is not None else (n - i, m - j)
        matcher = difflib.SequenceMatcher(
            None, before[i : i + removed], after[j : j + added], autojunk=False
        )
        found.extend(
            (tag, a1 + i, a2 + i, b1 + j, b2 + j) for tag, a1, a2, b1, b2 in matcher.get_opcodes()
        )
        i, j = i + removed, j + added
    return found


def _alike(before: Sequence[str], after: Sequence[str], i: int, j: int) -> int:
    """How many lines from ``i`` and ``j`` on are alike (slices compare at C speed)."""
    low, high = 0, min(len(before) - i, len(after) - j)
    step = 1
    while (
        low + step <= high and before[i + low : i + low + step] == after[j + low : j + low + step]
    ):
        low += step
        step *= 2
    # the answer is in [low, low + step): halve the step down to one line
    while step > 1:
        step //= 2
        if (
            low + step <= high
            and before[i + low : i + low + step] == after[j + low : j + low + step]
        ):
            low += step
    return low


def _resync(before: Sequence[str], after: Sequence[str], i: int, j: int) -> tuple[int, int] | None:
    """The fewest lines (removed, added) after which the texts agree again from ``i`` and
    ``j`` on: ``_RESYNC`` lines alike, or both ended."""
    n, m = len(before), len(after)
    for distance in range(1, _SEARCH + 1):
        for removed in range(max(0, distance - (m - j)), min(distance, n - i) + 1):
            added = distance - removed
            x, y = i + removed, j + added
            if before[x : x + _RESYNC] == after[y : y + _RESYNC] and (
                x + _RESYNC <= n or n - x == m - y
            ):
                return removed, added
        if distance >= (n - i) + (m - j):
            return n - i, m - j
    return None


def unified_diff(old: str, new: str, before: str, after: str) -> str:
    """The unified diff of ``old`` and ``new``, headed ``--- before`` / ``+++ after``.

    Each line goes through the terminal rule (a file name or a line of any content cannot
    forge a line of output, move the cursor or run a CI command; tabs are kept); CRLF and CR
    line ends are shown as LF, and a last line without one is marked as diff marks it.
    """
    return "".join(_shown(_unified(old, new, before, after)))


def _shown(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        body = line.removesuffix("\n").removesuffix("\r")
        yield terminal_line(body) + "\n"
        if not line.endswith(("\n", "\r")):
            yield NO_NEWLINE + "\n"


def _unified(old: str, new: str, before: str, after: str) -> Iterator[str]:
    lines_before, lines_after = split_lines(old), split_lines(new)
    started = False
    for group in _grouped(opcodes(lines_before, lines_after)):
        if not started:
            started = True
            yield f"--- {before}\n"
            yield f"+++ {after}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                yield from (" " + line for line in lines_before[a1:a2])
                continue
            yield from ("-" + line for line in lines_before[a1:a2])
            yield from ("+" + line for line in lines_after[b1:b2])


def _grouped(codes: list[Opcode]) -> Iterator[list[Opcode]]:
    """The hunks: changes with CONTEXT equal lines around them, joined when their contexts
    meet (difflib's ``get_grouped_opcodes``)."""
    if not any(tag != "equal" for tag, *_ in codes):
        return
    codes = list(codes)
    tag, a1, a2, b1, b2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(a1, a2 - CONTEXT), a2, max(b1, b2 - CONTEXT), b2)
    tag, a1, a2, b1, b2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, a1, min(a2, a1 + CONTEXT), b1, min(b2, b1 + CONTEXT))
    group: list[Opcode] = []
    for tag, a1, a2, b1, b2 in codes:
        if tag == "equal" and a2 - a1 > 2 * CONTEXT:
            group.append((tag, a1, a1 + CONTEXT, b1, b1 + CONTEXT))
            yield group
            group = []
            a1, b1 = a2 - CONTEXT, b2 - CONTEXT
        group.append((tag, a1, a2, b1, b2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's range as ``diff -u`` writes it: 1-based first line and count."""
    length = stop - start
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"
