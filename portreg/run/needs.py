"""What one suite needs before its command starts: its ports, their locks, its environment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.findings import UsageError
from portreg.records import HOST_SCOPE
from portreg.run.judge import Suite
from portreg.run.locks import LockName, group_lock, port_lock

if TYPE_CHECKING:
    from portreg.models import PortUse, Registry


@dataclass
class Needs:
    suite: Suite
    uses: list[PortUse]  # every numbered port of the suite (all its workers', or one's)
    locks: list[LockName]
    environment: dict[str, str]

    @property
    def host_uses(self) -> list[PortUse]:
        return [use for use in self.uses if use.scope == HOST_SCOPE]


def require_suite(registry: Registry, suite: Suite) -> None:
    """Refuse a service, tier or worker that the registry does not have (exit status 2)."""
    service = registry.services.get(suite.service)
    if service is None:
        raise UsageError(
            f"--service: no service {suite.service} in the registry "
            f"(services: {', '.join(registry.services) or 'none'})"
        )
    if suite.tier not in registry.tiers:
        raise UsageError(
            f"--tier: no tier {suite.tier} in the registry (tiers: {', '.join(registry.tiers)})"
        )
    if suite.worker is None:
        return
    workers = service.workers.get(suite.tier)
    count = workers.count if workers is not None else 1
    if suite.worker >= count:
        declared = (
            f"declares workers 0-{count - 1} for {suite.service} {suite.tier}"
            if count > 1
            else f"declares no workers for {suite.service} {suite.tier} "
            f"(services.{suite.service}.workers.{suite.tier})"
        )
        raise UsageError(f"--worker {suite.worker}: the registry {declared}")


def needs_of(registry: Registry, suite: Suite, environment: dict[str, str]) -> Needs:
    """The suite's ports, the locks that keep other suites off them, and the variables that
    hand them to the command."""
    uses = [
        use
        for use in registry.allocations
        if suite.owns(registry, use) and registry.scope_kind(use.scope) in ("host", "nodeport")
    ]
    locks = [port_lock(*use.key) for use in uses if not _shared_at_once(registry, suite, use)]
    # Suites of an exclusive group never run at the same time, whether or not they share a
    # port: the group is a lock of its own.
    locks += [
        group_lock(group.services, group.tiers)
        for group in registry.exclusive
        if group.covers(suite.service, suite.tier)
    ]
    return Needs(suite, uses, sorted(set(locks)), environment)


def _shared_at_once(registry: Registry, suite: Suite, use: PortUse) -> bool:
    """A share with ``concurrent: true``: one server serves these suites at once."""
    return any(
        share.concurrent and suite.service in share.services
        for share in registry.shares
        if (share.scope, share.protocol, share.port) == use.key
    )


def suite_environment(registry: Registry, source: str, suite: Suite) -> dict[str, str]:
    """The variables ``portreg export --format env`` writes for the suite (one worker's
    ports with ``--worker``), and PORTREG_SERVICE, PORTREG_TIER, PORTREG_WORKER."""
    from portreg.export import collect
    from portreg.export.env_format import variables

    export = collect(registry, source, [suite.service], suite.tier, worker=suite.worker)
    found = dict(variables(export))
    found.update(PORTREG_SERVICE=suite.service, PORTREG_TIER=suite.tier)
    if suite.worker is not None:
        found["PORTREG_WORKER"] = str(suite.worker)
    return found
