"""``portreg render-docs``: generate the markdown tables from the registry, or check them."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from portreg import confinement
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
    write_stdout,
)
from portreg.edit.atomic import is_stdout
from portreg.escaping import escape_control
from portreg.findings import Finding, InputError, Location, Severity, UsageError
from portreg.loading.registry import (
    LoadedRegistry,
    display_name,
    load_registry,
    registry_files,
    resolve_registry_path,
)
from portreg.progress import Progress
from portreg.render import SECTIONS
from portreg.render.markdown import View
from portreg.render.targets import (
    UNREADABLE_CODE,
    UNREADABLE_RULE,
    Plan,
    Renderer,
    Target,
    picture_plans,
    plan,
)
from portreg.reporters import Report, get_renderer
from portreg.textdiff import unified_diff

STDOUT = "-"


def run(
    registry_option: str | None,
    output: str | None,
    check_only: bool,
    sections: Sequence[str],
    fail_on_change: bool = False,
    show_progress: bool = True,
) -> int:
    selected = _selected_sections(sections)
    if output is not None and is_stdout(output):
        output = STDOUT
    if check_only and output == STDOUT:
        raise UsageError("--check compares files; it cannot be used with --output -")
    path = resolve_registry_path(registry_option)
    read = _fingerprint(path)
    loaded = load_or_defer(path)
    if loaded is None:
        return EXIT_INPUT
    errors = _errors(loaded)
    if loaded.registry is None or errors:
        return _refuse(loaded, errors, output)
    view = View(loaded.registry, _source_name(path, loaded), loaded.sources)
    # The counter is cleared before anything is printed: rendering is the long part.
    with Progress("render-docs", unit="section", enabled=show_progress) as progress:
        if output == STDOUT:
            document = Renderer(view, progress=progress).document(selected or SECTIONS)
        else:
            targets = _targets(loaded, output)
            maps_at = None if output is not None else _maps_at(loaded)
            renderer = Renderer(view, maps_at, progress)
            plans = _plans(targets, renderer, selected)
            renderer.progress = None
    if output == STDOUT:
        write_stdout(document)
        return EXIT_CLEAN
    if check_only:  # --check writes nothing, not even a lock file
        return _check(plans)
    if not any(item.changed for item in plans):
        return _write(plans, fail_on_change)
    # Write under the registry's lock and the targets' locks: an edit of the registry must
    # not land between this run's reading and its writing (its docs would be undone), and
    # another run changing other sections of the same file must not be overwritten with
    # what this run read before it. The first plan, unlocked, refuses bad input before
    # even a lock file is created; the registry is read again only if it changed since.
    from portreg.edit.registry_lock import holding_registry, writable_journal

    with holding_registry(registry_files(path), for_reading=True):
        if _fingerprint(path) != read:
            loaded = load_registry(path)
            errors = _errors(loaded)
            if loaded.registry is None or errors:  # an edit in between made it so
                return _refuse(loaded, errors, output)
            view = View(loaded.registry, _source_name(path, loaded), loaded.sources)
            renderer = Renderer(view, None if output is not None else _maps_at(loaded))
            targets = _targets(loaded, output)
        with _locked([item.target for item in plans]):
            journal = writable_journal(registry_files(path))
            return _write(_plans(targets, renderer, selected), fail_on_change, journal)


def _fingerprint(path: Path) -> list[tuple[int, int, int, int]]:
    """What tells whether the registry's files changed: an edit replaces a file (a new
    inode) or, by hand, rewrites it (a new time or size)."""
    found = []
    for file in registry_files(path):
        try:
            info = file.stat()
        except OSError:
            return []
        found.append((info.st_ino, info.st_dev, info.st_mtime_ns, info.st_size))
    return found


def _errors(loaded: LoadedRegistry) -> list[Finding]:
    return [finding for finding in check(loaded) if finding.severity is Severity.ERROR]


def _refuse(loaded: LoadedRegistry, errors: list[Finding], output: str | None) -> int:
    """Docs must never publish a conflicting allocation: the errors, exit status 1."""
    if under_pre_commit():
        return see_check(EXIT_FINDINGS)
    report = Report("render-docs", errors, describe(loaded), registry_meta(loaded))
    stream = sys.stderr if output == STDOUT else sys.stdout
    stream.write(get_renderer("text")(report))
    stream.write("portreg: nothing rendered: fix the errors above first\n")
    return EXIT_FINDINGS


def planned_docs(loaded: LoadedRegistry, path: Path) -> list[Plan]:
    """What every docs target of ``loaded`` (the registry at ``path``) should hold, port
    maps included: the editing commands write these with their change."""
    assert loaded.registry is not None
    view = View(loaded.registry, _source_name(path, loaded), loaded.sources)
    return _plans(_targets(loaded, None), Renderer(view, _maps_at(loaded)), None)


def _plans(targets: list[Target], renderer: Renderer, selected: Sequence[str] | None) -> list[Plan]:
    """Every markdown target's plan, then the port-map pictures they link to."""
    plans = [found for target in targets if (found := plan(target, renderer, selected)) is not None]
    plans += picture_plans(plans, renderer)
    if selected:
        unused = [name for name in selected if not any(name in item.sections for item in plans)]
        if unused:
            raise UsageError(
                f"--section {', '.join(unused)}: no target holds it (see the markers in the "
                "files, or the registry's docs entries)"
            )
    return plans


