"""What the registry says about one port number: for ``portreg who`` and ``portreg next``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.loading.sourcemap import PathKey, SourceMap
from portreg.records import HOST_SCOPE
from portreg.rules import Context
from portreg.rules.block_sweep import owned_blocks
from portreg.rules.hazards import IANA_DYNAMIC, LINUX_EPHEMERAL, WELL_KNOWN_PORTS
from portreg.wording import possessive
from portreg.workers import worker_note

if TYPE_CHECKING:
    from portreg.models import PortUse, Registry


@dataclass(frozen=True)
class Fact:
    kind: str  # allocation, container, block, exclusive, known-conflict, share, reservation,
    # range, production, history, hazard
    text: str
    path: PathKey | None = None  # where the registry says it (None for hazards)
    owned: bool = False  # an allocation or a reservation: someone has the port


def hazard(port: int) -> str | None:
    """Why a host port is a bad choice even though nobody in the registry has it."""
    if port < 1024:
        return f"{port} is a privileged port (below 1024)"
    if port in WELL_KNOWN_PORTS:
        return f"{port} is {possessive(WELL_KNOWN_PORTS[port])} default port"
    for name, (low, high) in (("Linux ephemeral", LINUX_EPHEMERAL), ("IANA dynamic", IANA_DYNAMIC)):
        if low <= port <= high:
            return f"{port} is in the {name} range {low}-{high}"
    return None


def facts(
    registry: Registry,
    sources: SourceMap,
    port: int,
    protocol: str | None = None,
    scope: str | None = None,
) -> list[Fact]:
    """Everything the registry says about ``port``, narrowed by protocol and scope if given."""
    found: list[Fact] = []
    context = Context(registry, sources)
    owners: list[PortUse] = []
    shown: set[tuple[str | int, ...]] = set()
    for use in registry.allocations:
        if (
            use.port != port
            or protocol not in (None, use.protocol)
            or scope not in (None, use.scope)
        ):
            continue
        owners.append(use)
        if use.path in shown:
            continue  # host port and NodePort the same number: one allocation, one line
        shown.add(use.path)
        text = f"{port}/{use.protocol} {use.service} {use.tier} {use.component_label} "
        text += f"({_where(registry, use)})"
        workers = worker_note(registry.services[use.service], use)
        if workers:
            text += f", {workers}"
        if use.allocation.note:
            text += f": {' '.join(use.allocation.note.split())}"
        found.append(Fact("allocation", text, context.port_path(use), owned=True))
    if scope in (None, HOST_SCOPE):
        for block in owned_blocks(context):
            if port in block.ports:
                found.append(Fact("block", f"{port} is in {block.label()}", block.path, True))
    found.extend(_group_facts(registry, port, protocol, scope, owners))
    for index, share in enumerate(registry.shares):
        if share.port != port or protocol not in (None, share.protocol):
            continue
        if scope not in (None, share.scope):
            continue
        text = f"{port}/{share.protocol} shared by {', '.join(share.services)}: {share.reason}"
        found.append(Fact("share", " ".join(text.split()), ("shares", index, "port")))
    for index, reservation in enumerate(registry.reserved):
        if port not in reservation.port or scope not in (None, reservation.scope):
            continue
        if protocol is not None and reservation.protocol not in ("any", protocol):
            continue
        kept = f" (kept for {reservation.service})" if reservation.service else ""
        text = (
            f"{reservation.port} reserved ({reservation.protocol} protocol, scope "
            f"{reservation.scope}){kept}: {reservation.reason}"
        )
        found.append(Fact("reservation", " ".join(text.split()), ("reserved", index, "port"), True))
    for component_id, component in registry.components.items():
        for tier, ports in component.ranges.items():
            if port in ports:
                text = f"{port} is in the {component_id} {tier} range {ports}"
                found.append(Fact("range", text, ("components", component_id, "ranges", tier)))
    if scope is None:
        # Last: a container port is never whose the port is, only worth knowing.
        found.extend(_container_facts(registry, sources, port, protocol))
        found.extend(_production_facts(registry, port))
    found.extend(_history_facts(registry, port))
    warning = hazard(port)
    if warning is not None:
        found.append(Fact("hazard", f"{warning}; avoid it for host ports"))
    return found


def _production_facts(registry: Registry, port: int) -> list[Fact]:
    """Services that listen on the port in production: worth knowing (a test that binds it
    on a developer's machine may collide), never a test allocation."""
    return [
        Fact(
            "production",
            f"{port} is {service_id}'s {component} port in production (information only: not "
            "a test allocation; reserve it if tests must avoid it)",
            ("services", service_id, "production", component),
        )
        for service_id, service in registry.services.items()
        for component, number in service.production.items()
        if number == port
    ]


# Enough of a port's past to answer "whose was it?"; the changelog has the rest.
HISTORY_LIMIT = 3


def _history_facts(registry: Registry, port: int) -> list[Fact]:
    """The newest changelog lines that name the port: a retired service's, a moved one's.

    A port nobody owns today often had an owner (``reports retired: postgres 15471 ... are
    free again``, ``kafka base: 9092 → 19092``); the changelog is where the registry says so.
    """
    named = re.compile(rf"(?<![0-9]){port}(?![0-9])")
    found = []
    for index, entry in enumerate(registry.changelog):
        lines: list[tuple[str, PathKey]] = [(entry.summary, ("changelog", index, "summary"))]
        lines += [
            (change, ("changelog", index, "changes", number))
            for number, change in enumerate(entry.changes)
        ]
        # A summary that only repeats one of the changes is said once.
        for line, path in lines:
            if named.search(line) and not (path[-1] == "summary" and line in entry.changes):
                text = f"{port} in changelog {entry.version} ({entry.date.isoformat()}): {line}"
                found.append(Fact("history", " ".join(text.split()), path))
    return found[:HISTORY_LIMIT]


def _where(registry: Registry, use: PortUse) -> str:
    """Where the port lives, with the allocation's other sides:
    ``host 28009 → NodePort 30080 in kind-search → container 8080``."""
    mapping = registry.mapping(use)
    if mapping.node_port is None and mapping.container_port is None:
        return f"scope {use.scope}"
    parts = []
    if mapping.port is not None:
        in_scope = f" in {mapping.scope}" if mapping.scope != HOST_SCOPE else ""
        parts.append(f"host {mapping.port}{in_scope}")
    if mapping.node_port is not None:
        parts.append(f"NodePort {mapping.node_port} in {mapping.cluster}")
    if mapping.container_port is not None:
        parts.append(f"container {mapping.container_port}")
    return " → ".join(parts)


def _container_facts(
    registry: Registry, sources: SourceMap, port: int, protocol: str | None
) -> list[Fact]:
    """Allocations whose container port is ``port``: never a conflict, but worth knowing.

    A component's default container port is one fact at the component (not one per
    allocation: `who 8080` would list every DataStorage); an allocation's own is its own.
    """
    found = []
    by_default: dict[str, int] = {}
    for ref in registry.entries:
        if protocol not in (None, ref.allocation.protocol):
            continue
        mapping = registry.mapping(ref)
        if mapping.container_port != port:
            continue
        if ref.allocation.container_port is None:
            by_default[ref.component] = by_default.get(ref.component, 0) + 1
            continue
        outside = [
            f"host {mapping.port}" if mapping.port is not None else "",
            f"NodePort {mapping.node_port} in {mapping.cluster}" if mapping.node_port else "",
        ]
        shown = ", ".join(part for part in outside if part) or "in the cluster only"
        text = (
            f"{port} is the container port of {ref.service} {ref.tier} {ref.component_label} "
            f"({shown}); container ports never conflict"
        )
        found.append(Fact("container", text, (*ref.path, "container_port")))
    for component, count in by_default.items():
        text = (
            f"{port} is the container port of {component} ({count} allocation"
            f"{'' if count == 1 else 's'}); container ports never conflict"
        )
        found.append(Fact("container", text, ("components", component, "container_port")))
    return found


def _group_facts(
    registry: Registry,
    port: int,
    protocol: str | None,
    scope: str | None,
    owners: list[PortUse],
) -> list[Fact]:
    """Exclusive groups of the port's owners, and known conflicts on the port."""
    found = []
    for index, group in enumerate(registry.exclusive):
        if not any(group.covers(use.service, use.tier) for use in owners):
            continue
        tiers = f" ({', '.join(group.tiers)})" if group.tiers else ""
        reuse = "may reuse ports" if group.reuse else "run apart, reuse: false"
        text = f"exclusive: {', '.join(group.services)}{tiers} {reuse}: {group.reason}"
        found.append(Fact("exclusive", " ".join(text.split()), ("exclusive", index, "services")))
    for index, entry in enumerate(registry.known_conflicts):
        if entry.port != port or protocol not in (None, entry.protocol):
            continue
        if scope not in (None, entry.scope):
            continue
        tracked = f" (tracked in {entry.tracked})" if entry.tracked else ""
        # One service: two of its own allocations (instances) collide.
        parties = (
            f"within {entry.services[0]}"
            if len(entry.services) == 1
            else f"between {', '.join(entry.services)}"
        )
        text = (
            f"known conflict on {port}/{entry.protocol} ({entry.scope}) {parties}{tracked}: "
            f"{entry.reason}"
        )
        found.append(Fact("known-conflict", " ".join(text.split()), ("known_conflicts", index)))
    return found


class Occupancy:
    """Which ports of one scope are taken, and why: the index ``portreg next`` walks.

    On the host, another service's block takes its ports too; ``owner``'s own blocks do not
    (``next --service`` allocates inside them).
    """

    def __init__(self, registry: Registry, scope: str, owner: str | None = None) -> None:
        self.check_hazards = registry.scope_kind(scope) == "host"
        self.taken: dict[int, str] = {}
        for share in registry.shares:
            if share.scope == scope:
                self.taken.setdefault(share.port, "shared")
        for use in registry.allocations:
            if use.scope == scope:
                self.taken.setdefault(use.port, "allocated")
        self.reserved = [r.port for r in registry.reserved if r.scope == scope]
        self.block_starts: list[int] = []
        self.block_ends: list[int] = []
        if scope == HOST_SCOPE:
            blocks = sorted(
                (ports.start, ports.end)
                for service_id, service in registry.services.items()
                if service_id != owner
                for _, _, ports in service.block_items()
            )
            # Merged into disjoint runs, so that one bisection says whether a port is in one.
            for start, end in blocks:
                if self.block_ends and start <= self.block_ends[-1] + 1:
                    self.block_ends[-1] = max(self.block_ends[-1], end)
                else:
                    self.block_starts.append(start)
                    self.block_ends.append(end)

    def why_taken(self, port: int) -> str | None:
        if port in self.taken:
            return self.taken[port]
        if any(port in reserved for reserved in self.reserved):
            return "reserved"
        run = bisect.bisect_right(self.block_starts, port) - 1
        if run >= 0 and port <= self.block_ends[run]:
            return "in a block"
        if self.check_hazards and hazard(port) is not None:
            return "hazardous"
        return None
