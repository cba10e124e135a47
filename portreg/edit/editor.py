"""The one way portreg writes a registry: lock, read, splice, bump, validate, diff, write.

Every command that changes the registry (``allocate``, ``move``, ``release``, ``rename``,
``check --fix``, ``check --write-baseline``) hands a change function to :func:`apply_edit`.
The change records splices on the registry's files through a :class:`Session`; the editor
then (unless told not to) raises the version, sets ``updated`` and writes a changelog entry
from the semantic diff, drops known conflicts the change made stale, reloads and checks the
result with every rule, and only writes when the change adds no error. The unified diff of
each file is printed; ``--dry-run`` stops there.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from portreg.checker import check
from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, print_invalid
from portreg.edit.atomic import write_atomic
from portreg.edit.lock import locked
from portreg.edit.yaml_text import YamlText
from portreg.escaping import terminal_line
from portreg.findings import Finding, InputError, Location, Severity, UsageError
from portreg.loading.loader import Source, read_source
from portreg.loading.registry import (
    LoadedRegistry,
    display_name,
    load_sources,
    project_root,
    registry_files,
    resolve_registry_path,
)
from portreg.loading.sourcemap import PathKey
from portreg.models import Registry
from portreg.textdiff import unified_diff

BUMPS = ("minor", "major", "none")


@dataclass(frozen=True)
class EditOptions:
    """What every editing command accepts: --dry-run, --major / --no-bump, --no-docs."""

    dry_run: bool = False
    bump: str = "minor"
    docs: bool = True
    # A summary for the changelog entry (default: written from the semantic diff).
    summary: str | None = None
    # check --fix: repair what keeps the registry from loading (unquoted versions) first.
    repair_text: bool = False


@dataclass
class Session:
    """The registry as it is (valid), and the files the change splices into."""

    loaded: LoadedRegistry
    registry: Registry
    files: dict[str, Path]
    path: Path
    documents: dict[str, YamlText] = field(default_factory=dict)
    # Lines the command prints after the diff (what it did, in words).
    notes: list[str] = field(default_factory=list)
    summary: str | None = None
    # The registry as the change leaves it, when the command can build it in memory: the
    # changelog entry is then written without loading the changed text twice.
    expected: Registry | None = None
    # The services the change touched, when only they changed (with ``expected``): the
    # changelog's semantic diff then compares only them.
    touched: set[str] | None = None
    _findings: list[Finding] | None = None

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the registry before the edit (checked once, when first asked)."""
        if self._findings is None:
            self._findings = check(self.loaded)
        return self._findings

    def document(self, name: str) -> YamlText:
        if name not in self.documents:
            text = self.files[name].read_bytes().decode("utf-8")
            self.documents[name] = YamlText(text, name)
        return self.documents[name]

    def document_for(self, path: PathKey) -> YamlText:
        """The file that defines ``path`` (or its nearest ancestor); the main file if none."""
        for length in range(len(path), 0, -1):
            part = path[:length]
            sources = self.loaded.sources
            location = sources.value_location(part) or sources.key_location(part)
            if location is not None and location.file in self.files:
                return self.document(location.file)
        return self.main_document()

    def locate(self, path: PathKey) -> tuple[YamlText, PathKey]:
        """The file holding ``path`` and the path within that file: an item of a list that
        several files contribute to (shares, known_conflicts ...) has its own index there."""
        document = self.document_for(path)
        if len(path) < 2 or not isinstance(path[1], int) or len(self.files) == 1:
            return document, path
        local = 0
        for index in range(path[1]):
            location = self.loaded.sources.value_location((path[0], index))
            if location is not None and location.file == document.name:
                local += 1
        return document, (path[0], local, *path[2:])

    def main_document(self) -> YamlText:
        """The file with the header (``version``): where bumps and new top-level lists go."""
        location = self.loaded.sources.key_location(("version",))
        if location is not None and location.file in self.files:
            return self.document(location.file)
        return self.document(next(iter(self.files)))

    @property
    def changed(self) -> bool:
        return any(document.changed for document in self.documents.values())

    def texts(self) -> dict[str, str]:
        return {name: document.result() for name, document in self.documents.items()}


Change = Callable[[Session], None]


def apply_edit(
    registry_option: str | None, command: str, change: Change, options: EditOptions
) -> int:
    """Run ``change`` on the registry under its lock; write the result if it adds no error."""
    if options.bump not in BUMPS:
        raise UsageError(f"bump must be one of {', '.join(BUMPS)}")
    path = resolve_registry_path(registry_option)
    files = {display_name(file): file for file in registry_files(path)}
    root = project_root(path)
    try:
        with locked(*files.values()):
            return _edit_locked(path, files, root, command, change, options)
    except TimeoutError:
        raise InputError(
            f"{', '.join(files)} stayed locked by another portreg run; try again",
            Location(next(iter(files))),
        ) from None


