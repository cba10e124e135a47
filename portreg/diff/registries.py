"""The semantic difference between two registries: what moved, not which lines changed.

``diff_registries(old, new)`` returns a list of typed :class:`Change` objects, in a stable
order (version, header, components, ranges, scopes, services and their ports and blocks,
shares, exclusive groups, known conflicts, reservations, exceptions, exports, changelog).
Change control (``portreg check --base``) and ``portreg diff`` both build on it; the
renderers for ``portreg diff`` live in ``portreg.diff.render``, the list entries and
settings in ``portreg.diff.entries``.

An allocation is compared by its sides as :meth:`Registry.mapping` normalizes them, so
rewriting ``{port: N, scope: <nodeport scope>}`` as ``{node_port: N, cluster: ...}`` is no
change. A service that disappears while another appears with exactly its ports and blocks
is a rename; a port that leaves one tier for another of the same service and component is
a move.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from portreg.diff import entries as diff_entries
from portreg.diff.changes import Change, Kind, port_text
from portreg.loading.sourcemap import PathKey
from portreg.records import AllocationRef

if TYPE_CHECKING:
    from portreg.models import Allocation, Registry, Service

__all__ = ["Change", "Kind", "allocation_text", "diff_registries", "port_text"]


def diff_registries(old: Registry | None, new: Registry | None) -> list[Change]:
    """Every change from ``old`` to ``new``; a missing registry counts as an empty one."""
    changes: list[Change] = []
    old_version = old.version if old else None
    new_version = new.version if new else None
    if old_version != new_version:
        changes.append(
            Change(Kind.VERSION, "version", old_version, new_version, ("version",), False)
        )
    changes.extend(diff_entries.header(old, new))
    changes.extend(diff_entries.components(old, new))
    changes.extend(_ranges(old, new))
    changes.extend(diff_entries.tier_ranges(old, new))
    changes.extend(diff_entries.scopes(old, new))
    changes.extend(_services(old, new))
    changes.extend(diff_entries.lists(old, new))
    changes.extend(diff_entries.changelog(old, new))
    return changes


Side = tuple[int, str]  # (port, scope): one number of an allocation and where it lives


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


def allocation_text(allocation: Allocation) -> str:
    """``16388``, or ``16388/udp`` and ``30080 in kind`` when not tcp on the host."""
    return port_text(allocation.port, allocation.protocol, allocation.scope)


def _slots(registry: Registry | None) -> dict[str, dict[tuple[str, str], Slot]]:
    """Per service, per (tier, component label): the allocation's slot, in one pass."""
    found: dict[str, dict[tuple[str, str], Slot]] = {}
    if registry is None:
        return found
    for ref in registry.entries:
        found.setdefault(ref.service, {})[(ref.tier, ref.component_label)] = _slot(registry, ref)
    return found


def _slot(registry: Registry, ref: AllocationRef) -> Slot:
    mapping = registry.mapping(ref)
    allocation = ref.allocation
    protocol = allocation.protocol
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
        protocol,
        allocation.note,
    )


def _blocks(registry: Registry | None) -> dict[str, dict[tuple[str, str], str]]:
    if registry is None:
        return {}
    return {
        name: {
            (tier, component or ""): str(block) for tier, component, block in service.block_items()
        }
        for name, service in registry.services.items()
        if service.blocks
    }


def _signature(
    slots: dict[tuple[str, str], Slot], blocks: dict[tuple[str, str], str]
) -> tuple[object, ...]:
    """What a service holds, whatever its id: two equal signatures are one service renamed."""
    held = sorted((key, slot.text) for key, slot in slots.items())
    return (tuple(held), tuple(sorted(blocks.items())))


