"""Reporters turn findings into output; each format is one module with a ``render`` function.

All share one interface: ``render(report) -> str``. The JSON shape is documented in
docs/output-formats.md and stable within a major version.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portreg.findings import Finding, Severity
from portreg.wording import plural

__all__ = ["FORMATS", "Display", "Report", "get_renderer", "plural", "summary_line"]

FORMATS = ("text", "json", "github", "sarif")


@dataclass(frozen=True)
class Display:
    """How people want the text (and github) output: the machine formats ignore it."""

    color: bool = False
    # One line per finding, without the source line and caret under it.
    concise: bool = False
    # The findings only: no summary line.
    quiet: bool = False
    # How many findings each rule has, instead of the findings.
    statistics: bool = False
    # Notes (severity info) are counted in the summary but not listed (scan's default).
    hide_notes: bool = False

    @classmethod
    def from_options(
        cls,
        color: str = "auto",
        concise: bool = False,
        quiet: bool = False,
        statistics: bool = False,
        hide_notes: bool = False,
    ) -> Display:
        """--color auto|always|never: auto is colour on a terminal, unless NO_COLOR is set;
        FORCE_COLOR turns it on when not on a terminal (https://no-color.org)."""
        import os
        import sys

        if color == "auto":
            if os.environ.get("NO_COLOR"):
                wanted = False
            elif os.environ.get("FORCE_COLOR"):
                wanted = True
            else:
                wanted = sys.stdout.isatty()
        else:
            wanted = color == "always"
        return cls(wanted, concise, quiet, statistics, hide_notes)


@dataclass
class Report:
    """What a command found, and what it looked at (for the summary line and JSON)."""

    command: str
    findings: list[Finding]
    # "9 services, 33 ports (registry 1.9)": what the summary line says was examined.
    scope: str
    meta: dict[str, Any] = field(default_factory=dict)
    # Lines the text format prints before its summary (e.g. scan's coverage).
    notes: list[str] = field(default_factory=list)
    display: Display = field(default_factory=Display)
    # The text of files whose findings point into a version not on disk (an edit refused
    # before it was written): their source lines are shown from here.
    texts: dict[str, str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def shown(self) -> list[Finding]:
        """The findings to list in text and github output."""
        if not self.display.hide_notes:
            return self.findings
        return [finding for finding in self.findings if finding.severity is not Severity.INFO]


def get_renderer(name: str) -> Callable[[Report], str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name}")
    module = importlib.import_module(f"portreg.reporters.{name}_format")
    renderer: Callable[[Report], str] = module.render
    return renderer


def summary_line(report: Report) -> str:
    """``1 error, 0 warnings in 9 services, 33 ports (registry 1.9)``."""
    counts = [
        plural(report.count(Severity.ERROR), "error"),
        plural(report.count(Severity.WARNING), "warning"),
    ]
    notes = report.count(Severity.INFO)
    if notes:
        hidden = " (shown with --show-notes)" if report.display.hide_notes else ""
        counts.append(plural(notes, "note") + hidden)
    return f"{', '.join(counts)} in {report.scope}"
