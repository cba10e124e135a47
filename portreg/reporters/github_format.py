"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

See "Workflow commands for GitHub Actions": ``::error file=F,line=L,col=C,title=T::message``.
"""

from __future__ import annotations

from portreg.escaping import github_data, github_property, terminal_line
from portreg.findings import Severity
from portreg.reporters import Report, summary_line

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    lines = []
    for finding in report.shown:
        location = finding.location
        properties = ",".join(
            [
                f"file={github_property(location.file)}",
                f"line={location.line}",
                f"col={location.column}",
                f"title={github_property(f'{finding.code} {finding.rule}')}",
            ]
        )
        command = _COMMANDS[finding.severity]
        lines.append(f"::{command} {properties}::{github_data(finding.message)}")
    # The plain summary still goes to the log, where people read it (as a line, not a command).
    lines.append(terminal_line(summary_line(report)))
    return "\n".join(lines) + "\n"