@contextlib.contextmanager
def _locked(targets: list[Target]) -> Iterator[None]:
    from portreg.edit.lock import locked  # only when writing: keep it off the start-up path

    held = contextlib.ExitStack()
    try:
        for target in targets:
            target.path.parent.mkdir(parents=True, exist_ok=True)
        held.enter_context(locked(*(target.path for target in targets)))
    except OSError as error:
        name = targets[0].name if len(targets) == 1 else "the docs targets"
        raise InputError(
            f"cannot lock {name} for writing: {error.strerror or error}",
            Location(name),
            code=UNREADABLE_CODE,
            rule=UNREADABLE_RULE,
        ) from None
    with held:
        yield


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
    if output is not None:  # where the user asks, even outside the project
        return [Target(Path(output), escape_control(output))]
    registry = loaded.registry
    assert registry is not None
    if not registry.docs:
        raise UsageError(
            "the registry lists no docs to generate: add a docs entry "
            "(docs: [{path: docs/port-allocation.md}]) or pass --output FILE"
        )
    targets = []
    for entry in registry.docs:
        if is_picture(entry.path):
            continue  # where the port maps go (see _maps_at), not a markdown file
        path = loaded.root / entry.path
        # The path text is checked (PR601); a symlinked directory on the way is not seen
        # there, and must not take the write outside the project.
        real = confinement.leads_out(loaded.root, path)
        if real is not None:
            raise confinement.refusal(
                "docs path",
                entry.path,
                f"leads to {real}, outside the project, through a symbolic link",
                Location(display_name(path)),
            )
        sections = tuple(entry.sections) if entry.sections is not None else None
        targets.append(Target(path, escape_control(display_name(path)), sections))
    return targets


def is_picture(path: str) -> bool:
    return path.lower().endswith(".svg")


def _maps_at(loaded: LoadedRegistry) -> Path | None:
    """Where the port maps go: the registry's ``.svg`` docs entry, ``{name}`` standing for
    the tier or cluster (``docs/img/ports.svg`` means ``docs/img/ports-{name}.svg``); None:
    beside each markdown file that links them."""
    assert loaded.registry is not None
    for entry in loaded.registry.docs:
        if is_picture(entry.path):
            pattern = entry.path if "{name}" in entry.path else f"{entry.path[:-4]}-{{name}}.svg"
            return loaded.root / pattern
    return None


def _write(plans: list[Plan], fail_on_change: bool, journal: Path | None = None) -> int:
    """Write what changed, all files or none (through the registry's ``journal``). The
    pre-commit hook fails when anything was written, even a new file that git does not
    track yet (pre-commit itself only notices tracked files)."""
    changed = [item for item in plans if item.changed]
    if changed:
        from portreg.edit.transaction import write_together

        first = changed[0].target
        try:
            contents = {item.target.path: item.new.encode("utf-8") for item in changed}
            write_together(journal, contents)
        except OSError as error:
            name = first.name if len(changed) == 1 else "the docs targets"
            raise InputError(
                f"cannot write {name}: {error.strerror or error}",
                Location(first.name),
                code=UNREADABLE_CODE,
                rule=UNREADABLE_RULE,
            ) from None
    for item in plans:
        print(status_line(item))
    if fail_on_change and changed:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def status_line(item: Plan) -> str:
    """``docs/ports.md: updated (3 sections)``: what became of a target."""
    count = f"{len(item.sections)} section{'' if len(item.sections) == 1 else 's'}"
    if is_picture(item.target.path.name):
        count = "port map"
    if not item.changed:
        return f"{item.target.name}: up to date ({count})"
    return f"{item.target.name}: {'created' if item.old is None else 'updated'} ({count})"


def _check(plans: list[Plan]) -> int:
    stale = [item for item in plans if item.changed]
    for item in plans:
        if item not in stale:
            print(f"{item.target.name}: up to date")
            continue
        print(f"{item.target.name}: {'missing' if item.old is None else 'stale'}")
        before = item.target.name if item.old is not None else "/dev/null"
        sys.stdout.write(
            unified_diff(item.old or "", item.new, before, f"{item.target.name} (rendered)")
        )
    if stale:
        print(
            "run `portreg render-docs` to update them"
            if len(stale) > 1
            else "run `portreg render-docs` to update it"
        )
        return EXIT_FINDINGS
    return EXIT_CLEAN
