"""``portreg check``: validate the registry and report every finding."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.base_revision import chosen_base
from portreg.checker import RuleFilter, check
from portreg.commands.common import (
    describe,
    exit_status,
    registry_meta,
    report_input_error,
    require_known_rules,
    split_codes,
)
from portreg.config import find_config
from portreg.findings import Finding, InputError
from portreg.loading.registry import LoadedRegistry, load_registry, resolve_registry_path
from portreg.reporters import Display, Report, get_writer
from portreg.rules import honest_fixable

if TYPE_CHECKING:
    from portreg.records import PortUse


def run(
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    base: str | None = None,
    display: Display | None = None,
    observed: tuple[str, ...] = (),
) -> int:
    config = find_config()
    selected = split_codes(select) or config.select
    ignored = split_codes(ignore) or config.ignore
    require_known_rules(selected, "--select")
    require_known_rules(ignored, "--ignore")
    strict = strict or config.strict
    display = display or Display()
    try:
        # An empty --base stays an error, not "no base"; click takes an empty PORTREG_BASE
        # for no value at all, so it is looked at here, and refused too.
        base = chosen_base(base, config.base)
        rule_filter = RuleFilter(selected, ignored)
        return _check(registry, strict, output_format, rule_filter, base, display, observed)
    except InputError as error:
        return report_input_error(error, "check", output_format, display)


def _check(
    registry: str | None,
    strict: bool,
    output_format: str,
    rule_filter: RuleFilter,
    base: str | None,
    display: Display,
    observed: tuple[str, ...] = (),
) -> int:
    path = resolve_registry_path(registry)
    base = _resolve_base(base, path)
    # With a base, the registry is read as an edit of this reading: keep what that needs.
    loaded = load_registry(path, keep_nodes=base is not None)
    findings = check(loaded, rule_filter)
    if observed and loaded.registry is not None:
        findings = sorted(findings + _observed(loaded, observed, rule_filter), key=Finding.sort_key)
    meta = registry_meta(loaded)
    if base is not None:  # an empty --base is an error, not "no base"
        from portreg.gitrev import load_at_revision

        old, revision = load_at_revision(path, base, loaded)
        findings = point_conflicts_at_changes(findings, old, loaded)
        findings = sorted(
            findings + change_findings(old, revision.name, loaded, rule_filter),
            key=Finding.sort_key,
        )
        meta["base"] = base
    findings = honest_fixable(findings)
    report = Report("check", findings, describe(loaded), meta, display=display)
    report.notes = fixable_note(findings)
    get_writer(output_format)(report, sys.stdout)
    return exit_status(findings, strict)


def _observed(
    loaded: LoadedRegistry, records: tuple[str, ...], rule_filter: RuleFilter
) -> list[Finding]:
    """``--observed``: what ``portreg run`` recorded, judged against the registry now."""
    from portreg.rules import find_rule
    from portreg.run.record import judge_records

    def enabled(finding: Finding) -> bool:
        rule = find_rule(finding.code)
        return rule is None or rule_filter.enabled(rule)

    return [finding for finding in judge_records(loaded, records) if enabled(finding)]


def _resolve_base(base: str | None, path: Path) -> str | None:
    if base is None:  # plain check: keep git's module (and subprocess) off the start-up path
        return None
    from portreg.gitrev import resolve_auto

    return resolve_auto(base, path)


def change_findings(
    old: LoadedRegistry | None, base: str, loaded: LoadedRegistry, rule_filter: RuleFilter
) -> list[Finding]:
    """Change control against ``old``, the registry at git revision ``base``."""
    from portreg.rules import find_rule
    from portreg.rules.change_control import check_changes

    def enabled(code: str) -> bool:
        rule = find_rule(code)
        return rule is not None and rule_filter.enabled(rule)

    return check_changes(old, loaded, base, enabled)


def point_conflicts_at_changes(
    findings: list[Finding], old: LoadedRegistry | None, new: LoadedRegistry
) -> list[Finding]:
    """A conflict is the fault of the allocation that changed since the base: point at it
    (the last changed one in the file), with the others as related places."""
    if old is None or old.registry is None or new.registry is None:
        return findings
    if not any(finding.code == "PR201" for finding in findings):
        return findings  # no conflict to point: the allocations need not be compared
    from portreg.rules import Context

    def identity(use: PortUse) -> tuple[object, ...]:
        return (use.service, use.tier, use.component, use.index, use.side, use.worker)

    before = {identity(use): use.allocation for use in old.registry.allocations}
    context = Context(new.registry, new.sources)
    changed = {
        new.sources.locate(context.port_path(use))
        for use in new.registry.allocations
        if before.get(identity(use)) != use.allocation
    }
    pointed = []
    for finding in findings:
        places = [finding.location, *finding.related]
        moved = [place for place in places if place in changed]
        if finding.code != "PR201" or not moved or finding.location in changed:
            pointed.append(finding)
            continue
        primary = moved[-1]
        others = tuple(place for place in places if place != primary)
        pointed.append(replace(finding, location=primary, related=others))
    return pointed


def fixable_note(findings: list[Finding]) -> list[str]:
    """``2 findings are fixable with portreg check --fix (PR202, PR306)``, when some are."""
    codes = sorted({finding.code for finding in findings if finding.fixable})
    if not codes:
        return []
    count = sum(1 for finding in findings if finding.fixable)
    what = "finding is" if count == 1 else "findings are"
    return [f"{count} {what} fixable with portreg check --fix ({', '.join(codes)})"]
