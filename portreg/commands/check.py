"""``portreg check``: validate the registry and report every finding."""

from __future__ import annotations

import sys
from pathlib import Path

from portreg.checker import RuleFilter, check
from portreg.commands.common import (
    describe,
    exit_status,
    registry_meta,
    require_known_rules,
    split_codes,
)
from portreg.findings import Finding
from portreg.registry import LoadedRegistry, load_registry, resolve_registry_path
from portreg.reporters import Report, get_renderer


def run(
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    base: str | None = None,
) -> int:
    selected, ignored = split_codes(select), split_codes(ignore)
    require_known_rules(selected, "--select")
    require_known_rules(ignored, "--ignore")
    rule_filter = RuleFilter(selected, ignored)
    path = resolve_registry_path(registry)
    loaded = load_registry(path)
    findings = check(loaded, rule_filter)
    meta = registry_meta(loaded)
    if base is not None:  # an empty --base is an error, not "no base"
        findings = sorted(
            findings + change_findings(path, loaded, base, rule_filter), key=Finding.sort_key
        )
        meta["base"] = base
    report = Report("check", findings, describe(loaded), meta)
    report.notes = fixable_note(findings)
    sys.stdout.write(get_renderer(output_format)(report))
    return exit_status(findings, strict)


def change_findings(
    path: Path, loaded: LoadedRegistry, base: str, rule_filter: RuleFilter
) -> list[Finding]:
    """Change control against the registry at git revision ``base``."""
    from portreg.gitrev import load_at_revision
    from portreg.rules import find_rule
    from portreg.rules.change_control import check_changes

    old, revision = load_at_revision(path, base)

    def enabled(code: str) -> bool:
        rule = find_rule(code)
        return rule is not None and rule_filter.enabled(rule)

    return check_changes(old, loaded, revision.name, enabled)


def fixable_note(findings: list[Finding]) -> list[str]:
    """``2 findings are fixable with portreg check --fix (PR202, PR306)``, when some are."""
    from portreg.rules import FIXABLE

    codes = sorted({finding.code for finding in findings if finding.code in FIXABLE})
    if not codes:
        return []
    count = sum(1 for finding in findings if finding.code in FIXABLE)
    what = "finding is" if count == 1 else "findings are"
    return [f"{count} {what} fixable with portreg check --fix ({', '.join(codes)})"]
