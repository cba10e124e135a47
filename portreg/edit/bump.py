"""Raise the version, set ``updated`` and write the changelog entry for an edit.

The entry is written from the semantic diff (``portreg.diff``) between the registry before
and after the edit, so it says what changed in the words ``portreg diff`` uses; its author
is ``git config user.name`` when there is one. ``PORTREG_TODAY`` fixes the date (tests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.clock import today
from portreg.diff import Kind, diff_registries
from portreg.edit.emit import BlockList
from portreg.edit.session import Session, git_user
from portreg.records import version_key
from portreg.versions import raised_version

if TYPE_CHECKING:
    from portreg.models import Registry


def changelog_lines(old: Registry, new: Registry) -> list[str]:
    """The semantic changes from ``old`` to ``new``, one line each (the version left out)."""
    return [change.text for change in diff_registries(old, new) if change.kind is not Kind.VERSION]


def bump(
    session: Session, new: Registry, kind: str, command: str, old: Registry | None = None
) -> None:
    """Record the version, ``updated`` and changelog splices on the session's files.

    ``old`` is what the entry describes the change from (default: the registry before the
    edit). ``kind`` "none" keeps the version and only writes its missing entry.
    """
    old = old or session.registry
    top = max(old.version, new.version, key=version_key)
    version = top if kind == "none" else raised_version(top, kind, today())
    write_entry(session, old, new, version, command)
    if version != new.version:
        session.notes.append(f"version {new.version} → {version}")


def write_entry(session: Session, old: Registry, new: Registry, version: str, command: str) -> None:
    """Set ``version`` and ``updated`` and add the changelog entry for ``version``."""
    date = today()
    if session.touched is not None:
        from portreg.edit.expected import narrowed

        changes = changelog_lines(narrowed(old, session.touched), narrowed(new, session.touched))
    else:
        changes = changelog_lines(old, new)
    summary = session.summary or _summary(changes, command)
    entry: dict[str, object] = {"version": version, "date": date, "summary": summary}
    author = git_user(session.loaded.root)
    if author:
        entry["author"] = author
    if changes:
        entry["changes"] = BlockList(changes)
    header = session.main_document()
    if version != new.version:
        header.set_scalar(("version",), version)
    if header.has(("updated",)):
        header.set_scalar(("updated",), date)
    log = session.document_for(("changelog",))
    if log.has(("changelog",)) and log.node(("changelog",)).value:  # type: ignore[union-attr]
        log.prepend_item(("changelog",), entry)
    elif log.has(("changelog",)):
        log.set_scalar(("changelog",), [entry])
    else:
        header.add_top_level("changelog", [entry])


def _summary(changes: list[str], command: str) -> str:
    if not changes:
        return f"portreg {command}"
    if len(changes) == 1:
        return changes[0]
    return f"{changes[0]}, and {len(changes) - 1} more"
