"""Which component or service an identifier, key or URL names, from the registry's words.

``WEIntegrationRedisPort``, ``REDIS_PORT``, ``redis.addr`` and ``redis://`` all name the
component ``redis``; ``dataStorageBaseURL`` names ``datastorage`` (a name ``DATA_STORAGE``
or the component's title "DataStorage"). Identifiers are split into lower-case words
(snake_case, camelCase, dots, dashes) and a name matches a run of whole words, so ``pg``
names PostgreSQL in ``PG_PORT`` but not in ``upgrade``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portreg.models import Registry

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
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


def words(identifier: str) -> list[str]:
    """``WEIntegrationRedisPort`` -> ``['we', 'integration', 'redis', 'port']``."""
    return [word.lower() for word in _WORDS.findall(identifier)]


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
    ) -> None:
        self.components: dict[str, str] = {}
        for component, names in components.items():
            for name in [component, *names]:
                if _key(name):
                    self.components.setdefault(_key(name), component)
        self.container_ports = dict(container_ports or {})
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
        ports: dict[int, str] = {}
        for component_id, component in registry.components.items():
            if component.container_port is not None:
                ports.setdefault(component.container_port, component_id)
        services = {
            service_id: [name for name in (service.symbol,) if name]
            for service_id, service in registry.services.items()
        }
        texts = [registry.title, *(service.title or "" for service in registry.services.values())]
        return cls(components, ports, services, texts)

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
        """The component named by the identifier nearest the end of ``text``."""
        for identifier in reversed(_IDENTIFIER.findall(text)):
            component = self.component_in(identifier)
            if component is not None:
                return component
        return None

    def services_named(self, text: str) -> frozenset[str]:
        """The services ``text`` names by a word that names no component: DataStorage is a
        service and a component, so ``dataStorageURL`` says which component, not whose."""
        found: set[str] = set()
        for identifier in _IDENTIFIER.findall(text):
            parts = words(identifier)
            for end in range(1, len(parts) + 1):
                for length in range(1, min(_LONGEST_NAME, end) + 1):
                    key = "".join(parts[end - length : end])
                    if key in self.services and key not in self.components:
                        found.add(self.services[key])
        return frozenset(found)

    def services_in(self, text: str) -> frozenset[str]:
        """The services a sentence names (``HAPI's``, ``workflowexecution``)."""
        found: set[str] = set()
        for identifier in _IDENTIFIER.findall(text):
            found.update(_lookup(words(identifier), self.services))
        return frozenset(found)


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
