"""Names used in one place of the registry that must be declared in another."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from portreg.findings import Severity
from portreg.loading.sourcemap import PathKey
from portreg.records import HOST_SCOPE
from portreg.rules import Context, Problem, declare, find_rule, rule


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
    ``exclusive`` groups, ``known_conflicts``, ``exceptions`` and ``exports``. When a name
    is used several times undeclared and a close name is declared but used nowhere, the
    typo is in the declaration: that is reported once, at the declaration, with the uses as
    related places.
    """
    registry = context.registry
    declared: dict[str, Iterable[str]] = {
        "tier": registry.tiers.keys(),
        "component": registry.components.keys(),
        "scope": {HOST_SCOPE, *registry.scopes},
        "service": registry.services.keys(),
    }
    used: dict[str, set[str]] = {kind: set() for kind in declared}
    unknown: dict[tuple[str, str], list[tuple[PathKey, bool]]] = {}
    for kind, name, path, at_key in _references(context):
        used[kind].add(name)
        if name not in declared[kind]:
            unknown.setdefault((kind, name), []).append((path, at_key))
    for (kind, name), places in unknown.items():
        # Services are declared to be allocated, not to be referred to: an unreferenced
        # service says nothing about a typo.
        typo = None
        if len(places) > 1 and kind in _DECLARED_UNDER:
            typo = _declaration_typo(name, declared[kind], used[kind])
        if typo is None:
            for path, at_key in places:
                yield _unknown(kind, name, declared[kind], path, at_key)
            continue
        yield Problem(
            (_DECLARED_UNDER[kind], typo),
            f"{kind} {typo!r} is declared but never used, while {name!r} is used "
            f"{len(places)} times without a declaration: rename the declaration to {name!r}",
            related=tuple(path for path, _ in places),
            at_key=True,
        )
    yield from _rule_references(context)


# Where each kind of name is declared (the host scope is built in, never declared).
_DECLARED_UNDER = {"tier": "tiers", "component": "components", "scope": "scopes"}


def _declaration_typo(name: str, declared: Iterable[str], used: set[str]) -> str | None:
    """A declared name close to ``name`` that nothing uses: the declaration's typo."""
    candidates = [known for known in declared if known not in used and known != HOST_SCOPE]
    close = difflib.get_close_matches(name, candidates, n=1)
    return close[0] if close else None


def _references(context: Context) -> Iterator[tuple[str, str, PathKey, bool]]:
    """Every use of a declared name: (kind, name, where, whether the name is a key)."""
    registry = context.registry
    for name, declared in registry.components.items():
        for tier in declared.ranges:
            yield "tier", tier, ("components", name, "ranges", tier), True
    for name, entry in registry.services.items():
        for tier, by_component in entry.ports.items():
            yield "tier", tier, ("services", name, "ports", tier), True
            for component in by_component:
                yield "component", component, ("services", name, "ports", tier, component), True
    for name, kind in registry.components.items():
        for tier in kind.nodeport_ranges:
            yield "tier", tier, ("components", name, "nodeport_ranges", tier), True
    yield from _cluster_references(context)
    seen: set[PathKey] = set()
    for ref in registry.entries:
        if ref.path in seen:
            continue  # a cluster's own port, listed once for each suite that uses it
        seen.add(ref.path)
        yield "scope", ref.allocation.scope, (*ref.path, "scope"), False
        if ref.allocation.cluster is not None:
            yield "scope", ref.allocation.cluster, (*ref.path, "cluster"), False
    yield from _service_references(context)
    for index, share in enumerate(registry.shares):
        yield "scope", share.scope, ("shares", index, "scope"), False
        for position, service in enumerate(share.services):
            yield "service", service, ("shares", index, "services", position), False
    for index, reservation in enumerate(registry.reserved):
        yield "scope", reservation.scope, ("reserved", index, "scope"), False
        if reservation.service is not None:
            yield "service", reservation.service, ("reserved", index, "service"), False
    yield from _group_references(context)
    for index, exception in enumerate(registry.exceptions):
        entry_path: PathKey = ("exceptions", index)
        if exception.service is not None:
            yield "service", exception.service, (*entry_path, "service"), False
        if exception.cluster is not None:
            yield "scope", exception.cluster, (*entry_path, "cluster"), False
        if exception.tier is not None:
            yield "tier", exception.tier, (*entry_path, "tier"), False
        if exception.component is not None:
            yield "component", exception.component, (*entry_path, "component"), False


def _service_references(context: Context) -> Iterator[tuple[str, str, PathKey, bool]]:
    """Names in a service's ``part_of`` and ``blocks``."""
    for name, entry in context.registry.services.items():
        if entry.part_of is not None:
            yield "service", entry.part_of, ("services", name, "part_of"), False
        for tier, block in entry.blocks.items():
            path: PathKey = ("services", name, "blocks", tier)
            yield "tier", tier, path, True
            if isinstance(block, dict):
                for component in block:
                    yield "component", component, (*path, component), True
        for tier, workers in entry.workers.items():
            path = ("services", name, "workers", tier)
            yield "tier", tier, path, True
            if isinstance(workers.stride, dict):
                for component in workers.stride:
                    yield "component", component, (*path, "stride", component), True


