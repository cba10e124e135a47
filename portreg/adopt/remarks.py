"""What the proposal says besides its allocations: the reserved ports the sources state
(and allocate), cells it could not place (PR113), names it had to change (PR114)."""

from __future__ import annotations

from portreg.adopt.evidence import Evidence
from portreg.adopt.merge import FindingMaker, Names, Settled, Slot
from portreg.adopt.names import name_key
from portreg.findings import Finding, Location


def reservations(
    evidences: list[Evidence],
    slots: dict[Slot, Settled],
    names: Names,
    make: FindingMaker,
    findings: list[Finding],
) -> list[dict[str, object]]:
    """Reserved ports the sources state; one the same sources allocate is kept for that
    service when its reason names it, else left out and reported (PR110)."""
    users: dict[int, list[Settled]] = {}
    for settled in slots.values():
        if settled.found.port is not None:
            users.setdefault(settled.found.port, []).append(settled)
    entries: list[dict[str, object]] = []
    for evidence in evidences:
        for reservation in evidence.reserved:
            entry: dict[str, object] = {"port": _span(reservation.start, reservation.end)}
            taken = [
                s
                for port, held in users.items()
                for s in held
                if reservation.start <= port <= reservation.end
            ]
            owners = {names.of(s.found.service) for s in taken}
            if len(owners) > 1:
                continue  # "3000-3999: web UIs": where a kind of port goes, not "do not use"
            if taken and len(owners) == 1 and _names(reservation.reason, owners.pop(), names):
                entry["service"] = names.of(taken[0].found.service)
            elif taken:
                where = ", ".join(f"{s.found.service} at {s.found.place}" for s in taken)
                message = (
                    f"{evidence.source} reserves {entry['port']} ({reservation.reason}) but "
                    f"allocates it: {where}; the reservation is left out"
                )
                related = tuple(s.found.place for s in taken)
                findings.append(make("PR110", message, reservation.place, related))
                continue
            entry["reason"] = reservation.reason
            if entry not in entries:
                entries.append(entry)
    return entries


def _span(start: int, end: int) -> object:
    return start if start == end else f"{start}-{end}"


def _names(reason: str, service: str, names: Names) -> bool:
    """The reason names the service (``production Gateway`` names ``gateway``)."""
    said = name_key(reason)
    return any(name_key(spelling) in said for spelling in names.spellings.get(service, [service]))


def unplaced(evidences: list[Evidence], make: FindingMaker) -> list[Finding]:
    return [
        make("PR113", f"{item.text!s}: {item.why}", item.place)
        for evidence in evidences
        for item in evidence.unplaced
    ]


def _letters(name: str) -> str:
    return "".join(character for character in name.lower() if character.isalnum())


def renamed(names: Names, evidences: list[Evidence], make: FindingMaker) -> list[Finding]:
    """PR114 for spellings whose letters changed on the way to an id (an ordering number
    dropped, an alias merged); a mere change of case or spacing is not worth a line."""
    first_place: dict[str, Location] = {}
    for evidence in evidences:
        for found in evidence.ports:
            first_place.setdefault(found.service, found.place)
    findings = []
    for spelling, chosen in names.renamed:
        if _letters(spelling) == _letters(chosen) or spelling not in first_place:
            continue
        others = [s for s in names.spellings[chosen] if s not in (spelling, chosen)]
        merged = f", merged with {', '.join(others)}" if others else ""
        message = f"{spelling!r} is the service {chosen}{merged}"
        findings.append(make("PR114", message, first_place[spelling]))
    return findings
