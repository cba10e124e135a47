"""Words of names: how identifiers, titles and paths split into words, and the keys under
which spellings of one name meet (``route-planner``, ``RoutePlanner``, ``route_planner``).
Nothing here knows a registry; :mod:`portreg.scan.names` builds on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

# A word of an identifier: ``WERedisIntegrationPort`` is WE, Redis, Integration, Port.
WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def name_key(name: str) -> str:
    """The form under which spellings of one name meet: lower case, letters and digits,
    without a leading ordering number (``01_search`` is ``search``)."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    unnumbered = re.sub(r"^[0-9]+(?=[a-z])", "", key)
    return unnumbered or key


def words(identifier: str) -> list[str]:
    """``WERedisIntegrationPort`` -> ``['we', 'redis', 'integration', 'port']``."""
    return [word.lower() for word in WORDS.findall(identifier)]


# Words that qualify a name without being it: "Solver lane" is named by "solver" too.
GENERIC_WORDS = frozenset(
    {"service", "services", "svc", "suite", "suites", "lane", "lanes", "test", "tests", "e2e"}
    | {"variant", "variants"}
    | {"integration", "controller", "operator", "server", "app", "api", "the", "and", "of"}
)
# Words that never name a service on their own, however a title abbreviates.
NEVER_NAMES = frozenset(
    {"it", "go", "md", "py", "sh", "js", "ts", "yml", "yaml", "json", "test", "e2e", "ci"}
    | {"cmd", "pkg", "api", "doc", "docs", "src", "lib", "bin", "dev", "tmp", "io", "to", "of"}
    | {"kind", "config", "cluster", "infra", "shared", "common", "util", "utils", "mock", "is"}
)


def name_keys(texts: Iterable[str], generic: frozenset[str] = GENERIC_WORDS) -> set[str]:
    """The spellings that name something: ``Order Intake (OI)`` gives ``orderintake`` and
    ``oi``; ``Solver lane`` gives ``solverlane`` and ``solver``."""
    keys = set()
    for text in texts:
        inner = re.findall(r"\(([^)]*)\)", text)
        split = words(re.sub(r"\([^)]*\)", " ", text))
        keys.update({"".join(split), "".join(word for word in split if word not in generic)})
        for item in ",".join(inner).split(","):
            item = item.strip()
            if item and len(item) <= 8 and item.replace("-", "").isalnum():
                keys.add("".join(words(item)))  # the abbreviation a title gives: (OI)
    return {key for key in keys if len(key) >= 2 and key not in NEVER_NAMES}


def initials(texts: Iterable[str]) -> set[str]:
    """A title's initials: ``Workflow Execution`` and ``WorkflowExecution`` give ``we``
    (two or three words)."""
    found = set()
    for text in texts:
        split = [w for w in words(re.sub(r"\([^)]*\)", " ", text)) if w not in GENERIC_WORDS]
        split = [w for w in split if not w.isdigit()]
        if len(split) in (2, 3):
            found.add("".join(word[0] for word in split))
    return {key for key in found if key not in NEVER_NAMES}


def unique_keys(
    keys: Mapping[str, set[str]], descends: Callable[[str, str], bool] | None = None
) -> dict[str, str]:
    """Each key and the one thing it names; a key two things share names neither, unless
    one is the others' ancestor (``descends(child, ancestor)``): a suite repeating its
    service's abbreviation in its title leaves the abbreviation to the service."""
    owners: dict[str, set[str]] = {}
    for thing, found in keys.items():
        for key in found:
            owners.setdefault(key, set()).add(thing)
    result = {}
    for key, things in owners.items():
        if len(things) == 1:
            result[key] = next(iter(things))
        elif descends is not None:
            roots = [t for t in things if all(o == t or descends(o, t) for o in things)]
            if len(roots) == 1:
                result[key] = roots[0]
    return result


def tier_named(text: str, tiers: Mapping[str, str]) -> str | None:
    """The first tier ``text`` names by its words, ``tiers`` being keyed by joined words
    (``e2e`` is three words, e, 2 and e: runs of up to three are joined)."""
    parts = words(text)
    for start in range(len(parts)):
        for length in (3, 2, 1):
            tier = tiers.get("".join(parts[start : start + length]))
            if tier is not None:
                return tier
    return None


# Well-known components: the id, its usual container port, and the words that name it.
KNOWN_COMPONENTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "postgresql": (5432, ("postgresql", "postgres", "pg", "psql", "pgvector", "timescale")),
    "mysql": (3306, ("mysql", "mariadb")),
    "redis": (6379, ("redis", "valkey", "keydb", "dragonfly")),
    "mongodb": (27017, ("mongodb", "mongo")),
    "kafka": (9092, ("kafka", "redpanda")),
    "zookeeper": (2181, ("zookeeper", "zk")),
    "rabbitmq": (5672, ("rabbitmq", "amqp")),
    "nats": (4222, ("nats",)),
    "elasticsearch": (9200, ("elasticsearch", "opensearch")),
    "memcached": (11211, ("memcached",)),
    "minio": (9000, ("minio",)),
    "localstack": (4566, ("localstack",)),
    "prometheus": (9090, ("prometheus",)),
    "alertmanager": (9093, ("alertmanager",)),
    "jaeger": (16686, ("jaeger",)),
    "vault": (8200, ("vault",)),
    "etcd": (2379, ("etcd",)),
    "clickhouse": (8123, ("clickhouse",)),
    "cassandra": (9042, ("cassandra", "scylla")),
}
