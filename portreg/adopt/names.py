"""Names as people write them, and the registry ids they become.

``Data Storage``, ``DataStorage``, ``data-storage`` and ``datastorage`` are one name (their
:func:`name_key` is the same); ``01_alert_processing`` becomes the valid id
``alert-processing``; ``PostgreSQL``, ``Postgres`` and ``pg`` are the component
``postgresql``. Nothing here knows any one project's names: only tier words, generic
words (service, controller ...) and well-known components.
"""

from __future__ import annotations

import re

from portreg.scan.name_words import KNOWN_COMPONENTS as SCAN_COMPONENTS
from portreg.scan.name_words import words as words  # one word splitter for names, code and docs
from portreg.scan.names import name_key as name_key  # where spellings meet: adopt uses it too

# The well-known components a proposal names ports after: scan's, with MariaDB its own (a
# suite's MariaDB and MySQL are two servers, on two ports) and the databases and brokers of
# test infrastructure scan has no use for. Each: its port in its container, its spellings.
KNOWN_COMPONENTS: dict[str, tuple[int, tuple[str, ...]]] = {
    **SCAN_COMPONENTS,
    "mysql": (3306, ("mysql",)),
    "mariadb": (3306, ("mariadb",)),
    "mssql": (1433, ("mssql", "sqlserver", "sql server", "azuresqledge", "azure sql edge")),
    "oracle": (1521, ("oracle", "oracledb", "oracle free", "oracle xe")),
    "db2": (50000, ("db2", "db2 community")),
    "cockroachdb": (26257, ("cockroachdb", "cockroach", "crdb")),
    "couchdb": (5984, ("couchdb",)),
    "couchbase": (8091, ("couchbase",)),
    "neo4j": (7687, ("neo4j",)),
    "influxdb": (8086, ("influxdb", "influx")),
    "activemq": (61616, ("activemq", "artemis")),
    "pulsar": (6650, ("pulsar",)),
    "mosquitto": (1883, ("mosquitto", "mqtt")),
    "nsq": (4150, ("nsqd", "nsq")),
}
# Words that say which version or variant of a component runs, never what it is:
# ``mssql-latest`` is MSSQL, ``postgres-lts`` PostgreSQL (numbers: ``2019``, ``16.2``, ``v7``).
VERSION_WORDS = frozenset(
    {"latest", "oldest", "newest", "lts", "stable", "current", "edge", "nightly", "legacy"}
    | {"min", "max", "minimum", "maximum", "previous", "prev", "beta", "alpha", "rc"}
    | {"canary", "slim", "alpine", "bookworm", "bullseye", "jammy", "focal"}
)
_VERSION = re.compile(r"^v?\d+(?:[._]\d+)*[a-z]?$")


def is_version_word(word: str) -> bool:
    """``latest``, ``lts``, ``2019``, ``16.2``, ``v7``, ``21c``: a version or variant."""
    return word.lower() in VERSION_WORDS or bool(_VERSION.match(word.lower()))


# Tier words as they appear in headings, columns and folder names.
TIER_WORDS: dict[str, tuple[str, ...]] = {
    "integration": ("integration", "integ", "it"),
    "e2e": ("e2e", "end-to-end", "end to end", "endtoend"),
    "unit": ("unit",),
    "system": ("system",),
    "smoke": ("smoke",),
    "performance": ("performance", "perf", "load", "benchmark"),
    "acceptance": ("acceptance",),
    "contract": ("contract",),
}
DEFAULT_TIER = "integration"

# Words that say what kind of thing a name is, not which: "Data Storage Service" is
# "Data Storage". Dropped at the end of service names.
GENERIC_WORDS = frozenset(
    {"service", "services", "controller", "controllers", "suite", "suites", "tests", "test"}
    | {"dependency", "dependencies", "deps", "dep", "lane", "tier", "cluster"}
)
_NOT_ID = re.compile(r"[^a-z0-9]+")
_PARENTHESIS = re.compile(r"\s*[(\[]([^)\]]*)[)\]]")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")
ID_LENGTH = 63
# "Dependencies of the replay tool" is about the replay tool.
_OF_THE = re.compile(r"(?i)^\W*(?:dependencies|deps|ports|containers)\s+(?:of|for)\s+(?:the\s+)?")


def make_id(name: str, fallback: str = "service") -> str:
    """A valid registry id for a name: lower case, words joined by ``-``, starting with a
    letter (a leading ordering number such as ``01_`` is dropped), at most 63 characters."""
    slug = _NOT_ID.sub("-", name.lower()).strip("-")
    slug = re.sub(r"^[0-9-]+", "", slug) or ""
    if not slug:
        digits = _NOT_ID.sub("-", name.lower()).strip("-")
        slug = f"{fallback}-{digits}" if digits else fallback
    return slug[:ID_LENGTH].rstrip("-")


def tier_in(text: str) -> str | None:
    """The one tier a heading, column or name mentions (``E2E Tests`` -> ``e2e``); None
    when it names none, or several (``Integration & E2E Tests``)."""
    lowered = f" {text.lower()} "
    found = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", lowered)
    named = set()
    for tier, spellings in TIER_WORDS.items():
        for spelling in spellings:
            if " " in spelling or "-" in spelling:
                if spelling in lowered:
                    named.add(tier)
            elif spelling in found and (len(spelling) > 2 or spelling.upper() in text.split()):
                named.add(tier)
    return named.pop() if len(named) == 1 else None


