"""``--statistics``: how many findings each rule has, most first, instead of the findings."""

from __future__ import annotations

from collections import Counter

from portreg.findings import Finding
from portreg.reporters.style import Style
from portreg.tables import terminal_table


def statistics_lines(findings: list[Finding], style: Style | None = None) -> list[str]:
    counts = Counter(finding.code for finding in findings)
    first = {finding.code: finding for finding in reversed(findings)}
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        finding = first[code]
        severity = finding.severity.value
        if style is not None:
            severity = style.paint(severity, style.severity(finding.severity))
        rows.append([str(count), code, finding.rule, severity])
    return terminal_table(rows, right=[0])
