"""The parts of ``portreg diff`` that are lists and settings: shares, exclusive groups, known
conflicts, reservations, exceptions, exports, scopes, components' defaults, tier ranges, the
header and the changelog.

Each list entry is known by what it covers (a share by its port, an exclusive group by its
services ...): an entry whose key stays is changed field by field, so moving an entry within
its list is no change at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portreg.diff.changes import Change, Kind, port_text, short

if TYPE_CHECKING:
    from portreg.models import Registry

# Fields that are words, not numbers: shown shortened, and never a reason to raise the version.
_WORDS = frozenset({"reason", "tracked", "title", "config", "summary", "changes", "author", "date"})


@dataclass(frozen=True)
class Entries:
    """How one list of the registry is compared."""

    key: str  # the registry key of the list
    kinds: tuple[Kind, Kind, Kind]  # added, removed, changed
    subject: Callable[[Any], str]  # what an entry is known by
    describe: Callable[[Any], str | None]  # shown when it is added or removed
    fields: tuple[str, ...]  # compared one by one; the first is shown under the bare subject
    governed: bool = True


def value_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or None
    return short(str(value))


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
                value_text(was),
                value_text(now),
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
    tiers = ", ".join(item.tiers) if item.tiers else "all tiers"
    return f"{tiers}, {'reuse' if item.reuse else 'no reuse'}"


def _known(item: Any) -> str:
    return f"known conflict {port_text(item.port, item.protocol, item.scope)}"


def _reservation(item: Any) -> str:
    return f"reserved {port_text(item.port, item.protocol, item.scope, 'any')}"


def _exception(item: Any) -> str:
    covered = " ".join(part for part in (item.service, item.tier, item.component) if part)
    return f"exception {item.rule} for {covered}"


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
        ("services", "tiers", "reuse", "reason"),
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
        ("service",),
    ),
    # An exception is all key: any edit makes it another exception (no fields to compare,
    # so the third kind is never used).
    Entries(
        "exceptions",
        (Kind.EXCEPTION_ADDED, Kind.EXCEPTION_REMOVED, Kind.EXCEPTION_REMOVED),
        _exception,
        _reason,
        (),
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


def header(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """Title, status, authors and reviewers: what the docs' header shows."""
    if old is None or new is None:
        return
    for field in ("title", "status", "authors", "reviewers"):
        was, now = value_text(getattr(old, field)), value_text(getattr(new, field))
        if was != now:
            yield Change(Kind.HEADER_CHANGED, field, was, now, (field,), governed=False)


def scopes(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    before = old.scopes if old else {}
    after = new.scopes if new else {}
    for name in [*before, *(name for name in after if name not in before)]:
        subject = f"scope {name}"
        was, now = before.get(name), after.get(name)
        if now is None and was is not None:
            yield Change(Kind.SCOPE_REMOVED, subject, was.kind or "isolated", None, ("scopes",))
        elif was is None and now is not None:
            path = ("scopes", name)
            yield Change(Kind.SCOPE_ADDED, subject, None, now.kind or "isolated", path)
        elif was is not None and now is not None:
            for field in ("kind", "nodeport_range", "config", "title"):
                if getattr(was, field) != getattr(now, field):
                    yield Change(
                        Kind.SCOPE_CHANGED,
                        f"{subject} {field}",
                        value_text(getattr(was, field)),
                        value_text(getattr(now, field)),
                        ("scopes", name, field),
                        field not in _WORDS,
                    )


# A component's defaults, as a reviewer names them. Its ranges are compared per tier
# (``range-added`` ...), with the services' ranges.
# ``symbol`` names the component's constants in exported code: a change renames them.
_COMPONENT_FIELDS = (
    ("container_port", "container port"),
    ("names", "names"),
    ("symbol", "symbol"),
    ("title", "title"),
    ("description", "description"),
)


def components(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """A component added or removed, and changes of its default container port, names,
    symbol, title and description.

    None is ever ``governed``: a container port is never bound on a shared scope, the names
    only tell ``portreg scan`` which component a hard-coded port is for, and the rest name
    and describe it.
    """
    before = old.components if old else {}
    after = new.components if new else {}
    for name in [*before, *(name for name in after if name not in before)]:
        subject = f"component {name}"
        was, now = before.get(name), after.get(name)
        if now is None and was is not None:
            yield Change(
                Kind.COMPONENT_REMOVED, subject, _defaults(was), None, ("components",), False
            )
        elif was is None and now is not None:
            path = ("components", name)
            yield Change(Kind.COMPONENT_ADDED, subject, None, _defaults(now), path, False)
        elif was is not None and now is not None:
            for field, label in _COMPONENT_FIELDS:
                before_text = value_text(getattr(was, field))
                after_text = value_text(getattr(now, field))
                if before_text != after_text:
                    yield Change(
                        Kind.COMPONENT_CHANGED,
                        f"{subject} {label}",
                        before_text,
                        after_text,
                        ("components", name, field),
                        governed=False,
                    )


def _defaults(component: Any) -> str | None:
    """``container 6379, names REDIS``: what a component gives its allocations and scan."""
    parts = []
    if component.container_port is not None:
        parts.append(f"container {component.container_port}")
    if component.names:
        parts.append(f"names {', '.join(component.names)}")
    return ", ".join(parts) or None


def tier_ranges(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    def ranges(registry: Registry | None) -> dict[str, str]:
        if registry is None:
            return {}
        return {
            name: str(tier.range) for name, tier in registry.tiers.items() if tier.range is not None
        }

    before, after = ranges(old), ranges(new)
    for name in [*before, *(name for name in after if name not in before)]:
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        subject, path = f"{name} tier range", ("tiers", name, "range")
        if was is None:
            yield Change(Kind.RANGE_ADDED, subject, None, now, path)
        elif now is None:
            yield Change(Kind.RANGE_REMOVED, subject, was, None, ("tiers", name))
        else:
            yield Change(Kind.RANGE_CHANGED, subject, was, now, path)
