"""Allocations as ``portreg diff`` compares them: one slot per (tier, component label), for a
service's own ports and for a cluster's own ports (``scopes.<k>.ports``) alike.

An allocation is compared by its sides as :meth:`Registry.mapping` normalizes them, so
rewriting ``{port: N, scope: <nodeport scope>}`` as ``{node_port: N, cluster: ...}`` is no
change; a port that leaves one tier for another, same component and numbers, is a move.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.diff.changes import Change, Kind, port_text
from portreg.records import AllocationRef

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import Registry

Side = tuple[int, str]  # (port, scope): one number of an allocation and where it lives
SlotKey = tuple[str, str]  # (tier, component label)
Slots = dict[SlotKey, "Slot"]


@dataclass(frozen=True)
class Slot:
    """One allocation as compared: its sides, and where it is written."""

    tier: str
    label: str  # component, or component[instance]
    path: PathKey
    host: Side | None
    node: Side | None  # the NodePort and its cluster
    container: int | None  # with the component's default filled in: compared
    written_container: int | None  # as written: shown (a default is not news)
    dynamic: bool
    protocol: str
    note: str | None

    def side_text(self, side: Side | None) -> str | None:
        return None if side is None else port_text(side[0], self.protocol, side[1])

    @property
    def text(self) -> str:
        """``28001``, or ``28001, NodePort 30080 in kind-ingest, container 8080``."""
        parts = [self.side_text(self.host) or ""] if self.host else []
        if self.node:
            parts.append(f"NodePort {self.side_text(self.node)}")
        if self.dynamic:
            parts.append("dynamic")
        container = self.written_container
        if container is not None:
            parts.append(f"container {container}" if parts else f"in-container {container}")
        return ", ".join(parts) or "no port"


def service_slots(registry: Registry | None, names: Container[str]) -> dict[str, Slots]:
    """Per service of ``names``, its own allocations' slots, in one pass. A cluster's own
    ports, which each suite that creates the cluster uses, are the cluster's
    (:func:`cluster_slots`)."""
    found: dict[str, Slots] = {}
    if registry is None:
        return found
    for ref in registry.entries:
        if ref.origin is None and ref.service in names:
            found.setdefault(ref.service, {})[(ref.tier, ref.component_label)] = _slot(
                registry, ref
            )
    return found


def cluster_slots(registry: Registry | None, name: str) -> Slots:
    """The slots of a cluster's own ports (``scopes.<name>.ports``), whoever uses them."""
    scope = registry.scopes.get(name) if registry is not None else None
    if registry is None or scope is None:
        return {}
    found: Slots = {}
    origin = ("scopes", name, "ports")
    for tier, by_component in scope.ports.items():
        for component, slot in by_component.items():
            listed = slot if isinstance(slot, list) else [slot]
            for index, allocation in enumerate(listed):
                # The ref's service is only a label here: the path comes from the origin.
                position = index if isinstance(slot, list) else None
                ref = AllocationRef(name, tier, component, allocation, position, origin)
                found[(tier, ref.component_label)] = _slot(registry, ref)
    return found


def _slot(registry: Registry, ref: AllocationRef) -> Slot:
    mapping = registry.mapping(ref)
    allocation = ref.allocation
    host: Side | None = None
    node: Side | None = None
    if mapping.port is not None:
        host = (mapping.port, mapping.scope)
    if mapping.node_port is not None and mapping.cluster is not None:
        node = (mapping.node_port, mapping.cluster)
    return Slot(
        ref.tier,
        ref.component_label,
        ref.path,
        host,
        node,
        mapping.container_port,
        allocation.container_port,
        allocation.dynamic,
        allocation.protocol,
        allocation.note,
    )


def port_list(slots: Slots) -> str:
    """``integration redis 16383, e2e api 28001``: every slot, for an owner added or removed."""
    return ", ".join(f"{tier} {label} {slot.text}" for (tier, label), slot in slots.items())


