"""What a port of a suite is for, named from the words the code holds it by.

``CheckoutPostgresPort`` in the checkout suite is its PostgreSQL; ``dataStorageBaseURL`` in
another suite is its Data Storage (a service of the tree, run as that suite's dependency);
``metricsPort`` its metrics; ``GatewayPort`` in the gateway suite is the suite's own port
(no name: ``app``). Nothing here knows any one project: the words come from the code and
the tree's service names, the well-known components from :data:`KNOWN_COMPONENTS`, and a
document's components when ``--from-table`` gives one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from portreg.adopt.names import (
    KNOWN_COMPONENTS,
    ROLE_WORDS,
    is_version_word,
    known_component,
    make_id,
    words,
)

# Words of an identifier that say it holds a port, or qualify it, not what it is for.
HOLDING_WORDS = frozenset(
    {"port", "ports", "url", "uri", "urls", "addr", "address", "host", "hostname", "endpoint"}
    | {"base", "dsn", "conn", "connection", "target", "listen", "bind", "local", "localhost"}
    | {"const", "default", "def", "fallback", "test", "tests", "testing", "env", "var", "the"}
    | {"my", "k", "integration", "it", "itest", "e2e", "int", "number", "num", "no", "value"}
    | {"fixed", "exposed", "expose", "mapped", "mapping", "node", "nodeport", "kind", "server"}
    | {"service", "svc", "http", "https", "tcp", "udp", "for", "of", "to", "in", "on", "and"}
    | {"get", "set", "new", "is", "external", "public", "published", "config", "cfg", "str"}
    | {"s", "a", "an", "its", "via", "with", "from", "if", "dd", "see", "used", "uses", "by"}
)
# Words of an identifier that say it holds a data structure of addresses or ports, not a
# port: ``nodes_to_slots_mapping = {"127.0.0.1:6379": ...}`` names no component.
DATA_WORDS = frozenset(
    {"mapping", "mappings", "map", "maps", "dict", "slots", "list", "lists", "array", "table"}
    | {"lookup", "pairs", "tuples", "items", "entries", "keys", "values"}
)
# What a port is for, as comments say it (``# Metrics``, ``# the ingress``).
COMMENT_ROLES = ROLE_WORDS | {"ingress", "egress", "webhooks", "tls", "dns", "smtp", "ldap"}
_KNOWN_SPELLINGS = frozenset(
    spelling for _, spellings in KNOWN_COMPONENTS.values() for spelling in spellings
)
# Names too general to tell two ports of a suite apart.
_TOO_GENERAL = frozenset({"app", "main", "primary", "own", "suite", "instance", "container"})
_LONGEST = 3


class ComponentNames:
    """Names ports' components for one tree: ``services_named`` gives the services a text
    names (the tree's; a service's own words are dropped from its ports' names), ``extra``
    components a document names, by their words."""

    def __init__(
        self,
        services_named: Callable[[str], list[str]],
        extra: Iterable[str] = (),
    ) -> None:
        self.services_named = services_named
        from portreg.adopt.merge import component_id  # the document's own ids

        self.extra = {"".join(words(name)): component_id(name) for name in extra}

    def of(self, label: str, service: str, loose: bool = True) -> str | None:
        """The component ``label`` (an identifier, key or comment) names for a port of
        ``service``, or None (the service's own port). An identifier is read from its end
        (``WERedisPort``: redis, its last name); a comment (``loose`` False) from its start
        (``Metrics (for Prometheus scraping)``: metrics), and names only a known
        component, another service or a port's role (api, metrics, ingress ...)."""
        split = _spellings_joined(
            [word for word in words(label) if len(word) > 1 and not is_version_word(word)]
        )
        if loose and _data_structure(split):
            return None
        named = [word for word in split if word not in HOLDING_WORDS]
        own = set(self.services_named(service)) | {service}
        kept = [word for word in named if not self._own(word, service, own)]
        found = self._things(kept, service, roles=not loose)
        if found:
            return found[-1] if loose else found[0]
        if not loose:
            return None
        kept = [word for word in kept if word not in _TOO_GENERAL]
        return make_id("-".join(kept[:_LONGEST]), "component") if kept else None

    def _own(self, word: str, service: str, own: set[str]) -> bool:
        """A word that names the port's own service (``WE`` in ``WERedisPort``)."""
        if set(self.services_named(word)) & own:
            return True
        return len(word) >= 3 and word in "".join(words(service))

    def _things(self, split: list[str], service: str, roles: bool) -> list[str]:
        """The components, other services and (with ``roles``) roles the words name, in
        order (a run of up to three words for a name: ``data storage``)."""
        found: list[str] = []
        index = 0
        while index < len(split):
            for length in range(min(_LONGEST, len(split) - index), 0, -1):
                run = split[index : index + length]
                thing = self._thing(run, service, roles)
                if thing is not None:
                    found.append(thing)
                    index += length
                    break
            else:
                index += 1
        return found

    def _thing(self, run: list[str], service: str, roles: bool) -> str | None:
        text = " ".join(run)
        known = known_component(text) if len(run) == 1 or text in _KNOWN_SPELLINGS else None
        if known is not None:
            return known
        document = self.extra.get("".join(run))
        if document is not None:
            return document
        others = [other for other in self.services_named(text) if other != service]
        if others:
            return make_id(others[0])
        if roles and len(run) == 1 and run[0] in COMMENT_ROLES:
            return run[0]
        return None


def _spellings_joined(split: list[str]) -> list[str]:
    """Two words that spell a known component as one (``SqlServerPort``: ``sql server``),
    joined before ``server`` is dropped as a word that only holds a port."""
    joined: list[str] = []
    for word in split:
        if joined and f"{joined[-1]} {word}" in _KNOWN_SPELLINGS:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def _data_structure(split: list[str]) -> bool:
    """Whether an identifier's words name a data structure (``nodes_to_slots_mapping``,
    ``port_map``; ``quotaTablePort`` is a port): its last word says so, or a ``to`` between
    two words (a mapping's)."""
    return bool(split) and (split[-1] in DATA_WORDS or "to" in split[1:-1])


def firm_component(hint: str | None, container_port: int | None, label: str) -> str | None:
    """The component a port's syntax gives (a compose service's image, the port in its
    container: 1433 is MSSQL, whatever the service is called), refined by the label's
    words to a variant listening on the same container port (``mariadb-latest`` on 3306
    is MariaDB, not MySQL)."""
    named = hint or by_container_port(container_port)
    if named is None or named not in KNOWN_COMPONENTS:
        return named
    said = [known_component(word) for word in words(label)]
    variants = [
        component
        for component in said
        if component is not None and KNOWN_COMPONENTS[component][0] == KNOWN_COMPONENTS[named][0]
    ]
    return variants[-1] if variants else named


# A Kind node's containerPort 80 and 443 (``ingress-ready=true``) are its ingress
# controller's: the cluster's HTTP and HTTPS, whatever the mapping is called.
_NODE_WEB_PORTS = {80: "http", 443: "https"}


def by_node_port(container_port: int | None) -> str | None:
    """The role of a Kind node's port a host port is mapped to (80: http), or None."""
    return _NODE_WEB_PORTS.get(container_port or 0)


def by_container_port(port: int | None) -> str | None:
    """The well-known component listening on ``port`` in its container (5432: postgresql)."""
    if port is None:
        return None
    return next((name for name, (known, _) in KNOWN_COMPONENTS.items() if known == port), None)
