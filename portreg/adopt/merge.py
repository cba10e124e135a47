"""Evidence to allocations: names to ids (aliases merged), and one port per suite slot.

Spellings of one service meet under one id (:func:`service_ids`): the same letters
(``DataStorage``, ``data-storage``), an acronym the source gives (``Kestrel Agent (KA)``)
or a short name that is the initials of exactly one service (``RO``). Sightings of one
slot (service, tier, component, instance) are settled by :func:`settle`: the strongest
wins, the others are drift (PR110).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from portreg.adopt.evidence import Evidence, FoundPort
from portreg.adopt.names import (
    KNOWN_COMPONENTS,
    initials,
    make_id,
    name_key,
    service_name,
    split_label,
    words,
)
from portreg.findings import Finding, Location

Slot = tuple[str, str, str, str | None]  # service id, tier, component id, instance
NODEPORT_RANGE = range(30000, 32768)


@dataclass
class Names:
    """The id of every spelling of a service, and the spellings of every id."""

    ids: dict[str, str] = field(default_factory=dict)  # spelling -> id
    spellings: dict[str, list[str]] = field(default_factory=dict)  # id -> spellings
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (spelling, id) worth saying

    def of(self, spelling: str) -> str:
        return self.ids[spelling]


def service_ids(evidences: list[Evidence]) -> Names:
    """One id per service, however many ways the sources spell it."""
    spellings: list[str] = []
    acronyms: dict[str, str] = {}  # "KA" -> "Kestrel Agent"
    for evidence in evidences:
        for name in _service_spellings(evidence):
            if name not in spellings:
                spellings.append(name)
        for name, given in evidence.aliases.items():
            for acronym in given:
                acronyms.setdefault(acronym, name)
    groups: dict[str, list[str]] = {}  # key -> spellings
    for spelling in spellings:
        groups.setdefault(name_key(spelling), []).append(spelling)
    clusters = _clusters_by_key(evidences)
    # Short names that another spelling names as its acronym, or whose initials it has.
    for key, members in list(groups.items()):
        target = _long_name(members[0], acronyms, groups, clusters)
        if target is not None and target != key and target in groups:
            groups[target].extend(members)
            del groups[key]
    names = Names()
    taken: set[str] = set()
    for members in groups.values():
        chosen = _id(members, taken)
        taken.add(chosen)
        names.spellings[chosen] = members
        for member in members:
            names.ids[member] = chosen
            if make_id(member) != chosen or not _is_id(member):
                names.renamed.append((member, chosen))
    return names


def _service_spellings(evidence: Evidence) -> list[str]:
    seen = [found.service for found in evidence.ports]
    seen += [found.service for found in evidence.ranges if found.service]
    return list(dict.fromkeys(seen))


def _long_name(
    short: str,
    acronyms: dict[str, str],
    groups: dict[str, list[str]],
    clusters: dict[str, set[str]],
) -> str | None:
    """The key of the service a short name stands for: an acronym a source gave, or the
    initials of exactly one other service (``WE`` for ``WorkflowExecution``); of several,
    the one whose Kind cluster the short name's ports are in."""
    if short in acronyms:
        return name_key(acronyms[short])
    if not (short.isupper() and 2 <= len(short) <= 4):
        return None
    matches = {key for key, members in groups.items() if initials(members[0]) == short}
    matches.discard(name_key(short))
    if len(matches) > 1:
        mine = clusters.get(name_key(short), set())
        matches = {key for key in matches if clusters.get(key, set()) & mine}
    return matches.pop() if len(matches) == 1 else None


