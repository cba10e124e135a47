"""``portreg init --discover PATH``: what the tree's code says about its ports, as evidence.

Every file under PATH is read the way ``portreg scan`` reads it (the same file selection and
port roles), but for every number that could be a port, not only the registry's. What the
roles call a host port in code (the host side of a mapping, a ``*_PORT=`` value, a URL to
the local machine, a Kind ``hostPort``, a constant) becomes a :class:`FoundPort`:

- of a **service** named by the file's directory (``test/integration/gateway/...`` is
  ``gateway``), or, for a file in a folder several services share (``infrastructure/``,
  ``scripts/`` ...), by the service name its file name starts with
  (``datastorage_integration.go``);
- in a **tier** named by the path (``e2e`` or ``integration``, the default);
- for a **component** named by the container port it maps to or by its key
  (``16379:6379`` and ``REDIS_PORT`` are ``redis``), else ``app``, ``app2`` ... (one per
  distinct unnamed port of a suite);
- with a **strength**: a code constant over compose files over scripts.

A Kind cluster config (``kind: Cluster``) is a :class:`FoundCluster`; each of its
``extraPortMappings`` gives the host port's allocation its NodePort (``containerPort``,
the port on the node) in that cluster.

Everything else (choosing between sightings, ids, collisions, the registry's text) is
:mod:`portreg.adopt`, the same for every source: this module only reads, and hands over
one :class:`~portreg.adopt.evidence.Evidence`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from portreg.adopt.evidence import BIND, CLIENT, CONSTANT, Evidence, FoundCluster, FoundPort
from portreg.findings import Location
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
_PRIORITY = {Kind.GO: BIND, Kind.PYTHON: BIND, Kind.YAML: CONSTANT, Kind.SHELL: CLIENT}
_SLUG = re.compile(r"[^a-z0-9]+")
_CONSTANT = re.compile(rb"^\s*(?:const\s+)?[A-Za-z_]*(?:Port|PORT)[A-Za-z0-9_]*\s*(?::\s*int\s*)?=")
_GO_PACKAGE = re.compile(rb"^package\s+(\w+)", re.MULTILINE)


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


def discover(root: Path, prefix: str = "", progress: Progress | None = None) -> Evidence:
    """What the tree under ``root`` says about its ports (counting the files read on
    ``progress``); places and paths are written relative to the project root, which is
    ``root`` with ``prefix`` (``sub/dir/``) before it."""
    selection = select_files([root], root, ExcludeFilter([]), utf8_names=True)
    if progress is not None:
        progress.set_total(len(selection.files))
    vocabulary = Vocabulary(
        {name: names for name, (_, names) in KNOWN_COMPONENTS.items()},
        {port: name for name, (port, _) in KNOWN_COMPONENTS.items()},
    )
    found: list[tuple[str, PortHit]] = []
    clusters: list[KindCluster] = []
    constants: dict[str, str | None] = {}
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
        held = [
            hit
            for hit in classify(data, hits, file.relative, vocabulary)
            if hit.role is Role.HOST and hit.place is Place.CODE and not hit.reference
        ]
        found.extend((file.relative, hit) for hit in held)
        if _constants_file(data, held, file.relative):
            package = _GO_PACKAGE.search(data)
            constants[prefix + file.relative] = package.group(1).decode() if package else None
    evidence = Evidence("the code", files=len(selection.files), constants=constants)
    evidence.skipped = dict(selection.skipped)
    _found_ports(evidence, found, prefix)
    for cluster in clusters:
        _map_cluster(evidence, cluster, prefix)
    return evidence


def _constants_file(data: bytes, held: list[PortHit], relative: str) -> bool:
    """A Go or Python file that declares ports as named constants (``GatewayPort = 18080``,
    ``REDIS_PORT = 16379``): the registry's exports can replace it."""
    if kind_of(relative) not in (Kind.GO, Kind.PYTHON) or not held:
        return False
    lines = data.splitlines()
    named = [hit for hit in held if _CONSTANT.search(lines[hit.line - 1])]
    return len(named) >= 2


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


def _map_cluster(evidence: Evidence, cluster: KindCluster, prefix: str) -> None:
    """Give each mapped host port its NodePort: the port of the config's service (else of
    any service) with that host port, else a new unnamed port of the config's service."""
    tier = tier_of(cluster.config)
    known = {found.service for found in evidence.ports}
    service = service_of(cluster.config, known)
    if service is None or any(other.name == cluster.name for other in evidence.clusters):
        return
    config = prefix + cluster.config
    place = Location(config, 1, 1)
    evidence.clusters.append(FoundCluster(cluster.name, config, place))
    for mapping in cluster.mappings:
        holder = _holder(evidence, service, tier, mapping.host_port)
        if holder is None:
            held = {f.component for f in evidence.ports if (f.service, f.tier) == (service, tier)}
            number = 1
            while _unnamed(number) in held:
                number += 1
            holder = FoundPort(service, tier, _unnamed(number), place, port=mapping.host_port)
            evidence.ports.append(holder)
        mapped = replace(
            holder, node_port=mapping.node_port, cluster=cluster.name, protocol=mapping.protocol
        )
        evidence.ports = [mapped if found is holder else found for found in evidence.ports]
        paths = evidence.paths.setdefault(service, [])
        if config not in paths and not any(
            path.endswith("/**") and config.startswith(path[:-2]) for path in paths
        ):
            paths.append(config)


def _holder(evidence: Evidence, service: str, tier: str, host_port: int | None) -> FoundPort | None:
    """The sighting holding ``host_port``: of the config's service first, then any."""
    if host_port is None:
        return None
    candidates = sorted(
        (found for found in evidence.ports if found.port == host_port and found.node_port is None),
        key=lambda found: (found.service, found.tier) != (service, tier),
    )
    return candidates[0] if candidates else None


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


def _found_ports(evidence: Evidence, found: list[tuple[str, PortHit]], prefix: str) -> None:
    """The hits as found ports: a service's distinct unnamed ports are ``app``, ``app2``
    ...; every file a service's ports were seen in goes into its paths."""
    known = {
        service for relative, _ in found if (service := _directory_service(relative)) is not None
    }
    unnamed: dict[tuple[str, str], list[int]] = defaultdict(list)
    for relative, hit in found:
        service = service_of(relative, known)
        if service is None:
            continue
        tier = tier_of(relative)
        component = hit.component_hint
        if component is None:
            seen = unnamed[(service, tier)]
            if hit.port not in seen:
                seen.append(hit.port)
            component = _unnamed(seen.index(hit.port) + 1)
        evidence.ports.append(
            FoundPort(
                service,
                tier,
                component,
                Location(prefix + relative, hit.line, hit.column),
                port=hit.port,
                strength=_PRIORITY.get(kind_of(relative), 0),
            )
        )
        directory = relative.rsplit("/", 1)[0] if "/" in relative else ""
        paths = evidence.paths.setdefault(service, [])
        glob = prefix + _glob(relative, directory, service)
        if glob not in paths:
            paths.append(glob)
    for service, paths in evidence.paths.items():
        evidence.paths[service] = sorted(paths)


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
