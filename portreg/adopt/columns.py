"""What a table's column holds, from its header: a label, host ports, NodePorts, container
ports, ranges, a tier's ports, notes, or what a table of revisions has.

``Metrics Host`` is host ports of the component ``metrics``, ``NodePort (API)`` NodePorts
of the service's own port, ``Integration Tests`` the host ports of that tier, ``Redis`` the
host ports of the component Redis, ``Production`` nothing a registry allocates.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from portreg.adopt.names import tier_in


class Role(enum.Enum):
    SERVICE = "service"
    COMPONENT = "component"
    CLUSTER = "cluster"
    CONFIG = "config"
    TIER = "tier"
    PROTOCOL = "protocol"
    OWNER = "owner"
    NOTE = "note"
    HOST = "host"  # host ports (of a component, or of a tier)
    NODE = "node"  # NodePorts
    CONTAINER = "container"
    RANGE = "range"
    DEPENDENCIES = "dependencies"  # "Embedding: 18000, Data Storage: 18091"
    VERSION = "version"
    DATE = "date"
    AUTHOR = "author"
    CHANGE = "change"
    IGNORED = "ignored"  # production ports, a reserved span across tiers ...


@dataclass(frozen=True)
class Column:
    role: Role
    header: str
    component: str | None = None  # "metrics" for "Metrics Host"; None: the row's own port
    tier: str | None = None


_WORDS = re.compile(r"[a-z0-9]+")
_SERVICE = {"service", "services", "controller", "suite", "app", "application", "team"}
_SERVICE |= {"microservice", "project", "module", "package", "consumer", "owner service"}
_COMPONENT = {"component", "dependency", "dependent", "datastore", "backend", "infra"}
_COMPONENT |= {"infrastructure", "container", "image", "database", "store", "resource"}
_NOTE = {"note", "notes", "purpose", "comment", "comments", "description", "why", "remarks"}
_NOTE |= {"what", "used by", "usage", "reason", "details", "flag", "status", "pattern"}
_IGNORED = {"production", "prod", "default", "upstream", "standard", "local", "dev", "staging"}
_HISTORY = {
    Role.VERSION: {"version", "rev", "revision", "v", "release"},
    Role.DATE: {"date", "when", "day", "updated"},
    Role.AUTHOR: {"author", "by", "who", "changed by"},
    Role.CHANGE: {"changes", "change", "summary", "what changed", "what", "description", "notes"},
}
# Words of a header that say which kind of port, not which component.
_PORT_WORDS = {"port", "ports", "host", "number", "tcp", "udp", "base", "hostport", "mapping"}


def classify(header: str, history: bool = False) -> Column:
    """The column a header names (``history``: the table is a revision history)."""
    text = header.lower().strip(" *_`")
    words = _WORDS.findall(text.replace("nodeport", " nodeport ").replace("node port", "nodeport"))
    phrase = " ".join(words)
    if history:
        for role, names in _HISTORY.items():
            if phrase in names:
                return Column(role, header)
    if "nodeport" in words:
        return Column(Role.NODE, header, _qualifier(words, {"nodeport"}))
    container = words[:1] == ["container"] or "target" in words or phrase.startswith("in cluster")
    if container and any(word in words for word in ("port", "ports", "target")):
        return Column(Role.CONTAINER, header, _qualifier(words, {"container", "target"}))
    if any(word in _IGNORED for word in words) and "host" not in words:
        return Column(Role.IGNORED, header)
    if "reserved" in words or "avoid" in words:
        return Column(Role.IGNORED, header)
    if any(word in ("range", "ranges", "block", "blocks") for word in words) or phrase in (
        "worker ports",
        "span",
    ):
        return Column(Role.RANGE, header, None, tier_in(text))
    tier = tier_in(text)
    if tier is not None and phrase not in ("tier", "test tier"):
        return Column(Role.HOST, header, None, tier)
    if phrase in ("tier", "test tier", "tiers", "suite type", "test type", "level"):
        return Column(Role.TIER, header)
    if "host" in words or phrase in ("port", "ports", "base port", "port s", "number"):
        return Column(Role.HOST, header, _qualifier(words, _PORT_WORDS))
    if phrase in ("dependencies", "deps", "other ports", "dependency ports"):
        return Column(Role.DEPENDENCIES, header)
    return _named(phrase, words, header)


def _named(phrase: str, words: list[str], header: str) -> Column:
    if phrase in ("proto", "protocol", "transport", "l4"):
        return Column(Role.PROTOCOL, header)
    if phrase in ("owner", "owners", "owning team", "maintainer"):
        return Column(Role.OWNER, header)
    if "cluster" in words:
        return Column(Role.CLUSTER, header)
    if "config" in words or "file" in words or "location" in words or "path" in words:
        return Column(Role.CONFIG, header)
    if phrase in _SERVICE or (words and words[0] in _SERVICE and len(words) <= 2):
        return Column(Role.SERVICE, header)
    if phrase in _COMPONENT or (words and words[0] in _COMPONENT and len(words) <= 2):
        return Column(Role.COMPONENT, header)
    if phrase in _NOTE or (words and words[0] in _NOTE):
        return Column(Role.NOTE, header)
    if phrase in ("name", "names", "what", "item", ""):
        return Column(Role.SERVICE, header)
    # Any other header names a component whose host ports the column holds ("Redis",
    # "HTTP (svc under test)"); the table reader drops it when its cells hold no ports.
    return Column(Role.HOST, header, header.strip(" *_`"))


def _qualifier(words: list[str], drop: set[str]) -> str | None:
    """The component a port column is about: ``Metrics Host`` -> ``metrics``; the
    service's own port (``Host Port``, ``NodePort (API)``) -> None."""
    kept = [word for word in words if word not in drop and word not in _PORT_WORDS]
    if not kept or kept in (["api"], ["service"], ["main"], ["app"], ["http"], ["svc"]):
        return None
    return " ".join(kept)