def _group_references(context: Context) -> Iterator[tuple[str, str, PathKey, bool]]:
    """Names in exclusive groups, known conflicts and exports."""
    registry = context.registry
    for index, group in enumerate(registry.exclusive):
        for position, service in enumerate(group.services):
            yield "service", service, ("exclusive", index, "services", position), False
        for position, tier in enumerate(group.tiers or []):
            yield "tier", tier, ("exclusive", index, "tiers", position), False
    for index, entry in enumerate(registry.known_conflicts):
        yield "scope", entry.scope, ("known_conflicts", index, "scope"), False
        for position, service in enumerate(entry.services):
            yield "service", service, ("known_conflicts", index, "services", position), False
    for index, target in enumerate(registry.exports):
        if target.service is not None:
            yield "service", target.service, ("exports", index, "service"), False
        if target.tier is not None:
            yield "tier", target.tier, ("exports", index, "tier"), False


def _cluster_references(context: Context) -> Iterator[tuple[str, str, PathKey, bool]]:
    """A cluster's own ports (tiers and components), the services that create it, and the
    components of its NodePort bands."""
    for name, scope in context.registry.scopes.items():
        for tier, by_component in scope.ports.items():
            yield "tier", tier, ("scopes", name, "ports", tier), True
            for component in by_component:
                yield "component", component, ("scopes", name, "ports", tier, component), True
        for position, service in enumerate(scope.services):
            yield "service", service, ("scopes", name, "services", position), False
        for component in scope.ranges:
            yield "component", component, ("scopes", name, "ranges", component), True


def _rule_references(context: Context) -> Iterator[Problem]:
    for index, exception in enumerate(context.registry.exceptions):
        if find_rule(exception.rule) is None:
            from portreg.rules import RULES

            names = [item.name for item in RULES.values()]
            yield _unknown("rule", exception.rule, names, ("exceptions", index, "rule"))


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


# Conflicts are settled by shares, exclusive groups and known conflicts, never silenced.
CONFLICT_RULES = frozenset({"PR201", "PR207"})


@rule("PR214", "conflict-exception", Severity.ERROR)
def conflict_exception(context: Context) -> Iterator[Problem]:
    """An ``exceptions`` entry for a conflict rule (PR201 port-conflict, PR207
    block-conflict).

    A conflict cannot be excepted: two suites on one port fail whatever the registry says.
    Declare a ``share`` (one server on purpose), an ``exclusive`` group (suites that never
    run together) or a ``known_conflicts`` entry (accepted for now, a warning).
    """
    for index, exception in enumerate(context.registry.exceptions):
        found = find_rule(exception.rule)
        if found is not None and found.code in CONFLICT_RULES:
            yield Problem(
                ("exceptions", index, "rule"),
                f"{found.code} {found.name} cannot be excepted: declare a share, an exclusive "
                "group or a known conflict instead",
            )


@rule("PR215", "repeated-service", Severity.ERROR)
def repeated_service(context: Context) -> Iterator[Problem]:
    """A service listed twice in one ``shares``, ``exclusive`` or ``known_conflicts`` entry.

    A group of ``[u, u]`` is a group of one: it settles nothing, and its messages would
    name ``u, u``. List each service once.
    """
    registry = context.registry
    entries: list[tuple[str, int, list[str]]] = [
        *(("shares", index, entry.services) for index, entry in enumerate(registry.shares)),
        *(("exclusive", index, entry.services) for index, entry in enumerate(registry.exclusive)),
        *(
            ("known_conflicts", index, entry.services)
            for index, entry in enumerate(registry.known_conflicts)
        ),
    ]
    for key, index, services in entries:
        seen: set[str] = set()
        for position, service in enumerate(services):
            if service in seen:
                yield Problem(
                    (key, index, "services", position),
                    f"{service} is listed twice in this {key.replace('_', ' ')} entry; list "
                    "each service once",
                )
            seen.add(service)


@rule("PR216", "exception-target", Severity.ERROR)
def exception_target(context: Context) -> Iterator[Problem]:
    """An ``exceptions`` entry that names neither a ``service`` nor a ``cluster``.

    An exception covers one service's allocations (narrowed by ``tier`` and
    ``component``), or with ``cluster`` the NodePorts of one cluster (every service's, or
    with ``service`` too, that service's only): a band of NodePorts a team accepts once for
    the cluster, for PR305 say. Without either it would silence the rule everywhere.
    """
    for index, exception in enumerate(context.registry.exceptions):
        if exception.service is None and exception.cluster is None:
            yield Problem(
                ("exceptions", index, "rule"),
                f"exception for {exception.rule} names no service and no cluster: say whose "
                "allocations it covers (service:), or which cluster's NodePorts (cluster:)",
            )
