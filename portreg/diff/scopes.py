"""The scopes of ``portreg diff``: a scope added or removed, its settings, and for a
cluster its NodePort bands (``ranges``), its own ports and the suites that use them.

A cluster's own ports (a Kind config that several suites create) are said once, as the
cluster's (``scope kind-fp e2e alertmanager: 9193 → 9194``), not once per suite that uses
them; who uses them is the scope's ``services``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg.diff.changes import RANGE_KINDS, Change, Kind, compared, value_text
from portreg.diff.slots import cluster_slots, port_changes

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import Registry, Scope

# A scope's settings, and whether a change needs a new version: its kind and NodePort range
# decide where its ports may be; the rest describe it (for the docs).
_SETTINGS = (
    ("kind", True),
    ("nodeport_range", True),
    ("config", False),
    ("title", False),
    ("description", False),
)


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
            yield from _settings(name, was, now)
        # A cluster added or removed brings or takes its bands, ports and users: each is
        # said, as a service's ports are.
        yield from _bands(name, was, now)
        yield from _users(name, was, now)
        yield from port_changes(subject, cluster_slots(old, name), cluster_slots(new, name))


def _settings(name: str, was: Scope, now: Scope) -> Iterable[Change]:
    for field, governed in _SETTINGS:
        before, after = value_text(getattr(was, field)), value_text(getattr(now, field))
        if before != after:
            path = ("scopes", name, field)
            yield Change(Kind.SCOPE_CHANGED, f"scope {name} {field}", before, after, path, governed)


def _bands(name: str, was: Scope | None, now: Scope | None) -> Iterable[Change]:
    """``scope kind-gw api NodePort band: 30080-30099 → 30080-30109``: the band a component's
    NodePorts keep to in this cluster (PR301 judges them by it)."""

    def bands(scope: Scope | None) -> dict[str, str]:
        return {} if scope is None else {key: str(band) for key, band in scope.ranges.items()}

    def place(component: str) -> tuple[str, PathKey, PathKey]:
        path: PathKey = ("scopes", name, "ranges", component)
        return f"scope {name} {component} NodePort band", path, ("scopes", name)

    yield from compared(bands(was), bands(now), RANGE_KINDS, place)


def _users(name: str, was: Scope | None, now: Scope | None) -> Iterable[Change]:
    """The suites that create the cluster, and so use its own ports: a suite that joins or
    leaves changes what it binds. Their order is no change."""
    before = list(dict.fromkeys(was.services)) if was else []
    after = list(dict.fromkeys(now.services)) if now else []
    if set(before) != set(after):
        yield Change(
            Kind.SCOPE_CHANGED,
            f"scope {name} services",
            value_text(before),
            value_text(after),
            ("scopes", name, "services"),
        )
