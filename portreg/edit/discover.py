"""``portreg init --discover PATH``: propose a registry from the ports a tree hard-codes.

Every file under PATH is read the way ``portreg scan`` reads it (the same file selection and
port roles), but for every number that could be a port, not only the registry's. What the
roles call a host port in code (the host side of a mapping, a ``*_PORT=`` value, a URL to
the local machine, a Kind ``hostPort``, a constant) becomes an allocation:

- of a **service** named by the file's directory (``test/integration/gateway/...`` is
  ``gateway``), or, for a file in a folder several services share (``infrastructure/``,
  ``scripts/`` ...), by the service name its file name starts with
  (``datastorage_integration.go``);
- in a **tier** named by the path (``e2e`` or ``integration``, the default);
- for a **component** named by the container port it maps to or by its key
  (``16379:6379`` and ``REDIS_PORT`` are ``redis``), else ``app``.

Where a service's files disagree on one component, a code constant wins over compose files
and scripts, and the disagreement is reported. Conflicts between services become
``known_conflicts`` entries, so that the proposal passes ``portreg check`` from the start.

A Kind cluster config (``kind: Cluster``) becomes a nodeport scope with that ``config:``;
each of its ``extraPortMappings`` gives the allocation of its ``hostPort`` the NodePort it
maps to (its ``containerPort``, the port on the node) in that cluster.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from portreg.loading.compose import YamlLoader
from portreg.scan.comments import Kind, Place, kind_of
from portreg.scan.files import ExcludeFilter, read, select_files
from portreg.scan.matcher import PortMatcher
from portreg.scan.names import Vocabulary, words
from portreg.scan.roles import PortHit, Role, classify

if TYPE_CHECKING:
    from portreg.progress import Progress

# Components a tree is likely to run, with their usual container port and names.
KNOWN_COMPONENTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "postgresql": (5432, ("postgres", "pg", "postgresql", "psql")),
    "redis": (6379, ("redis",)),
    "mysql": (3306, ("mysql", "mariadb")),
    "mongodb": (27017, ("mongo", "mongodb")),
    "kafka": (9092, ("kafka",)),
    "rabbitmq": (5672, ("rabbitmq", "amqp")),
    "elasticsearch": (9200, ("elasticsearch", "elastic")),
    "prometheus": (9090, ("prometheus",)),
    "datastorage": (8080, ("datastorage", "data storage")),
}
FALLBACK_COMPONENT = "app"
SHARED_DIRECTORIES = frozenset(
    {"infrastructure", "infra", "shared", "common", "scripts", "hack", "tools", "deploy", "test"}
    | {"tests", "integration", "e2e", "config", "configs", "ci", "docker", "compose", "kind"}
)
TIERS = ("integration", "e2e")
_CANDIDATE = re.compile(rb"(?<![0-9.])[0-9]{4,5}(?![0-9])")
# Code wins over configuration, which wins over scripts and the rest.
_PRIORITY = {Kind.GO: 3, Kind.PYTHON: 3, Kind.YAML: 2, Kind.SHELL: 1}
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Sighting:
    """One host port seen in one file."""

    service: str
    tier: str
    component: str
    port: int
    file: str
    line: int
    priority: int


@dataclass(frozen=True)
class KindMapping:
    """One ``extraPortMappings`` entry: the host port and the node's port it maps to."""

    host_port: int | None
    node_port: int
    protocol: str


@dataclass
class KindCluster:
    name: str
    config: str  # the config file, relative to the tree
    mappings: list[KindMapping]


@dataclass
class Proposal:
    # service -> tier -> component -> port (None: a NodePort only)
    services: dict[str, dict[str, dict[str, int | None]]] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)
    components: set[str] = field(default_factory=set)
    disagreements: list[str] = field(default_factory=list)
    files: int = 0
    clusters: list[KindCluster] = field(default_factory=list)
    # (service, tier, component) -> the NodePort its host port maps to, in which cluster
    node_ports: dict[tuple[str, str, str], tuple[KindMapping, str]] = field(default_factory=dict)


