"""What every section is built from: the registry being rendered, and safe markdown pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from portreg.loading.sourcemap import SourceMap
from portreg.records import HOST_SCOPE
from portreg.rules import Context
from portreg.tables import EMPTY_CELL

if TYPE_CHECKING:
    from portreg.models import Registry

NONE = EMPTY_CELL
KNOWN_CONFLICT = "⚠"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")

# (scope, protocol, port, service): a port of that service that a known conflict accepts.
ConflictKey = tuple[str, str, int, str]


@dataclass
class View:
    """The registry as the sections see it, with the indexes the rules use."""

    registry: Registry
    # The registry's path relative to the project root (``registry/ports.yaml``), never an
    # absolute path: the output must be the same on every machine and from every directory.
    source: str
    sources: SourceMap

    @cached_property
    def context(self) -> Context:
        return Context(self.registry, self.sources)

    @cached_property
    def service_order(self) -> list[str]:
        """Services in file order, each suite (``part_of``) right after the service it is of."""
        services = self.registry.services
        children: dict[str, list[str]] = {}
        for service_id, service in services.items():
            parent = service.part_of
            if parent is not None and parent in services and parent != service_id:
                children.setdefault(parent, []).append(service_id)
        placed = {child for group in children.values() for child in group}
        order: list[str] = []

        def add(service_id: str, seen: frozenset[str]) -> None:
            order.append(service_id)
            for child in children.get(service_id, []):
                if child not in seen:  # a part_of cycle is the rules' finding, not a hang
                    add(child, seen | {child})

        for service_id in services:
            if service_id not in placed:
                add(service_id, frozenset({service_id}))
        listed = set(order)
        order += [service_id for service_id in services if service_id not in listed]
        return order

    @cached_property
    def known_conflicts(self) -> set[ConflictKey]:
        """Every (scope, protocol, port, service) a known conflict accepts: marked ⚠."""
        return {
            (entry.scope, entry.protocol, entry.port, service)
            for entry in self.registry.known_conflicts
            for service in entry.services
        }

    def service(self, service_id: str) -> str:
        """A service as people call it: its title, or its id."""
        entry = self.registry.services.get(service_id)
        return text(entry.title) if entry is not None and entry.title else text(service_id)

    def row_label(self, service_id: str) -> str:
        """A service as a table row: a suite of another service is indented under it."""
        entry = self.registry.services.get(service_id)
        name = self.service(service_id)
        if entry is not None and entry.part_of and entry.part_of in self.registry.services:
            return f"↳ {name}"
        return name

    def services(self, service_ids: Iterable[str]) -> str:
        return join_names([self.service(item) for item in service_ids])

    def tier(self, tier_id: str) -> str:
        entry = self.registry.tiers.get(tier_id)
        return text(entry.title) if entry is not None and entry.title else text(tier_id)

    def component(self, component_id: str, instance: str | None = None) -> str:
        entry = self.registry.components.get(component_id)
        name = text(entry.title) if entry is not None and entry.title else text(component_id)
        return name if instance is None else f"{name} {text(instance)}"

    def scope(self, scope_id: str) -> str:
        entry = self.registry.scopes.get(scope_id)
        if scope_id == HOST_SCOPE or entry is None or not entry.title:
            return text(scope_id)
        if entry.title == scope_id:  # titled as its id: say it once, not "kind-a (kind-a)"
            return text(scope_id)
        return f"{text(entry.title)} ({text(scope_id)})"


def text(value: object) -> str:
    """Registry text as literal markdown: one line, markdown punctuation escaped, control
    characters written as escapes (tabulate draws a row starting with \\x01 as a rule)."""
    from portreg.escaping import escape_control

    return _SPECIAL.sub(r"\\\1", escape_control(" ".join(str(value).split())))


def join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def port_text(port: object, protocol: str = "tcp", scope: str = HOST_SCOPE) -> str:
    """``16379``, ``5353/udp``, ``30080 in kind-gw``: protocol and scope only when unusual."""
    shown = str(port) if protocol == "tcp" else f"{port}/{protocol}"
    return shown if scope == HOST_SCOPE else f"{shown} in {text(scope)}"


def port_runs(ports: Iterable[int], limit: int = 24) -> str:
    """``16383, 16386`` or ``30000-30085, 30090``; long lists end with how many are left."""
    runs: list[tuple[int, int]] = []
    for port in sorted(set(ports)):
        if runs and runs[-1][1] == port - 1:
            runs[-1] = (runs[-1][0], port)
        else:
            runs.append((port, port))
    return runs_text(runs, limit)


def free_runs(start: int, end: int, taken: set[int]) -> list[tuple[int, int]]:
    """The runs of ports from start to end (inclusive) that are not in taken."""
    # Whichever is smaller is walked: a service's block is short, the host's ports are many.
    if end - start + 1 <= len(taken):
        inside = [port for port in range(start, end + 1) if port in taken]
    else:
        inside = sorted(port for port in taken if start <= port <= end)
    runs: list[tuple[int, int]] = []
    low = start
    for port in inside:
        if port > low:
            runs.append((low, port - 1))
        low = port + 1
    if low <= end:
        runs.append((low, end))
    return runs


def runs_text(runs: Sequence[tuple[int, int]], limit: int = 24) -> str:
    shown = [str(start) if start == end else f"{start}-{end}" for start, end in runs[:limit]]
    rest = sum(end - start + 1 for start, end in runs[limit:])
    if rest:
        shown.append(f"… and {rest} more")
    return ", ".join(shown) or NONE


def run_count(runs: Iterable[tuple[int, int]]) -> int:
    return sum(end - start + 1 for start, end in runs)
