"""A line per finding, ``file:line:col: severity CODE rule: message``, the source line with
a caret under the column (unless ``--concise``), then a summary (unless ``--quiet``).

Findings that carry a group (``scan``: one drift found in several places) are preceded,
once per group, by the group's headline; each finding keeps its own complete line.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from portreg.escaping import escape_control, terminal_line
from portreg.findings import Finding
from portreg.reporters import Report, summary_line

if TYPE_CHECKING:  # colour code is imported only when colour is on
    from portreg.reporters.style import Style


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

            snippets = Snippets(style, report.texts)
        sizes = Counter(finding.group for finding in report.shown if finding.group)
        previous: str | None = None
        for finding in report.shown:
            if finding.group and finding.group != previous:
                count = sizes[finding.group]
                places = f"{count} place{'' if count == 1 else 's'}"
                lines.append(terminal_line(f"{finding.group} ({places})"))
            previous = finding.group
            lines.append(headline(finding, style))
            if snippets is not None:
                lines.extend(snippets.lines(finding))
    if not display.quiet:
        lines.extend(terminal_line(note) for note in report.notes)
        lines.append(terminal_line(summary_line(report)))
    return "".join(f"{line}\n" for line in lines)


def headline(finding: Finding, style: Style | None = None) -> str:
    """``file:line:col: severity CODE rule: message``, its text escaped (colour codes are
    added after, so they are not); a file name cannot start a CI log's command."""
    location = terminal_line(str(finding.location))
    message = escape_control(finding.message)
    if style is not None:
        return style.headline(finding, location, message)
    return f"{location}: {finding.severity.value} {finding.code} {finding.rule}: {message}"
