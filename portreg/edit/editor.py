"""The one way portreg writes a registry: lock, read, splice, bump, validate, diff, write.

Every command that changes the registry (``allocate``, ``move``, ``release``, ``rename``,
``check --fix``, ``check --write-baseline``) hands a change function to :func:`apply_edit`.
The change records splices on the registry's files through a :class:`Session`; the editor
then (unless told not to) raises the version, sets ``updated`` and writes a changelog entry
from the semantic diff, drops known conflicts the change made stale, reloads and checks the
result with every rule, and only writes when the change adds no error. The unified diff of
each file is printed, and the findings the change adds; ``--dry-run`` stops there. The
registry's files, its docs, its exports and the code a move rewrites are then written in
one transaction (:mod:`portreg.edit.transaction`): all of them or none.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from functools import partial
from pathlib import Path

from portreg import confinement
from portreg.checker import check
from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, print_invalid
from portreg.edit.registry_lock import finish_interrupted, holding_registry, unwritable
from portreg.edit.session import BUMPS, Change, EditOptions, FileChange, Session
from portreg.edit.yaml_text import YamlText
from portreg.escaping import terminal_line
from portreg.findings import Finding, Severity, UsageError
from portreg.loading.loader import Source, read_source
from portreg.loading.registry import (
    LoadedRegistry,
    display_name,
    journal_path,
    load_documents,
    load_sources,
    project_root,
    registry_files,
    resolve_registry_path,
)
from portreg.textdiff import unified_diff

__all__ = ["EditOptions", "Session", "apply_edit"]


def apply_edit(
    registry_option: str | None, command: str, change: Change, options: EditOptions
) -> int:
    """Run ``change`` on the registry under its lock; write the result if it adds no error.

    ``--dry-run`` takes no lock and writes nothing, so it also works where nothing can be
    written (a read-only checkout)."""
    if options.bump not in BUMPS:
        raise UsageError(f"bump must be one of {', '.join(BUMPS)}")
    path = resolve_registry_path(registry_option)
    files = registry_files(path)
    root = project_root(path)
    for file in files:  # the registry's own files are written: inside the project only
        real = confinement.leads_out(root, file)
        if real is not None:
            raise confinement.refusal(
                "registry file",
                str(Path(display_name(file.parent)) / file.name),  # the link, not its target
                f"leads to {real}, outside the project, through a symbolic link",
            )
    if options.dry_run:
        if journal_path(files[0].parent).exists():
            finish_interrupted(files)
        return _edit(path, files, root, command, change, options)
    with holding_registry(files):
        return _edit(path, files, root, command, change, options)


def _edit(
    path: Path,
    files: list[Path],
    root: Path,
    command: str,
    change: Change,
    options: EditOptions,
) -> int:
    named = {display_name(file): file for file in files}
    sources = [read_source(file, name) for name, file in named.items()]
    repaired = _repair_text(sources) if options.repair_text else {}
    originals = {source.name: source.data.decode("utf-8", "replace") for source in sources}
    if repaired:
        sources = [
            Source(s.name, repaired[s.name].encode("utf-8")) if s.name in repaired else s
            for s in sources
        ]
    loaded = load_sources(sources, root, keep_nodes=True)
    if loaded.registry is None:
        return print_invalid(loaded, command)
    session = Session(loaded, loaded.registry, named, path, summary=options.summary)
    for name in repaired:
        session.document(name).original = originals[name]
        session.notes.append(f"{name}: version numbers quoted")
    change(session)
    if not session.changed:
        for note in session.notes:
            print(terminal_line(note))
        print(f"portreg {command}: nothing to change")
        return EXIT_CLEAN
    new = _finished(session, root, options, command)
    findings = check(new)
    # The registry's own findings are looked at only when the result has some, and only
    # those of the same rules: a clean result (the usual case) needs no second check.
    codes = {finding.code for finding in findings}
    added = _added(session.findings_of(codes), findings, session.renamed) if findings else []
    errors = [finding for finding in added if finding.severity is Severity.ERROR]
    if new.registry is None or errors:
        _report_refusal(command, errors or findings, session.texts())
        return EXIT_FINDINGS
    texts = session.texts()
    code = session.after(session, new) if session.after is not None else []
    for name, text in texts.items():
        print_diff(name, session.documents[name].original, text)
    for change_of_code in code:
        print_diff(
            change_of_code.shown,
            change_of_code.old.decode("utf-8", "replace"),
            change_of_code.new.decode("utf-8", "replace"),
        )
    for note in session.notes:
        print(terminal_line(note))
    _report_added(command, added, texts)
    if options.dry_run:
        for line in session.closing:
            print(terminal_line(line))
        print(f"portreg {command}: dry run, nothing written")
        return EXIT_CLEAN
    _write(session, new, texts, code, options)
    for line in session.closing:
        print(terminal_line(line))
    return EXIT_CLEAN


def _finished(session: Session, root: Path, options: EditOptions, command: str) -> LoadedRegistry:
    """The registry as the change leaves it, with the bump and without stale known
    conflicts: read from the edited text (so what is checked is what is written)."""
    if options.bump != "none":
        from portreg.edit.bump import bump

        changed = _reload(session, session.loaded, root).registry
        if changed is not None:
            bump(session, changed, options.bump, command)
    new = _reload(session, session.loaded, root, final=True)
    if _drop_stale_known_conflicts(session, new):
        new = _reload(session, new, root, final=True)
    return new


def _write(
    session: Session,
    new: LoadedRegistry,
    texts: dict[str, str],
    code: list[FileChange],
    options: EditOptions,
) -> None:
    """The registry's changed files, the code, the docs and the exports: all or nothing."""
    from portreg.edit.outputs import generated, write_outputs

    contents = {
        session.files[name]: text.encode("utf-8")
        for name, text in texts.items()
        if text != session.documents[name].original
    }
    for change in code:
        try:
            unchanged = change.path.read_bytes() == change.old
        except OSError:
            unchanged = False
        if not unchanged:
            raise unwritable(change.shown, "it changed while the move was planned; run it again")
        contents[change.path] = change.new
    outputs = generated(new, session.path) if options.docs else []
    write_outputs(journal_path(next(iter(session.files.values())).parent), outputs, contents)
    for output in outputs:
        output.announce()


