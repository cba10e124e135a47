"""The part of a registry an edit touched: what its changelog entry is written from.

A command that knows which services its change touched (``allocate`` adds to one service)
names them, and the semantic diff for the changelog entry then compares just those instead
of every service of the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg.records import replaced

if TYPE_CHECKING:
    from portreg.models import Registry


def narrowed(registry: Registry, services: Iterable[str]) -> Registry:
    """The registry with only ``services`` (those it has): what a diff of them compares."""
    kept = {name: registry.services[name] for name in services if name in registry.services}
    return replaced(registry, {"services": kept})
