"""Registries built in memory for the changelog entry, so the edited text is loaded once.

A command that knows what its change does to the registry (``allocate`` adds allocations to
one service) builds the result here from the records it already has, and names the
services it touched: the semantic diff for the changelog entry then compares just those.
The text that is written is still loaded and checked with every rule before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from portreg.models import Registry

Record = TypeVar("Record")
# Cached properties of a registry record: values computed from its fields, not fields.
_CACHED = ("entries", "allocations")


def fields_of(record: object) -> list[str]:
    """The names of a record's fields (a record keeps them in ``__dict__``)."""
    return [name for name in vars(record) if name not in _CACHED]


def copy_record(record: Record, changes: dict[str, object]) -> Record:
    """The record with some fields replaced (records are read-only: this is a new one)."""
    fields = {name: vars(record)[name] for name in fields_of(record)}
    fields.update(changes)
    return type(record)(**fields)


def narrowed(registry: Registry, services: Iterable[str]) -> Registry:
    """The registry with only ``services`` (those it has): what a diff of them compares."""
    kept = {name: registry.services[name] for name in services if name in registry.services}
    return copy_record(registry, {"services": kept})
