"""Plain helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from portreg.checker import RuleFilter, check
from portreg.findings import Finding
from portreg.loader import Source
from portreg.registry import LoadedRegistry, load_sources

ROOT = Path(__file__).resolve().parent.parent


def load_text(text: str, name: str = "ports.yaml") -> LoadedRegistry:
    return load_sources([Source(name, text.encode("utf-8"))], ROOT)


def findings_for(
    text: str, name: str = "ports.yaml", **rule_filter: tuple[str, ...]
) -> list[Finding]:
    """Every finding `portreg check` reports for registry text, loaded in-process."""
    return check(load_text(text, name), RuleFilter(**rule_filter))


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]
