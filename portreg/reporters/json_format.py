"""Machine-readable findings; the shape is documented in docs/output-formats.md."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, TextIO

from portreg import __version__
from portreg.escaping import json_text, surrogates_escaped
from portreg.findings import Finding, Location, Severity
from portreg.reporters import Report

JSON_FORMAT_VERSION = 1

# How much JSON text is made before it is written (characters): enough that escaping and
# writing cost little per batch, small beside the findings themselves.
WRITE_BATCH = 1 << 14


def render(report: Report) -> str:
    text = io.StringIO()
    write(report, text)
    return text.getvalue()


def write(report: Report, stream: TextIO) -> None:
    write_json(document(report), stream, convert)


def document(report: Report) -> dict[str, Any]:
    """The JSON document, its findings still findings: ``convert`` turns each into JSON
    when its turn comes to be written."""
    return {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "portreg", "version": __version__},
        "command": report.command,
        **report.meta,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "notes": report.count(Severity.INFO),
        },
        "findings": report.findings,
    }


def convert(value: object) -> object:
    """A finding as JSON; any other value JSON cannot hold (a path), as text."""
    return finding_to_json(value) if isinstance(value, Finding) else str(value)


def write_json(
    document: object,
    stream: TextIO,
    convert: Callable[[Any], Any],
    ensure_ascii: bool = True,
) -> None:
    """``document`` as indented JSON (``json.dumps(document, indent=2)`` and a newline, made
    safe to print by ``json_text``), written in batches as it is made: a report of 100,000
    findings is never whole in memory, as a text or as dicts. ``convert`` turns what JSON
    cannot hold (a finding) into what it can, when its turn comes."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=ensure_ascii, default=convert)
    batch: list[str] = []
    size = 0
    # Each string of the document is one chunk of the encoder, so that a batch never ends
    # inside one: json_text sees every escape it must make (a "##[") whole.
    for chunk in encoder.iterencode(document):
        batch.append(chunk)
        size += len(chunk)
        if size >= WRITE_BATCH:
            stream.write(json_text("".join(batch)))
            batch, size = [], 0
    batch.append("\n")
    stream.write(json_text("".join(batch)))


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
