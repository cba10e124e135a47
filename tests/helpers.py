"""Plain helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from portreg.checker import RuleFilter, check
from portreg.findings import Finding
from portreg.loading.loader import Source
from portreg.loading.registry import LoadedRegistry, load_sources

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


RULE_FIXTURES = ROOT / "tests" / "fixtures" / "rules"
REAL_SIZED = ROOT / "tests" / "fixtures" / "real-sized" / "registry" / "ports.yaml"


def fixture_findings(name: str, **rule_filter: tuple[str, ...]) -> list[Finding]:
    """Findings for tests/fixtures/rules/NAME.yaml, whose file is shown as NAME.yaml."""
    text = (RULE_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    return findings_for(text, f"{name}.yaml", **rule_filter)


def places(findings: list[Finding]) -> list[tuple[str, str]]:
    """Each finding as (code, file:line:col), in the order check reports them."""
    return [(finding.code, str(finding.location)) for finding in findings]


def message_at(findings: list[Finding], code: str, where: str) -> str:
    """The message of the one finding with that code at file:line:col."""
    found = [f.message for f in findings if f.code == code and str(f.location) == where]
    assert len(found) == 1, (code, where, places(findings))
    return found[0]
