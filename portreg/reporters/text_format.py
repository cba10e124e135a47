"""One line per finding, ``file:line:col: severity CODE rule: message``, then a summary.

Findings that carry a group (``scan``: one drift found in several places) are preceded,
once per group, by the group's headline; each finding keeps its own complete line.
"""

from __future__ import annotations

from collections import Counter

from portreg.reporters import Report, summary_line


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
    return "\n".join(lines) + "\n"
