"""``portreg render-docs``: generate the markdown tables from the registry, or check them."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from portreg.atomic import write_atomic
from portreg.checker import check
from portreg.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INPUT,
    describe,
    load_or_defer,
    registry_meta,
    see_check,
    under_pre_commit,
)
from portreg.findings import InputError, Location, Severity, UsageError
from portreg.registry import (
    LoadedRegistry,
    display_name,
    registry_files,
    resolve_registry_path,
)
from portreg.render import SECTIONS
from portreg.render.markdown import View
from portreg.render.targets import (
    UNREADABLE_CODE,
    UNREADABLE_RULE,
    Plan,
    Renderer,
    Target,
    plan,
)
from portreg.reporters import Report, get_renderer

STDOUT = "-"


def run(
    registry_option: str | None,
    output: str | None,
    check_only: bool,
    sections: Sequence[str],
    fail_on_change: bool = False,
) -> int:
    selected = _selected_sections(sections)
    if check_only and output == STDOUT:
        raise UsageError("--check compares files; it cannot be used with --output -")
    path = resolve_registry_path(registry_option)
    loaded = load_or_defer(path)
    if loaded is None:
        return EXIT_INPUT
    findings = check(loaded)
    if loaded.registry is None or any(f.severity is Severity.ERROR for f in findings):
        # Docs must never publish a conflicting allocation.
        if under_pre_commit():
            return see_check(EXIT_FINDINGS)
        errors = [finding for finding in findings if finding.severity is Severity.ERROR]
        report = Report("render-docs", errors, describe(loaded), registry_meta(loaded))
        stream = sys.stderr if output == STDOUT else sys.stdout
        stream.write(get_renderer("text")(report))
        stream.write("portreg: nothing rendered: fix the errors above first\n")
        return EXIT_FINDINGS
    renderer = Renderer(View(loaded.registry, _source_name(path, loaded), loaded.sources))
    if output == STDOUT:
        sys.stdout.write(renderer.document(selected or SECTIONS))
        return EXIT_CLEAN
    plans = [
        found
        for target in _targets(loaded, output)
        if (found := plan(target, renderer, selected)) is not None
    ]
    if selected:
        unused = [name for name in selected if not any(name in item.sections for item in plans)]
        if unused:
            raise UsageError(
                f"--section {', '.join(unused)}: no target holds it (see the markers in the "
                "files, or the registry's docs entries)"
            )
    return _check(plans) if check_only else _write(plans, fail_on_change)


def _selected_sections(values: Sequence[str]) -> tuple[str, ...] | None:
    names = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise UsageError(
            f"--section: no section {', '.join(unknown)}; sections: {', '.join(SECTIONS)}"
        )
    return tuple(dict.fromkeys(names)) or None


def _source_name(path: Path, loaded: LoadedRegistry) -> str:
    """The registry as the docs name it: relative to the project root, the same however the
    registry was found (``--registry registry/`` or ``registry/ports.yaml``)."""
    files = registry_files(path)
    named = files[0] if len(files) == 1 else path
    resolved = named.resolve()
    try:
        name = resolved.relative_to(loaded.root.resolve()).as_posix()
    except ValueError:
        name = resolved.name
    return f"{name}/" if resolved.is_dir() else name


def _targets(loaded: LoadedRegistry, output: str | None) -> list[Target]:
    if output is not None:
        return [Target(Path(output), output)]
    registry = loaded.registry
    assert registry is not None
    if not registry.docs:
        raise UsageError(
            "the registry lists no docs to generate: add a docs entry "
            "(docs: [{path: docs/port-allocation.md}]) or pass --output FILE"
        )
    targets = []
    for entry in registry.docs:
        path = loaded.root / entry.path
        sections = tuple(entry.sections) if entry.sections is not None else None
        targets.append(Target(path, display_name(path), sections))
    return targets


def _write(plans: list[Plan], fail_on_change: bool) -> int:
    """Write what changed. The pre-commit hook fails when anything was written, even a new
    file that git does not track yet (pre-commit itself only notices tracked files)."""
    for item in plans:
        count = f"{len(item.sections)} section{'' if len(item.sections) == 1 else 's'}"
        if not item.changed:
            print(f"{item.target.name}: up to date ({count})")
            continue
        try:
            item.target.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(item.target.path, item.new)
        except OSError as error:
            raise InputError(
                f"cannot write {item.target.name}: {error.strerror or error}",
                Location(item.target.name),
                code=UNREADABLE_CODE,
                rule=UNREADABLE_RULE,
            ) from None
        print(f"{item.target.name}: {'created' if item.old is None else 'updated'} ({count})")
    if fail_on_change and any(item.changed for item in plans):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _check(plans: list[Plan]) -> int:
    stale = [item for item in plans if item.changed]
    for item in plans:
        if item not in stale:
            print(f"{item.target.name}: up to date")
            continue
        print(f"{item.target.name}: {'missing' if item.old is None else 'stale'}")
        diff = difflib.unified_diff(
            (item.old or "").splitlines(keepends=True),
            item.new.splitlines(keepends=True),
            fromfile=item.target.name if item.old is not None else "/dev/null",
            tofile=f"{item.target.name} (rendered)",
        )
        for line in diff:
            sys.stdout.write(
                line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
            )
    if stale:
        print(
            "run `portreg render-docs` to update them"
            if len(stale) > 1
            else "run `portreg render-docs` to update it"
        )
        return EXIT_FINDINGS
    return EXIT_CLEAN
