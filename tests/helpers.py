"""Plain helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def after_portreg(args: Sequence[str], report: str) -> Any:
    """Run ``portreg ARGS`` in a fresh interpreter as the console script does (``main()``
    with ``sys.argv``), then evaluate ``report`` there (``sys`` and ``gc`` imported) and
    return its value: what a real run leaves loaded or switched off."""
    probe = (
        "import gc, sys\n"
        "from portreg.main import main\n"
        f"sys.argv = ['portreg', *{list(args)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('REPORT', repr({report}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    reports = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert reports, done.stdout + done.stderr
    return ast.literal_eval(reports[-1].removeprefix("REPORT "))


def runner_reads_a_command(line: str) -> bool:
    """What the GitHub Actions runner takes for a workflow command: a line that starts with
    "::" after leading white space, or holds "##[" anywhere (its first syntax)."""
    return line.lstrip().startswith("::") or "##[" in line
