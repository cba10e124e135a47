"""The parts of ``portreg diff`` that are lists: shares, exclusive groups, known conflicts,
reservations, exceptions, exports, docs targets and the changelog; and the scan settings.

Each list entry is known by what it covers (a share by its port, an exclusive group by its
services ...): an entry whose key stays is changed field by field, so moving an entry within
its list is no change at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portreg.diff.changes import Change, Kind, port_text, short, value_text

if TYPE_CHECKING:
    from portreg.models import Registry

# Fields that are words, not numbers: shown shortened, and never a reason to raise the version.
_WORDS = frozenset({"reason", "tracked", "summary", "changes", "author", "date"})


@dataclass(frozen=True)
class Entries:
    """How one list of the registry is compared."""

    key: str  # the registry key of the list
    kinds: tuple[Kind, Kind, Kind]  # added, removed, changed
    subject: Callable[[Any], str]  # what an entry is known by
    describe: Callable[[Any], str | None]  # shown when it is added or removed
    fields: tuple[str, ...]  # compared one by one; the first is shown under the bare subject
    governed: bool = True
    # How a field's value is shown, where a plain value_text would not say it.
    shown: Callable[[str, Any], str | None] = lambda field, value: value_text(value)


def compare(spec: Entries, before: Sequence[Any], after: Sequence[Any]) -> Iterable[Change]:
    added, removed, changed = spec.kinds
    old = {spec.subject(item): item for item in before}
    new = {spec.subject(item): (index, item) for index, item in enumerate(after)}
    for subject, item in old.items():
        if subject not in new:
            yield Change(removed, subject, spec.describe(item), None, (spec.key,), spec.governed)
    for subject, (index, item) in new.items():
        if subject not in old:
            path = (spec.key, index)
            yield Change(added, subject, None, spec.describe(item), path, spec.governed)
            continue
        for position, field in enumerate(spec.fields):
            was, now = getattr(old[subject], field), getattr(item, field)
            if was == now:
                continue
            yield Change(
                changed,
                subject if position == 0 else f"{subject} {field}",
                spec.shown(field, was),
                spec.shown(field, now),
                (spec.key, index, field),
                spec.governed and field not in _WORDS,
            )


def _share(item: Any) -> str:
    return f"share {port_text(item.port, item.protocol, item.scope)}"


def _services(item: Any) -> str | None:
    return ", ".join(item.services)


def _reason(item: Any) -> str | None:
    return short(item.reason)


def _exclusive(item: Any) -> str:
    return f"exclusive {', '.join(item.services)}"


def _exclusive_text(item: Any) -> str:
    """``e2e, reuse``, or ``all tiers, reuse of 9193`` for a group that lists its ports."""
    tiers = ", ".join(item.tiers) if item.tiers else "all tiers"
    if not item.reuse:
        return f"{tiers}, no reuse"
    return f"{tiers}, reuse" + ("" if item.ports is None else f" of {_reused(item.ports)}")


def _exclusive_field(field: str, value: Any) -> str | None:
    return _reused(value) if field == "ports" else value_text(value)


def _reused(ports: list[int] | None) -> str:
    """The ports an exclusive group may reuse: without ``ports``, every port of its suites."""
    if ports is None:
        return "every port"
    return value_text(ports) or "none"


def _known(item: Any) -> str:
    return f"known conflict {port_text(item.port, item.protocol, item.scope)}"


def _reservation(item: Any) -> str:
    return f"reserved {port_text(item.port, item.protocol, item.scope, 'any')}"


def _exception(item: Any) -> str:
    """``exception PR301 for gateway e2e api``; with a cluster, ``for kind-a's NodePorts`` or
    ``for gateway in kind-a``: what it silences is what it is known by."""
    whose = item.whose if item.service or item.cluster else None
    covered = " ".join(part for part in (whose, item.tier, item.component) if part)
    return f"exception {item.rule} for {covered}" if covered else f"exception {item.rule}"


def _export(item: Any) -> str:
    return f"export {item.path}"


def _export_text(item: Any) -> str | None:
    """``go``, or ``env for search e2e``: the format, and what it is narrowed to."""
    narrowed = " ".join(part for part in (item.service, item.tier) if part)
    return f"{item.format} for {narrowed}" if narrowed else item.format


def _changelog(item: Any) -> str:
    return f"changelog {item.version}"


LISTS = (
    Entries(
        "shares",
        (Kind.SHARE_ADDED, Kind.SHARE_REMOVED, Kind.SHARE_CHANGED),
        _share,
        _services,
        ("services", "concurrent", "reason"),
    ),
    Entries(
        "exclusive",
        (Kind.EXCLUSIVE_ADDED, Kind.EXCLUSIVE_REMOVED, Kind.EXCLUSIVE_CHANGED),
        _exclusive,
        _exclusive_text,
        ("services", "tiers", "ports", "reuse", "reason"),
        shown=_exclusive_field,
    ),
    Entries(
        "known_conflicts",
        (Kind.KNOWN_CONFLICT_ADDED, Kind.KNOWN_CONFLICT_REMOVED, Kind.KNOWN_CONFLICT_CHANGED),
        _known,
        _services,
        ("services", "reason", "tracked"),
    ),
    Entries(
        "reserved",
        (Kind.RESERVATION_ADDED, Kind.RESERVATION_REMOVED, Kind.RESERVATION_CHANGED),
        _reservation,
        _reason,
        ("service", "reason"),
    ),
    # An exception is known by what it silences: only its reason can change.
    Entries(
        "exceptions",
        (Kind.EXCEPTION_ADDED, Kind.EXCEPTION_REMOVED, Kind.EXCEPTION_CHANGED),
        _exception,
        _reason,
        ("reason",),
    ),
    # A constants file is generated output, not an allocation: never a reason for a version.
    Entries(
        "exports",
        (Kind.EXPORT_ADDED, Kind.EXPORT_REMOVED, Kind.EXPORT_CHANGED),
        _export,
        _export_text,
        ("format", "service", "tier", "package"),
        governed=False,
    ),
    # Where render-docs writes: generated output too.
    Entries(
        "docs",
        (Kind.DOCS_ADDED, Kind.DOCS_REMOVED, Kind.DOCS_CHANGED),
        lambda item: f"docs target {item.path}",
        lambda item: value_text(item.sections) or "every section",
        ("sections",),
        governed=False,
        shown=lambda field, value: value_text(value) or "every section",
    ),
)

CHANGELOG = Entries(
    "changelog",
    (Kind.CHANGELOG_ADDED, Kind.CHANGELOG_REMOVED, Kind.CHANGELOG_CHANGED),
    _changelog,
    lambda item: short(item.summary),
    ("summary", "date", "author", "changes"),
    governed=False,
)


def lists(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    for spec in LISTS:
        yield from compare(spec, getattr(old, spec.key, []), getattr(new, spec.key, []))


def changelog(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    return compare(CHANGELOG, old.changelog if old else [], new.changelog if new else [])


def scan_settings(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """What ``portreg scan`` never reads (``scan: {exclude: [...]}``): a glob added there
    hides a tree's hard-coded ports from the scan, which a reviewer should see."""
    if old is None or new is None:  # a registry added or removed: its settings are no news
        return
    was, now = value_text(old.scan.exclude), value_text(new.scan.exclude)
    if was != now:
        yield Change(Kind.SCAN_CHANGED, "scan exclude", was, now, ("scan", "exclude"), False)
