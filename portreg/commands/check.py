"""``portreg check``: validate the registry and report every finding."""

from __future__ import annotations

import sys

from portreg.checker import RuleFilter, check
from portreg.commands.common import (
    describe,
    exit_status,
    load,
    registry_meta,
    require_known_rules,
    split_codes,
)
from portreg.reporters import Report, get_renderer


def run(
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> int:
    selected, ignored = split_codes(select), split_codes(ignore)
    require_known_rules(selected, "--select")
    require_known_rules(ignored, "--ignore")
    loaded = load(registry)
    findings = check(loaded, RuleFilter(selected, ignored))
    report = Report("check", findings, describe(loaded), registry_meta(loaded))
    sys.stdout.write(get_renderer(output_format)(report))
    return exit_status(findings, strict)
