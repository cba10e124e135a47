"""``portreg init [--discover PATH] [--from-table DOC.md]``: write a first registry.

Without a source, a starter registry. With ``--discover``, the ports the tree's code binds;
with ``--from-table``, a hand-kept markdown port document; with both, both, and every
disagreement between them. The proposal is written (or printed with ``--dry-run``) even
when it has findings: the report starts with a summary, then the collisions between
services, each naming both parties and places (errors, so that ``portreg check`` shows
them, unless ``--baseline`` records them as known conflicts), then what is set apart. It
never replaces an existing registry.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.clock import today
from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, describe
from portreg.edit.emit import block_lines
from portreg.escaping import terminal_line
from portreg.findings import Finding, InputError, Location, Severity, UsageError
from portreg.reporters import Display, plural

if TYPE_CHECKING:
    from portreg.adopt.evidence import Evidence
    from portreg.adopt.proposal import Layout
    from portreg.loading.registry import LoadedRegistry

DEFAULT_OUTPUT = "registry/ports.yaml"
HEADER = (
    "# Port allocation registry: the one source of truth for the host ports that test suites\n"
    "# bind. Edit it with portreg allocate / move / release / rename (they keep this file's\n"
    "# layout), then commit. Format: docs/registry-format.md in the portreg project.\n"
)


@dataclass(frozen=True)
class InitOptions:
    discover: str | None = None
    table: str | None = None
    output: str | None = None
    title: str | None = None
    dry_run: bool = False
    baseline: bool = False
    output_format: str = "text"
    show_progress: bool = True
    observed: tuple[str, ...] = ()  # records of portreg run


def run(options: InitOptions, display: Display | None = None) -> int:
    shown = display or Display()
    target = _target(options)
    if not options.dry_run:
        _require_new(target, explicit=options.output is not None)
    if not options.discover and not options.table and not options.observed:
        return _write_starter(target, options)
    return _adopt(options, target, shown)


def _target(options: InitOptions) -> Path:
    if options.output:
        return Path(options.output)
    base = Path(options.discover) if options.discover else Path.cwd()
    return base / DEFAULT_OUTPUT


def _shown(path: Path) -> str:
    from portreg.loading.registry import display_name

    return display_name(path)


def text_of(parts: list[dict[str, object]]) -> str:
    """The registry's text: the header comment, then each top-level key as a block."""
    blocks = ["\n".join(block_lines(part, 0)) + "\n" for part in parts]
    return HEADER + "\n".join(blocks)


def _write_starter(target: Path, options: InitOptions) -> int:
    text = text_of(
        [
            {"portreg": 1, "title": options.title or "Port allocation", "version": "1.0"}
            | {"updated": today()},
            {
                "tiers": {
                    "integration": {"title": "Integration tests"},
                    "e2e": {"title": "E2E tests"},
                }
            },
            {
                "components": {
                    "postgresql": {
                        "container_port": 5432,
                        "ranges": {"integration": "15433-15442", "e2e": "25433-25442"},
                    },
                    "redis": {
                        "container_port": 6379,
                        "ranges": {"integration": "16379-16388", "e2e": "26379-26388"},
                    },
                }
            },
            {"services": {}},
            {"changelog": [{"version": "1.0", "date": today(), "summary": "registry started"}]},
        ]
    )
    if options.dry_run:
        sys.stdout.write(text)
        return EXIT_CLEAN
    # Said before the file is written: an output that cannot take it stops the command first.
    print(
        terminal_line(
            f"writing {_shown(target)}: a starter registry; add services with portreg allocate"
        )
    )
    write_registry(target, text)
    return EXIT_CLEAN


def _require_new(target: Path, explicit: bool) -> None:
    """Refuse a target that exists in any form: a file, or a symbolic link even when it
    leads nowhere (writing through a dangling link creates a file wherever it points). The
    default target must also stay inside the project (a ``registry`` folder that is a link
    out of it is refused, PR604); only ``--output`` may point elsewhere."""
    shown = str(Path(_shown(target.parent)) / target.name)  # the link itself, not its target
    if target.is_symlink():
        raise UsageError(
            f"{shown} is a symbolic link (to {os.readlink(target)}); portreg init writes a "
            "new file, never through a link"
        )
    if target.exists():
        raise UsageError(f"{shown} exists; portreg init never replaces a registry")
    if not explicit:
        from portreg import confinement

        # The default target is PROJECT/registry/ports.yaml: its folders are the project's.
        real = confinement.leads_out(target.parent.parent, target)
        if real is not None:
            raise confinement.refusal(
                "registry file", DEFAULT_OUTPUT, f"leads to {real} through a symbolic link"
            )


def write_registry(target: Path, text: str) -> None:
    """Write the new registry; a folder or disk that refuses it is one line (PR607)."""
    from portreg.edit.registry_lock import unwritable
    from portreg.edit.transaction import write_together

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_together(None, {target: text.encode("utf-8")})
    except OSError as error:
        raise unwritable(_shown(target), error) from None