def _edit_locked(
    path: Path,
    files: dict[str, Path],
    root: Path,
    command: str,
    change: Change,
    options: EditOptions,
) -> int:
    sources = [read_source(file, name) for name, file in files.items()]
    repaired = _repair_text(sources) if options.repair_text else {}
    if repaired:
        sources = [
            Source(s.name, repaired[s.name].encode("utf-8")) if s.name in repaired else s
            for s in sources
        ]
    loaded = load_sources(sources, root)
    if loaded.registry is None:
        return print_invalid(loaded, command)
    session = Session(loaded, loaded.registry, files, path, summary=options.summary)
    for name, text in repaired.items():
        original = session.document(name).original
        session.documents[name] = YamlText(text, name)
        session.documents[name].original = original
        session.notes.append(f"{name}: version numbers quoted")
    change(session)
    if not session.changed:
        for note in session.notes:
            print(terminal_line(note))
        print(f"portreg {command}: nothing to change")
        return EXIT_CLEAN
    if options.bump != "none" and session.expected is not None:
        from portreg.edit.bump import bump

        bump(session, session.expected, options.bump, command)
        new = _reload(session, root)
    else:
        new = _reload(session, root)
        if new.registry is not None and options.bump != "none":
            from portreg.edit.bump import bump

            bump(session, new.registry, options.bump, command)
            new = _reload(session, root)
    if _drop_stale_known_conflicts(session, new):
        new = _reload(session, root)
    findings = check(new)
    has_errors = any(finding.severity is Severity.ERROR for finding in findings)
    added = _new_errors(session.findings, findings) if has_errors else []
    if new.registry is None or added:
        _report_refusal(command, added or findings)
        return EXIT_FINDINGS
    texts = session.texts()
    for name, text in texts.items():
        _print_diff(name, session.documents[name].original, text)
    for note in session.notes:
        print(terminal_line(note))
    if options.dry_run:
        print(f"portreg {command}: dry run, nothing written")
        return EXIT_CLEAN
    for name, text in texts.items():
        write_atomic(files[name], text)
    if options.docs:
        from portreg.edit.regenerate import regenerate

        regenerate(new, path)
    return EXIT_CLEAN


def _repair_text(sources: list[Source]) -> dict[str, str]:
    """The files whose text fixes (quoting versions) changed something: name → new text."""
    from portreg.edit.fixes import quote_versions

    repaired = {}
    for source in sources:
        document = YamlText(source.data.decode("utf-8"), source.name)
        if quote_versions(document):
            repaired[source.name] = document.result()
    return repaired


def _reload(session: Session, root: Path) -> LoadedRegistry:
    texts = session.texts()
    sources = []
    for name, file in session.files.items():
        data = texts[name].encode("utf-8") if name in texts else file.read_bytes()
        sources.append(Source(name, data))
    return load_sources(sources, root)


def _drop_stale_known_conflicts(session: Session, new: LoadedRegistry) -> bool:
    """Remove the known_conflicts entries that the change resolved. True when any was."""
    from portreg.edit.baseline import stale_known_conflicts

    if new.registry is None:
        return False
    stale = stale_known_conflicts(new)
    if not stale:
        return False
    # Positions of the reloaded text: start again from it, as one more round of splices.
    texts = session.texts()
    for name in list(session.documents):
        session.documents[name] = _restart(session.documents[name], texts[name])
    old_sources = session.loaded.sources
    session.loaded.sources = new.sources  # positions of the reloaded text
    try:
        for index in sorted(stale, reverse=True):
            document, local = session.locate(("known_conflicts", index))
            document.remove_item(local[:1], int(local[1]))
            entry = new.registry.known_conflicts[index]
            session.notes.append(
                f"dropped known conflict {entry.port} ({entry.scope}): the conflict is gone"
            )
    finally:
        session.loaded.sources = old_sources
    return True


def _restart(document: YamlText, text: str) -> YamlText:
    """A document whose original text is ``text`` but whose diff still starts from before."""
    fresh = YamlText(text, document.name)
    fresh.original = document.original
    return fresh


def _error_key(finding: Finding) -> tuple[str, str]:
    return finding.code, finding.message


def _new_errors(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """Errors of ``after`` that ``before`` did not have (by code and message)."""
    had = Counter(_error_key(f) for f in before if f.severity is Severity.ERROR)
    added = []
    for finding in after:
        if finding.severity is not Severity.ERROR:
            continue
        key = _error_key(finding)
        if had[key]:
            had[key] -= 1
        else:
            added.append(finding)
    return added


def _report_refusal(command: str, findings: list[Finding]) -> None:
    from portreg.reporters import Report, get_renderer

    # Lines and columns are those of the edited text, which was not written.
    sys.stdout.write(get_renderer("text")(Report(command, findings, "the registry as edited")))
    count = len(findings)
    print(
        f"portreg {command}: nothing written: the change would add "
        f"{count} error{'' if count == 1 else 's'}",
        file=sys.stderr,
    )


def _print_diff(name: str, old: str, new: str) -> None:
    sys.stdout.write(unified_diff(old, new, f"{name} (before)", f"{name} (after)"))


def git_user(root: Path) -> str | None:
    """``git config user.name`` in the project, when git and a name are there."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name or None