def port_changes(owner: str, before: Slots, after: Slots) -> Iterable[Change]:
    """Each allocation of ``owner`` (a service, or ``scope <cluster>``) added, removed, moved
    to another tier, or changed on one of its sides."""
    gone = [key for key in before if key not in after]
    came = [key for key in after if key not in before]
    # A port that left one tier and arrived in another, same component and numbers: a move.
    arriving: dict[tuple[str, str], list[SlotKey]] = {}
    for key in came:
        arriving.setdefault((key[1], after[key].text), []).append(key)
    moved: dict[SlotKey, SlotKey] = {}
    for key in gone:
        matches = arriving.get((key[1], before[key].text))
        if matches:
            moved[key] = matches.pop(0)
    moved_to = set(moved.values())
    for key in [*before, *came]:
        tier, label = key
        subject = f"{owner} {tier} {label}"
        if key in moved:
            target = after[moved[key]]
            yield Change(
                Kind.PORT_MOVED,
                f"{owner} {label}",
                f"{tier} {before[key].text}",
                f"{target.tier} {target.text}",
                target.path,
            )
        elif key in moved_to:
            continue
        elif key not in after:
            yield Change(Kind.PORT_REMOVED, subject, before[key].text, None, _parent(before[key]))
        elif key not in before:
            yield Change(Kind.PORT_ADDED, subject, None, after[key].text, after[key].path)
        else:
            yield from _slot_changes(subject, before[key], after[key])


def _parent(slot: Slot) -> PathKey:
    """Where a removed allocation was: its tier's mapping (the component key is gone)."""
    return slot.path[:4]


def _slot_changes(subject: str, was: Slot, now: Slot) -> Iterable[Change]:
    path = now.path
    if was.dynamic != now.dynamic:
        # A number chosen at run time became a fixed one, or the other way: one line says
        # it (``dynamic → 28009``), not a port added beside it.
        yield Change(Kind.PORT_CHANGED, subject, was.text, now.text, path)
    else:
        yield from _side_changes(subject, was, now)
    yield from _described_changes(subject, was, now)


def _side_changes(subject: str, was: Slot, now: Slot) -> Iterable[Change]:
    """The host port and the NodePort: each added, removed, moved, or of another protocol."""
    path = now.path
    for suffix, old_side, new_side in (("", was.host, now.host), (" NodePort", was.node, now.node)):
        if (old_side is None and new_side is None) or (
            old_side == new_side and was.protocol == now.protocol
        ):
            continue
        what, old_text, new_text = (
            f"{subject}{suffix}",
            was.side_text(old_side),
            now.side_text(new_side),
        )
        if old_side is None:
            yield Change(Kind.PORT_ADDED, what, None, new_text, path)
        elif new_side is None:
            yield Change(Kind.PORT_REMOVED, what, old_text, None, path)
        elif old_side == new_side:
            yield Change(Kind.PORT_CHANGED, what, old_text, new_text, path)  # the protocol
        else:
            yield Change(Kind.PORT_MOVED, what, old_text, new_text, path)  # number or scope


def _described_changes(subject: str, was: Slot, now: Slot) -> Iterable[Change]:
    """The container port written on the allocation, and its note: never bound on a shared
    scope, so never ``governed``."""
    path = now.path
    # An allocation that takes its component's default follows it: that change is the
    # component's (component-changed), said once, not once per allocation.
    if was.container != now.container and was.written_container != now.written_container:
        yield Change(
            Kind.PORT_CHANGED,
            f"{subject} container port",
            None if was.container is None else str(was.container),
            None if now.container is None else str(now.container),
            path,
            governed=False,  # a container port is never bound on a shared scope
        )
    if was.note != now.note:
        kind = (
            Kind.NOTE_ADDED
            if was.note is None
            else Kind.NOTE_REMOVED
            if now.note is None
            else Kind.NOTE_CHANGED
        )
        yield Change(kind, f"{subject} note", was.note, now.note, path, governed=False)
