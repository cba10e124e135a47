"""``portreg scan``: report ports hard-coded in the code that disagree with the registry."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

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
from portreg.registry import LoadedRegistry, display_name, resolve_registry_path
from portreg.reporters import Display, Report, get_renderer, plural
from portreg.rules import all_rules
from portreg.scan.files import ExcludeFilter, Selection, select_files
from portreg.scan.judge import PortIndex
from portreg.scan.matcher import PortMatcher
from portreg.scan.owners import Owners
from portreg.scan.search import search


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
        return report_input_error(error, "scan", output_format)
    if loaded is None:
        return EXIT_INPUT
    render = get_renderer(output_format)
    if loaded.registry is None:
        if under_pre_commit():
            return see_check(EXIT_INPUT)
        # A registry that does not load says nothing reliable about ports: show why, stop.
        report = Report("scan", loaded.findings, "the registry", registry_meta(loaded))
        sys.stdout.write(render(report))
        return EXIT_INPUT
    targets = [Path(path) for path in paths] or [loaded.root]
    excluded = ExcludeFilter(loaded.registry.scan.exclude, _generated_files(loaded))
    selection = select_files(targets, loaded.root, excluded, max_size, staged)
    findings = scan(loaded, selection, RuleFilter(selected, ignored))
    meta = {
        **registry_meta(loaded),
        "scan": {"files": selection.read, "skipped": dict(sorted(selection.skipped.items()))},
    }
    report = Report("scan", findings, _scope(selection, loaded), meta, display)
    sys.stdout.write(render(report))
    return exit_status(findings, strict)


def scan(loaded: LoadedRegistry, selection: Selection, rule_filter: RuleFilter) -> list[Finding]:
    assert loaded.registry is not None
    index = PortIndex(loaded.registry)
    matcher = PortMatcher(index.ports())
    owners = Owners(loaded.registry)
    shown = _display(loaded.root)
    enabled = {rule.code: rule for rule in all_rules() if rule.group == "scan"}
    enabled = {code: rule for code, rule in enabled.items() if rule_filter.enabled(rule)}
    findings: list[Finding] = []
    for file, hits in search(selection, matcher):
        file_owners = owners.of(file.relative)
        name = shown(file.path)
        for hit in hits:
            verdict = index.judge(hit.port, file_owners)
            if verdict is None or "*" in hit.suppressed or verdict.code in hit.suppressed:
                continue
            rule = enabled.get(verdict.code)
            if rule is None:
                continue
            findings.append(
                Finding(
                    rule.code,
                    rule.name,
                    rule.severity,
                    verdict.message,
                    Location(name, hit.line, hit.column),
                )
            )
    return sorted(findings, key=Finding.sort_key)


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
