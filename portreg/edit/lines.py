"""Lines of a YAML text as YAML counts them, for the splicer.

YAML breaks lines at ``\\n``, ``\\r\\n`` and a lone ``\\r`` (and NEL, LS, PS), and the
positions the parser reports count lines that way. A registry saved with old Mac line ends
(``\\r`` alone) is as much YAML as any other: the splicer finds its lines and writes new ones
with the same ending.
"""

from __future__ import annotations

import bisect
import itertools
import re

# Every line break YAML knows; \r\n first, so that it counts once.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_RARE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


class Lines:
    """Where each line of ``text`` starts, and the ending new lines take."""

    def __init__(self, text: str) -> None:
        self.text = text
        if any(mark in text for mark in _RARE_BREAKS):
            self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]
        else:  # \n only: the fast way
            self.starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]
            self.starts.pop()  # split gives one more piece than there are breaks
        if "\r\n" in text:
            self.newline = "\r\n"
        elif "\r" in text and "\n" not in text:
            self.newline = "\r"
        else:
            self.newline = "\n"

    def start(self, line: int) -> int:
        """The index where 0-based ``line`` starts (the end of the text past the last)."""
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def content(self, line: int) -> str:
        """The line's text without its line break."""
        start, end = self.start(line), self.start(line + 1)
        return _BREAK.sub("", self.text[start:end])

    def end_of_line(self, index: int) -> int:
        """The index just after the line break that ends the content ending at ``index``."""
        if index > 0 and _BREAK.match(self.text, index - 1) and not self._inside_crlf(index):
            return index  # a block scalar's end already includes its line break
        return self.start(self.line_of(index) + 1)

    def ends_with_break(self) -> bool:
        return bool(self.text) and self.text[-1] in "\r\n\x85\u2028\u2029"

    def _inside_crlf(self, index: int) -> bool:
        return self.text[index - 1 : index + 1] == "\r\n"
