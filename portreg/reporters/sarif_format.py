"""SARIF 2.1.0: one run, the rule catalogue as the tool's rules, one result per finding.

Read by GitHub code scanning (``github/codeql-action/upload-sarif``), the VS Code SARIF
viewer and most CI dashboards. The shape is documented in docs/output-formats.md.
"""

from __future__ import annotations

import functools
import io
import os
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from portreg import __version__
from portreg.findings import Finding, Location, Severity
from portreg.reporters import Report
from portreg.reporters.json_format import write_json
from portreg.rules import Rule, all_rules

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report) -> str:
    text = io.StringIO()
    write(report, text)
    return text.getvalue()


def write(report: Report, stream: TextIO) -> None:
    # A name that is not UTF-8 holds lone surrogates, which only occur inside JSON strings:
    # written as \udcXX escapes (by json_text) they keep the document valid JSON and printable.
    write_json(document(report), stream, convert, ensure_ascii=False)


def document(report: Report) -> dict[str, Any]:
    """The SARIF document, its results still findings: ``convert`` makes each a result when
    its turn comes to be written."""
    rules = all_rules()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "portreg",
                "version": __version__,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        # Columns count characters, as PyYAML's marks do (not UTF-16 code units).
        "columnKind": "unicodeCodePoints",
        "results": report.findings,
        "properties": {"command": report.command, **report.meta},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def convert(value: object) -> object:
    """A finding as its SARIF result; any other value JSON cannot hold, as text."""
    return result(value, _rule_index()) if isinstance(value, Finding) else str(value)


@functools.cache
def _rule_index() -> dict[str, int]:
    """Each rule's position in the tool's rules (a result's ``ruleIndex``)."""
    return {rule.code: position for position, rule in enumerate(all_rules())}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    from portreg.rules_doc import plain

    doc = rule.doc or rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": plain(rule.summary, width=None)},
        "fullDescription": {"text": plain(doc, width=None)},
        "help": {"text": plain(doc, width=None), "markdown": doc},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        # Some of its findings are fixable (each result says whether it is).
        "properties": {"group": rule.group, "fixable": rule.fixable},
    }


def result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    item: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        item["ruleIndex"] = index[finding.code]
    item.update(
        {
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": physical_location(finding.location)}],
        }
    )
    if finding.related:
        item["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(location)}
            for number, location in enumerate(finding.related, start=1)
        ]
    # SARIF's own ``fixes`` must carry the edits themselves (artifactChanges, replacements);
    # ``check --fix`` makes those only when it runs, so fixability is in the property bag.
    item["properties"] = {"fixable": finding.fixable}
    return item


def physical_location(location: Location) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": artifact_uri(location.file)},
        "region": {"startLine": location.line, "startColumn": location.column},
    }


def artifact_uri(file: str) -> str:
    """A path as a URI reference: relative paths stay relative (code scanning resolves them
    against the repository), absolute ones become ``file://`` URIs. A colon is escaped: in
    a relative reference it would read as a URI scheme."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    # As bytes: a name that is not UTF-8 is percent-encoded byte by byte, as URIs want.
    return quote(os.fsencode(path.as_posix()), safe="/@!$&'()*+,;=-._~")