def discover(root: Path, progress: Progress | None = None) -> Proposal:
    """Read the tree under ``root`` and propose services, tiers and components (counting
    the files read on ``progress``)."""
    selection = select_files([root], root, ExcludeFilter([]), utf8_names=True)
    if progress is not None:
        progress.set_total(len(selection.files))
    vocabulary = Vocabulary(
        {name: names for name, (_, names) in KNOWN_COMPONENTS.items()},
        {port: name for name, (port, _) in KNOWN_COMPONENTS.items()},
    )
    found: list[tuple[str, PortHit]] = []
    clusters: list[KindCluster] = []
    for file in selection.files:
        if progress is not None:
            progress.advance()
        data, _ = read(file)
        if data is None or file.relative.startswith("registry/"):
            continue
        cluster = kind_cluster(data, file.relative)
        if cluster is not None:
            clusters.append(cluster)
        numbers = {int(match) for match in _CANDIDATE.findall(data)}
        ports = {number for number in numbers if 1024 <= number <= 65535}
        if not ports:
            continue
        matcher = PortMatcher(ports, vocabulary.container_ports)
        hits = list(matcher.find(data))
        found.extend(
            (file.relative, hit)
            for hit in classify(data, hits, file.relative, vocabulary)
            if hit.role is Role.HOST and hit.place is Place.CODE and not hit.reference
        )
    proposal = _propose(found, len(selection.files))
    for cluster in clusters:
        _map_cluster(proposal, cluster)
    return proposal