def _repair_text(sources: list[Source]) -> dict[str, str]:
    """The files whose text fixes (quoting versions) changed something: name → new text."""
    from portreg.edit.fixes import quote_versions

    repaired = {}
    for source in sources:
        document = YamlText(source.data.decode("utf-8"), source.name)
        if quote_versions(document):
            repaired[source.name] = document.result()
    return repaired


def _reload(
    session: Session, base: LoadedRegistry, root: Path, final: bool = False
) -> LoadedRegistry:
    """The registry with the session's edits: the edited files read again (only the parts
    the edits touched), the others as ``base`` read them. ``final``: the change is complete
    (the node trees of the first reading can go)."""
    from portreg.edit.reload import CHECK_ENV, reload_document

    documents = []
    for name in session.files:
        edited = session.documents.get(name)
        if edited is not None and edited.changed:
            documents.append(reload_document(base.documents[name], edited, final))
        else:
            documents.append(base.documents[name])
            if final:
                base.documents[name].root = None  # nothing splices into it any more
    loaded = load_documents(documents, list(session.files), root, keep=True, before=base)
    if os.environ.get(CHECK_ENV):  # the fuzzing harness: validated whole, the same records
        whole = load_documents(documents, list(session.files), root)
        if (whole.registry, whole.findings) != (loaded.registry, loaded.findings):
            raise AssertionError("validating the edited services alone gave another registry")
    return loaded


def _drop_stale_known_conflicts(session: Session, new: LoadedRegistry) -> bool:
    """Remove the known_conflicts entries that the change resolved. True when any was."""
    from portreg.edit.baseline import stale_known_conflicts

    stale = stale_known_conflicts(new)
    if not stale:
        return False
    assert new.registry is not None  # stale_known_conflicts found some
    # Positions of the reloaded text: start again from it, as one more round of splices.
    for name in list(session.documents):
        read = new.documents[name]
        assert read.text is not None
        fresh = YamlText(read.text, name, read.root, bom=read.bom)
        fresh.original = session.documents[name].original
        session.documents[name] = fresh
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


def _added(before: list[Finding], after: list[Finding], renamed: dict[str, str]) -> list[Finding]:
    """The findings of ``after`` that ``before`` did not have (by code and message, the
    services ``renamed`` named by their new ids)."""
    rename = None
    if renamed:
        names = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, renamed)) + r")(?![\w-])")
        rename = partial(names.sub, lambda match: renamed[match.group()])
    had = Counter(
        (finding.code, rename(finding.message) if rename else finding.message) for finding in before
    )
    added = []
    for finding in after:
        key = (finding.code, finding.message)
        if had[key]:
            had[key] -= 1
        else:
            added.append(finding)
    return added


def _report_refusal(command: str, findings: list[Finding], texts: dict[str, str]) -> None:
    from portreg.reporters import Report, get_renderer

    # Lines and columns are those of the edited text, which was not written: shown from it.
    report = Report(command, findings, "the registry as edited", texts=texts)
    sys.stdout.write(get_renderer("text")(report))
    count = len(findings)
    print(
        f"portreg {command}: nothing written: the change would add "
        f"{count} error{'' if count == 1 else 's'}",
        file=sys.stderr,
    )


def print_diff(name: str, old: str, new: str) -> None:
    sys.stdout.write(unified_diff(old, new, f"{name} (before)", f"{name} (after)"))


def _report_added(command: str, added: list[Finding], texts: dict[str, str]) -> None:
    """The warnings (and notes) the change adds, as ``portreg check`` prints them."""
    if not added:
        return
    from portreg.reporters import Display, Report, get_renderer, plural

    report = Report(command, added, "", display=Display(quiet=True), texts=texts)
    sys.stdout.write(get_renderer("text")(report))
    warnings = sum(1 for finding in added if finding.severity is Severity.WARNING)
    what = plural(warnings, "new warning") if warnings else plural(len(added), "new note")
    print(f"portreg {command}: the change adds {what} (above); portreg check shows them too")