# Environments a document may give host ports for besides test tiers, as headings and
# columns name them; a production environment is never one.
ENVIRONMENTS = {"dev": "dev", "development": "dev", "local": "local", "test": "test"}
ENVIRONMENTS |= {"testing": "test", "ci": "ci"}
_ABOUT_ENVIRONMENTS = {"environment", "environments", "env", "profile", "setup", "stack"}
_ABOUT_ENVIRONMENTS |= {"mode", "machine", "ports", "port", "compose", "runner", "runners"}


def environment_in(text: str) -> str | None:
    """The environment a heading names (``Development Environment`` -> ``dev``, ``Test
    environment (docker-compose.test.yml)`` -> ``test``, ``Local dev`` -> ``local``); None
    when it names none, several, or one only in passing."""
    found = words(text)
    named = {ENVIRONMENTS[word] for word in found if word in ENVIRONMENTS}
    local_dev = named == {"local", "dev"}  # "Local dev": the developers' machines
    if local_dev:
        named = {"local"}
    said = (
        len(found) <= 2
        or local_dev
        or any(
            word in ENVIRONMENTS and _ABOUT_ENVIRONMENTS & set(found[max(0, index - 1) : index + 2])
            for index, word in enumerate(found)
        )
    )
    return named.pop() if len(named) == 1 and said else None


def tier_of(texts: list[str]) -> str | None:
    """The tier the nearest of ``texts`` (headings, a lead paragraph) names, or the
    environment it names."""
    for text in texts:
        found = (tier_in(text) or environment_in(text)) if text else None
        if found is not None:
            return found
    return None


def strip_tier(name: str) -> str:
    """A name without its tier words: ``Full Pipeline E2E`` -> ``Full Pipeline``."""
    kept = [part for part in name.split() if tier_in(part) is None or len(name.split()) == 1]
    return " ".join(kept)


def known_component(name: str) -> str | None:
    """The well-known component a name means (``PostgreSQL (DS dependency)`` -> postgresql)."""
    plain = words(_PARENTHESIS.sub(" ", name))
    key = name_key(_PARENTHESIS.sub(" ", name))  # "PostgreSQL" splits as "Postgre SQL"
    for component, (_, spellings) in KNOWN_COMPONENTS.items():
        if any(spelling in plain for spelling in spellings) or key in spellings:
            return component
    return None


def split_label(label: str) -> tuple[str, list[str]]:
    """A label without its parenthesised parts, and the acronym one of them gives:
    ``Kestrel Agent (KA)`` -> (``Kestrel Agent``, [``KA``]); ``HolmesGPT API (HAPI,
    Python)`` -> [``HAPI``]; a parenthesis that is a sentence gives none."""
    acronyms = []
    for inside in _PARENTHESIS.findall(label):
        first = inside.split(",")[0].strip()
        if _ACRONYM.match(first):
            acronyms.append(first)
    plain = " ".join(_PARENTHESIS.sub(" ", label).split())
    return plain, acronyms


def service_name(label: str) -> str:
    """A service's name from a row or heading label: markup, parenthesised parts, tier
    words and trailing generic words dropped (``Effectiveness Monitor Controller (CRD)`` ->
    ``Effectiveness Monitor``)."""
    plain, _ = split_label(label)
    plain = _OF_THE.sub("", plain)
    plain = _TRAILING_BLOCK.sub("", plain)  # "Janua — 4100-4199": the service's block
    plain = strip_tier(re.sub(r"^\W+|[\s*_`:–—-]+$", "", plain))
    parts = plain.split()
    while len(parts) > 1 and parts[-1].lower() in GENERIC_WORDS:
        parts.pop()
    return " ".join(parts)


_TRAILING_BLOCK = re.compile(r"\s*[—–-]\s*\d{2,5}(?:\s*[-–]\s*\d{2,5})?\s*$")
# Words naming what a port of a service is for, not which service: a table of rows named
# so under a service's heading holds that service's ports.
ROLE_WORDS = frozenset(
    {"api", "web", "ui", "admin", "metrics", "health", "docs", "worker", "workers", "ws"}
    | {"websocket", "grpc", "http", "https", "dashboard", "console", "webhook", "debug"}
    | {"management", "mgmt", "frontend", "backend", "dev", "website", "demo", "studio"}
    | {"search", "preview", "scheduler", "registry", "gateway", "proxy", "agent", "auth"}
    | {"sse", "exporter", "probe", "readiness", "liveness", "internal", "public", "main"}
)


def component_like(label: str) -> bool:
    """``PostgreSQL``, ``API (Dev)``, ``Metrics``, ``Agent API``: a component of a service
    (a well-known one, or a port's role), not a service of its own."""
    plain = words(split_label(label)[0])
    return known_component(label) is not None or (bool(plain) and set(plain) <= ROLE_WORDS)


def initials(name: str) -> str:
    """``Workflow Execution`` and ``WorkflowExecution`` -> ``WE``."""
    return "".join(word[0] for word in words(name) if word[0].isalpha()).upper()
