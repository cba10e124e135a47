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
    compared with the others.
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
    yield from _exception_references(context)


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
