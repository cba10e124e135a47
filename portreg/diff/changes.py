"""The change types of ``portreg diff``: what kind of change, to what, from what to what."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from portreg.loading.sourcemap import PathKey


class Kind(enum.StrEnum):
    VERSION = "version-changed"
    HEADER_CHANGED = "header-changed"
    RANGE_ADDED = "range-added"
    RANGE_REMOVED = "range-removed"
    RANGE_CHANGED = "range-changed"
    COMPONENT_ADDED = "component-added"
    COMPONENT_REMOVED = "component-removed"
    COMPONENT_CHANGED = "component-changed"
    TIER_ADDED = "tier-added"
    TIER_REMOVED = "tier-removed"
    TIER_CHANGED = "tier-changed"
    SCOPE_ADDED = "scope-added"
    SCOPE_REMOVED = "scope-removed"
    SCOPE_CHANGED = "scope-changed"
    SERVICE_ADDED = "service-added"
    SERVICE_REMOVED = "service-removed"
    SERVICE_RENAMED = "service-renamed"
    SERVICE_CHANGED = "service-changed"
    PORT_ADDED = "port-added"
    PORT_REMOVED = "port-removed"
    PORT_MOVED = "port-moved"
    PORT_CHANGED = "port-changed"
    NOTE_ADDED = "note-added"
    NOTE_REMOVED = "note-removed"
    NOTE_CHANGED = "note-changed"
    BLOCK_ADDED = "block-added"
    BLOCK_REMOVED = "block-removed"
    BLOCK_CHANGED = "block-changed"
    WORKERS_ADDED = "workers-added"
    WORKERS_REMOVED = "workers-removed"
    WORKERS_CHANGED = "workers-changed"
    PRODUCTION_ADDED = "production-added"
    PRODUCTION_REMOVED = "production-removed"
    PRODUCTION_CHANGED = "production-changed"
    SHARE_ADDED = "share-added"
    SHARE_REMOVED = "share-removed"
    SHARE_CHANGED = "share-changed"
    EXCLUSIVE_ADDED = "exclusive-added"
    EXCLUSIVE_REMOVED = "exclusive-removed"
    EXCLUSIVE_CHANGED = "exclusive-changed"
    KNOWN_CONFLICT_ADDED = "known-conflict-added"
    KNOWN_CONFLICT_REMOVED = "known-conflict-removed"
    KNOWN_CONFLICT_CHANGED = "known-conflict-changed"
    RESERVATION_ADDED = "reservation-added"
    RESERVATION_REMOVED = "reservation-removed"
    RESERVATION_CHANGED = "reservation-changed"
    EXCEPTION_ADDED = "exception-added"
    EXCEPTION_REMOVED = "exception-removed"
    EXCEPTION_CHANGED = "exception-changed"
    EXPORT_ADDED = "export-added"
    EXPORT_REMOVED = "export-removed"
    EXPORT_CHANGED = "export-changed"
    DOCS_ADDED = "docs-added"
    DOCS_REMOVED = "docs-removed"
    DOCS_CHANGED = "docs-changed"
    SCAN_CHANGED = "scan-changed"
    CHANGELOG_ADDED = "changelog-added"
    CHANGELOG_REMOVED = "changelog-removed"
    CHANGELOG_CHANGED = "changelog-changed"

    @property
    def verb(self) -> str:
        """added, removed, changed, moved or renamed: the last word of the kind."""
        return self.value.rsplit("-", 1)[1]

    @property
    def action(self) -> str:
        """added, removed or changed (a moved port and a renamed service are changed)."""
        return "changed" if self.verb in ("moved", "renamed") else self.verb


@dataclass(frozen=True)
class Change:
    """One semantic change. ``old``/``new`` are as a user writes them (None when absent)."""

    kind: Kind
    subject: str
    old: str | None
    new: str | None
    # Where the change is in the new registry (for a removal: the place it was removed from).
    path: PathKey
    # Does it change what a test suite may bind? Such changes need a version bump.
    governed: bool = True

    @property
    def text(self) -> str:
        """One line, in the style of the registry's changelog entries."""
        if self.kind is Kind.SERVICE_RENAMED:
            return f"renamed {self.old} → {self.new}"
        if self.kind is Kind.SERVICE_ADDED:
            return f"{self.subject} added" + (f" ({self.new})" if self.new else "")
        if self.kind is Kind.SERVICE_REMOVED:
            return f"{self.subject} removed" + (f" (was {self.old})" if self.old else "")
        if self.old is not None and self.new is not None:
            return f"{self.subject}: {self.old} → {self.new}"
        if self.new is not None:
            return f"{self.subject}: {self.new} (added)"
        if self.old is not None:
            return f"{self.subject}: {self.old} (removed)"
        return f"{self.subject} {self.kind.verb}"


def port_text(port: object, protocol: str, scope: str, usual_protocol: str = "tcp") -> str:
    """A port (or range) with its protocol and scope, each only when not the usual one."""
    text = str(port)
    if protocol != usual_protocol:
        text += f"/{protocol}"
    if scope != "host":
        text += f" in {scope}"
    return text


def short(text: str, limit: int = 60) -> str:
    """A reason on one line, cut at a word when long: a diff line is not the place for it."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def value_text(value: object) -> str | None:
    """A value as a diff line shows it: a list joined, a flag as yes or no, words shortened."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or None
    return short(str(value))


RANGE_KINDS = (Kind.RANGE_ADDED, Kind.RANGE_REMOVED, Kind.RANGE_CHANGED)
Key = TypeVar("Key")
# Where a keyed entry is: its subject, its path, and where its removal is reported.
Place = Callable[[Key], tuple[str, PathKey, PathKey]]


def compared(
    before: dict[Key, str],
    after: dict[Key, str],
    kinds: tuple[Kind, Kind, Kind],
    place: Place[Key],
    governed: bool = True,
) -> Iterable[Change]:
    """The entries added, removed (``kinds``, in that order) and changed between two texts
    per key; ``place`` gives a key's subject, its path, and where a removal is reported."""
    added, removed, changed = kinds
    for key in [*before, *(key for key in after if key not in before)]:
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        subject, path, removed_from = place(key)
        if was is None:
            yield Change(added, subject, None, now, path, governed)
        elif now is None:
            yield Change(removed, subject, was, None, removed_from, governed)
        else:
            yield Change(changed, subject, was, now, path, governed)
