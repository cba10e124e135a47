"""What ``portreg init`` says about its proposal: the summary lines, and the collisions as
findings at their places in the sources.

Collisions are the checker's own (``Context.clashes`` on the proposed registry), so that
``init`` and the ``check`` that follows it name the same ones; each is mapped back to the
places in the code or document that gave the parties their ports.
"""

from __future__ import annotations

from collections.abc import Callable

from portreg.adopt.merge import FindingMaker
from portreg.adopt.proposal import Proposal
from portreg.findings import Finding, Location, Severity
from portreg.loading.registry import LoadedRegistry
from portreg.reporters import plural

BETWEEN = "collisions between services"
WITHIN = "within one service (set apart)"
OTHERS = "disagreements, and what could not be placed"


def collisions(loaded: LoadedRegistry, proposal: Proposal, baseline: bool) -> list[Finding]:
    """A PR108 finding per port that several services' suites hold (a warning when
    ``baseline`` records it as known), at the place that gave the first party its port."""
    from portreg.rules import Context

    assert loaded.registry is not None
    make = FindingMaker()
    found = []
    for clash in Context(loaded.registry, loaded.sources).clashes.clashes:
        if len(clash.services) < 2:
            continue  # one service's own tiers: PR109, reported with the proposal
        places = [_place(proposal, party.path) for party in clash.parties]
        named = [
            f"{party.label} at {place}" for party, place in zip(clash.parties, places, strict=True)
        ]
        what = clash.what.split(" is used by ")[0]
        both = ", ".join(named[:-1]) + f" and {named[-1]}"
        known = " (recorded as a known conflict)" if baseline else ""
        message = f"{what} is used by {both}{known}"
        severity = Severity.WARNING if baseline else Severity.ERROR
        found.append(make("PR108", message, places[0], tuple(places[1:]), severity))
    return found


def _place(proposal: Proposal, path: tuple[str | int, ...]) -> Location:
    if len(path) >= 5 and path[0] == "services":
        index = path[5] if len(path) > 5 and isinstance(path[5], int) else None
        key = (str(path[1]), str(path[3]), str(path[4]), index)
        if key in proposal.places:
            return proposal.places[key]
    return Location("registry", 1, 1)


def ordered(findings: list[Finding]) -> list[Finding]:
    """Collisions between services first, then those within one service, then the rest;
    each finding tagged with its group for the text format's headlines."""
    from dataclasses import replace

    def group(finding: Finding) -> tuple[int, str]:
        if finding.code == "PR108":
            return 0, BETWEEN
        if finding.code == "PR109":
            return 1, WITHIN
        return 2, OTHERS

    tagged = [replace(finding, group=group(finding)[1]) for finding in findings]
    return sorted(tagged, key=lambda f: (group(f)[0], f.sort_key()))


def summary_lines(
    proposal: Proposal, loaded: LoadedRegistry, sources: str, findings: list[Finding]
) -> list[str]:
    """``proposed from ...: 14 services, 52 ports ...``, the merged names, the counts."""
    registry = loaded.registry
    assert registry is not None
    host = sum(1 for use in registry.allocations if use.side == "port" and use.scope == "host")
    node = sum(1 for use in registry.allocations if use.side == "node_port")
    lines = [
        f"proposed from {sources}: {plural(len(registry.services), 'service')}, "
        f"{plural(host, 'host port')}, {plural(node, 'NodePort')} in "
        f"{plural(len(proposal.clusters), 'Kind cluster')}; tiers: {', '.join(registry.tiers)}"
    ]
    merged = [
        f"{service} ({', '.join(spelling for spelling in spellings if spelling != service)})"
        for service, spellings in sorted(proposal.names.spellings.items())
        if len(spellings) > 1
    ]
    if merged:
        lines.append(f"services named several ways, merged: {'; '.join(merged)}")
    between = sum(1 for finding in findings if finding.code == "PR108")
    within = sum(1 for finding in findings if finding.code == "PR109")
    lines.append(
        f"collisions: {between} between services, {within} within one service"
        + (" (listed below)" if between or within else "")
    )
    return lines


def display_paths(findings: list[Finding], shown: Callable[[str], str]) -> list[Finding]:
    """The findings with their places as the user sees them (relative to the current
    directory)."""
    from dataclasses import replace

    def moved(location: Location) -> Location:
        return Location(shown(location.file), location.line, location.column)

    return [
        replace(f, location=moved(f.location), related=tuple(moved(r) for r in f.related))
        for f in findings
    ]
