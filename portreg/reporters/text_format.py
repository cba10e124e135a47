"""A line per finding, ``file:line:col: severity CODE rule: message``, the source line with
a caret under the column (unless ``--concise``), then a summary (unless ``--quiet``).

Findings that carry a group (``scan``: one drift found in several places) are preceded,
once per group, by the group's headline; each finding keeps its own complete line.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from portreg.findings import Finding
from portreg.reporters import Report, summary_line

if TYPE_CHECKING:  # colour code is imported only when colour is on
    from portreg.reporters.style import Style

# Characters that could break a line or fool a terminal: C0 and C1 controls, Unicode line
# separators, and the lone surrogates that stand for bytes of a name that is not UTF-8.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_control(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``), so
    that a file name cannot print a line that looks like a finding of its own."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def render(report: Report) -> str:
    display = report.display
    style: Style | None = None
    if display.color:
        from portreg.reporters.style import Style

        style = Style()
    lines: list[str] = []
    if display.statistics:
        from portreg.reporters.statistics import statistics_lines

        lines.extend(statistics_lines(report.shown, style))
    else:
        snippets = None
        if not display.concise and report.shown:
            from portreg.reporters.snippet import Snippets

            snippets = Snippets(style)
        sizes = Counter(finding.group for finding in report.shown if finding.group)
        previous: str | None = None
        for finding in report.shown:
            if finding.group and finding.group != previous:
                count = sizes[finding.group]
                places = f"{count} place{'' if count == 1 else 's'}"
                lines.append(escape_control(f"{finding.group} ({places})"))
            previous = finding.group
            lines.append(headline(finding, style))
            if snippets is not None:
                lines.extend(snippets.lines(finding))
    if not display.quiet:
        lines.extend(escape_control(note) for note in report.notes)
        lines.append(escape_control(summary_line(report)))
    return "".join(f"{line}\n" for line in lines)


def headline(finding: Finding, style: Style | None = None) -> str:
    """``file:line:col: severity CODE rule: message``, its text escaped (colour codes are
    added after, so they are not)."""
    location = escape_control(str(finding.location))
    message = escape_control(finding.message)
    if style is not None:
        return style.headline(finding, location, message)
    return f"{location}: {finding.severity.value} {finding.code} {finding.rule}: {message}"
