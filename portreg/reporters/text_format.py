"""One line per finding, ``file:line:col: severity CODE rule: message``, then a summary."""

from __future__ import annotations

from portreg.reporters import Report, summary_line


def render(report: Report) -> str:
    lines = [
        f"{finding.location}: {finding.severity.value} {finding.code} {finding.rule}: "
        f"{finding.message}"
        for finding in report.findings
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
