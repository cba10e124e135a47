"""Evidence to a registry: the text ``portreg init`` writes, and what it found on the way.

One source or several (the document first: where it and the code disagree, the proposal
takes the document's port and :mod:`portreg.adopt.compare` reports the code's). The
registry is usable as written: ids valid, paths relative to the project root, a range per
component and tier around its ports (or the range the document states), every Kind
cluster declared, a ``docs:`` target for ``render-docs``, the document's revision history
as the changelog.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from portreg.adopt import compare
from portreg.adopt.evidence import Evidence, FoundPort
from portreg.adopt.history import changelog
from portreg.adopt.merge import (
    DriftReport,
    FindingMaker,
    Names,
    Settled,
    Slot,
    component_id,
    service_ids,
    settle,
)
from portreg.adopt.names import KNOWN_COMPONENTS, make_id, split_label
from portreg.adopt.remarks import renamed, reservations, unplaced
from portreg.findings import Finding, Location

HOST_RANGE_STEP = 10


@dataclass
class Layout:
    """Where things go: the title, the docs target and the exports of the proposal."""

    title: str
    docs: str = "docs/port-allocation.md"
    exports: list[dict[str, object]] = field(default_factory=list)
    description: str | None = None


@dataclass
class Proposal:
    parts: list[dict[str, object]]
    findings: list[Finding]
    names: Names
    slots: dict[Slot, Settled]
    clusters: list[str]
    places: dict[tuple[str, str, str, int | None], Location]  # (service, tier, comp, index)


def propose(evidences: list[Evidence], layout: Layout) -> Proposal:
    """The registry's parts (top-level keys in order) from the sources' evidence."""
    make = FindingMaker()
    evidences = _one_name_per_cluster(evidences)
    names = service_ids(evidences)
    drift = DriftReport(make)
    settled = [settle(evidence, names, drift) for evidence in evidences]
    findings = list(drift.findings)
    slots = compare.combine(settled, make, findings)
    slots = _one_port_per_suite(slots, make, findings)
    slots = _writable(slots, make, findings)
    reserved = reservations(evidences, slots, names, make, findings)
    findings.extend(unplaced(evidences, make))
    findings.extend(renamed(names, evidences, make))
    components = _components(slots, evidences, names)
    services, places = _services(slots, evidences, names)
    clusters = sorted({s.found.cluster for s in slots.values() if s.found.cluster})
    parts: list[dict[str, object]] = [_header(evidences, layout)]
    parts.append({"docs": [{"path": layout.docs}]})
    tiers = sorted({slot[1] for slot in slots})
    parts.append({"tiers": {tier: {"title": _tier_title(tier)} for tier in tiers}})
    if clusters:
        parts.append({"scopes": _scopes(clusters, evidences)})
    parts.append({"components": components})
    if reserved:
        parts.append({"reserved": reserved})
    parts.append({"services": services})
    if layout.exports:
        parts.append({"exports": layout.exports})
    parts.append({"changelog": changelog(evidences, layout.description or "")})
    return Proposal(parts, findings, names, slots, clusters, places)


def _one_name_per_cluster(evidences: list[Evidence]) -> list[Evidence]:
    """Clusters of one config file are one cluster, named as the code names it (its
    ``name:``), else as the first source does."""
    from dataclasses import replace

    by_config: dict[str, str] = {}
    for evidence in sorted(evidences, key=lambda e: e.source != "the code"):
        for cluster in evidence.clusters:
            if cluster.config:
                by_config.setdefault(cluster.config, cluster.name)
    renamed: list[Evidence] = []
    for evidence in evidences:
        names = {c.name: by_config[c.config] for c in evidence.clusters if c.config in by_config}
        if not any(old != new for old, new in names.items()):
            renamed.append(evidence)
            continue
        copy = replace(evidence)
        copy.clusters = [replace(c, name=names.get(c.name, c.name)) for c in evidence.clusters]
        copy.ports = [
            replace(p, cluster=names.get(p.cluster, p.cluster)) if p.cluster else p
            for p in evidence.ports
        ]
        renamed.append(copy)
    return renamed


def _header(evidences: list[Evidence], layout: Layout) -> dict[str, object]:
    header: dict[str, object] = {"portreg": 1, "title": layout.title}
    entries = changelog(evidences, layout.description or "")
    header["version"] = entries[0]["version"]
    header["updated"] = entries[0]["date"]
    if layout.description:
        header["description"] = layout.description
    return header


def _tier_title(tier: str) -> str:
    return f"{'E2E' if tier == 'e2e' else tier.capitalize()} tests"


def _one_port_per_suite(
    slots: dict[Slot, Settled], make: FindingMaker, findings: list[Finding]
) -> dict[Slot, Settled]:
    """Two components of one suite on one host port are one port read twice: the first
    is kept (PR109); one service's tiers on one port are kept and reported (PR109)."""
    kept: dict[Slot, Settled] = {}
    seen: dict[tuple[str, str, str, int], Slot] = {}
    for slot, settled in slots.items():
        found = settled.found
        if found.port is None:
            kept[slot] = settled
            continue
        key = (slot[0], slot[1], found.protocol, found.port)
        first = seen.get(key)
        if first is None or not _same_port(kept[first].found, found):
            seen[key] = slot
            kept[slot] = settled
            continue
        message = (
            f"{slot[0]} {slot[1]} gives {found.port} to {first[2]} ({kept[first].found.place}) "
            f"and to {slot[2]}; proposed once, as {first[2]}"
        )
        findings.append(make("PR109", message, found.place, (kept[first].found.place,)))
    by_port: dict[tuple[str, str, int], list[Slot]] = {}
    for slot, settled in kept.items():
        if settled.found.port is not None:
            key2 = (slot[0], settled.found.protocol, settled.found.port)
            by_port.setdefault(key2, []).append(slot)
    for (service, _, port), together in by_port.items():
        if len({slot[1] for slot in together}) > 1:
            first_place = kept[together[0]].found.place
            tiers = " and ".join(f"{slot[1]} {slot[2]}" for slot in together)
            message = f"{service} uses {port} in {tiers}: its suites cannot run at the same time"
            related = tuple(kept[slot].found.place for slot in together[1:])
            findings.append(make("PR109", message, first_place, related))
    return kept


