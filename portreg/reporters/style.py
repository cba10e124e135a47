"""ANSI colours for the text output (only imported when colour is on)."""

from __future__ import annotations

from portreg.findings import Finding, Severity

RESET = "\033[0m"
BOLD = "\033[1m"
BLUE = "\033[34m"
_SEVERITY = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
}


class Style:
    def paint(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}"

    def severity(self, severity: Severity) -> str:
        return _SEVERITY[severity]

    def headline(self, finding: Finding, location: str, message: str) -> str:
        """The headline of ``finding`` with its (already escaped) location and message."""
        severity = self.paint(finding.severity.value, self.severity(finding.severity))
        return (
            f"{self.paint(location, BOLD)}: {severity} "
            f"{self.paint(finding.code, BOLD)} {finding.rule}: {message}"
        )

    def gutter(self, text: str) -> str:
        return self.paint(text, BLUE)
