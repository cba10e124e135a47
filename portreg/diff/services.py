"""The services of ``portreg diff``: added, removed or renamed, and for each its facts, its
ports, its blocks, its parallel workers and its production ports.

A service that disappears while another appears with exactly its ports and blocks is a
rename: one line, then whatever else of it changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg.diff.changes import Change, Kind, compared, value_text
from portreg.diff.slots import Slots, port_changes, port_list, service_slots

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import Registry, Service

Blocks = dict[tuple[str, str], str]  # (tier, component or "") → the block

# What a service says about itself, for the docs, ``scan`` and exported names: none of it
# changes what a suite may bind, so none needs a new version.
FACTS = (
    "title",
    "owner",
    "description",
    "symbol",
    "paths",
    "part_of",
    "purpose",
    "status",
    "config_files",
    "urls",
)
_BLOCK_KINDS = (Kind.BLOCK_ADDED, Kind.BLOCK_REMOVED, Kind.BLOCK_CHANGED)
_WORKERS_KINDS = (Kind.WORKERS_ADDED, Kind.WORKERS_REMOVED, Kind.WORKERS_CHANGED)
_PRODUCTION_KINDS = (Kind.PRODUCTION_ADDED, Kind.PRODUCTION_REMOVED, Kind.PRODUCTION_CHANGED)


def services(old: Registry | None, new: Registry | None) -> Iterable[Change]:
    before = old.services if old else {}
    after = new.services if new else {}
    kept = _kept(old, new)
    old_names = {name for name in before if name not in kept}
    new_names = {name for name in after if name not in kept}
    old_slots, new_slots = service_slots(old, old_names), service_slots(new, new_names)
    old_blocks, new_blocks = _blocks(old, old_names), _blocks(new, new_names)
    renamed = _renames(
        [name for name in before if name not in after],
        [name for name in after if name not in before],
        (old_slots, old_blocks),
        (new_slots, new_blocks),
    )
    targets = set(renamed.values())
    for name in [*before, *(name for name in after if name not in before)]:
        if name in kept:
            continue
        if name in renamed:
            target = renamed[name]
            yield Change(Kind.SERVICE_RENAMED, target, name, target, ("services", target))
            # Its ports and blocks are the same (that is how the rename was found); the rest
            # may have changed with it.
            yield from _facts(target, before[name], after[target])
            yield from _worker_changes(target, before[name], after[target])
            yield from _production_changes(target, before[name], after[target])
        elif name in targets:
            continue
        elif name not in after:
            held = _held(old_slots.get(name, {}), old_blocks.get(name, {}), before[name])
            yield Change(Kind.SERVICE_REMOVED, name, held or None, None, ("services",), bool(held))
        elif name not in before:
            held = _held(new_slots.get(name, {}), new_blocks.get(name, {}), after[name])
            path = ("services", name)
            yield Change(Kind.SERVICE_ADDED, name, None, held or None, path, bool(held))
        else:
            yield from _facts(name, before[name], after[name])
            yield from port_changes(name, old_slots.get(name, {}), new_slots.get(name, {}))
            yield from _block_changes(name, old_blocks.get(name, {}), new_blocks.get(name, {}))
            yield from _worker_changes(name, before[name], after[name])
            yield from _production_changes(name, before[name], after[name])


def _kept(old: Registry | None, new: Registry | None) -> set[str]:
    """The services with nothing to compare: the very same record on both sides (a base
    read as an edit of the working tree keeps the record of a service whose text did not
    change), while what their ports' sides depend on beyond the service did not change
    either. A service's changes are made of its own fields and of its slots, and a slot
    reads, besides its allocation, only the kind of a scope and the container port of a
    component (``Registry.mapping``): all equal, so are the slots, and nothing is said."""
    if old is None or new is None or _mapping_inputs(old) != _mapping_inputs(new):
        return set()
    return {name for name, service in new.services.items() if old.services.get(name) is service}


def _mapping_inputs(registry: Registry) -> tuple[dict[str, str | None], dict[str, int | None]]:
    """What ``Registry.mapping`` reads of the registry beyond the allocation itself."""
    kinds = {name: registry.scope_kind(name) for name in registry.scopes}
    container_ports = {name: item.container_port for name, item in registry.components.items()}
    return kinds, container_ports


def _facts(name: str, was: Service, now: Service) -> Iterable[Change]:
    """``gateway purpose: ... → ...``: each fact of the service that changed."""
    for field in FACTS:
        before, after = value_text(getattr(was, field)), value_text(getattr(now, field))
        if before != after:
            path = ("services", name, field)
            yield Change(Kind.SERVICE_CHANGED, f"{name} {field}", before, after, path, False)


def _held(slots: Slots, blocks: Blocks, service: Service) -> str:
    """What an added or removed service holds: its ports, its blocks and its workers."""
    parts = [port_list(slots)] if slots else []
    parts.extend(
        " ".join(part for part in (tier, component, "block", block) if part)
        for (tier, component), block in blocks.items()
    )
    parts.extend(f"{tier} workers {text}" for tier, text in _workers_text(service).items())
    return ", ".join(parts)


def _blocks(registry: Registry | None, names: set[str]) -> dict[str, Blocks]:
    """The blocks of the services ``names`` that have any."""
    if registry is None:
        return {}
    services = registry.services
    return {
        name: {
            (tier, component or ""): str(block)
            for tier, component, block in services[name].block_items()
        }
        for name in names
        if services[name].blocks
    }


def _signature(slots: Slots, blocks: Blocks) -> tuple[object, ...]:
    """What a service holds, whatever its id: two equal signatures are one service renamed."""
    held = sorted((key, slot.text) for key, slot in slots.items())
    return (tuple(held), tuple(sorted(blocks.items())))


def _renames(
    removed: list[str],
    added: list[str],
    old_held: tuple[dict[str, Slots], dict[str, Blocks]],
    new_held: tuple[dict[str, Slots], dict[str, Blocks]],
) -> dict[str, str]:
    """Old id → new id for each removed service whose ports an added one holds exactly."""
    (old_slots, old_blocks), (new_slots, new_blocks) = old_held, new_held
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


def _block_changes(service: str, before: Blocks, after: Blocks) -> Iterable[Change]:
    def place(key: tuple[str, str]) -> tuple[str, PathKey, PathKey]:
        tier, component = key
        subject = " ".join(part for part in (service, tier, component, "block") if part)
        return subject, ("services", service, "blocks", tier), ("services", service, "blocks")

    yield from compared(before, after, _BLOCK_KINDS, place)


def _worker_changes(service: str, old: Service, new: Service) -> Iterable[Change]:
    """A tier's parallel workers: ``count 4, stride 1``, ``count 3, stride api 10, db 0``."""

    def place(tier: str) -> tuple[str, PathKey, PathKey]:
        path: PathKey = ("services", service, "workers", tier)
        return f"{service} {tier} workers", path, ("services", service)

    yield from compared(_workers_text(old), _workers_text(new), _WORKERS_KINDS, place)


def _workers_text(service: Service) -> dict[str, str]:
    found = {}
    # ``or {}``: a service that an edit builds in memory for its changelog entry may leave
    # its optional parts unset.
    for tier, workers in (service.workers or {}).items():
        stride = workers.stride
        steps = (
            str(stride)
            if isinstance(stride, int)
            else ", ".join(f"{name} {step}" for name, step in stride.items())
        )
        found[tier] = f"count {workers.count}, stride {steps}"
    return found


def _production_changes(service: str, old: Service, new: Service) -> Iterable[Change]:
    """A component's port in production (``gateway production api: 8080 → 8443``):
    information only, never bound by a suite, so never a reason for a new version."""

    def place(component: str) -> tuple[str, PathKey, PathKey]:
        path: PathKey = ("services", service, "production", component)
        return f"{service} production {component}", path, ("services", service)

    before = {component: str(port) for component, port in old.production.items()}
    after = {component: str(port) for component, port in new.production.items()}
    yield from compared(before, after, _PRODUCTION_KINDS, place, governed=False)
