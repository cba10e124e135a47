"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

See "Workflow commands for GitHub Actions": ``::error file=F,line=L,col=C,title=T::message``.
"""

from __future__ import annotations

from portreg.findings import Severity
from portreg.reporters import Report, summary_line

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for finding in report.shown:
        location = finding.location
        properties = ",".join(
            [
                f"file={_escape_property(location.file)}",
                f"line={location.line}",
                f"col={location.column}",
                f"title={_escape_property(f'{finding.code} {finding.rule}')}",
            ]
        )
        command = _COMMANDS[finding.severity]
        lines.append(f"::{command} {properties}::{_escape_data(finding.message)}")
    # The plain summary still goes to the log, where people read it.
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