def _writable(
    slots: dict[Slot, Settled], make: FindingMaker, findings: list[Finding]
) -> dict[Slot, Settled]:
    """The slots with something to write: a host port, a NodePort in a Kind cluster, or a
    dynamic allocation. Anything else (a container port with no host side) would be an
    empty allocation that ``check`` rejects (PR107): left out, and said (PR113)."""
    kept: dict[Slot, Settled] = {}
    for slot, settled in slots.items():
        found = settled.found
        if found.port is not None or found.dynamic or (found.node_port and found.cluster):
            kept[slot] = settled
            continue
        number = found.node_port or found.container_port
        what = f"port {number}" if number else "a port"
        message = (
            f"{slot[0]} {slot[1]} {slot[2]}: {what} with no host side (no host port, no NodePort "
            "of a Kind cluster); left out of the proposal"
        )
        findings.append(make("PR113", message, found.place))
    return kept


def _same_port(one: FoundPort, other: FoundPort) -> bool:
    """Two names for one port of a suite (the rest agrees), not two allocations that
    collide (two NodePorts behind one host port)."""
    return one.node_port is None or other.node_port is None or one.node_port == other.node_port


def _components(
    slots: dict[Slot, Settled], evidences: list[Evidence], names: Names
) -> dict[str, object]:
    ports: dict[str, dict[str, list[int]]] = {}
    strongest: dict[int, int] = {}  # port -> the strongest statement of it
    containers: dict[str, Counter[int]] = {}
    titles: dict[str, str] = {}
    for (_, tier, component, _), settled in slots.items():
        found = settled.found
        titles.setdefault(component, split_label(found.component)[0] or found.component)
        if found.port is not None:
            ports.setdefault(component, {}).setdefault(tier, []).append(found.port)
            strongest[found.port] = max(strongest.get(found.port, 0), found.strength)
        if found.container_port is not None:
            containers.setdefault(component, Counter())[found.container_port] += 1
    stated = _stated_ranges(evidences, names)
    result: dict[str, object] = {}
    for component in sorted({slot[2] for slot in slots}):
        entry: dict[str, object] = {}
        if titles.get(component) and make_id(titles[component]) != component:
            entry["title"] = titles[component]
        default = _container_port(component, containers.get(component))
        if default is not None:
            entry["container_port"] = default
        ranges = {
            tier: _range(found, stated.get((component, tier)), strongest)
            for tier, found in sorted(ports.get(component, {}).items())
        }
        if ranges:
            entry["ranges"] = ranges
        result[component] = entry
    return result


