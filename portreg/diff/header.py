"""The parts of ``portreg diff`` that come before the services: the header, the tiers and
the components, with their ranges and NodePort bands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from portreg.diff.changes import RANGE_KINDS, Change, Kind, Place, compared, value_text

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import Registry

# What the docs' header shows. ``updated`` is left out: it follows the changelog, whose new
# entry is said.
_HEADER = ("title", "status", "authors", "reviewers", "created", "related", "description")


def header(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """Title, status, authors, reviewers, created, related documents and description."""
    if old is None or new is None:
        return
    for field in _HEADER:
        was, now = value_text(getattr(old, field)), value_text(getattr(new, field))
        if was != now:
            yield Change(Kind.HEADER_CHANGED, field, was, now, (field,), governed=False)


def tiers(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """A tier added or removed, its title, description or symbol (never ``governed``: a tier
    binds nothing, its suites' ports do), and its own range (which is)."""
    before = old.tiers if old else {}
    after = new.tiers if new else {}
    yield from _named(
        before,
        after,
        "tiers",
        (Kind.TIER_ADDED, Kind.TIER_REMOVED, Kind.TIER_CHANGED),
        (("title", "title"), ("description", "description"), ("symbol", "symbol")),
        lambda tier: value_text(tier.title),
    )

    def ranges(registry: Registry | None) -> dict[str, str]:
        if registry is None:
            return {}
        return {
            name: str(tier.range) for name, tier in registry.tiers.items() if tier.range is not None
        }

    def place(name: str) -> tuple[str, PathKey, PathKey]:
        return f"{name} tier range", ("tiers", name, "range"), ("tiers", name)

    yield from compared(ranges(old), ranges(new), RANGE_KINDS, place)


# A component's defaults, as a reviewer names them. Its ranges are compared per tier
# (``range-added`` ...), with its NodePort bands.
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
    yield from _named(
        old.components if old else {},
        new.components if new else {},
        "components",
        (Kind.COMPONENT_ADDED, Kind.COMPONENT_REMOVED, Kind.COMPONENT_CHANGED),
        _COMPONENT_FIELDS,
        _defaults,
    )


def _named(
    before: dict[str, Any],
    after: dict[str, Any],
    key: str,
    kinds: tuple[Kind, Kind, Kind],
    fields: tuple[tuple[str, str], ...],
    describe: Callable[[Any], str | None],
) -> Iterable[Change]:
    """Entries of a mapping by id (``tiers``, ``components``) added, removed, or changed
    field by field (each field with its label); none is ``governed``."""
    added, removed, changed = kinds
    noun = key.removesuffix("s")
    for name in [*before, *(name for name in after if name not in before)]:
        subject = f"{noun} {name}"
        was, now = before.get(name), after.get(name)
        if now is None:
            yield Change(removed, subject, describe(was), None, (key,), False)
        elif was is None:
            yield Change(added, subject, None, describe(now), (key, name), False)
        else:
            for field, label in fields:
                before_text = value_text(getattr(was, field))
                after_text = value_text(getattr(now, field))
                if before_text != after_text:
                    path = (key, name, field)
                    yield Change(
                        changed, f"{subject} {label}", before_text, after_text, path, False
                    )


def _defaults(component: Any) -> str | None:
    """``container 6379, names REDIS``: what a component gives its allocations and scan."""
    parts = []
    if component.container_port is not None:
        parts.append(f"container {component.container_port}")
    if component.names:
        parts.append(f"names {', '.join(component.names)}")
    return ", ".join(parts) or None


def component_ranges(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    """Per component and tier: its range (``redis integration range``), then its NodePort
    band in every cluster (``api e2e NodePort band``, from ``nodeport_ranges``)."""
    for key, label in (("ranges", "range"), ("nodeport_ranges", "NodePort band")):
        place = _range_place(key, label)
        yield from compared(_per_tier(old, key), _per_tier(new, key), RANGE_KINDS, place)


def _per_tier(registry: Registry | None, key: str) -> dict[tuple[str, str], str]:
    """(component, tier) → the range under the components' ``key``."""
    if registry is None:
        return {}
    return {
        (component, tier): str(port_range)
        for component, item in registry.components.items()
        for tier, port_range in getattr(item, key).items()
    }


def _range_place(key: str, label: str) -> Place[tuple[str, str]]:
    def place(where: tuple[str, str]) -> tuple[str, PathKey, PathKey]:
        component, tier = where
        path: PathKey = ("components", component, key, tier)
        return f"{component} {tier} {label}", path, path

    return place
