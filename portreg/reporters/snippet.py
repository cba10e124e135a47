"""The source line of a finding with a caret under its column, as ruff and rustc show it::

    registry/ports.yaml:113:47: error PR201 port-conflict: ...
         |
     113 |       integration: {postgresql: 15439, redis: 16387, datastorage: 18098}
         |                                               ^

Files are read again here (only for the text output, and once each); a file that cannot
be read (a ``REV:path`` from git, a file gone since) gets no snippet.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from portreg.escaping import escape_control
from portreg.findings import Finding
from portreg.reporters.style import Style

TAB_WIDTH = 4
# A longer line is shown as a window around the caret (a giant number, minified text).
MAX_WIDTH = 120


class Snippets:
    def __init__(self, style: Style | None = None, texts: dict[str, str] | None = None) -> None:
        self.style = style
        self._files: dict[str, list[str] | None] = {
            name: text.removeprefix("\ufeff").splitlines() for name, text in (texts or {}).items()
        }

    def lines(self, finding: Finding) -> list[str]:
        """The snippet lines for ``finding`` (none when its line cannot be read)."""
        location = finding.location
        source = self._read(location.file)
        if source is None or not 0 < location.line <= len(source):
            return []
        shown, caret_at = clip(*visible(source[location.line - 1], location.column))
        number = str(location.line)
        pad = " " * (len(number) + 2)
        bar = self._gutter(f"{pad}|")
        caret = "^"
        if self.style is not None:
            caret = self.style.paint(caret, self.style.severity(finding.severity))
        return [
            bar,
            f"{self._gutter(f' {number} |')} {shown}".rstrip(),
            f"{bar} {' ' * caret_at}{caret}",
            "",
        ]

    def _gutter(self, text: str) -> str:
        return self.style.gutter(text) if self.style is not None else text

    def _read(self, file: str) -> list[str] | None:
        if file not in self._files:
            try:
                text = Path(file).read_text(encoding="utf-8-sig")
                self._files[file] = text.splitlines()
            except (OSError, UnicodeDecodeError, ValueError):
                self._files[file] = None
        return self._files[file]


def visible(line: str, column: int) -> tuple[str, int]:
    """The line as it can be printed safely (tabs expanded, control characters escaped) and
    the printed column (0-based) under which the 1-based ``column`` falls."""
    if line.isascii() and line.isprintable() and "##[" not in line:
        # Most lines of code: printed as they are (a scan shows hundreds of them).
        return line, max(0, min(column - 1, len(line)))
    parts: list[str] = []
    caret_at = 0
    for index, character in enumerate(line):
        if index == column - 1:
            caret_at = sum(len(part) for part in parts)
        if character == "\t":
            parts.append(" " * TAB_WIDTH)
        elif unicodedata.category(character) == "Cf":
            # Invisible format characters (a right-to-left override ...) would make the line
            # read unlike what the parser saw.
            parts.append(f"\\u{ord(character):04x}")
        elif character == "[" and line[index - 2 : index] == "##" and index >= 2:
            parts.append(escape_control("##[")[2:])  # a CI log's command mark, as escaping says
        else:
            parts.append(escape_control(character))
    if column - 1 >= len(line):
        caret_at = sum(len(part) for part in parts)
    return "".join(parts), caret_at


def clip(shown: str, caret_at: int) -> tuple[str, int]:
    """At most MAX_WIDTH characters of ``shown`` around ``caret_at``, cuts marked with …."""
    if len(shown) <= MAX_WIDTH:
        return shown, caret_at
    start = max(0, min(caret_at - MAX_WIDTH // 2, len(shown) - MAX_WIDTH))
    end = start + MAX_WIDTH
    head = "…" if start else ""
    tail = "…" if end < len(shown) else ""
    return head + shown[start:end] + tail, caret_at - start + len(head)
