"""Machine-readable findings; the shape is documented in docs/output-formats.md."""

from __future__ import annotations

import json
from typing import Any

from portreg import __version__
from portreg.escaping import json_text, surrogates_escaped
from portreg.findings import Finding, Location, Severity
from portreg.reporters import Report

JSON_FORMAT_VERSION = 1


def render(report: Report) -> str:
    document = {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "portreg", "version": __version__},
        "command": report.command,
        **report.meta,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "notes": report.count(Severity.INFO),
        },
        "findings": [finding_to_json(finding) for finding in report.findings],
    }
    return json_text(json.dumps(document, indent=2, sort_keys=False, default=str)) + "\n"


def finding_to_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        **location_to_json(finding.location),
        "related": [location_to_json(location) for location in finding.related],
        "fixable": finding.fixable,
    }


def location_to_json(location: Location) -> dict[str, Any]:
    # A file name that is not UTF-8 is shown as the text format shows it (bad\xffname):
    # JSON cannot hold its bytes, and a lone surrogate escape is no valid Unicode.
    file = surrogates_escaped(location.file)
    return {"file": file, "line": location.line, "column": location.column}
