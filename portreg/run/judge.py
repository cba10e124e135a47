"""What a run's observations mean against the registry: the PR7xx findings.

Used by ``portreg run`` as the command ends and by ``portreg check --observed`` on records,
so that a record judged later against an edited registry says what it would say now. Each
finding points at the registry line the observation contradicts: the owner of a port taken
from another suite, the suite's own ports for one the registry does not know.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.findings import Finding, Subject
from portreg.nodeports import static_band
from portreg.records import HOST_SCOPE
from portreg.rules import Context, find_rule
from portreg.rules.settling import Party, Settler
from portreg.run.observe import KUBERNETES, Bind
from portreg.wording import plural, possessive

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import PortUse, Registry

# Where nothing else is known (macOS, BSD): the IANA dynamic range.
DEFAULT_EPHEMERAL = (49152, 65535)
# How many ports a PR705 note lists.
LISTED = 5


@dataclass(frozen=True)
class Suite:
    """The suite a run is for: a service's tier, one of its workers or all of them."""

    service: str
    tier: str
    worker: int | None = None  # None: every worker (one command runs them all)

    def __str__(self) -> str:
        worker = f" worker {self.worker}" if self.worker is not None else ""
        return f"{self.service} {self.tier}{worker}"

    def owns(self, registry: Registry, use: PortUse) -> bool:
        """The port is this suite's: its service and tier, and the worker's copy (a port
        that all workers share is every worker's)."""
        if (use.service, use.tier) != (self.service, self.tier):
            return False
        if self.worker is None or use.worker == self.worker:
            return True
        offsets = registry.services[use.service].worker_offsets(use.tier, use.component)
        return len(offsets) < 2  # one offset: every worker uses the written port

    def path(self, registry: Registry) -> PathKey:
        """The suite's ports in the registry (the service, when it has none in the tier)."""
        service = registry.services.get(self.service)
        if service is not None and self.tier in service.ports:
            return ("services", self.service, "ports", self.tier)
        return ("services", self.service)


