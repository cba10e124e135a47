"""Names used in one place of the registry that must be declared in another."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from portreg.findings import Severity
from portreg.models import HOST_SCOPE
from portreg.rules import Context, Problem, declare, find_rule, rule
from portreg.sourcemap import PathKey


def _unknown(
    kind: str, name: str, known: Iterable[str], path: PathKey, at_key: bool = False
) -> Problem:
    choices = sorted(known)
    close = difflib.get_close_matches(name, choices, n=1)
    if close:
        tail = f"; did you mean {close[0]!r}?"
    elif choices:
        tail = f"; declared: {', '.join(choices[:12])}{' ...' if len(choices) > 12 else ''}"
    else:
        tail = f"; no {kind}s are declared"
    return Problem(path, f"unknown {kind} {name!r}{tail}", at_key=at_key)


@rule("PR203", "unknown-reference", Severity.ERROR)
def unknown_reference(context: Context) -> Iterator[Problem]:
    """A service, tier, component, scope or rule is used but not declared.

    Tiers, components and scopes other than ``host`` are declared at the top of the registry,
    so that a typo (``intergration``) cannot quietly create a new tier whose ports are never
    compared with the others. Checked wherever a name is used: an allocation's ``scope`` and
    ``cluster``, a service's ``part_of`` and ``blocks``, ``reserved``, ``shares``,
    ``exclusive`` groups, ``known_conflicts``, ``exceptions`` and ``exports``.
    """
    registry = context.registry
    tiers, components = registry.tiers.keys(), registry.components.keys()
    scopes = {HOST_SCOPE, *registry.scopes}
    services = registry.services.keys()
    for name, declared in registry.components.items():
        for tier in declared.ranges:
            if tier not in tiers:
                yield _unknown("tier", tier, tiers, ("components", name, "ranges", tier), True)
    for name, entry in registry.services.items():
        for tier, by_component in entry.ports.items():
            if tier not in tiers:
                yield _unknown("tier", tier, tiers, ("services", name, "ports", tier), True)
            for component in by_component:
                path = ("services", name, "ports", tier, component)
                if component not in components:
                    yield _unknown("component", component, components, path, True)
    for ref in registry.entries:
        if ref.allocation.scope not in scopes:
            yield _unknown("scope", ref.allocation.scope, scopes, (*ref.path, "scope"))
        cluster = ref.allocation.cluster
        if cluster is not None and cluster not in scopes:
            yield _unknown("scope", cluster, scopes, (*ref.path, "cluster"))
    yield from _service_references(context)
    for index, share in enumerate(registry.shares):
        if share.scope not in scopes:
            yield _unknown("scope", share.scope, scopes, ("shares", index, "scope"))
        for position, service in enumerate(share.services):
            if service not in services:
                yield _unknown(
                    "service", service, services, ("shares", index, "services", position)
                )
    for index, reservation in enumerate(registry.reserved):
        if reservation.scope not in scopes:
            yield _unknown("scope", reservation.scope, scopes, ("reserved", index, "scope"))
        if reservation.service is not None and reservation.service not in services:
            yield _unknown("service", reservation.service, services, ("reserved", index, "service"))
    yield from _group_references(context)
    yield from _exception_references(context)


def _service_references(context: Context) -> Iterator[Problem]:
    registry = context.registry
    for name, entry in registry.services.items():
        if entry.part_of is not None and entry.part_of not in registry.services:
            yield _unknown(
                "service", entry.part_of, registry.services, ("services", name, "part_of")
            )
        for tier, block in entry.blocks.items():
            path: PathKey = ("services", name, "blocks", tier)
            if tier not in registry.tiers:
                yield _unknown("tier", tier, registry.tiers, path, True)
            if isinstance(block, dict):
                for component in block:
                    if component not in registry.components:
                        yield _unknown(
                            "component", component, registry.components, (*path, component), True
                        )


def _group_references(context: Context) -> Iterator[Problem]:
    """Services, tiers and scopes named by exclusive groups, known conflicts and exports."""
    registry = context.registry
    services, tiers = registry.services, registry.tiers
    scopes = {HOST_SCOPE, *registry.scopes}
    for index, group in enumerate(registry.exclusive):
        for position, service in enumerate(group.services):
            if service not in services:
                path = ("exclusive", index, "services", position)
                yield _unknown("service", service, services, path)
        for position, tier in enumerate(group.tiers or []):
            if tier not in tiers:
                yield _unknown("tier", tier, tiers, ("exclusive", index, "tiers", position))
    for index, entry in enumerate(registry.known_conflicts):
        if entry.scope not in scopes:
            yield _unknown("scope", entry.scope, scopes, ("known_conflicts", index, "scope"))
        for position, service in enumerate(entry.services):
            if service not in services:
                path = ("known_conflicts", index, "services", position)
                yield _unknown("service", service, services, path)
    for index, target in enumerate(registry.exports):
        if target.service is not None and target.service not in services:
            yield _unknown("service", target.service, services, ("exports", index, "service"))
        if target.tier is not None and target.tier not in tiers:
            yield _unknown("tier", target.tier, tiers, ("exports", index, "tier"))


def _exception_references(context: Context) -> Iterator[Problem]:
    registry = context.registry
    for index, exception in enumerate(registry.exceptions):
        path: PathKey = ("exceptions", index)
        if find_rule(exception.rule) is None:
            from portreg.rules import RULES

            names = [item.name for item in RULES.values()]
            yield _unknown("rule", exception.rule, names, (*path, "rule"))
        if exception.service not in registry.services:
            yield _unknown("service", exception.service, registry.services, (*path, "service"))
        if exception.tier is not None and exception.tier not in registry.tiers:
            yield _unknown("tier", exception.tier, registry.tiers, (*path, "tier"))
        if exception.component is not None and exception.component not in registry.components:
            yield _unknown(
                "component", exception.component, registry.components, (*path, "component")
            )


declare(
    "PR306",
    "unused-exception",
    Severity.WARNING,
    """
    An exception that silences nothing: the rule it names no longer fires for that
    allocation, so the exception (and its reason) is stale. Remove it.
