"""Find and replace the generated regions of a markdown file.

A region is everything between a line ``<!-- portreg:begin NAME -->`` and a line
``<!-- portreg:end NAME -->``, the way terraform-docs and helm-docs mark theirs. Only the
text between the two marker lines is ever replaced; the marker lines and everything outside
them are kept byte for byte, line endings included. Markers inside fenced code blocks are
examples, not markers, and so are mentions inside a line of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn

from portreg.findings import InputError, Location

MARKER_CODE = "PR602"
MARKER_RULE = "doc-markers"

_MARKER = re.compile(
    r"^\s*<!--\s*portreg:(begin|end)\s+([a-z][a-z0-9_-]*)((?:\s+[a-z][a-z_-]*=\S*)*)\s*-->\s*$"
)
# What looks like a marker: a line that starts with an HTML comment naming portreg:begin/end.
_CANDIDATE = re.compile(r"^\s*<!--\s*portreg:(begin|end)\b")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def begin_marker(name: str, options: str = "") -> str:
    return f"<!-- portreg:begin {name}{f' {options}' if options else ''} -->"


def end_marker(name: str) -> str:
    return f"<!-- portreg:end {name} -->"


@dataclass(frozen=True)
class Region:
    """Where a section's generated text lives: ``text[start:end]`` is replaced."""

    name: str
    start: int  # just after the begin marker's line ending
    end: int  # the first character of the end marker's line
    newline: str  # the begin marker's line ending, used for the generated lines
    location: Location
    options: tuple[tuple[str, str], ...] = ()  # key=value pairs of the begin marker


@dataclass(frozen=True)
class _Marker:
    kind: str
    name: str
    line_start: int
    line_end: int
    newline: str
    location: Location
    options: tuple[tuple[str, str], ...] = ()


def find_regions(text: str, filename: str, known: Iterable[str]) -> dict[str, Region]:
    """Every region of the file by section name; a broken marker raises InputError."""
    names = tuple(known)
    regions: dict[str, Region] = {}
    open_marker: _Marker | None = None
    for marker in _markers(text, filename):
        if marker.name not in names:
            _fail(marker.location, f"unknown section {marker.name!r}; sections: {', '.join(names)}")
        if marker.kind == "begin":
            if open_marker is not None:
                _fail(
                    marker.location,
                    f"portreg:begin {marker.name} inside section {open_marker.name} "
                    f"(opened at line {open_marker.location.line}); close that one first",
                )
            if marker.name in regions:
                first = regions[marker.name].location.line
                _fail(
                    marker.location, f"section {marker.name} appears twice (first at line {first})"
                )
            open_marker = marker
            continue
        if open_marker is None:
            _fail(
                marker.location,
                f"portreg:end {marker.name} without a portreg:begin {marker.name} before it",
            )
        if marker.name != open_marker.name:
            _fail(
                marker.location,
                f"portreg:end {marker.name}, but section {open_marker.name} "
                f"(line {open_marker.location.line}) is the one open",
            )
        if marker.options:
            _fail(
                marker.location, f"options go on the begin marker, not on portreg:end {marker.name}"
            )
        regions[marker.name] = Region(
            marker.name,
            open_marker.line_end,
            marker.line_start,
            open_marker.newline,
            open_marker.location,
            open_marker.options,
        )
        open_marker = None
    if open_marker is not None:
        _fail(
            open_marker.location,
            f"portreg:begin {open_marker.name} is never closed: add a line "
            f"{end_marker(open_marker.name)} after it",
        )
    return regions


def replace_regions(text: str, regions: Mapping[str, Region], rendered: Mapping[str, str]) -> str:
    """The text with each rendered section put into its region, in the region's line ending."""
    parts: list[str] = []
    position = 0
    for region in sorted(regions.values(), key=lambda item: item.start):
        if region.name not in rendered:
            continue
        body = rendered[region.name].rstrip("\n")
        parts.append(text[position : region.start])
        parts.append(body.replace("\n", region.newline) + region.newline)
        position = region.end
    parts.append(text[position:])
    return "".join(parts)


def new_document(rendered: Mapping[str, str]) -> str:
    """A whole file for sections in the given order, with markers so the next run updates it."""
    blocks = [
        f"{begin_marker(name)}\n{body.rstrip(chr(10))}\n{end_marker(name)}\n"
        for name, body in rendered.items()
    ]
    return "\n".join(blocks)


def _markers(text: str, filename: str) -> Iterable[_Marker]:
    fence: str | None = None
    offset = 0
    for number, line in enumerate(_lines(text), start=1):
        start, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        newline = line[len(body) :]
        # A byte-order mark before the first line is not text: a marker may follow it.
        content = body.removeprefix("\ufeff") if number == 1 else body
        fenced = _FENCE.match(content)
        if fenced:
            mark = fenced.group(1)
            if fence is None:
                fence = mark
            elif (
                mark[0] == fence[0] and len(mark) >= len(fence) and not content.strip(mark[0] + " ")
            ):
                fence = None
            continue
        if fence is not None or not _CANDIDATE.match(content):
            continue
        location = Location(filename, number, content.index("<!--") + 1)
        match = _MARKER.match(content)
        if match is None:
            _fail(
                location,
                "malformed marker: write <!-- portreg:begin NAME [key=value ...] --> or "
                "<!-- portreg:end NAME --> alone on its line",
            )
        options = tuple(
            (key, value)
            for key, _, value in (part.partition("=") for part in match.group(3).split())
        )
        yield _Marker(match.group(1), match.group(2), start, offset, newline, location, options)


def _lines(text: str) -> Iterable[str]:
    """Lines with their endings; unlike str.splitlines, only \\n ends a line (as in git)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _fail(location: Location, message: str) -> NoReturn:
    raise InputError(message, location, code=MARKER_CODE, rule=MARKER_RULE)
