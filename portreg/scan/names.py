"""Which component or service an identifier, key or URL names, from the registry's words.

``WERedisIntegrationPort``, ``REDIS_PORT``, ``redis.addr`` and ``redis://`` all name the
component ``redis``; ``dataStorageBaseURL`` names ``datastorage`` (a name ``DATA_STORAGE``
or the component's title "DataStorage"). Identifiers are split into lower-case words
(snake_case, camelCase, dots, dashes) and a name matches a run of whole words, so ``pg``
names PostgreSQL in ``PG_PORT`` but not in ``upgrade``. How words split, and the keys
spellings meet under, are in :mod:`portreg.scan.name_words` (re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from portreg.scan.name_words import GENERIC_WORDS as GENERIC_WORDS
from portreg.scan.name_words import KNOWN_COMPONENTS
from portreg.scan.name_words import NEVER_NAMES as NEVER_NAMES
from portreg.scan.name_words import WORDS as _WORDS
from portreg.scan.name_words import initials as initials
from portreg.scan.name_words import name_key as name_key
from portreg.scan.name_words import name_keys as name_keys
from portreg.scan.name_words import tier_named as tier_named
from portreg.scan.name_words import unique_keys as unique_keys
from portreg.scan.name_words import words as words

if TYPE_CHECKING:
    from portreg.models import Registry

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# Words that may qualify a component's name and leave it ours: ``TEST_REDIS_PORT``,
# ``defaultPGPort``, ``LOCAL_DB_URL``. Any other word right before it names whose it is:
# ``MAILPIT_API``, ``KEYCLOAK_DB_PORT`` are a third party's API and database.
QUALIFIERS = frozenset(
    {"test", "tests", "testing", "it", "integration", "e2e", "unit", "dev", "local", "ci"}
    | {"default", "def", "fallback", "base", "my", "our", "own", "the", "this", "new", "main"}
    | {"primary", "replica", "shared", "host", "public", "internal", "external", "mock", "fake"}
    | {"stub", "get", "set", "env", "x", "http", "https", "grpc", "tcp", "rest", "with", "for"}
    | {"to", "of", "and", "from", "or", "use", "using", "start", "run", "wait", "free", "kill"}
    # what the component is used for, in the service: AUDIT_DB_PORT, SESSION_REDIS_URL
    | {"audit", "session", "sessions", "cache", "event", "events", "queue", "jobs", "admin"}
    | {"read", "write", "metrics", "store", "data", "app", "auth", "tenant"}
)
# Runs of up to this many words are joined when looking a name up: "data storage port"
# holds "datastorage".
_LONGEST_NAME = 3


def _key(name: str) -> str:
    return "".join(words(name))


class Vocabulary:
    """The registry's names for components (and services), and components' container ports."""

    def __init__(
        self,
        components: Mapping[str, Iterable[str]],
        container_ports: dict[int, str] | None = None,
        services: Mapping[str, Iterable[str]] | None = None,
        texts: Iterable[str] = (),
        shared_container_ports: Iterable[int] = (),
        node_port_ranges: Iterable[tuple[int, int]] = ((30000, 32767),),
    ) -> None:
        self.components: dict[str, str] = {}
        for component, names in components.items():
            for name in [component, *names]:
                if _key(name):
                    self.components.setdefault(_key(name), component)
        self.container_ports = dict(container_ports or {})
        self.node_port_ranges = tuple(node_port_ranges)
        # Upper-case abbreviations of services (WE, RO, KA): "8092=WE" cites WorkflowExecution.
        self.abbreviations: dict[str, str] = {}
        # Those several services share (WR: Workflow Runner, Warehouse Reporter): in prose,
        # "18092=WR" still cites whichever of them owns 18092.
        self.shared_abbreviations: dict[str, tuple[str, ...]] = {}
        self._mentions: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = {}
        self._name_prefixes: frozenset[str] | None = None
        self._sets: dict[frozenset[Any], frozenset[Any]] = {}
        # Services by the words of their titles ("Route Planner", "Mock Geocoder"): a title
        # is also what a service runs, so it cites the owner only as a possessive.
        self.titles: dict[str, str] = {}
        # The tiers by their joined words: LedgerIntegrationRedisPort is an integration port.
        self.tiers: dict[str, str] = {}
        # Each component's own container port (REDIS: 6379), shared or not.
        self.component_ports: dict[str, int] = {
            component: port for port, component in self.container_ports.items()
        }
        # Every component's container port, those several share included (8080).
        self.every_container_port = frozenset(self.container_ports) | frozenset(
            shared_container_ports
        )
        self.services: dict[str, str] = {}
        for service, names in (services or {}).items():
            for name in [service, *names]:
                if _key(name):
                    self.services.setdefault(_key(name), service)
        # Words the registry itself uses (service titles, its own title): a component's
        # name qualified by one of them is the project's, not a third party's.
        self.known: set[str] = set()
        for text in texts:
            parts = words(text)
            for end in range(1, len(parts) + 1):
                for length in range(1, min(_LONGEST_NAME, end) + 1):
                    self.known.add("".join(parts[end - length : end]))

    @classmethod
    def of(cls, registry: Registry) -> Vocabulary:
        components = {
            component_id: [
                *component.names,
                *(name for name in (component.title, component.symbol) if name),
            ]
            for component_id, component in registry.components.items()
        }
        _add_known_spellings(components)
        # A container port names a component when it is that component's alone: with the
        # API and the Event Store both on 8080, ":8080" says neither.
        by_port: dict[int, set[str]] = {}
        for component_id, component in registry.components.items():
            if component.container_port is not None:
                by_port.setdefault(component.container_port, set()).add(component_id)
        ports = {port: next(iter(ids)) for port, ids in by_port.items() if len(ids) == 1}
        own_ports = {
            component_id: component.container_port
            for component_id, component in registry.components.items()
            if component.container_port is not None
        }
        services = {
            service_id: [name for name in (service.symbol,) if name]
            for service_id, service in registry.services.items()
        }
        texts = [registry.title, *(service.title or "" for service in registry.services.values())]
        ranges = {(30000, 32767)} | {
            (scope.nodeport_range.start, scope.nodeport_range.end)
            for scope in registry.scopes.values()
            if scope.kind == "nodeport" and scope.nodeport_range is not None
        }
        vocabulary = cls(components, ports, services, texts, by_port, sorted(ranges))
        vocabulary.component_ports = own_ports
        abbreviations = _abbreviations(registry)
        vocabulary.abbreviations = {
            key: ids[0] for key, ids in abbreviations.items() if len(ids) == 1
        }
        vocabulary.shared_abbreviations = {
            key: ids for key, ids in abbreviations.items() if len(ids) > 1
        }
        vocabulary.titles = unique_keys(
            {
                service_id: name_keys(
                    name for name in (service.title, _unqualified(service.title)) if name
                )
                for service_id, service in registry.services.items()
            }
        )
        vocabulary.tiers = {"".join(words(tier)): tier for tier in registry.tiers}
        return vocabulary

    def in_node_port_range(self, port: int) -> bool:
        """Whether ``port`` lies in a cluster's NodePort range (30000-32767 by default)."""
        return any(start <= port <= end for start, end in self.node_port_ranges)

    def component_in(self, identifier: str) -> str | None:
        """The component an identifier names (the rightmost, nearest its ``Port``)."""
        found = _lookup(words(identifier), self.components)
        return found[-1] if found else None

    def third_party(self, identifier: str) -> bool:
        """Whether an identifier names a component of something else than a service:
        ``MAILPIT_API`` (a word that is no service, component or plain qualifier right
        before the component's name)."""
        # A dotted key's namespaces own nothing: spring.kafka.port is Kafka's.
        return any(self._third_party(words(part)) for part in re.split(r"[./]", identifier))

    def _third_party(self, parts: list[str]) -> bool:
        for end, _ in _found(parts, self.components):
            start = end - 1
            while start > 0 and "".join(parts[start - 1 : end]) in self.components:
                start -= 1  # the whole name: "data storage"
            qualifier = parts[start - 1] if start > 0 else None
            if qualifier is None or qualifier.isdigit() or len(qualifier) <= 3:
                # Nothing before it, a fragment (E2E reads as "e", "2", "e") or an
                # abbreviation, often the service's own (WE_REDIS_PORT).
                continue
            if qualifier in QUALIFIERS or qualifier in self.known:
                continue
            before = parts[:start]
            named = _found(before, self.services) + _found(before, self.components)
            if not any(where == start for where, _ in named):
                return True  # MAILPIT_API: a word that names no one the registry knows
        return False

    def component_on(self, text: str) -> str | None:
        """The component named by the identifier nearest the end of ``text`` (or by the
        last words before it: ``Event Store 18121``)."""
        identifiers = _IDENTIFIER.findall(text)
        for index in range(len(identifiers) - 1, -1, -1):
            component = self.component_in(identifiers[index])
            if component is None and index > 0:
                component = self.components.get(
                    "".join(words(" ".join(identifiers[index - 1 : index + 1])))
                )
            if component is not None:
                return component
        return None

    def services_named(self, text: str) -> frozenset[str]:
        """The services ``text`` names as owners: by id, symbol or upper-case abbreviation,
        by a word that names no component (DataStorage is a service and a component, so
        ``dataStorageURL`` says which component, not whose), or by any name followed by
        ``'s`` ("Route Planner's Event Store")."""
        return self.mentions(text)[0]

    def services_named_as_components(self, text: str) -> frozenset[tuple[str, str]]:
        """(service, component) for the words of ``text`` that name both (``geocoderURL``:
        the Mock Geocoder service, or a geocoder component of the file's own service)."""
        return self.mentions(text)[1]

    def mentions(self, text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """Both of the above, worked out once per distinct line (lines repeat: a port
        pasted into many places, several ports on one line) and shared, not copied."""
        known = self._mentions.get(text)
        if known is None:
            found = self._service_keys(text)
            owners = frozenset(service for _key, service, owner in found if owner)
            owners |= {self.services[key] for key in _suite_targets(text) if key in self.services}
            named = frozenset(
                (service, self.components[key])
                for key, service, _ in found
                if key in self.components
            )
            known = (self._interned(owners), self._interned(named))
            if len(self._mentions) >= _LINES_REMEMBERED:
                self._mentions.clear()
            self._mentions[text] = known
        return known

    def _interned(self, found: frozenset[Any]) -> frozenset[Any]:
        return self._sets.setdefault(found, found)

    def services_cited(self, text: str) -> frozenset[str]:
        """The owners a sentence of prose may cite: those :meth:`services_named` finds, and
        every service an abbreviation several share may mean ("18092=WR")."""
        named = self.services_named(text)
        if not self.shared_abbreviations:
            return named
        shared = [
            service
            for abbreviation in _CAPITALS.findall(text)
            for service in self.shared_abbreviations.get(abbreviation, ())
        ]
        return self._interned(named | frozenset(shared)) if shared else named

    def services_in(self, text: str) -> frozenset[str]:
        """The services a sentence names as owners (``HAPI's``, ``workflowexecution``,
        ``Route Planner's``), as :meth:`services_named` reads code."""
        return self.services_named(text)

    def tier_in(self, identifier: str) -> str | None:
        """The tier an identifier names (``LedgerIntegrationRedisPort``: integration)."""
        return tier_named(identifier, self.tiers)

    def _service_keys(self, text: str) -> list[tuple[str, str, bool]]:
        """(key, service, as its owner) for every run of the text's words that names a
        service, and every upper-case abbreviation of one (``WE``, ``RO``)."""
        found = [
            (abbreviation.lower(), self.abbreviations[abbreviation], True)
            for abbreviation in _CAPITALS.findall(text)
            if abbreviation in self.abbreviations
        ]
        spans = [(match.group().lower(), match.end()) for match in _WORDS.finditer(text)]
        prefixes = self._prefixes()
        for start in range(len(spans)):
            key = ""
            # Runs of words that start a name only: most words of a line start none.
            for word, end in spans[start : start + _LONGEST_NAME + 1]:
                key += word
                if key not in prefixes:
                    break
                service = self.services.get(key)
                strong = service is not None and key not in self.components
                service = service or self.titles.get(key)
                if service is not None:
                    after = text[end:]
                    possessive = after[:2] in _POSSESSIVES or _OWNER_VERB.match(after) is not None
                    found.append((key, service, strong or possessive))
        return found

    def _prefixes(self) -> frozenset[str]:
        """Every beginning of every name of a service (by words joined)."""
        if self._name_prefixes is None:
            names = [*self.services, *self.titles]
            self._name_prefixes = frozenset(
                name[:length] for name in names for length in range(1, len(name) + 1)
            )
        return self._name_prefixes


_POSSESSIVES = ("'s", "\u2019s")
# A make target or CI job of a suite names it as the owner of the ports beside it:
# `make test-integration-ledger  # uses 15433, 16379`.
_SUITE_TARGET = re.compile(r"\btests?[-_]([a-z0-9][a-z0-9_-]*[a-z0-9])")


def _suite_targets(text: str) -> list[str]:
    """The keys a suite's targets in ``text`` may name a service by: ``test-e2e-ledger``
    gives ``e2eledger`` and ``ledger``."""
    keys = []
    for match in _SUITE_TARGET.finditer(text) if "test" in text else ():
        parts = re.split(r"[-_]", match.group(1))
        keys += ["".join(parts), "".join(parts[1:])]
    return keys


# Lines whose mentions are remembered before the memory starts over (a large scan's lines
# are mostly distinct; the cache is for the ones that repeat).
_LINES_REMEMBERED = 4096
# "DataStorage uses 18090", "owned by" reads the other way: a name then a verb of owning.
_OWNER_VERB = re.compile(r"\s+(?:uses|owns|has|holds|keeps|takes|gets)\b")
_CAPITALS = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,5}(?![A-Za-z0-9])")


