"""``portreg rename OLD NEW``: a service's id, changed everywhere the registry names it."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from portreg.commands.common import no_such
from portreg.edit.editor import apply_edit
from portreg.edit.options import require_utf8
from portreg.edit.session import EditOptions, Session
from portreg.findings import UsageError
from portreg.models import Slug


def run(registry: str | None, old: str, new: str, options: EditOptions) -> int:
    require_utf8(("OLD", old), ("NEW", new))

    def change(session: Session) -> None:
        rename(session, old, new)

    return apply_edit(registry, "rename", change, options)


def rename(session: Session, old: str, new: str) -> None:
    registry = session.registry
    if old not in registry.services:
        raise UsageError(no_such("service", old, registry.services))
    if new in registry.services:
        raise UsageError(f"service {new} exists already")
    try:
        TypeAdapter(Slug).validate_python(new)
    except ValidationError:
        raise UsageError(
            f"{new!r} is not a service id (lowercase letters and digits, words joined by - or _)"
        ) from None
    document, path = session.locate(("services", old))
    document.rename_key(path, new)
    count = 1
    for service_id, service in registry.services.items():
        if service.part_of == old:
            _set(session, ("services", service_id, "part_of"), new)
            count += 1
    lists: tuple[tuple[str, list[list[str]]], ...] = (
        ("shares", [entry.services for entry in registry.shares]),
        ("exclusive", [entry.services for entry in registry.exclusive]),
        ("known_conflicts", [entry.services for entry in registry.known_conflicts]),
    )
    for key, entries in lists:
        for index, services in enumerate(entries):
            for position, name in enumerate(services):
                if name == old:
                    _set(session, (key, index, "services", position), new)
                    count += 1
    singles = (
        ("exceptions", registry.exceptions),
        ("reserved", registry.reserved),
        ("exports", registry.exports),
    )
    for key, items in singles:
        for index, item in enumerate(items):
            if getattr(item, "service", None) == old:
                _set(session, (key, index, "service"), new)
                count += 1
    session.renamed[old] = new
    session.summary = session.summary or f"renamed {old} → {new}"
    session.notes.append(f"renamed {old} → {new} ({count} place{'' if count == 1 else 's'})")


def _set(session: Session, path: tuple[str | int, ...], value: str) -> None:
    document, local = session.locate(path)
    document.set_scalar(local, value)