def _clusters_by_key(evidences: list[Evidence]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for evidence in evidences:
        for port in evidence.ports:
            if port.cluster:
                found.setdefault(name_key(port.service), set()).add(port.cluster)
    return found


def _is_id(name: str) -> bool:
    return make_id(name) == name


def _id(members: list[str], taken: set[str]) -> str:
    """An id for a service: a spelling that already is one (a folder's name), else the
    first spelling made into one; unique."""
    ready = [member for member in members if _is_id(member)]
    chosen = ready[0] if ready else make_id(max(members, key=lambda m: (len(m.split()), len(m))))
    unique, number = chosen, 2
    while unique in taken:
        unique, number = f"{chosen}-{number}", number + 1
    return unique


def component_id(name: str) -> str:
    """``PostgreSQL (Data Storage dependency)`` and ``Postgres`` -> ``postgresql``;
    ``Jaeger UI`` -> ``jaeger-ui``; ``Metrics Host`` never reaches here (a column)."""
    plain = _short(split_label(name)[0] or name)
    spelled = words(plain) or words(name)
    for component, (_, spellings) in KNOWN_COMPONENTS.items():
        named = [word for word in spelled if word not in _FILLER]
        if named and all(word in spellings for word in named):
            return component
        if name_key(plain) in spellings:  # "ZooKeeper", "LocalStack"
            return component
    return make_id(service_name(plain) or plain, "component")


_FUNCTION_WORDS = frozenset({"when", "for", "on", "in", "to", "of", "via", "with", "by", "per"})


def _short(label: str) -> str:
    """What a long label names: ``metrics when running make run locally`` -> ``metrics``,
    ``envtest kube-apiserver: dynamic`` -> ``envtest kube-apiserver``."""
    for stop in (":", " - ", " — ", " – ", ";"):
        label = label.split(stop, 1)[0]
    kept: list[str] = []
    for word in label.split():
        if word.lower() in _FUNCTION_WORDS and kept:
            break
        kept.append(word)
    return " ".join(kept[:4])


_FILLER = frozenset({"db", "database", "server", "cache", "broker", "dependency", "dep", "mock"})


@dataclass
class Settled:
    """One allocation of the proposal, with every place that states it."""

    found: FoundPort
    places: list[Location]
    source: str


@dataclass
class Allocations:
    slots: dict[Slot, Settled] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def slot_of(found: FoundPort, names: Names) -> Slot:
    return (names.of(found.service), found.tier, component_id(found.component), found.instance)


def settle(evidence: Evidence, names: Names, report: DriftReport) -> dict[Slot, Settled]:
    """One port per slot of one source: the strongest sighting (the first among equals);
    the others are reported as drift."""
    by_slot: dict[Slot, list[FoundPort]] = defaultdict(list)
    for found in evidence.ports:
        by_slot[slot_of(_as_node_port(found), names)].append(_as_node_port(found))
    settled: dict[Slot, Settled] = {}
    for slot, seen in by_slot.items():
        support = Counter(found.port for found in seen) if evidence.majority else Counter()
        # max keeps the first of equals
        best = max(seen, key=lambda found: (found.strength, support[found.port]))
        agreeing = [found for found in seen if _agree(found, best)]
        merged = best
        for found in agreeing:
            merged = _fill_in(merged, found)
        settled[slot] = Settled(merged, [found.place for found in agreeing], evidence.source)
        others = [found for found in seen if not _agree(found, best)]
        if others:
            report.drift(slot, merged, others, evidence.source)
    return settled


def _as_node_port(found: FoundPort) -> FoundPort:
    """A "NodePort" outside the NodePort range is the node's container port (an ingress
    mapping to 80 or 443, a hostPort-published pod), not a NodePort."""
    if found.node_port is not None and found.node_port not in NODEPORT_RANGE:
        return replace(found, node_port=None, cluster=None, container_port=found.node_port)
    return found


def _agree(one: FoundPort, other: FoundPort) -> bool:
    """Two sightings of one slot that do not contradict each other: each number is the same
    or missing on one side (a NodePort-only row and a host → NodePort row agree)."""
    if (one.dynamic, one.protocol) != (other.dynamic, other.protocol):
        return False
    return all(
        mine is None or theirs is None or mine == theirs
        for mine, theirs in ((one.port, other.port), (one.node_port, other.node_port))
    )


def _fill_in(kept: FoundPort, other: FoundPort) -> FoundPort:
    """What ``other`` says that ``kept`` does not (a number, a cluster, a note)."""
    if kept.port is None and other.port is not None:
        kept = replace(kept, port=other.port, place=other.place)
    if kept.node_port is None and other.node_port is not None:
        kept = replace(kept, node_port=other.node_port)
    return replace(
        kept,
        cluster=kept.cluster or other.cluster,
        container_port=kept.container_port or other.container_port,
        note=kept.note or other.note,
    )


class DriftReport:
    """Collects PR110 findings: a slot stated with several values in one source."""

    def __init__(self, make: FindingMaker) -> None:
        self.make = make
        self.findings: list[Finding] = []

    def drift(self, slot: Slot, best: FoundPort, others: list[FoundPort], source: str) -> None:
        service, tier, component, instance = slot
        label = f"{service} {tier} {component}" + (f"[{instance}]" if instance else "")
        listed = _places_by_value(others)
        message = f"{source} gives {label} {_show(best)} here and {listed}; proposed {_show(best)}"
        related = tuple(found.place for found in others)
        self.findings.append(self.make("PR110", message, best.place, related))


def _places_by_value(others: list[FoundPort], shown: int = 2) -> str:
    """``16379 at a.py:3:9, b.py:7:2 and 63 more places``: each other value once, with its
    first places; every place stays in the finding's related locations (JSON, SARIF). A
    port a tree repeats in sixty files made a line of thousands of characters."""
    by_value: dict[str, list[FoundPort]] = {}
    for found in others:
        by_value.setdefault(_show(found), []).append(found)
    parts = []
    for value, sightings in by_value.items():
        places = ", ".join(str(one.place) for one in sightings[:shown])
        more = len(sightings) - shown
        if more > 0:
            places += f" and {more} more place{'s' if more > 1 else ''}"
        parts.append(f"{value} at {places}")
    return ", ".join(parts)


def _show(found: FoundPort) -> str:
    if found.dynamic:
        return "dynamic"
    if found.port is None:
        return f"NodePort {found.node_port}"
    return str(found.port) if found.node_port is None else f"{found.port} → {found.node_port}"


class FindingMaker:
    """Findings of the init rules, named and graded by the rules' catalogue."""

    def __init__(self) -> None:
        from portreg.rules import find_rule

        self.find_rule = find_rule

    def __call__(
        self,
        code: str,
        message: str,
        place: Location,
        related: tuple[Location, ...] = (),
        severity: object = None,
    ) -> Finding:
        from portreg.findings import Severity

        rule = self.find_rule(code)
        assert rule is not None, code
        chosen = severity if isinstance(severity, Severity) else rule.severity
        return Finding(code, rule.name, chosen, message, place, related)