def _services(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    before = old.services if old else {}
    after = new.services if new else {}
    old_slots, new_slots = _slots(old), _slots(new)
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    renamed = _renames(
        [name for name in before if name not in after],
        [name for name in after if name not in before],
        old_slots,
        new_slots,
        old_blocks,
        new_blocks,
    )
    targets = set(renamed.values())
    for name in [*before, *(name for name in after if name not in before)]:
        if name in renamed:
            target = renamed[name]
            yield Change(Kind.SERVICE_RENAMED, target, name, target, ("services", target))
            yield from _service_fields(before[name], after[target], target, ("title", "part_of"))
            continue
        if name in targets:
            continue
        if name not in after:
            ports = _port_list(old_slots.get(name, {}))
            yield Change(
                Kind.SERVICE_REMOVED, name, ports or None, None, ("services",), bool(ports)
            )
            continue
        if name not in before:
            ports = _port_list(new_slots.get(name, {}))
            yield Change(
                Kind.SERVICE_ADDED, name, None, ports or None, ("services", name), bool(ports)
            )
            continue
        yield from _service_fields(before[name], after[name], name, ("part_of",))
        yield from _ports(name, old_slots.get(name, {}), new_slots.get(name, {}))
        yield from _block_changes(name, old_blocks.get(name, {}), new_blocks.get(name, {}))
        yield from _worker_changes(name, before[name], after[name])


def _renames(
    removed: list[str],
    added: list[str],
    old_slots: dict[str, dict[tuple[str, str], Slot]],
    new_slots: dict[str, dict[tuple[str, str], Slot]],
    old_blocks: dict[str, dict[tuple[str, str], str]],
    new_blocks: dict[str, dict[tuple[str, str], str]],
) -> dict[str, str]:
    """Old id → new id for each removed service whose ports an added one holds exactly."""
    waiting: dict[tuple[object, ...], list[str]] = {}
    for name in added:
        slots, blocks = new_slots.get(name, {}), new_blocks.get(name, {})
        if slots or blocks:  # two services with nothing are not the same service
            waiting.setdefault(_signature(slots, blocks), []).append(name)
    found: dict[str, str] = {}
    for name in removed:
        candidates = waiting.get(_signature(old_slots.get(name, {}), old_blocks.get(name, {})))
        if candidates:
            found[name] = candidates.pop(0)
    return found


def _service_fields(
    was: object, now: object, name: str, fields: tuple[str, ...]
) -> Iterable[Change]:
    for field in fields:
        before, after = getattr(was, field), getattr(now, field)
        if before != after:
            yield Change(
                Kind.SERVICE_CHANGED,
                f"{name} {field}",
                before,
                after,
                ("services", name, field),
                governed=False,
            )


def _port_list(slots: dict[tuple[str, str], Slot]) -> str:
    return ", ".join(f"{tier} {label} {slot.text}" for (tier, label), slot in slots.items())


def _ports(
    service: str, before: dict[tuple[str, str], Slot], after: dict[tuple[str, str], Slot]
) -> Iterable[Change]:
    gone = [key for key in before if key not in after]
    came = [key for key in after if key not in before]
    # A port that left one tier and arrived in another, same component and numbers: a move.
    arriving: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in came:
        arriving.setdefault((key[1], after[key].text), []).append(key)
    moved: dict[tuple[str, str], tuple[str, str]] = {}
    for key in gone:
        matches = arriving.get((key[1], before[key].text))
        if matches:
            moved[key] = matches.pop(0)
    moved_to = set(moved.values())
    for key in [*before, *(key for key in came)]:
        tier, label = key
        subject = f"{service} {tier} {label}"
        if key in moved:
            target = after[moved[key]]
            yield Change(
                Kind.PORT_MOVED,
                f"{service} {label}",
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
    if was.dynamic != now.dynamic:
        yield Change(Kind.PORT_CHANGED, subject, was.text, now.text, path)
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


def _block_changes(
    service: str, before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]
) -> Iterable[Change]:
    def place(key: tuple[str, str]) -> tuple[str, PathKey, PathKey]:
        tier, component = key
        subject = " ".join(part for part in (service, tier, component, "block") if part)
        return subject, ("services", service, "blocks", tier), ("services", service, "blocks")

    yield from _compared(before, after, _BLOCK_KINDS, place)


_BLOCK_KINDS = (Kind.BLOCK_ADDED, Kind.BLOCK_REMOVED, Kind.BLOCK_CHANGED)
_WORKERS_KINDS = (Kind.WORKERS_ADDED, Kind.WORKERS_REMOVED, Kind.WORKERS_CHANGED)
_RANGE_KINDS = (Kind.RANGE_ADDED, Kind.RANGE_REMOVED, Kind.RANGE_CHANGED)
Key = TypeVar("Key")


def _compared(
    before: dict[Key, str],
    after: dict[Key, str],
    kinds: tuple[Kind, Kind, Kind],
    place: Callable[[Key], tuple[str, PathKey, PathKey]],
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
            yield Change(added, subject, None, now, path)
        elif now is None:
            yield Change(removed, subject, was, None, removed_from)
        else:
            yield Change(changed, subject, was, now, path)


def _worker_changes(service: str, old: Service, new: Service) -> Iterable[Change]:
    """A tier's parallel workers: ``count 4, stride 1``, ``count 3, stride api 10, db 0``."""

    def place(tier: str) -> tuple[str, PathKey, PathKey]:
        path: PathKey = ("services", service, "workers", tier)
        return f"{service} {tier} workers", path, ("services", service)

    yield from _compared(_workers_text(old), _workers_text(new), _WORKERS_KINDS, place)


def _workers_text(service: Service) -> dict[str, str]:
    found = {}
    for tier, workers in service.workers.items():
        stride = workers.stride
        steps = (
            str(stride)
            if isinstance(stride, int)
            else ", ".join(f"{name} {step}" for name, step in stride.items())
        )
        found[tier] = f"count {workers.count}, stride {steps}"
    return found


def _ranges(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    def ranges(registry: Registry | None) -> dict[tuple[str, str], str]:
        if registry is None:
            return {}
        return {
            (component, tier): str(port_range)
            for component, item in registry.components.items()
            for tier, port_range in item.ranges.items()
        }

    def place(key: tuple[str, str]) -> tuple[str, PathKey, PathKey]:
        component, tier = key
        path: PathKey = ("components", component, "ranges", tier)
        return f"{component} {tier} range", path, path

    yield from _compared(ranges(old), ranges(new), _RANGE_KINDS, place)
