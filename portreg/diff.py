"""The semantic difference between two registries: what moved, not which lines changed.

``diff_registries(old, new)`` returns a list of typed :class:`Change` objects, in a stable
order (version, ranges, services and their ports, shares, reservations, exceptions). Change
control (``portreg check --base``) and ``portreg diff`` both build on it; the renderers for
``portreg diff`` live in ``portreg.diff_render``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.sourcemap import PathKey

if TYPE_CHECKING:
    from portreg.models import Allocation, Registry, Reservation, RuleException, Share


class Kind(enum.StrEnum):
    VERSION = "version-changed"
    RANGE_ADDED = "range-added"
    RANGE_REMOVED = "range-removed"
    RANGE_CHANGED = "range-changed"
    SERVICE_ADDED = "service-added"
    SERVICE_REMOVED = "service-removed"
    PORT_ADDED = "port-added"
    PORT_REMOVED = "port-removed"
    PORT_MOVED = "port-moved"
    PORT_CHANGED = "port-changed"
    SHARE_ADDED = "share-added"
    SHARE_REMOVED = "share-removed"
    SHARE_CHANGED = "share-changed"
    RESERVATION_ADDED = "reservation-added"
    RESERVATION_REMOVED = "reservation-removed"
    EXCEPTION_ADDED = "exception-added"
    EXCEPTION_REMOVED = "exception-removed"

    @property
    def verb(self) -> str:
        """added, removed, changed or moved: the last word of the kind."""
        return self.value.rsplit("-", 1)[1]

    @property
    def action(self) -> str:
        """added, removed or changed (a moved port is changed)."""
        return "changed" if self.verb == "moved" else self.verb


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
        if self.kind is Kind.SERVICE_ADDED:
            return f"{self.subject} added" + (f" ({self.new})" if self.new else "")
        if self.kind is Kind.SERVICE_REMOVED:
            return f"{self.subject} removed" + (f" (was {self.old})" if self.old else "")
        if self.old is not None and self.new is not None:
            return f"{self.subject}: {self.old} → {self.new}"
        if self.new is not None:
            return f"{self.subject}: {self.new} (added)"
        return f"{self.subject}: {self.old} (removed)"


def diff_registries(old: Registry | None, new: Registry | None) -> list[Change]:
    """Every change from ``old`` to ``new``; a missing registry counts as an empty one."""
    changes: list[Change] = []
    old_version = old.version if old else None
    new_version = new.version if new else None
    if old_version != new_version:
        changes.append(
            Change(Kind.VERSION, "version", old_version, new_version, ("version",), False)
        )
    changes.extend(_ranges(old, new))
    changes.extend(_services(old, new))
    changes.extend(_shares(old.shares if old else [], new.shares if new else []))
    changes.extend(_reservations(old.reserved if old else [], new.reserved if new else []))
    changes.extend(_exceptions(old.exceptions if old else [], new.exceptions if new else []))
    return changes


def allocation_text(allocation: Allocation) -> str:
    """``16388``, or ``16388/udp`` and ``30080 in kind`` when not tcp on the host."""
    return port_text(allocation.port, allocation.protocol, allocation.scope)


def port_text(port: object, protocol: str, scope: str, usual_protocol: str = "tcp") -> str:
    """A port (or range) with its protocol and scope, each only when not the usual one."""
    text = str(port)
    if protocol != usual_protocol:
        text += f"/{protocol}"
    if scope != "host":
        text += f" in {scope}"
    return text


def _ranges(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    def ranges(registry: Registry | None) -> dict[tuple[str, str], str]:
        if registry is None:
            return {}
        return {
            (component, tier): str(port_range)
            for component, item in registry.components.items()
            for tier, port_range in item.ranges.items()
        }

    before, after = ranges(old), ranges(new)
    for key in [*before, *(key for key in after if key not in before)]:
        component, tier = key
        was, now = before.get(key), after.get(key)
        subject = f"{component} {tier} range"
        path: PathKey = ("components", component, "ranges", tier)
        if was == now:
            continue
        if was is None:
            yield Change(Kind.RANGE_ADDED, subject, None, now, path)
        elif now is None:
            yield Change(Kind.RANGE_REMOVED, subject, was, None, path)
        else:
            yield Change(Kind.RANGE_CHANGED, subject, was, now, path)


def _services(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    before = old.services if old else {}
    after = new.services if new else {}
    for name in [*before, *(name for name in after if name not in before)]:
        if name not in after:
            ports = _port_list(before[name].flat_ports())
            yield Change(
                Kind.SERVICE_REMOVED, name, ports or None, None, ("services",), bool(ports)
            )
            continue
        if name not in before:
            ports = _port_list(after[name].flat_ports())
            yield Change(
                Kind.SERVICE_ADDED, name, None, ports or None, ("services", name), bool(ports)
            )
            continue
        yield from _ports(name, before[name].flat_ports(), after[name].flat_ports())


def _port_list(ports: Mapping[str, Mapping[str, Allocation]]) -> str:
    return ", ".join(
        f"{tier} {component} {allocation_text(allocation)}"
        for tier, by_component in ports.items()
        for component, allocation in by_component.items()
    )


def _ports(
    service: str,
    before: Mapping[str, Mapping[str, Allocation]],
    after: Mapping[str, Mapping[str, Allocation]],
) -> Iterable[Change]:
    def flat(ports: Mapping[str, Mapping[str, Allocation]]) -> dict[tuple[str, str], Allocation]:
        return {
            (tier, component): allocation
            for tier, by_component in ports.items()
            for component, allocation in by_component.items()
        }

    old_ports, new_ports = flat(before), flat(after)
    for key in [*old_ports, *(key for key in new_ports if key not in old_ports)]:
        tier, component = key
        subject = f"{service} {tier} {component}"
        path: PathKey = ("services", service, "ports", tier, component)
        was, now = old_ports.get(key), new_ports.get(key)
        if was is None and now is not None:
            yield Change(Kind.PORT_ADDED, subject, None, allocation_text(now), path)
        elif now is None and was is not None:
            yield Change(Kind.PORT_REMOVED, subject, allocation_text(was), None, path)
        elif was is not None and now is not None:
            old_text, new_text = allocation_text(was), allocation_text(now)
            if was.port != now.port:
                yield Change(Kind.PORT_MOVED, subject, old_text, new_text, path)
            elif old_text != new_text:
                yield Change(Kind.PORT_CHANGED, subject, old_text, new_text, path)


def _share_key(share: Share) -> str:
    return f"share {port_text(share.port, share.protocol, share.scope)}"


def _shares(before: list[Share], after: list[Share]) -> Iterable[Change]:
    old = {_share_key(share): share for share in before}
    new = {_share_key(share): (index, share) for index, share in enumerate(after)}
    for key, share in old.items():
        if key not in new:
            yield Change(Kind.SHARE_REMOVED, key, ", ".join(share.services), None, ("shares",))
    for key, (index, share) in new.items():
        services = ", ".join(share.services)
        if key not in old:
            yield Change(Kind.SHARE_ADDED, key, None, services, ("shares", index))
        elif old[key].services != share.services:
            was = ", ".join(old[key].services)
            yield Change(Kind.SHARE_CHANGED, key, was, services, ("shares", index, "services"))
        elif old[key].reason != share.reason:
            yield Change(
                Kind.SHARE_CHANGED,
                f"{key} reason",
                _short(old[key].reason),
                _short(share.reason),
                ("shares", index, "reason"),
                governed=False,
            )


def _reservation_key(reservation: Reservation) -> str:
    port = port_text(reservation.port, reservation.protocol, reservation.scope, "any")
    return f"reserved {port}"


def _exception_key(exception: RuleException) -> str:
    scope = " ".join(
        part for part in (exception.service, exception.tier, exception.component) if part
    )
    return f"exception {exception.rule} for {scope}"


def _reservations(before: list[Reservation], after: list[Reservation]) -> Iterable[Change]:
    return _added_or_removed(
        [(_reservation_key(item), item.reason) for item in before],
        [(_reservation_key(item), item.reason) for item in after],
        "reserved",
        Kind.RESERVATION_ADDED,
        Kind.RESERVATION_REMOVED,
    )


def _exceptions(before: list[RuleException], after: list[RuleException]) -> Iterable[Change]:
    return _added_or_removed(
        [(_exception_key(item), item.reason) for item in before],
        [(_exception_key(item), item.reason) for item in after],
        "exceptions",
        Kind.EXCEPTION_ADDED,
        Kind.EXCEPTION_REMOVED,
    )


def _added_or_removed(
    before: list[tuple[str, str]],
    after: list[tuple[str, str]],
    key: str,
    added: Kind,
    removed: Kind,
) -> Iterable[Change]:
    """List entries known by what they cover (their reason is shown, not compared)."""
    old = dict(before)
    new = {subject: (index, reason) for index, (subject, reason) in enumerate(after)}
    for subject, reason in old.items():
        if subject not in new:
            yield Change(removed, subject, _short(reason), None, (key,))
    for subject, (index, reason) in new.items():
        if subject not in old:
            yield Change(added, subject, None, _short(reason), (key, index))


def _short(text: str, limit: int = 60) -> str:
    """A reason on one line, cut at a word when long: a diff line is not the place for it."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"
