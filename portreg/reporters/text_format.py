"""One line per finding, ``file:line:col: severity CODE rule: message``, then a summary.

Findings that carry a group (``scan``: one drift found in several places) are preceded,
once per group, by the group's headline; each finding keeps its own complete line.
"""

from __future__ import annotations

import re
from collections import Counter

from portreg.reporters import Report, summary_line

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
    lines = []
    sizes = Counter(finding.group for finding in report.findings if finding.group)
    previous: str | None = None
    for finding in report.findings:
        if finding.group and finding.group != previous:
            count = sizes[finding.group]
            lines.append(f"{finding.group} ({count} place{'' if count == 1 else 's'})")
        previous = finding.group
        lines.append(
            f"{finding.location}: {finding.severity.value} {finding.code} {finding.rule}: "
            f"{finding.message}"
        )
    lines.extend(report.notes)
    lines.append(summary_line(report))
    return "\n".join(escape_control(line) for line in lines) + "\n"
