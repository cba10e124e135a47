"""PR115: a comment one space after a plain text value, which its author most likely meant
as part of the value.

YAML ends a plain scalar at " #": ``summary: fixed the race #932`` reads ``fixed the race``
and drops `` #932`` silently. yamllint's ``comments`` rule asks for two spaces before an
inline comment for this reason; portreg warns where a single space follows a plain text
value, the one case where the comment can be mistaken for the value's end.
"""

from __future__ import annotations

import re

from portreg.findings import Finding, Location, Severity

CODE, NAME = "PR115", "value-cut-by-comment"
# Content, one space, "#": where a plain scalar may have been cut (0-based line numbers).
_ONE_SPACE_COMMENT = re.compile(r"\S #")


# Every line break YAML counts (a file saved with a lone CR has no \n at all).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML numbers them (the parser's marks count these)."""
    return _BREAK.split(text)


def lines_to_look_at(text: str) -> frozenset[int]:
    """The lines where some content is followed by a single space and ``#``: the only ones
    the walk looks at again (none, in a registry that puts two spaces before a comment)."""
    if " #" not in text:
        return frozenset()
    return frozenset(
        number for number, line in enumerate(yaml_lines(text)) if _ONE_SPACE_COMMENT.search(line)
    )


def cut_by_comment(
    line: str, end_column: int, value: str, file: str, line_number: int
) -> Finding | None:
    """A warning when the plain value ending at ``end_column`` of ``line`` is followed by
    `` #``: the comment starts right there."""
    if line[end_column : end_column + 2] != " #":
        return None
    comment = line[end_column + 1 :].rstrip()
    shown = value if len(value) <= 40 else value[:37] + "..."
    return Finding(
        CODE,
        NAME,
        Severity.WARNING,
        f"{comment!r} is a comment, not part of the value, which YAML reads as {shown!r}: "
        "quote the whole value to keep it, or put two spaces before # for a comment",
        Location(file, line_number + 1, end_column + 2),
    )
