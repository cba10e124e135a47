"""Two allocations on one port, and the shares and reservations that govern it."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity, Subject
from portreg.records import PortUse
from portreg.rules import Context, Problem, rule
from portreg.wording import possessive


@rule("PR201", "port-conflict", Severity.ERROR)
def port_conflict(context: Context) -> Iterator[Problem]:
    """Two or more allocations use the same port in the same scope and protocol.

    Suites in one scope run at the same time (integration and E2E share the host), so the
    second one to start fails with "bind: address already in use". Every party is named; the
    finding points at the last of them in the file, or with ``--base`` at the one that
    changed since that revision (the edit that made the conflict). Move one, or declare a
    ``shares`` entry with the reason if sharing one server is intended.

    A host ``port`` is compared in its ``scope``, a ``node_port`` in its ``cluster``
    (``{port: N, scope: C}`` with C a nodeport scope is the same NodePort as
    ``{node_port: N, cluster: C}``); a ``container_port`` never conflicts. Suites of one
    ``exclusive`` group with ``reuse: true`` never run together and may reuse a port; the
    group must cover every pair of suites on the port. A conflict that a
    ``known_conflicts`` entry lists is PR308 (a warning) instead.
    """
    for clash in context.clashes.open("port"):
        yield Problem(clash.path, f"{clash.what}; {clash.advice}", related=clash.related)


@rule("PR202", "stale-share", Severity.ERROR)
def stale_share(context: Context) -> Iterator[Problem]:
    """A share that no longer describes the registry.

    Either a service it lists does not use that port (any more), or fewer than two
    allocations use the port, so there is nothing to share. A stale "shared" note is how the
    real table kept claiming a share after the ports had been split.
    """
    for index, share in enumerate(context.registry.shares):
        uses = context.by_key.get((share.scope, share.protocol, share.port), [])
        users = {use.service for use in uses}
        absent = [
            service
            for service in share.services
            if service not in users and service in context.registry.services
        ]
        if absent:
            yield Problem(
                ("shares", index, "services"),
                f"share of {share.port} ({share.protocol}, {share.scope}) lists "
                f"{', '.join(absent)}, which {'does' if len(absent) == 1 else 'do'} not use it",
            )
        elif len(uses) < 2:
            yield Problem(
                ("shares", index, "port"),
                f"share of {share.port} ({share.protocol}, {share.scope}) is not needed: "
                f"{'only one allocation uses' if uses else 'no allocation uses'} it",
            )


@rule("PR204", "reserved-port", Severity.ERROR)
def reserved_port(context: Context) -> Iterator[Problem]:
    """An allocation takes a reserved port (see ``reserved``, each with its reason).

    A reservation with a ``service`` keeps the port for that one service: its own
    allocations may use it, everyone else's may not. An ``exceptions`` entry for this rule
    silences it for the allocations it covers (the port is taken on purpose); a
    ``known_conflicts`` entry naming the port and the service accepts it for now (PR308,
    a warning: the port is to be moved), and ``check --write-baseline`` writes one.
    """
    for clash in context.clashes.open("reserved"):
        yield Problem(clash.path, clash.what, subject=clash.subject)


@rule("PR205", "nodeport-outside-range", Severity.ERROR)
def nodeport_outside_range(context: Context) -> Iterator[Problem]:
    """A NodePort outside its scope's NodePort range (default 30000-32767).

    The API server rejects such a Service outright.
    """
    registry = context.registry
    for use in registry.allocations:
        if registry.scope_kind(use.scope) != "nodeport" or misplaced_cluster(use):
            continue
        allowed = registry.nodeport_range(use.scope)
        if use.port not in allowed:
            yield Problem(
                context.port_path(use),
                f"NodePort {use.port} of {use.service} {use.tier} {use.component_label} is "
                f"outside scope {possessive(use.scope)} NodePort range {allowed}",
                subject=Subject(use.service, use.tier, use.component, use.scope),
            )


def misplaced_cluster(use: PortUse) -> bool:
    """A host port whose allocation names its cluster as ``scope:`` beside a ``node_port``
    (PR107 says "did you mean cluster:"): the port is not a NodePort, so no NodePort rule
    judges it."""
    allocation = use.allocation
    return (
        use.side == "port"
        and allocation.node_port is not None
        and allocation.cluster is None
        and use.origin is None  # a cluster's own port: its cluster is the one it is under
    )
