"""Two sources held against each other: the hand-kept document and the code.

The document comes first: where both have a suite's port and disagree, the proposal takes
the document's and reports the code's (PR111, both places). A port of one suite that the
other source names differently but binds the same is one allocation. What only one side
has is proposed too, and reported (PR112): a stale row, or an allocation nobody wrote down.
"""

from __future__ import annotations

from dataclasses import replace

from portreg.adopt.merge import FindingMaker, Settled, Slot
from portreg.findings import Finding


def combine(
    sources: list[dict[Slot, Settled]], make: FindingMaker, findings: list[Finding]
) -> dict[Slot, Settled]:
    """One set of allocations from every source's; the first source wins."""
    if not sources:
        return {}
    combined = dict(sources[0])
    for other in sources[1:]:
        _hold_against(combined, other, make, findings)
    return combined


def _hold_against(
    first: dict[Slot, Settled],
    second: dict[Slot, Settled],
    make: FindingMaker,
    findings: list[Finding],
) -> None:
    """Add ``second``'s allocations to ``first``'s, reporting where they differ."""
    matched: set[Slot] = set()
    leftover = _same_slots(first, second, matched, make, findings)
    services_first = {slot[0] for slot in first}
    by_port: dict[tuple[str, str, int | None], Slot] = {
        (slot[0], slot[1], settled.found.port): slot
        for slot, settled in first.items()
        if settled.found.port is not None
    }
    alone: dict[str, list[Settled]] = {}  # services only the second source has
    for slot, theirs in leftover.items():
        same = by_port.get((slot[0], slot[1], theirs.found.port))
        if same is not None:  # one port under two names: the first source's name is kept
            matched.add(same)
            first[same] = _merged(first[same], theirs)
            continue
        first[slot] = theirs
        if slot[0] not in services_first:
            alone.setdefault(slot[0], []).append(theirs)
        else:
            message = (
                f"{theirs.source} binds {_label(slot)} {theirs.found.port}, "
                "which the document does not list"
            )
            findings.append(make("PR112", message, theirs.found.place))
    for service, held in alone.items():
        message = (
            f"{held[0].source} has the service {service} ({_ports(held)}), "
            "which the document does not list"
        )
        findings.append(make("PR112", message, held[0].found.place))
    _unbound(first, {slot[0] for slot in second}, matched | set(leftover), make, findings)


def _same_slots(
    first: dict[Slot, Settled],
    second: dict[Slot, Settled],
    matched: set[Slot],
    make: FindingMaker,
    findings: list[Finding],
) -> dict[Slot, Settled]:
    """Merge the slots both sources have (PR111 where their ports differ); the others of
    ``second``."""
    leftover: dict[Slot, Settled] = {}
    for slot, theirs in second.items():
        ours = first.get(slot)
        if ours is None:
            leftover[slot] = theirs
            continue
        matched.add(slot)
        mine, other = ours.found.port, theirs.found.port
        if mine is not None and other is not None and mine != other:
            message = (
                f"{ours.source} gives {_label(slot)} {mine}, {theirs.source} binds "
                f"{other} ({theirs.found.place}); proposed {mine}"
            )
            findings.append(make("PR111", message, ours.found.place, (theirs.found.place,)))
        first[slot] = _merged(ours, theirs)
    return leftover


def _unbound(
    first: dict[Slot, Settled],
    services_second: set[str],
    seen: set[Slot],
    make: FindingMaker,
    findings: list[Finding],
) -> None:
    """PR112 for the first source's ports the second does not have: one per port of a
    service the second has, one per service it does not have at all."""
    unbound: dict[str, list[Settled]] = {}
    for slot, ours in list(first.items()):
        if slot in seen:
            continue
        if slot[0] not in services_second:
            unbound.setdefault(slot[0], []).append(ours)
        elif ours.found.port is not None:
            message = f"{ours.source} lists {_label(slot)} {ours.found.port}; no code binds it"
            findings.append(make("PR112", message, ours.found.place))
    for service, held in unbound.items():
        message = (
            f"{held[0].source} lists the service {service} ({_ports(held)}); "
            "no code of it was found"
        )
        findings.append(make("PR112", message, held[0].found.place))


def _ports(held: list[Settled]) -> str:
    return f"{len(held)} port{'' if len(held) == 1 else 's'}"


def _merged(ours: Settled, theirs: Settled) -> Settled:
    found = replace(
        ours.found,
        cluster=ours.found.cluster or theirs.found.cluster,
        node_port=ours.found.node_port or theirs.found.node_port,
        container_port=ours.found.container_port or theirs.found.container_port,
    )
    return Settled(found, ours.places + theirs.places, ours.source)


def _label(slot: Slot) -> str:
    service, tier, component, instance = slot
    return f"{service} {tier} {component}" + (f"[{instance}]" if instance else "")