def _adopt(options: InitOptions, target: Path, display: Display) -> int:
    from portreg.adopt import summary
    from portreg.adopt.proposal import propose
    from portreg.reporters import Report, get_renderer

    project = project_root_of(target)
    evidences, sources = _evidence(options, project)
    layout = _layout(options, evidences, project)
    proposal = propose(evidences, layout)
    parts = proposal.parts
    loaded = _load(parts, target, project)
    findings = summary.collisions(loaded, proposal, options.baseline)
    if options.baseline:
        parts = _with_baseline(parts, loaded)
        loaded = _load(parts, target, project)
    findings = summary.ordered(findings + proposal.findings)
    text = text_of(parts)
    lines = summary.summary_lines(proposal, loaded, sources, findings)
    notes = _version_note(evidences, loaded)
    if options.dry_run:
        sys.stdout.write(text)
    else:
        notes.append(f"writing {_shown(target)}; next: portreg check")
    notes.extend(_gitignore(project, target, layout.docs, options.dry_run))
    assert loaded.registry is not None
    scope = f"the proposal: {describe(loaded)}"
    shown = summary.display_paths(findings, _display(project))
    report = Report(
        "init", shown, scope, {"proposal": _meta(lines, options, target)}, notes, display
    )
    stream = sys.stderr if options.dry_run else sys.stdout
    if options.output_format == "text" and not display.quiet:
        stream.write("".join(f"{terminal_line(line)}\n" for line in lines))
    stream.write(get_renderer(options.output_format)(report))
    # Written after the report: an output that cannot take it stops the command first.
    if not options.dry_run:
        write_registry(target, text)
    return exit_status(findings)


def _evidence(options: InitOptions, project: Path) -> tuple[list[Evidence], str]:
    """The sources' evidence, the document first (it wins where they disagree)."""
    evidences: list[Evidence] = []
    said: list[str] = []
    if options.table:
        from portreg.adopt.table import read_document

        document = read_table(options.table)
        evidences.append(read_document(document, relative_to(Path(options.table), project)))
        said.append(relative_to(Path(options.table), project))
    if options.discover:
        from portreg.edit.discover import discover
        from portreg.progress import Progress

        # Resolved: the file selection names files relative to the root it is given, and
        # a relative root ("." as everyone types it) made them absolute.
        root = Path(options.discover).resolve()
        prefix = relative_to(root, project)
        # A document's components name the code's ports the same way.
        named = [port.component for evidence in evidences for port in evidence.ports]
        with Progress("init --discover", enabled=options.show_progress) as progress:
            found = discover(root, "" if prefix == "." else prefix + "/", progress, named)
        if not found.ports and not options.table and not options.observed:
            raise UsageError(
                f"no host port found under {options.discover}; "
                "run portreg init without --discover, or give --from-table DOC.md"
            )
        evidences.append(found)
        said.append(f"the code under {options.discover} ({_files_read(found)})")
    if options.observed:
        from portreg.run.adopt import records_evidence

        shown = [relative_to(Path(name), project) for name in options.observed]
        evidences.append(records_evidence(options.observed, shown))
        said.append(plural(len(shown), "record") + " of portreg run")
    if options.table and not any(evidence.ports for evidence in evidences):
        raise UsageError(f"no port found in the tables of {options.table}")
    if not any(evidence.ports for evidence in evidences):
        raise UsageError(f"no port found in {' and '.join(said)}; run portreg init without them")
    return evidences, " and ".join(said)


def _files_read(found: Evidence) -> str:
    """``120 files read; 3 backup copies skipped``: what discovery read and left."""
    said = plural(found.files, "file", thousands=True) + " read"
    copies = found.skipped.get("backup copy", 0)
    if copies:
        said += f"; {plural(copies, 'backup copy')} skipped"
    return said


def _layout(options: InitOptions, evidences: list[Evidence], project: Path) -> Layout:
    from portreg.adopt.proposal import Layout

    title = options.title or next((e.title for e in evidences if e.title), None)
    sources = [options.table] if options.table else []
    if options.discover:
        sources.append(f"the code under {options.discover}")
    if options.observed:
        sources.append(plural(len(options.observed), "record") + " of portreg run")
    description = f"Proposed by portreg init on {today().isoformat()} from " + " and ".join(sources)
    exports = [
        export
        for evidence in evidences
        for path, package in evidence.constants.items()
        if (export := _export(path, package)) is not None
    ]
    return Layout(
        title or f"Port allocation ({project.resolve().name})",
        _docs_target(project),
        exports[:1],
        description,
    )


def _export(path: str, package: str | None) -> dict[str, object] | None:
    """A generated constants file beside a hand-written one (never over it)."""
    directory = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    if path.endswith(".go"):
        export: dict[str, object] = {"path": f"{directory}ports_gen.go", "format": "go"}
        if package:
            export["package"] = package
        return export
    if path.endswith(".py"):
        return {"path": f"{directory}ports_gen.py", "format": "python"}
    return None