def _abbreviations(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Each upper-case abbreviation and the services it may mean: the one a title gives in
    parentheses (``Order Intake (OI)``), else every service whose title's initials it is
    (``Workflow Runner`` and ``Warehouse Reporter`` are both WR)."""
    given: dict[str, set[str]] = {}
    by_initials: dict[str, set[str]] = {}
    for service_id, service in registry.services.items():
        title = service.title or ""
        inner = ",".join(re.findall(r"\(([^)]*)\)", title))
        for item in inner.split(","):
            if item.strip().isupper():
                given.setdefault(item.strip(), set()).add(service_id)
        for key in initials([title]):
            by_initials.setdefault(key.upper(), set()).add(service_id)
    found = {key: tuple(sorted(ids)) for key, ids in by_initials.items()}
    found.update({key: tuple(sorted(ids)) for key, ids in given.items()})
    return found


def _add_known_spellings(components: dict[str, list[str]]) -> None:
    """A well-known component is named by its usual spellings too (PostgreSQL by ``pg``,
    ``postgres``, ``psql``): a registry transcribed from a port table lists no ``names``.
    A spelling another component of the registry has is left to it (its own Valkey)."""
    taken = set(components) | {_key(name) for names in components.values() for name in names}
    for component_id, names in components.items():
        keys = {_key(component_id), *(_key(name) for name in names)}
        for known, (_port, spellings) in KNOWN_COMPONENTS.items():
            if keys & {known, *spellings}:
                names.extend(spelling for spelling in spellings if spelling not in taken)


# Words that say what kind of stand-in a service is: "Mock Geocoder" is named "geocoder".
_STAND_INS = frozenset({"mock", "fake", "stub", "dummy", "test", "local"})


def _unqualified(title: str | None) -> str | None:
    """A title without its parenthesis and a leading stand-in word: ``Mock Geocoder``
    gives ``Geocoder``, ``Order Intake (OI)`` gives ``Order Intake``; None when the same."""
    if not title:
        return None
    bare = re.sub(r"\([^)]*\)", " ", title).split()
    while len(bare) > 1 and bare[0].lower() in _STAND_INS:
        bare = bare[1:]
    text = " ".join(bare)
    return text if text and text != title else None


def _lookup(parts: list[str], table: dict[str, str]) -> list[str]:
    """Every table entry named by a run of whole words, in the order they end."""
    return [value for _, value in _found(parts, table)]


def _found(parts: list[str], table: dict[str, str]) -> list[tuple[int, str]]:
    """(where the run ends, entry) for every table entry named by a run of whole words."""
    found: list[tuple[int, str]] = []
    for end in range(1, len(parts) + 1):
        for length in range(1, min(_LONGEST_NAME, end) + 1):
            value = table.get("".join(parts[end - length : end]))
            if value is not None:
                found.append((end, value))
    return sorted(found, key=lambda item: item[0])
