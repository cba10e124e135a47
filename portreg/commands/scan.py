"""``portreg scan``: report ports hard-coded in the code that disagree with the registry."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portreg.checker import RuleFilter
from portreg.commands.common import (
    EXIT_INPUT,
    exit_status,
    load_or_defer,
    registry_meta,
    report_input_error,
    require_known_rules,
    see_check,
    split_codes,
    under_pre_commit,
)
from portreg.findings import Finding, InputError, Location
from portreg.loading.registry import LoadedRegistry, display_name, resolve_registry_path
from portreg.progress import Progress
from portreg.reporters import Display, Report, get_writer, plural
from portreg.rules import Rule, all_rules
from portreg.scan.collect import Collector, grouped
from portreg.scan.files import ExcludeFilter, Selection, select_files
from portreg.scan.judge import PortIndex
from portreg.scan.owners import Owners, TierNames
from portreg.scan.port_reader import PortReader
from portreg.scan.search import search
from portreg.wording import possessive

TOP_UNOWNED = 5


def run(
    paths: tuple[str, ...],
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    max_size: int,
    staged: bool,
    display: Display | None = None,
    show_progress: bool = True,
) -> int:
    from portreg.config import find_config

    config = find_config()
    selected = split_codes(select) or config.select
    ignored = split_codes(ignore) or config.ignore
    require_known_rules(selected, "--select")
    require_known_rules(ignored, "--ignore")
    strict = strict or config.strict
    display = display or Display()
    try:
        loaded = load_or_defer(resolve_registry_path(registry))
    except InputError as error:
        return report_input_error(error, "scan", output_format, display)
    if loaded is None:
        return EXIT_INPUT
    write = get_writer(output_format)
    if loaded.registry is None:
        if under_pre_commit():
            return see_check(EXIT_INPUT)
        # A registry that does not load says nothing reliable about ports: show why, stop.
        report = Report("scan", loaded.findings, "the registry", registry_meta(loaded))
        write(report, sys.stdout)
        return EXIT_INPUT
    targets = [Path(path) for path in paths] or [loaded.root]
    excluded = ExcludeFilter(loaded.registry.scan.exclude, _generated_files(loaded))
    selection = select_files(targets, loaded.root, excluded, max_size, staged)
    rule_filter = RuleFilter(selected, ignored)
    whole = not staged and all(_same(target, loaded.root) for target in targets)
    # Notes the output will not list are counted, not described (text and github output
    # without --show-notes).
    counted = display.hide_notes and output_format in ("text", "github")
    with Progress("scan", len(selection.files), enabled=show_progress) as progress:
        outcome = scan(loaded, selection, rule_filter, whole, progress, counted)
    meta = {
        **registry_meta(loaded),
        "scan": {"files": selection.read, "skipped": dict(sorted(selection.skipped.items()))},
    }
    if outcome.coverage is not None:
        meta["coverage"] = outcome.coverage
    report = Report("scan", outcome.findings, _scope(selection, loaded), meta, display=display)
    report.notes = _coverage_lines(outcome.coverage)
    write(report, sys.stdout)
    return exit_status(outcome.findings, strict)


@dataclass
class Outcome:
    findings: list[Finding]
    coverage: dict[str, Any] | None = None


def scan(
    loaded: LoadedRegistry,
    selection: Selection,
    rule_filter: RuleFilter,
    whole: bool = False,
    progress: Progress | None = None,
    count_notes: bool = False,
) -> Outcome:
    """Judge every port found in the selected files; with ``whole`` (the project scanned
    entirely) also say which services own files, and which services own none. With
    ``count_notes`` the notes of files of no service are counted, not described."""
    assert loaded.registry is not None
    index = PortIndex(loaded.registry)
    owners = Owners(loaded.registry)
    reader = PortReader.of(loaded.registry, index, owners)
    reader.count_mentions = count_notes
    searched = search(selection, reader, progress)
    rules = {rule.code: rule for rule in all_rules() if rule.group == "scan"}
    rules = {code: rule for code, rule in rules.items() if rule_filter.enabled(rule)}
    collector = Collector(index, owners, TierNames(loaded.registry), rules, _display(loaded.root))
    collected = collector.collect(searched, progress)
    findings = grouped(collected.found)
    if collected.counted_notes:
        # Counted notes are listed nowhere: one finding stands for each, for the counts.
        findings.extend([_counted_note(rules["PR504"])] * collected.counted_notes)
    coverage = None
    if whole:
        counts = owners.count([])  # every service with paths, at 0
        counts.update(owner for item in searched for owner in item.owners)
        unowned = sorted(collected.unowned.items(), key=lambda item: (-item[1], item[0]))
        coverage = {
            "owned": dict(sorted(counts.items())),
            "unowned_with_ports": dict(unowned[:TOP_UNOWNED]),
        }
        claimed = owners.claimed_count(item.file.relative for item in searched)
        findings.extend(_empty_paths(loaded, claimed, rule_filter))
    return Outcome(findings, coverage)


def _counted_note(rule: Rule) -> Finding:
    return Finding(rule.code, rule.name, rule.severity, "a port mentioned", Location(""))


def _same(target: Path, root: Path) -> bool:
    try:
        return target.resolve() == root.resolve()
    except OSError:
        return False


def _empty_paths(
    loaded: LoadedRegistry, counts: Counter[str], rule_filter: RuleFilter
) -> list[Finding]:
    rule = _rule("PR507", rule_filter)
    assert loaded.registry is not None
    if rule is None:
        return []
    findings = []
    for service, count in sorted(counts.items()):
        if count:
            continue
        globs = ", ".join(loaded.registry.services[service].paths)
        findings.append(
            Finding(
                rule.code,
                rule.name,
                rule.severity,
                f"{possessive(service)} paths match no file: {globs}",
                loaded.sources.locate(("services", service, "paths")),
            )
        )
    return findings


def _rule(code: str, rule_filter: RuleFilter) -> Rule | None:
    rules = [rule for rule in all_rules() if rule.code == code]
    return rules[0] if rules and rule_filter.enabled(rules[0]) else None


def _coverage_lines(coverage: dict[str, Any] | None) -> list[str]:
    if coverage is None:
        return []
    owned = ", ".join(f"{service} {count}" for service, count in coverage["owned"].items())
    lines = [f"files owned: {owned or 'no service has paths'}"]
    unowned = coverage["unowned_with_ports"]
    if unowned:
        listed = ", ".join(f"{name} ({plural(count, 'port')})" for name, count in unowned.items())
        lines.append(f"files of no service holding allocated ports: {listed}")
    return lines


def _display(root: Path) -> Callable[[str], str]:
    """Paths as users see them (relative to the current directory when below it), computed
    with string operations: resolving each of thousands of paths costs more than the scan."""
    cwd = Path.cwd().resolve().as_posix().rstrip("/") + "/"
    under_cwd = (root.resolve().as_posix().rstrip("/") + "/").startswith(cwd)

    def shown(path: str) -> str:
        if under_cwd and path.startswith(cwd):
            return path[len(cwd) :]
        return display_name(Path(path))

    return shown


def _generated_files(loaded: LoadedRegistry) -> list[str]:
    """The registry itself and the docs generated from it: they list every port by design."""
    assert loaded.registry is not None
    root = loaded.root.resolve()
    names = []
    for file in loaded.files:
        try:
            names.append(Path(file).resolve().relative_to(root).as_posix())
        except ValueError:
            continue
    names.extend(Path(target.path).as_posix() for target in loaded.registry.docs)
    return names


def _scope(selection: Selection, loaded: LoadedRegistry) -> str:
    assert loaded.registry is not None
    text = f"{plural(selection.read, 'file')}"
    skipped = sum(selection.skipped.values())
    if skipped:
        reasons = ", ".join(f"{count} {why}" for why, count in sorted(selection.skipped.items()))
        text += f" ({skipped} skipped: {reasons})"
    return f"{text} (registry {loaded.registry.version})"