def _container_port(component: str, seen: Counter[int] | None) -> int | None:
    if seen:
        return seen.most_common(1)[0][0]
    known = KNOWN_COMPONENTS.get(component)
    return known[0] if known else None


def _stated_ranges(
    evidences: list[Evidence], names: Names
) -> dict[tuple[str, str], tuple[int, int]]:
    """Ranges a document states, by (component, tier): of a component, or of a service
    whose name is a component's (a document's "Data Storage 18090-18099" is the range
    every suite's Data Storage dependency takes its port from)."""
    stated: dict[tuple[str, str], tuple[int, int]] = {}
    for evidence in evidences:
        for found in evidence.ranges:
            named = found.component or found.service
            if named is None:
                continue
            stated.setdefault((component_id(named), found.tier), (found.start, found.end))
    return stated


def _range(
    ports: list[int], stated: tuple[int, int] | None, strength: dict[int, int] | None = None
) -> str:
    """The stated range when it holds most of the ports (the others are then reported
    outside it, PR301, as the document's own exceptions), else the tens around the
    densest block of them."""
    inside = [port for port in ports if stated is not None and stated[0] <= port <= stated[1]]
    if stated is not None and len(inside) * 2 > len(ports):
        return f"{stated[0]}-{stated[1]}"
    start, end = _densest_block(ports, strength or {})
    return f"{start}-{end}"


def _densest_block(ports: list[int], strength: dict[int, int]) -> tuple[int, int]:
    """The tens around the block holding most of the ports (of equals, the one a stronger
    statement gives: a compose mapping over a client's default; then the lowest): ports
    in neighbouring tens are one block, and a port far from it (a suite's odd one,
    another suite's number under the same component name) stays outside, reported by
    ``check`` (PR301), so that the range never spans thousands of unrelated numbers that
    ``scan`` would then take for allocations (PR503)."""
    blocks: list[list[int]] = []
    for port in sorted(set(ports)):
        if blocks and _tens(port) - _tens(blocks[-1][-1]) <= HOST_RANGE_STEP:
            blocks[-1].append(port)
        else:
            blocks.append([port])
    counted = Counter(ports)
    best = max(
        blocks,
        key=lambda block: (
            sum(counted[port] for port in block),
            max(strength.get(port, 0) for port in block),
            -block[0],
        ),
    )
    low, high = best[0], best[-1]
    start = max(1024, _tens(low)) if low >= 1024 else low
    end = min(65535, _tens(high) + HOST_RANGE_STEP - 1)
    return start, end


def _tens(port: int) -> int:
    return port - port % HOST_RANGE_STEP