def _docs_target(project: Path) -> str:
    """``docs/port-allocation.md`` unless a file of that name that render-docs did not
    write is there."""
    for name in ("docs/port-allocation.md", "docs/port-allocation.generated.md"):
        path = project / name
        if not path.exists() or "<!-- portreg:begin" in path.read_text(errors="replace"):
            return name
    return "docs/ports-by-portreg.md"


def _load(parts: list[dict[str, object]], target: Path, project: Path) -> LoadedRegistry:
    from portreg.loading.loader import Source
    from portreg.loading.registry import load_sources

    text = text_of(parts)
    loaded = load_sources([Source(_shown(target), text.encode("utf-8"))], project)
    if loaded.registry is None:
        problems = "; ".join(f"{f.location}: {f.message}" for f in loaded.findings[:3])
        raise InputError(
            f"the proposal does not load (a portreg bug, please report it): {problems}"
        )
    return loaded


def _with_baseline(
    parts: list[dict[str, object]], loaded: LoadedRegistry
) -> list[dict[str, object]]:
    """The parts with every conflict of the proposal recorded as a known one."""
    from portreg.edit.baseline import current_conflicts
    from portreg.rules import Context

    assert loaded.registry is not None
    conflicts = current_conflicts(Context(loaded.registry, loaded.sources))
    if not conflicts:
        return parts
    reason = f"found at adoption on {today().isoformat()}"
    entry: dict[str, object] = {"known_conflicts": [c.entry(reason) for c in conflicts]}
    position = next(
        (i for i, part in enumerate(parts) if {"exports", "changelog"} & set(part)), len(parts)
    )
    return [*parts[:position], entry, *parts[position:]]


def _version_note(evidences: list[Evidence], loaded: LoadedRegistry) -> list[str]:
    assert loaded.registry is not None
    notes = []
    for evidence in evidences:
        if evidence.version and evidence.version != loaded.registry.version:
            notes.append(
                f"{evidence.version_place}: the document's header says version "
                f"{evidence.version}, its history {loaded.registry.version}; the registry takes "
                f"{loaded.registry.version}"
            )
    return notes


def _gitignore(project: Path, target: Path, docs: str, dry_run: bool) -> list[str]:
    """The lines that keep portreg's lock files out of git, added to .gitignore."""
    from portreg.edit.lock import lock_path

    wanted = [
        relative_to(lock_path(target), project),
        relative_to(lock_path(project / docs), project),
    ]
    path = project / ".gitignore"
    try:
        have = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError):
        return [f".gitignore: could not read it; add {', '.join(wanted)}"]
    missing = [line for line in wanted if line not in have and f"/{line}" not in have]
    if not missing:
        return []
    if dry_run:
        return [f".gitignore: would add {', '.join(missing)} (portreg's lock files)"]
    ending = "" if not have or path.read_text(encoding="utf-8").endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(ending + "# portreg's lock files\n" + "".join(f"{line}\n" for line in missing))
    return [f".gitignore: added {', '.join(missing)} (portreg's lock files)"]


def _meta(lines: list[str], options: InitOptions, target: Path) -> dict[str, object]:
    return {
        "summary": lines,
        "written": None if options.dry_run else _shown(target),
        "baseline": options.baseline,
    }


def project_root_of(target: Path) -> Path:
    """The project the registry at ``target`` belongs to: the git work tree around it, or
    the directory above ``registry/`` (paths in the registry are relative to it)."""
    from portreg.loading.registry import git_root

    directory = target.parent.resolve() if target.parent.exists() else target.parent.absolute()
    top = git_root(directory) if directory.exists() else None
    if top is None:
        existing = next((d for d in (directory, *directory.parents) if d.exists()), None)
        top = git_root(existing) if existing is not None else None
    if top is not None:
        return top
    return directory.parent if directory.name == "registry" else directory


def relative_to(path: Path, project: Path) -> str:
    """``path`` relative to the project root, with ``/``; never absolute."""
    import os

    absolute = path.absolute()
    try:
        return absolute.resolve().relative_to(project.resolve()).as_posix() or "."
    except ValueError:
        return Path(os.path.relpath(absolute, project.absolute())).as_posix()


def _display(project: Path) -> Callable[[str], str]:
    """Project-relative paths as the user sees them (as check shows its files)."""

    def shown(relative: str) -> str:
        return _shown(project / relative)

    return shown


def read_table(path: str) -> str:
    """The hand-kept document's text; exit status 2 when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            f"cannot read {path}: {reason}", Location(path), "PR002", "unreadable-file"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path} is not UTF-8 (byte {error.start})", Location(path), "PR003", "not-utf8"
        ) from None


def exit_status(findings: list[Finding]) -> int:
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    return EXIT_FINDINGS if errors else EXIT_CLEAN