""",
)


@rule("PR206", "scope-kind", Severity.ERROR)
def scope_kind(context: Context) -> Iterator[Problem]:
    """A scope declared with a kind that does not fit its name or its settings.

    Only the scope named ``host`` is of kind ``host``; ``nodeport_range`` belongs to scopes of
    kind ``nodeport``.
    """
    for name, scope in context.registry.scopes.items():
        if name == HOST_SCOPE and scope.kind not in (None, "host"):
            yield Problem(("scopes", name, "kind"), "the host scope is always of kind host")
        elif name != HOST_SCOPE and scope.kind == "host":
            yield Problem(
                ("scopes", name, "kind"),
                f"only the scope named host is of kind host; {name} is isolated or nodeport",
            )
        if scope.nodeport_range is not None and scope.kind != "nodeport":
            yield Problem(
                ("scopes", name, "nodeport_range"),
                f"nodeport_range needs kind: nodeport on scope {name}",
            )


@rule("PR209", "part-of-cycle", Severity.ERROR)
def part_of_cycle(context: Context) -> Iterator[Problem]:
    """A service that is ``part_of`` itself, directly or through others.

    ``part_of`` groups the suites of one service under it in the docs (a second lane, a
    replay suite); a loop has no service at its top to group them under.
    """
    services = context.registry.services
    for name, entry in services.items():
        seen = [name]
        parent = entry.part_of
        while parent is not None and parent in services and parent not in seen:
            seen.append(parent)
            parent = services[parent].part_of
        if parent == name:
            loop = " -> ".join([*seen, name])
            what = "itself" if len(seen) == 1 else f"itself through {loop}"
            yield Problem(("services", name, "part_of"), f"{name} is part_of {what}")
