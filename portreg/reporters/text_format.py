"""One line per finding, ``file:line:col: severity CODE rule: message``, the source line with
a caret under the column (unless ``--concise``), then a summary (unless ``--quiet``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    elif display.concise or not report.shown:
        lines.extend(headline(finding, style) for finding in report.shown)
    else:
        from portreg.reporters.snippet import Snippets

        snippets = Snippets(style)
        for finding in report.shown:
            lines.append(headline(finding, style))
            lines.extend(snippets.lines(finding))
    if not display.quiet:
        lines.append(summary_line(report))
    return "".join(f"{line}\n" for line in lines)


def headline(finding: Finding, style: Style | None = None) -> str:
    """``file:line:col: severity CODE rule: message``."""
    if style is not None:
        return style.headline(finding)
    return (
        f"{finding.location}: {finding.severity.value} {finding.code} {finding.rule}: "
        f"{finding.message}"
    )
