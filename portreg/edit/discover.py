"""``portreg init --discover PATH``: what the tree's code says about its ports, as evidence.

The tree is read by the scan's reader (:mod:`portreg.scan.tree_reading`): the same file
selection, the same roles, whose suite each file is from the tree's own names, and what
kind of statement each line makes about a host port. This module never reads a file: it
turns what the reader found into one :class:`~portreg.adopt.evidence.Evidence`:

- each port a suite's file states is a :class:`FoundPort` of that suite, in the tier the
  identifier or the path names (or the tier of the Kind configs the file creates), with
  the strength of its statement: a real bind (a compose mapping, ``-p``, a Kind mapping, a
  listen address) over a declared constant over a client's address or default;
- one port of one suite is one allocation, named once: by the component its syntax says
  (``16379:6379`` is Redis), else by the words it is held by (``CheckoutPostgresPort``,
  ``dataStorageURL``: a service of the tree), else ``app``, ``app2`` ...;
- each Kind config is a :class:`FoundCluster`, its mappings ports of the suite it is named
  after or that creates it: a NodePort inside the NodePort range, the node's own port
  outside it (an ingress on 80);
- spellings of one service are given as aliases, so that the proposal merges them and
  says so.

Choosing between sightings, ids, collisions and the registry's text are
:mod:`portreg.adopt`'s, the same for every source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.adopt.clusters import cluster_of_config, one_cluster_per_name, settle_clusters
from portreg.adopt.components import ComponentNames, by_node_port, firm_component
from portreg.adopt.evidence import BIND, CLIENT, CONSTANT, Evidence, FoundPort, Unplaced
from portreg.adopt.merge import NODEPORT_RANGE
from portreg.adopt.names import KNOWN_COMPONENTS, make_id, words
from portreg.edit.seen_ports import pair_node_ports, settle_tiers, split_bound_together
from portreg.edit.suite_paths import broadest, suite_glob
from portreg.findings import Location
from portreg.scan.names import name_key as key
from portreg.scan.sightings import Claim, FileReading, Sighting
from portreg.scan.suites import Clue, tier_of
from portreg.scan.tree_reading import TreeReading, read_tree

if TYPE_CHECKING:
    from portreg.progress import Progress

DEFAULT_TIER = "integration"
KIND_TIER = "e2e"  # a Kind cluster that no path or use places in a tier
FALLBACK_COMPONENT = "app"
# Words that make a service a stand-in for something other suites run (a mock LLM).
STAND_IN_WORDS = frozenset({"mock", "mocks", "fake", "stub", "dummy", "emulator", "simulator"})
STRENGTH = {
    Claim.BIND: BIND,
    Claim.NODE_PORT: BIND,
    Claim.DECLARED: CONSTANT,
    Claim.CLIENT: CLIENT,
}


@dataclass
class Seen:
    """One port of one suite as one place states it, before it is named."""

    service: str  # the tree's spelling of the service
    spelling: str  # as the file's clue spells it (an alias, maybe)
    tier: str | None  # None: no path, identifier or use says
    port: int | None
    claim: Claim
    component: str | None  # named by syntax, words, or None
    place: Location
    firm: bool = False  # the name comes from the syntax (a container port, a known key)
    node_port: int | None = None
    cluster: str | None = None  # a Kind config's path, until clusters are named
    container_port: int | None = None
    protocol: str = "tcp"


def discover(
    root: Path,
    prefix: str = "",
    progress: Progress | None = None,
    components: Iterable[str] = (),
) -> Evidence:
    """What the tree under ``root`` says about its ports (counting the files read on
    ``progress``); places and paths are written relative to the project root, which is
    ``root`` with ``prefix`` (``sub/dir/``) before it. ``components`` are names a document
    gives components (``--from-table``), to name the code's ports the same way."""
    documents = {component: (None, [component]) for component in components}
    tree = read_tree(root, {**KNOWN_COMPONENTS, **documents}, progress)
    names = ComponentNames(tree.names.named_in, components)
    return _Discovery(tree, prefix, names, root.resolve().name or "project").evidence()