def ephemeral_range() -> tuple[int, int]:
    """The ports this machine's kernel hands out for port 0 (Linux: ip_local_port_range)."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as handle:
            low, high = (int(part) for part in handle.read().split())
            return low, high
    except (OSError, ValueError):
        return DEFAULT_EPHEMERAL


class Judge:
    """The findings for one suite's observations, against one registry."""

    def __init__(self, context: Context, suite: Suite, ephemeral: tuple[int, int]) -> None:
        self.context = context
        self.registry = context.registry
        self.suite = suite
        self.ephemeral = ephemeral
        self.settler = Settler(context)
        self.findings: list[Finding] = []
        self.run = f"{possessive(str(suite))} run"  # "ingest integration's run"

    def judge(self, binds: Iterable[Bind]) -> list[Finding]:
        by_key: dict[tuple[str, str, int], list[Bind]] = {}
        for bind in binds:
            by_key.setdefault(bind.key, []).append(bind)
        chosen: dict[str, list[Bind]] = {}
        for key, seen in by_key.items():
            owners = self.context.by_key.get(key, [])
            if any(self.suite.owns(self.registry, use) for use in owners):
                continue
            foreign = [use for use in owners if not self._settled(use)]
            if owners and not foreign:
                continue
            if foreign:
                self._foreign(seen, foreign)
            elif not self._reserved(seen) and not self._chosen(seen, chosen):
                self._unregistered(seen)
        self._chosen_ports(chosen)
        self._chosen_nodeports([bind for seen in by_key.values() for bind in seen])
        return sorted(self.findings, key=Finding.sort_key)

    def held(self, use: PortUse, holders: str, waited: float | None) -> None:
        """PR704: a port the suite needs is held as it is to start."""
        after = f" after waiting {waited:g} s" if waited else ""
        self._add(
            "PR704",
            self.context.port_path(use),
            f"{use.port}/{use.protocol} ({use.component_label}) was held by {holders}{after} "
            f"when {self.run} was to start; the command was not started",
        )

    def _settled(self, use: PortUse) -> bool:
        """A share that lists the suite's service, or a reuse group over both suites."""
        for _, share in self.context.shares_by_key.get(use.key, []):
            if self.suite.service in share.services:
                return True
        ours = Party(self.suite.service, self.suite.tier, ())
        theirs = Party(use.service, use.tier, ())
        return self.settler.reuse_group(ours, theirs, use.port) is not None

    def _foreign(self, seen: Sequence[Bind], owners: Sequence[PortUse]) -> None:
        names = ", ".join(_owner(self.registry, use) for use in owners)
        if seen[0].source == KUBERNETES and seen[0].assigned:
            advice = "the Service was written without nodePort:; give it one of its own"
        else:
            advice = f"bind {self.suite.service}'s own port, or declare a share"
        self._add(
            "PR701",
            self.context.port_path(owners[0]),
            f"{_who(seen)} bound {seen[0].what()} during {self.run}, but the registry "
            f"gives it to {names}; {advice}",
            related=(self.suite.path(self.registry),),
        )

    def _reserved(self, seen: Sequence[Bind]) -> bool:
        scope, protocol, port = seen[0].key
        for index, reservation in enumerate(self.registry.reserved):
            if (
                reservation.scope == scope
                and reservation.protocol in ("any", protocol)
                and port in reservation.port
                and reservation.service != self.suite.service
            ):
                self._add(
                    "PR701",
                    ("reserved", index, "port"),
                    f"{_who(seen)} bound {seen[0].what()} during {self.run}, but the "
                    f"registry reserves it: {' '.join(reservation.reason.split())}",
                    related=(self.suite.path(self.registry),),
                )
                return True
        return False

    def _chosen(self, seen: Sequence[Bind], chosen: dict[str, list[Bind]]) -> bool:
        """A port the system chose (an ephemeral host port, a NodePort Kubernetes picked):
        kept for the notes, not reported as unregistered."""
        bind = seen[0]
        if bind.source == KUBERNETES:
            return bool(bind.assigned)
        low, high = self.ephemeral
        if bind.scope != HOST_SCOPE or not low <= bind.port <= high:
            return False
        for each in seen:
            chosen.setdefault(each.who(), []).append(each)
        return True

    def _unregistered(self, seen: Sequence[Bind]) -> None:
        bind = seen[0]
        where = ""
        if bind.scope != HOST_SCOPE and self.registry.scope_kind(bind.scope) is None:
            where = f" in cluster {bind.scope}, which the registry does not declare,"
        self._add(
            "PR702",
            self.suite.path(self.registry),
            f"{_who(seen)} bound {bind.what()}{where} during {self.run}; the registry "
            f"gives it to nobody: allocate it to {self.suite.service} (portreg allocate "
            f"{self.suite.service} COMPONENT --tier {self.suite.tier} --port {bind.port}), or "
            "stop binding it",
        )

    def _chosen_ports(self, chosen: dict[str, list[Bind]]) -> None:
        low, high = self.ephemeral
        for who, binds in chosen.items():
            ports = sorted({bind.port for bind in binds})
            shown = ", ".join(map(str, ports[:LISTED])) + (" ..." if len(ports) > LISTED else "")
            count = plural(len(ports), "port")
            self._add(
                "PR705",
                self.suite.path(self.registry),
                f"{who} bound {count} of the ephemeral range {low}-{high} during {self.run} "
                f"({shown}): chosen by the system, most likely (a bind to port 0)",
            )

    def _chosen_nodeports(self, binds: Sequence[Bind]) -> None:
        """PR703: once per cluster where Kubernetes chose NodePorts and the registry holds
        static NodePorts in the dynamic band."""
        by_scope: dict[str, list[Bind]] = {}
        for bind in binds:
            if bind.source == KUBERNETES and bind.assigned:
                by_scope.setdefault(bind.scope, []).append(bind)
        for scope, chosen in by_scope.items():
            if self.registry.scope_kind(scope) != "nodeport":
                continue
            band = static_band(self.registry.nodeport_range(scope))
            exposed = [
                use
                for use in self.registry.allocations
                if use.scope == scope and (band is None or use.port > band.end) and not use.worker
            ]
            if not exposed or band is None:
                continue
            services = ", ".join(f"{bind.namespace}/{bind.name} {bind.port}" for bind in chosen)
            statics = ", ".join(
                f"{_owner(self.registry, use)} {use.port}" for use in exposed[:LISTED]
            )
            more = f" and {len(exposed) - LISTED} more" if len(exposed) > LISTED else ""
            self._add(
                "PR703",
                self.context.port_path(exposed[0]),
                f"Kubernetes chose NodePorts in {scope} during {self.run} ({services}); "
                f"the registry holds {plural(len(exposed), 'static NodePort')} above the static "
                f"band {band} there "
                f"({statics}{more}), which such a Service can take first: move them into "
                f"{band}",
                related=tuple(self.context.port_path(use) for use in exposed[1:LISTED]),
            )

    def _add(
        self, code: str, path: PathKey, message: str, related: tuple[PathKey, ...] = ()
    ) -> None:
        rule = find_rule(code)
        assert rule is not None, code
        sources = self.context.sources
        self.findings.append(
            Finding(
                rule.code,
                rule.name,
                rule.severity,
                message,
                sources.locate(path),
                related=tuple(sources.locate(place) for place in related),
                subject=Subject(self.suite.service, self.suite.tier),
            )
        )


def _owner(registry: Registry, use: PortUse) -> str:
    """``search integration api``; a worker's: ``ingest integration redis[worker 1] (26380 +
    1 × 100)``, or ``... redis (worker 0)`` for the written port of a suite with workers."""
    computed = use.computed()
    if computed:
        how = f" ({computed})"
    else:
        copies = registry.services[use.service].worker_offsets(use.tier, use.component)
        how = " (worker 0)" if len(copies) > 1 else ""
    return f"{use.service} {use.tier} {use.component_label}{how}"


def _who(seen: Sequence[Bind]) -> str:
    names = list(dict.fromkeys(bind.who() for bind in seen))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
