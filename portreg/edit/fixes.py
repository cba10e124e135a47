"""``portreg check --fix``: the findings with one obvious repair, repaired through the editor.

Each fixer reads the registry (and the findings of the rule it repairs) and records splices:

- PR104 on a version (``version: 1.10`` read as the number 1.1): quoted, from the text as
  written, before the registry is even loaded (it cannot be, until then);
- PR213 ``updated`` not the date of the newest changelog entry: set to that entry's date;
- PR202 stale share: the services that no longer use the port leave it, a share with fewer
  than two users goes;
- PR306 unused exception: removed;
- PR208 a stale ``known_conflicts`` entry: removed (the editor also does that after every
  edit that makes one stale);
- an ``exclusive`` group with ``reuse: true`` whose suites reuse nothing: ``reuse: false``
  (the group stays: it still records that the suites run apart);
- PR401 / PR402 against ``--base``: the version raised and the changelog entry written from
  the semantic diff since the base, but only when no other error remains: a version is not
  raised for a change that does not pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from portreg.edit.cleanup import clean_shares
from portreg.edit.session import Session
from portreg.edit.yaml_text import YamlText
from portreg.records import version_key
from portreg.reporters import plural
from portreg.rules import Context, unfixable_errors

if TYPE_CHECKING:
    from portreg.models import Registry


def quote_versions(document: YamlText) -> int:
    """Quote the plain ``version`` scalars that YAML reads as numbers; how many were."""
    count = 0
    paths: list[tuple[str | int, ...]] = [("version",)]
    log = document.node(("changelog",))
    if isinstance(log, yaml.SequenceNode):
        paths.extend(("changelog", index, "version") for index in range(len(log.value)))
    for path in paths:
        node = document.node(path)
        if (
            isinstance(node, yaml.ScalarNode)
            and not node.style  # plain (the C composer says "", the Python one None)
            and node.tag != "tag:yaml.org,2002:str"
            and _looks_like_version(node.value)
        ):
            document.replace(node.start_mark.index, node.end_mark.index, f'"{node.value}"')
            count += 1
    return count


def _looks_like_version(text: str) -> bool:
    parts = text.split(".")
    return all(part.isdigit() for part in parts)


def fix_all(session: Session, base: str | None) -> None:
    """Record every fix the registry needs."""
    registry = session.registry
    _fix_updated(session, registry)
    codes = {finding.code for finding in session.findings}
    if "PR202" in codes:
        clean_shares(session, lambda use: True)
    if "PR306" in codes:
        _remove_unused_exceptions(session)
    if "PR208" in codes:
        _remove_stale_known_conflicts(session)
    _fix_unused_reuse(session, registry)
    if base:
        _fix_change_control(session, base)


def _remove_stale_known_conflicts(session: Session) -> None:
    from portreg.edit.baseline import stale_known_conflicts

    for index in sorted(stale_known_conflicts(session.loaded), reverse=True):
        entry = session.registry.known_conflicts[index]
        document, local = session.locate(("known_conflicts", index))
        document.remove_item(local[:1], int(local[1]))
        session.notes.append(
            f"removed the stale known conflict {entry.port} ({entry.scope}): the conflict is gone"
        )


def _fix_updated(session: Session, registry: Registry) -> None:
    if registry.changelog and registry.updated != registry.changelog[0].date:
        newest = registry.changelog[0]
        session.main_document().set_scalar(("updated",), newest.date)
        session.notes.append(
            f"updated: {registry.updated} → {newest.date} (changelog {newest.version})"
        )


def _remove_unused_exceptions(session: Session) -> None:
    sources = session.loaded.sources
    places = {
        sources.locate(("exceptions", index, "rule")): index
        for index in range(len(session.registry.exceptions))
    }
    unused = sorted(
        {
            places[f.location]
            for f in session.findings
            if f.code == "PR306" and f.location in places
        },
        reverse=True,
    )
    for index in unused:
        exception = session.registry.exceptions[index]
        document, local = session.locate(("exceptions", index))
        document.remove_item(("exceptions",), int(local[1]))
        session.notes.append(
            f"removed the unused exception for {exception.rule} on {exception.whose}"
        )


def _fix_unused_reuse(session: Session, registry: Registry) -> None:
    """PR307: a ``reuse: true`` group that settles no clash gets ``reuse: false``."""
    if not registry.exclusive:
        return
    used = Context(registry, session.loaded.sources).clashes.groups_used
    for index, group in enumerate(registry.exclusive):
        if not group.reuse or index in used:
            continue
        document, local = session.locate(("exclusive", index))
        if document.has((*local, "reuse")):
            document.set_scalar((*local, "reuse"), False)
        else:
            document.add_entry(local, "reuse", False)
        services = ", ".join(group.services)
        session.notes.append(f"exclusive group of {services}: reuse: false (nothing reuses a port)")


def _fix_change_control(session: Session, base: str) -> None:
    """Raise the version and write the entry when the registry changed since ``base``."""
    from portreg.diff import diff_registries
    from portreg.edit.bump import bump
    from portreg.gitrev import load_at_revision, resolve_auto

    revision = resolve_auto(base, session.path)
    if revision is None:  # --base auto before the first commit: nothing to compare with
        return
    old, _ = load_at_revision(session.path, revision)
    if old is None or old.registry is None:
        return
    before, now = old.registry, session.registry
    governed = [change for change in diff_registries(before, now) if change.governed]
    needs_entry = version_key(now.version) > version_key(before.version) and not any(
        entry.version == now.version for entry in now.changelog
    )
    if not (governed and now.version == before.version) and not needs_entry:
        return
    remaining = unfixable_errors(session.findings, writes_entry=needs_entry)
    if remaining:
        session.notes.append(
            f"version not raised: {plural(len(remaining), 'error')} that --fix cannot repair "
            "remain; fix them, then run portreg check --fix again"
        )
        return
    if governed and now.version == before.version:
        bump(session, now, "minor", "check --fix", old=before)
    else:
        bump(session, now, "none", "check --fix", old=before)
        session.notes.append(f"changelog entry {now.version} written")