def kind_cluster(data: bytes, relative: str) -> KindCluster | None:
    """The Kind cluster a config file declares, with its port mappings; None if it is not
    one (or not YAML that loads)."""
    if b"kind.x-k8s.io" not in data or b"extraPortMappings" not in data:
        return None
    try:
        documents = list(yaml.load_all(data, Loader=YamlLoader))
    except yaml.YAMLError:
        return None
    for document in documents:
        if not (
            isinstance(document, dict)
            and document.get("kind") == "Cluster"
            and str(document.get("apiVersion", "")).startswith("kind.x-k8s.io/")
        ):
            continue
        mappings = [
            KindMapping(
                entry["hostPort"] if _is_port(entry.get("hostPort")) else None,
                entry["containerPort"],
                str(entry.get("protocol") or "TCP").lower(),
            )
            for node in _dicts(document.get("nodes"))
            for entry in _dicts(node.get("extraPortMappings"))
            if _is_port(entry.get("containerPort"))
        ]
        name = document.get("name")
        if not isinstance(name, str) or not name.strip():
            owner = _directory_service(relative)
            name = f"kind-{owner}" if owner else "kind"
        return KindCluster(_slug(name), relative, mappings)
    return None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _is_port(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535


def _map_cluster(proposal: Proposal, cluster: KindCluster) -> None:
    """Give each mapped host port its NodePort; a mapping whose host port no service holds
    becomes an allocation of the config's service."""
    tier = tier_of(cluster.config)
    service = service_of(cluster.config, set(proposal.services))
    if service is None or any(other.name == cluster.name for other in proposal.clusters):
        return
    proposal.clusters.append(cluster)
    for mapping in cluster.mappings:
        slot = _holder(proposal, service, tier, mapping.host_port)
        if slot is None:
            held = proposal.services.setdefault(service, {}).setdefault(tier, {})
            number = 1
            while _unnamed(number) in held:
                number += 1
            name = _unnamed(number)
            held[name] = mapping.host_port
            proposal.components.add(name)
            slot = (service, tier, name)
        proposal.node_ports[slot] = (mapping, cluster.name)
        paths = proposal.paths.setdefault(service, [])
        if cluster.config not in paths and not any(
            path.endswith("/**") and cluster.config.startswith(path[:-2]) for path in paths
        ):
            paths.append(cluster.config)


def _holder(
    proposal: Proposal, service: str, tier: str, host_port: int | None
) -> tuple[str, str, str] | None:
    """The allocation holding ``host_port``: the config's service first, then any."""
    if host_port is None:
        return None
    candidates = [(service, tier)] + [
        (other, other_tier)
        for other, tiers in proposal.services.items()
        for other_tier in tiers
        if (other, other_tier) != (service, tier)
    ]
    for owner, owner_tier in candidates:
        for component, port in proposal.services.get(owner, {}).get(owner_tier, {}).items():
            slot = (owner, owner_tier, component)
            if port == host_port and slot not in proposal.node_ports:
                return slot
    return None


def service_of(relative: str, known: set[str]) -> str | None:
    """The service a file belongs to: its directory, or in a shared folder its file name."""
    parts = relative.split("/")
    for directory in reversed(parts[:-1]):
        if directory.lower() not in SHARED_DIRECTORIES:
            return _slug(directory)
    stem = parts[-1].split(".")[0]
    for name in sorted(known, key=len, reverse=True):
        if _slug(stem).startswith(name):
            return name
    first = words(stem)
    return _slug(first[0]) if first and first[0] not in SHARED_DIRECTORIES else None


def tier_of(relative: str) -> str:
    lowered = relative.lower()
    return "e2e" if "e2e" in lowered else "integration"


def _propose(found: list[tuple[str, PortHit]], files: int) -> Proposal:
    known = {
        service for relative, _ in found if (service := _directory_service(relative)) is not None
    }
    sightings: list[Sighting] = []
    for relative, hit in found:
        service = service_of(relative, known)
        if service is None:
            continue
        component = hit.component_hint or FALLBACK_COMPONENT
        priority = _PRIORITY.get(kind_of(relative), 0)
        sightings.append(
            Sighting(service, tier_of(relative), component, hit.port, relative, hit.line, priority)
        )
    proposal = Proposal(files=files)
    chosen: dict[tuple[str, str, str], Sighting] = {}
    by_slot: dict[tuple[str, str, str], list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        by_slot[(sighting.service, sighting.tier, sighting.component)].append(sighting)
    for slot, seen in sorted(by_slot.items()):
        ports = sorted({sighting.port for sighting in seen})
        if slot[2] == FALLBACK_COMPONENT and len(ports) > 1:
            # Unnamed ports of one suite are several components, not a disagreement.
            for number, port in enumerate(ports, start=1):
                name = _unnamed(number)
                first = next(s for s in seen if s.port == port)
                chosen[(slot[0], slot[1], name)] = first
            continue
        best = max(seen, key=lambda s: (s.priority, -s.line))
        chosen[slot] = best
        if len(ports) > 1:
            others = ", ".join(f"{s.port} ({s.file}:{s.line})" for s in seen if s.port != best.port)
            proposal.disagreements.append(
                f"{slot[0]} {slot[1]} {slot[2]}: {best.port} ({best.file}:{best.line}) "
                f"chosen over {others}"
            )
    for (service, tier, component), sighting in sorted(chosen.items()):
        proposal.services.setdefault(service, {}).setdefault(tier, {})[component] = sighting.port
        proposal.components.add(component)
    # Every file a service's ports were seen in is its code, chosen or not (scan reads it).
    for sighting in sorted(sightings, key=lambda s: s.file):
        directory = sighting.file.rsplit("/", 1)[0] if "/" in sighting.file else ""
        glob = _glob(sighting.file, directory, sighting.service)
        paths = proposal.paths.setdefault(sighting.service, [])
        if glob not in paths:
            paths.append(glob)
    return proposal


def _unnamed(number: int) -> str:
    """``app``, ``app2``, ``app3`` ...: the components of a suite's unnamed ports."""
    return FALLBACK_COMPONENT if number == 1 else f"{FALLBACK_COMPONENT}{number}"


def _directory_service(relative: str) -> str | None:
    parts = relative.split("/")
    for directory in reversed(parts[:-1]):
        if directory.lower() not in SHARED_DIRECTORIES:
            return _slug(directory)
    return None


def _glob(relative: str, directory: str, service: str) -> str:
    """The ``paths`` glob of a service's file: its directory, or its name pattern in a shared
    folder."""
    name = directory.rsplit("/", 1)[-1] if directory else ""
    if directory and name.lower() not in SHARED_DIRECTORIES and _slug(name) == service:
        return f"{directory}/**"
    prefix = f"{directory}/" if directory else ""
    stem = relative.rsplit("/", 1)[-1]
    return f"{prefix}{stem.split('.')[0].split('_')[0].split('-')[0]}*"


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "service"