def _services(
    slots: dict[Slot, Settled], evidences: list[Evidence], names: Names
) -> tuple[dict[str, object], dict[tuple[str, str, str, int | None], Location]]:
    grouped: dict[str, dict[str, dict[str, list[tuple[str | None, FoundPort]]]]] = {}
    for (service, tier, component, instance), settled in sorted(slots.items(), key=_order):
        held = grouped.setdefault(service, {}).setdefault(tier, {})
        held.setdefault(component, []).append((instance, settled.found))
    defaults = _default_containers(slots)
    services: dict[str, object] = {}
    places: dict[tuple[str, str, str, int | None], Location] = {}
    for service in sorted(grouped):
        entry = _service_header(service, evidences, names)
        ports: dict[str, object] = {}
        for tier, held in sorted(grouped[service].items()):
            ports[tier] = {}
            for component, instances in sorted(held.items()):
                ports[tier][component] = _allocation(instances, defaults.get(component))  # type: ignore[index]
                several = len(instances) > 1
                for index, (_, found) in enumerate(instances):
                    places[(service, tier, component, index if several else None)] = found.place
        entry["ports"] = ports
        services[service] = entry
    return services, places


def _order(item: tuple[Slot, Settled]) -> tuple[str, str, str]:
    """Services, tiers and components by name; instances as the source lists them."""
    (service, tier, component, _), _ = item
    return (service, tier, component)


def _default_containers(slots: dict[Slot, Settled]) -> dict[str, int]:
    seen: dict[str, Counter[int]] = {}
    for (_, _, component, _), settled in slots.items():
        if settled.found.container_port is not None:
            seen.setdefault(component, Counter())[settled.found.container_port] += 1
    defaults = {component: counts.most_common(1)[0][0] for component, counts in seen.items()}
    for component, (port, _) in KNOWN_COMPONENTS.items():
        defaults.setdefault(component, port)
    return defaults


def _service_header(service: str, evidences: list[Evidence], names: Names) -> dict[str, object]:
    entry: dict[str, object] = {}
    spellings = names.spellings.get(service, [])
    for evidence in evidences:
        for spelling in spellings:
            title = evidence.titles.get(spelling)
            if title and "title" not in entry and make_id(title) != service:
                entry["title"] = title
            if spelling in evidence.owners and "owner" not in entry:
                entry["owner"] = evidence.owners[spelling]
    notes = [note for e in evidences for s in spellings for note in e.notes.get(s, [])]
    if notes:
        entry["description"] = "; ".join(dict.fromkeys(notes))
    paths = [path for e in evidences for s in spellings for path in e.paths.get(s, [])]
    if paths:
        entry["paths"] = list(dict.fromkeys(paths))
    return entry


def _allocation(instances: list[tuple[str | None, FoundPort]], default: int | None) -> object:
    values = [_one(found, default, instance) for instance, found in instances]
    if len(values) == 1:
        only = values[0]
        if isinstance(only, dict):
            only.pop("name", None)
            if list(only) == ["port"]:
                return only["port"]
        return only
    return [value if isinstance(value, dict) else {"port": value} for value in values]


def _one(found: FoundPort, default: int | None, instance: str | None) -> object:
    value: dict[str, object] = {}
    if found.dynamic:
        value["dynamic"] = True
    if found.port is not None:
        value["port"] = found.port
    if found.node_port is not None and found.cluster is not None:
        value["node_port"] = found.node_port
        value["cluster"] = make_id(found.cluster, "kind")
    if found.container_port is not None and found.container_port != default:
        value["container_port"] = found.container_port
    if found.protocol in ("udp",):
        value["protocol"] = found.protocol
    if instance is not None:
        value["name"] = make_id(instance, "instance")
    if found.note:
        value["note"] = found.note[:200]
    if list(value) == ["port"] and instance is None:
        return value["port"]
    return value


def _scopes(clusters: list[str], evidences: list[Evidence]) -> dict[str, object]:
    configs = {c.name: c.config for e in evidences for c in e.clusters if c.config}
    scopes: dict[str, object] = {}
    for cluster in clusters:
        scope: dict[str, object] = {"kind": "nodeport", "title": f"Kind cluster {cluster}"}
        if configs.get(cluster):
            scope["config"] = configs[cluster]
        scopes[make_id(cluster, "kind")] = scope
    return scopes
