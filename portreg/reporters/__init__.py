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

FORMATS = ("text", "json", "github", "sarif")


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

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


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
        counts.append(plural(notes, "note"))
    return f"{', '.join(counts)} in {report.scope}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
