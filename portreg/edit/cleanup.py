"""Keep the lists that name services true after allocations go away or move.

When ``release`` removes allocations or ``move`` takes one off a shared port, a share may
list a service that no longer uses the port, or have fewer than two users left; an
exclusive group may name a service that no longer exists. These functions splice such
entries down (a name out of a list) or out (the whole entry), as ``check --fix`` does for
the same findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portreg.edit.session import Session

if TYPE_CHECKING:
    from portreg.models import PortUse

# Whether an allocation is still there after the edit.
Keeps = Callable[["PortUse"], bool]


def clean_shares(session: Session, keeps: Keeps) -> None:
    """Drop services from shares they no longer use; drop shares with fewer than two users."""
    registry = session.registry
    remaining: dict[tuple[str, str, int], set[str]] = {}
    counts: dict[tuple[str, str, int], int] = {}
    for use in registry.allocations:
        if keeps(use):
            remaining.setdefault(use.key, set()).add(use.service)
            counts[use.key] = counts.get(use.key, 0) + 1
    for index in reversed(range(len(registry.shares))):
        share = registry.shares[index]
        key = (share.scope, share.protocol, share.port)
        users = remaining.get(key, set())
        listed = [service for service in share.services if service in users]
        if counts.get(key, 0) < 2 or len(listed) < 1:
            _remove(session, "shares", index, f"share of {share.port} removed: not shared any more")
            continue
        _remove_names(session, ("shares", index, "services"), share.services, users, "share")


def clean_exclusive(session: Session, gone: set[str]) -> None:
    """Take services that no longer exist out of exclusive groups; drop groups left with one."""
    for index in reversed(range(len(session.registry.exclusive))):
        group = session.registry.exclusive[index]
        kept = [service for service in group.services if service not in gone]
        if kept == group.services:
            continue
        if len(kept) < 2:
            _remove(session, "exclusive", index, "exclusive group removed: one suite left")
            continue
        _remove_names(session, ("exclusive", index, "services"), group.services, set(kept), "group")


def clean_exceptions(session: Session, gone: set[str]) -> None:
    for index in reversed(range(len(session.registry.exceptions))):
        exception = session.registry.exceptions[index]
        if exception.service in gone:
            _remove(session, "exceptions", index, f"exception for {exception.service} removed")


def _remove(session: Session, key: str, index: int, note: str) -> None:
    document, local = session.locate((key, index))
    document.remove_item((key,), int(local[1]))
    session.notes.append(note)


def _remove_names(
    session: Session, path: tuple[str, int, str], names: list[str], keep: set[str], what: str
) -> None:
    document, local = session.locate(path)
    for position in reversed(range(len(names))):
        if names[position] not in keep:
            document.remove_item(local, position)
            session.notes.append(f"{names[position]} removed from a {what} ({path[0]}[{path[1]}])")