class _Discovery:
    def __init__(self, tree: TreeReading, prefix: str, names: ComponentNames, project: str) -> None:
        self.tree = tree
        # The project's own suite (test/e2e/x_test.go), named after its folder; a tree
        # whose layout names no suite is that one project.
        self.project = project
        self.single = not tree.names.services()
        self.prefix = prefix
        self.names = names
        self.seen: list[Seen] = []
        self.paths: dict[str, list[str]] = defaultdict(list)
        self.clusters: dict[str, tuple[str, str, str]] = {}  # config -> (service, tier, name)
        self.bound: set[str] = set()
        self.unplaced: list[Unplaced] = []
        self.root_bound: set[int] = set()  # ports the project's root files bind

    def evidence(self) -> Evidence:
        tree = self.tree
        configs = self._configs()
        self.bound = _published(tree)
        for relative, clue, reading in tree.files:
            if reading.kind is None:
                self._file(relative, clue, reading, configs)
        configs_read = {path: reading for path, _, reading in tree.files if reading.kind}
        for relative, (service, tier, _) in self.clusters.items():
            self._kind(relative, service, tier, configs_read[relative])
        settle_tiers(self.seen, DEFAULT_TIER)
        self.seen = pair_node_ports(self.seen)
        self._name_ports()
        self._drop_calls_to_others()
        evidence = Evidence("the code", files=tree.read, skipped=dict(tree.skipped))
        evidence.unplaced = self.unplaced
        evidence.majority = True  # a port repeated in many files is the one really used
        evidence.ports = self._found_ports()
        used = {seen.cluster for seen in self.seen if seen.cluster}
        named = {config: name for config, (_, _, name) in self.clusters.items() if config in used}
        evidence.clusters = one_cluster_per_name(named, self.prefix)
        evidence.paths = {service: broadest(paths) for service, paths in self.paths.items()}
        evidence.aliases = self._aliases()
        evidence.titles = {
            service: titles[0] for service, titles in tree.names.titles.items() if titles
        }
        settle_clusters(evidence)  # a Service's NodePort of a suite without a Kind config
        evidence.constants = {
            self.prefix + relative: reading.package or None
            for relative, clue, reading in tree.files
            if reading.package is not None and tree.names.service_of(clue) is not None
        }
        return evidence

    def _configs(self) -> dict[str, str]:
        """Each Kind config's tier (by path, else by the suites that create it, else e2e),
        and its service (named by the config, else the suite that creates it most)."""
        users: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
        for relative, clue, reading in self.tree.files:
            for config in reading.uses:
                users[config].append((self.tree.names.service_of(clue), tier_of(relative)))
        tiers: dict[str, str] = {}
        for relative, clue, reading in self.tree.files:
            if reading.kind is None:
                continue
            used = users.get(relative, [])
            tier = tier_of(relative) or _most([t for _, t in used]) or KIND_TIER
            service = self.tree.names.service_of(clue) or _most([s for s, _ in used])
            service = service or self._project(clue, relative)
            tiers[relative] = tier
            if service is not None:
                name = reading.kind.name or cluster_of_config(relative)
                self.clusters[relative] = (service, tier, make_id(name, "kind"))
        return tiers

    def _file(
        self, relative: str, clue: Clue, reading: FileReading, configs: dict[str, str]
    ) -> None:
        # None: evidence for the suites its port names name.
        named = self.tree.names.service_of(clue)
        owner = named or self._project(clue)
        used = [configs[config] for config in reading.uses if config in configs]
        file_tier = tier_of(relative) or _most(used)
        kept = False
        left: list[Sighting] = []  # binds of no suite
        for sighting in reading.sightings:
            service = owner or self._named_by(sighting)
            if service is None and sighting.claim is Claim.BIND and "/" not in relative:
                service = self.project  # a root docker-compose.yml: the project's own
                self.paths[service].append(self.prefix + relative)
            if service == self.project and sighting.claim is Claim.BIND and "/" not in relative:
                self.root_bound.add(sighting.port)
            if service is None:
                if sighting.claim is Claim.BIND:
                    left.append(sighting)
                continue
            # The file's name is a spelling of its suite only when it named the suite: a
            # project's test_connection.py is the project's, not a name of it.
            spelling = clue.name if named is not None and clue.name else service
            if key(spelling) == key(service):
                spelling = service  # routeplanner is route-planner: nothing to merge
            self._sighting(relative, service, spelling, sighting, file_tier)
            kept = True
        if kept and owner is not None:
            self.paths[owner].append(self.prefix + suite_glob(relative, clue))
        if left:
            self._unattributed(relative, left)

    def _project(self, clue: Clue, relative: str = "") -> str | None:
        """The project's own suite, for a file of no suite's (see ``self.project``), and
        for a Kind config at the project's root (``kind-1.34.yaml``)."""
        in_place = clue.how == "project" or (clue.how == "file" and clue.in_place)
        at_root = bool(relative) and "/" not in relative
        return self.project if self.single or in_place or at_root else None

    def _unattributed(self, relative: str, binds: list[Sighting]) -> None:
        """Host binds of a file of no suite that no suite's name names (a ``deploy/``
        compose file in a tree of many suites): said, never dropped silently."""
        ports = ", ".join(str(port) for port in sorted({s.port for s in binds if s.port}))
        place = Location(self.prefix + relative, binds[0].line, binds[0].column)
        why = "bound by a file of no suite; left out (allocate them to the suite that uses them)"
        what = f"host port{'s' if ',' in ports else ''} {ports}"
        self.unplaced.append(Unplaced(what, why, place))

    def _named_by(self, sighting: Sighting) -> str | None:
        """In a file of no suite, the one suite the port's name names (``LEDGER_API_PORT
        ?= 18090`` in a Makefile)."""
        named = set(self.tree.names.named_in(sighting.label))
        return named.pop() if len(named) == 1 else None

    def _sighting(
        self, relative: str, service: str, spelling: str, sighting: Sighting, tier: str | None
    ) -> None:
        place = Location(self.prefix + relative, sighting.line, sighting.column)
        named = firm_component(sighting.component, sighting.container_port, sighting.label)
        firm = named is not None
        served = self._served(service, sighting.label)
        if served is not None:  # MockGeocoderPortLedger: the ledger suite's mock geocoder
            service, spelling, named, firm = served, served, make_id(service), True
        if named is None:
            named = self.names.of(sighting.label, service)
        claim = sighting.claim
        if claim is Claim.NODE_PORT and sighting.port not in NODEPORT_RANGE:
            claim = Claim.DECLARED  # a cluster node's port (NODE_PORT_1 = 15379), not Kubernetes'
        node_port = sighting.port if claim is Claim.NODE_PORT else None
        if claim is Claim.DECLARED and sighting.label.rsplit(".", 1)[-1] in self.bound:
            claim = Claim.BIND  # a constant the code publishes (-p "%d:6379")
        self.seen.append(
            Seen(
                service,
                spelling,
                sighting.tier or tier,
                None if node_port else sighting.port,
                claim,
                named,
                place,
                firm,
                node_port,
                container_port=sighting.container_port,
            )
        )

    def _served(self, service: str, label: str) -> str | None:
        """The suite a stand-in service (``mock-geocoder``) serves a port to, when the name
        holding the port names that suite (``MockGeocoderPortLedger``)."""
        if not STAND_IN_WORDS.intersection(words(service)):
            return None
        others = [other for other in self.tree.names.named_in(label) if other != service]
        return others[0] if others else None

    def _kind(self, relative: str, service: str, tier: str, reading: FileReading) -> None:
        assert reading.kind is not None
        place = self.prefix + relative
        for mapping in reading.kind.mappings:
            if mapping.host_port is None and mapping.node_port is None:
                continue  # an ingress port of the node that this machine never reaches
            named = self.names.of(mapping.label, service, loose=False)
            named = named or by_node_port(mapping.node_container_port)
            self.seen.append(
                Seen(
                    service,
                    service,
                    tier,
                    mapping.host_port,
                    Claim.BIND,
                    named,
                    Location(place, mapping.line, mapping.column),
                    node_port=mapping.node_port,
                    cluster=relative,
                    container_port=mapping.node_container_port,
                    protocol=mapping.protocol,
                )
            )
        if reading.kind.api_server_port is not None:
            port, line, column = reading.kind.api_server_port
            where = Location(place, line, column)
            self.seen.append(Seen(service, service, tier, port, Claim.BIND, "apiserver", where))
        self.paths[service].append(place)

    def _name_ports(self) -> None:
        """One host port of one suite is one allocation, with one name: the firmest one
        any of its places gives (syntax, then words, the strongest statement first); the
        suite's unnamed ports are ``app``, ``app2`` ... in the order they are seen."""
        groups: dict[tuple[str, str | None, int, bool], list[Seen]] = defaultdict(list)
        for seen in self.seen:
            if seen.port is not None:
                groups[(seen.service, seen.tier, seen.port, True)].append(seen)
            elif seen.node_port is not None:  # a NodePort of no host port: its own name
                groups[(seen.service, seen.tier, seen.node_port, False)].append(seen)
        unnamed: dict[tuple[str, str | None], int] = Counter()
        for (service, tier, _, _), group in groups.items():
            ranked = sorted(
                (s for s in group if s.component),
                key=lambda s: (not s.firm, -STRENGTH[s.claim], s.component == "api"),
            )
            name = ranked[0].component if ranked else None
            if name is None:
                unnamed[(service, tier)] += 1
                number = unnamed[(service, tier)]
                name = FALLBACK_COMPONENT if number == 1 else f"{FALLBACK_COMPONENT}{number}"
            for seen in group:
                seen.component = name
        split_bound_together(list(groups.values()))

    def _drop_calls_to_others(self) -> None:
        """A client's address of a port another suite binds reaches that suite, and is no
        allocation of the caller: when the line names that suite (``dataStorageURL`` at
        the Data Storage suite's port), or when the caller neither binds nor declares the
        port nor anything else for that component (a drift it would be: PR110). Any
        suite's statement of a port the project's root files bind is a use of them."""
        held: dict[int, set[str]] = defaultdict(set)
        stated: set[tuple[str, str | None, str | None]] = set()
        for seen in self.seen:
            if seen.claim is not Claim.CLIENT and seen.port is not None:
                held[seen.port].add(seen.service)
                stated.add((seen.service, seen.tier, seen.component))
        kept = []
        for seen in self.seen:
            owners = held.get(seen.port or 0, set())
            others = owners - {seen.service}
            if seen.claim is Claim.CLIENT and others:
                named = seen.component in {make_id(other) for other in others}
                alone = seen.service not in owners and (
                    (seen.service, seen.tier, seen.component) not in stated
                )
                if named or alone:
                    continue
            if seen.port in self.root_bound and seen.service != self.project:
                continue  # a test folder's use of the project's own root compose file
            kept.append(seen)
        self.seen = kept

    def _found_ports(self) -> list[FoundPort]:
        ports = [
            FoundPort(
                seen.spelling,
                seen.tier or DEFAULT_TIER,
                seen.component or FALLBACK_COMPONENT,
                seen.place,
                port=seen.port,
                node_port=seen.node_port,
                cluster=self.clusters[seen.cluster][2] if seen.cluster in self.clusters else None,
                container_port=seen.container_port,
                protocol=seen.protocol,
                strength=STRENGTH[seen.claim],
            )
            for seen in self.seen
        ]
        # Each service's own spelling first: the proposal names the service after the
        # first spelling that is an id.
        order = {seen.spelling: seen.spelling != seen.service for seen in self.seen}
        return sorted(ports, key=lambda found: order.get(found.service, True))

    def _aliases(self) -> dict[str, set[str]]:
        """Each service's other spellings among the ports' (the proposal merges them)."""
        found: dict[str, set[str]] = {}
        for seen in self.seen:
            if seen.spelling != seen.service:
                found.setdefault(seen.service, set()).add(seen.spelling)
        return found


def _published(tree: TreeReading) -> set[str]:
    """The names the tree publishes ports by, and the names given to them (two steps:
    ``RedisPort: WERedisPort`` then ``Sprintf("%d:6379", cfg.RedisPort)``)."""
    bound = {name for _, _, reading in tree.files for name in reading.bound}
    assigned = [pair for _, _, reading in tree.files for pair in reading.assigned]
    for _ in range(2):
        bound |= {taken for given, taken in assigned if given in bound}
    return bound


def _most(values: Iterable[str | None]) -> str | None:
    counted = Counter(value for value in values if value is not None)
    return counted.most_common(1)[0][0] if counted else None
