"""Clashes, found once per check: suites on one port, a port or a block inside another
service's block, and what settles each one.

A clash is settled by a share (every party listed), or pair by pair by an ``exclusive``
group with ``reuse: true`` that covers both suites (they never run at the same time). What
is left open is accepted by a ``known_conflicts`` entry (a warning) or reported as an error.
The conflict, block, exclusive-group and baseline rules each report their part of the result
(``Context.clashes``), so that ``--select``/``--ignore`` of one does not change the others.

What settles a clash is asked of ``settling.Settler``; which blocks contain a port, of
``block_sweep`` (blocks live on the host scope and hold every protocol).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from portreg.findings import Subject
from portreg.records import HOST_SCOPE, port_range
from portreg.rules.block_sweep import OwnedBlock, containing_blocks, owned_blocks
from portreg.rules.settling import Party, Settler

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import PortUse
    from portreg.rules import Context


@dataclass
class Clash:
    """Suites that would hold one port at the same time, and nothing that settles it."""

    # "port": several allocations; "block": a port or a block in another's block;
    # "reserved": an allocation on a reserved port
    kind: str
    scope: str
    protocol: str | None  # None for a block, which holds every protocol
    port: int  # the port, or the first port two blocks share
    parties: list[Party]
    what: str  # "redis 16387 (tcp, host) is used by a (integration) and b (integration)"
    advice: str
    path: PathKey  # where the finding points
    related: tuple[PathKey, ...]
    known: int | None = None  # the known_conflicts entry that accepts it
    # The services of the pairs nothing settles: a known conflict must list these, not the
    # parties an exclusive group already lets reuse the port.
    open_services: set[str] = field(default_factory=set)
    subject: Subject | None = None  # for a reserved port: the allocation, for exceptions

    @property
    def services(self) -> set[str]:
        return {party.service for party in self.parties}


@dataclass
class ClashReport:
    clashes: list[Clash] = field(default_factory=list)  # open ones and known ones
    groups_used: set[int] = field(default_factory=set)  # exclusive groups that settled a pair
    known_used: set[int] = field(default_factory=set)

    def open(self, kind: str) -> list[Clash]:
        return [clash for clash in self.clashes if clash.kind == kind and clash.known is None]

    def accepted(self) -> list[Clash]:
        return [clash for clash in self.clashes if clash.known is not None]


def find_clashes(context: Context) -> ClashReport:
    report = ClashReport()
    settler = Settler(context)
    candidates = list(_port_clashes(context, settler, report))
    candidates += _block_clashes(context, settler, report)
    candidates += _reserved_clashes(context)
    for clash in candidates:
        index, near = settler.known_entry(clash)
        if index is not None:
            clash.known = index
            report.known_used.add(index)
        elif near is not None:
            # The entry is about this conflict (a party is missing): not stale, fix it.
            report.known_used.add(near)
            line = context.sources.locate(("known_conflicts", near)).line
            listed = set(context.registry.known_conflicts[near].services)
            missing = sorted((clash.open_services or clash.services) - listed)
            clash.advice = f"the known conflict at line {line} does not list {', '.join(missing)}"
        report.clashes.append(clash)
    return report


def _port_clashes(context: Context, settler: Settler, report: ClashReport) -> Iterable[Clash]:
    for (scope, protocol, port), uses in context.by_key.items():
        if len(uses) < 2:
            continue
        shares = context.shares_by_key.get((scope, protocol, port), [])
        shared = {service for _, share in shares for service in share.services}
        parties = [Party(use.service, use.tier, context.port_path(use)) for use in uses]
        open_services = settler.open_pairs(parties, shared, report.groups_used, port)
        if not open_services:
            continue
        labels = {use.component_label for use in uses}
        if len(labels) == 1:
            what = f"{uses[0].component_label} {port}"
            named = [f"{use.service} ({use.tier}{_how(use)})" for use in uses]
        else:
            what = f"port {port}"
            named = [f"{use.service} ({use.tier} {use.component_label}{_how(use)})" for use in uses]
        advice = settler.group_advice(parties) or "move one, or declare a share"
        outsiders = sorted({use.service for use in uses if use.service not in shared})
        if shares and outsiders:
            line = context.sources.locate(("shares", shares[0][0])).line
            advice = f"the share at line {line} does not list {', '.join(outsiders)}"
        yield Clash(
            "port",
            scope,
            protocol,
            port,
            parties,
            f"{what} ({protocol}, {scope}) is used by {_and(named)}",
            advice,
            parties[-1].path,
            tuple(party.path for party in parties[:-1]),
            open_services=open_services,
        )


def _reserved_clashes(context: Context) -> Iterator[Clash]:
    """Allocations on reserved ports (PR204): a known conflict may accept one too, while a
    team moves the port off a production one (``--write-baseline`` records them)."""
    reservations = context.registry.reserved
    if not reservations:
        return
    for use in context.registry.allocations:
        for reservation in reservations:
            if (
                use.scope == reservation.scope
                and reservation.protocol in ("any", use.protocol)
                and use.port in reservation.port
                and reservation.service != use.service
            ):
                owner = f" (only {reservation.service} may use it)" if reservation.service else ""
                party = Party(use.service, use.tier, context.port_path(use))
                yield Clash(
                    "reserved",
                    use.scope,
                    use.protocol,
                    use.port,
                    [party],
                    f"{use.service} {use.tier} {use.component_label} {use.port} is reserved: "
                    f"{' '.join(reservation.reason.split())}{owner}",
                    "move it",
                    party.path,
                    (),
                    subject=Subject(use.service, use.tier, use.component),
                )
                break


def _block_clashes(context: Context, settler: Settler, report: ClashReport) -> list[Clash]:
    blocks = owned_blocks(context)
    if not blocks:
        return []
    found: list[Clash] = []
    uses = sorted(
        (use for use in context.registry.allocations if use.scope == HOST_SCOPE),
        key=lambda use: use.port,
    )
    everything = len(blocks)
    for use, inside in containing_blocks(blocks, ((use.port, everything, use) for use in uses)):
        for block in inside:
            if block.service != use.service:
                clash = _port_in_block(context, settler, report, use, block)
                if clash is not None:
                    found.append(clash)
    starts = ((block.ports.start, position, block) for position, block in enumerate(blocks))
    for block, earlier in containing_blocks(blocks, starts):
        for other in earlier:
            if other.service != block.service:
                clash = _blocks_overlap(context, settler, report, other, block)
                if clash is not None:
                    found.append(clash)
    return found


def _port_in_block(
    context: Context, settler: Settler, report: ClashReport, use: PortUse, block: OwnedBlock
) -> Clash | None:
    owner = Party(block.service, block.tier, block.path)
    user = Party(use.service, use.tier, context.port_path(use))
    shares = context.shares_by_key.get(use.key, [])
    shared = {service for _, share in shares for service in share.services}
    if not settler.open_pairs([owner, user], shared, report.groups_used, use.port):
        return None
    advice = settler.group_advice([owner, user]) or "move it out of the block"
    return Clash(
        "block",
        HOST_SCOPE,
        use.protocol,
        use.port,
        [owner, user],
        f"{use.service} {use.tier} {use.component_label} {use.port} is inside "
        f"{block.label()} (line {context.sources.locate(block.path).line})",
        advice,
        user.path,
        (owner.path,),
    )


def _blocks_overlap(
    context: Context, settler: Settler, report: ClashReport, first: OwnedBlock, second: OwnedBlock
) -> Clash | None:
    parties = [Party(block.service, block.tier, block.path) for block in (first, second)]
    if not settler.open_pairs(parties, set(), report.groups_used):
        return None
    start = max(first.ports.start, second.ports.start)
    overlap = port_range(start, min(first.ports.end, second.ports.end))
    advice = settler.group_advice(parties) or "shrink or move one"
    return Clash(
        "block",
        HOST_SCOPE,
        None,
        start,
        parties,
        f"{second.label()} overlaps {first.label()} (line "
        f"{context.sources.locate(first.path).line}) at {overlap}",
        advice,
        second.path,
        (first.path,),
    )


def _how(use: PortUse) -> str:
    """``: 16380 + 3 × 1`` for a worker's computed port, nothing for a written one."""
    computed = use.computed()
    return f": {computed}" if computed else ""


def _and(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
