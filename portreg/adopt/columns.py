"""What a table's column holds, from its header: a label, host ports, NodePorts, container
ports, ranges, a tier's ports, notes, or what a table of revisions has.

``Metrics Host`` is host ports of the component ``metrics``, ``NodePort (API)`` NodePorts
of the service's own port, ``Integration Tests`` the host ports of that tier, ``Dev Port``
the host ports of the environment ``dev``, ``Redis`` the host ports of the component Redis,
``Service Port`` or ``Internal port`` the port inside the container, ``External URL`` a
URL that restates a port, ``Production``, ``Max Offset`` or ``Nodes`` nothing a registry
allocates.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from portreg.adopt.names import ENVIRONMENTS as _ENVIRONMENTS
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
    URL = "url"  # "http://localhost:3000": restates a port, or says one where none else does
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
# The words a header is read by, as documents in other languages write them.
_TRANSLATED = {
    "포트": "port", "외부": "host", "내부": "internal", "서비스": "service", "설명": "notes",
    "프로토콜": "protocol", "비고": "notes", "용도": "purpose", "경로": "path",
    "端口": "port", "埠": "port", "主机": "host", "主機": "host", "宿主": "host",
    "外部": "host", "内部": "internal", "內部": "internal", "容器": "container",
    "服务": "service", "服務": "service", "协议": "protocol", "協定": "protocol",
    "协定": "protocol", "说明": "notes", "說明": "notes", "描述": "notes", "备注": "notes",
    "備註": "notes", "用途": "purpose", "ポート": "port", "ホスト": "host",
    "コンテナ": "container", "サービス": "service", "プロトコル": "protocol", "説明": "notes",
    "備考": "notes", "puerto": "port", "servicio": "service", "descripción": "notes",
    "dienst": "service", "beschreibung": "notes", "porta": "port", "serviço": "service",
}  # fmt: skip
_SERVICE = {"service", "services", "controller", "suite", "app", "application", "team"}
_SERVICE |= {"microservice", "project", "module", "package", "consumer", "owner service"}
_SERVICE |= {"server", "function", "worker", "job", "daemon", "tool", "program", "class"}
_SERVICE |= {"test", "stack", "system", "process"}
# A header ending in one of these names the things its rows are: ".NET Api Services".
_SERVICE_PLURALS = {"services", "apps", "applications", "servers", "functions", "workers"}
_SERVICE_PLURALS |= {"jobs", "packages", "modules", "projects", "tools", "suites", "tests"}
_SERVICE_PLURALS |= {"microservices", "daemons", "controllers", "programs", "binaries"}
_COMPONENT = {"component", "dependency", "dependent", "datastore", "backend", "infra"}
_COMPONENT |= {"infrastructure", "container", "image", "database", "store", "resource"}
_NOTE = {"note", "notes", "purpose", "comment", "comments", "description", "why", "remarks"}
_NOTE |= {"what", "used by", "usage", "reason", "details", "flag", "status", "pattern"}
_IGNORED = {"production", "prod", "default", "defaults", "upstream", "standard", "staging"}
_IGNORED |= {"official", "iana", "well", "example", "examples", "sample", "eg"}
# Columns that count or bound, not allocate: "Max Offset", "Nodes", "Max Cluster Port" (the
# end of the block that starts in the "Base Port" column).
_COUNTS = {"offset", "offsets", "nodes", "count", "replicas", "workers", "instances", "size"}
_COUNTS |= {"threads", "processes", "quantity", "increment", "step"}
_BOUNDS = {"max", "maximum", "last", "end", "upper", "highest", "top", "to", "until"}
_CONTAINER = {"container", "target", "internal", "inner", "inside", "pod", "clusterip"}
_SPARE = {"reserved", "avoid", "avoided", "keep", "kept", "spare", "spares", "free", "unused"}
_URL_WORDS = {"url", "urls", "uri", "endpoint", "endpoints", "address", "link", "access"}
_HISTORY = {
    Role.VERSION: {"version", "rev", "revision", "v", "release"},
    Role.DATE: {"date", "when", "day", "updated"},
    Role.AUTHOR: {"author", "by", "who", "changed by"},
    Role.CHANGE: {"changes", "change", "summary", "what changed", "what", "description", "notes"},
}
# Words of a header that say which kind of port, not which component.
_PORT_WORDS = {"port", "ports", "host", "number", "tcp", "udp", "base", "hostport", "mapping"}
_PORT_WORDS |= {"first", "start", "from", "lowest", "opened", "exposed", "published", "external"}
_PORT_WORDS |= {"public", "mapped", "listen", "listening", "bind", "assigned", "allocated", "s"}


def classify(header: str, history: bool = False) -> Column:
    """The column a header names (``history``: the table is a revision history)."""
    text = re.sub(r"(?<=[a-z])(?=Port\b)", " ", header)  # Kind's "hostPort", "containerPort"
    text = text.lower().strip(" *_`")
    for foreign, english in _TRANSLATED.items():
        text = text.replace(foreign, f" {english} ")
    text = re.sub(r"\([^)]*\d[^)]*\)", " ", text)  # "(9999 stack)": which setup, not which port
    words = _WORDS.findall(text.replace("nodeport", " nodeport ").replace("node port", "nodeport"))
    phrase = " ".join(words)
    if history:
        for role, names in _HISTORY.items():
            if phrase in names:
                return Column(role, header)
    if "nodeport" in words:
        return Column(Role.NODE, header, _qualifier(words, {"nodeport"}))
    if set(words) & _URL_WORDS and not {"port", "ports"} & set(words):
        return Column(Role.URL, header)
    if _is_container(words, phrase):
        return Column(Role.CONTAINER, header, _qualifier(words, _CONTAINER | {"service", "svc"}))
    if any(word in _IGNORED for word in words) and "host" not in words:
        return Column(Role.IGNORED, header)
    if set(words) & _COUNTS or (words[:1] and words[0] in _BOUNDS and _port_like(words)):
        return Column(Role.IGNORED, header)
    environment = _environment(words)
    if environment is not None:
        return Column(Role.HOST, header, None, environment)
    if set(words) & _SPARE:  # "Reserved", "Port Keep", "Spare": ports kept free
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
    if phrase in ("dependencies", "deps", "other ports", "dependency ports"):
        return Column(Role.DEPENDENCIES, header)
    if "host" in words or {"port", "ports"} & set(words) or phrase in ("number", "from"):
        return Column(Role.HOST, header, _qualifier(words, _CONTAINER))  # "Host:Container"
    return _named(phrase, words, header)


def _is_container(words: list[str], phrase: str) -> bool:
    """``Container Port``, ``Target``, ``Internal port``, ``Service Port`` (a Kubernetes
    Service's port), ``In-cluster``: the port inside, not on the host."""
    if phrase.startswith("in cluster") or phrase in ("service port", "svc port", "cluster port"):
        return True
    inside = bool(set(words) & _CONTAINER) and "host" not in words
    return inside and (_port_like(words) or words == ["target"] or words == ["container"])


def _port_like(words: list[str]) -> bool:
    return bool({"port", "ports"} & set(words)) or len(words) == 1


def _environment(words: list[str]) -> str | None:
    """``Dev Port``, ``Local``, ``CI Port``: the environment whose host ports the column
    holds (a production or default column is never one)."""
    named = [_ENVIRONMENTS[word] for word in words if word in _ENVIRONMENTS]
    rest = [word for word in words if word not in _ENVIRONMENTS and word not in _PORT_WORDS]
    if "host" in words:  # "Host port (local)": where it is bound, not an environment
        return None
    return named[0] if len(set(named)) == 1 and not rest else None


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
    if words and words[-1] in _SERVICE_PLURALS:
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
    kept = [
        word for word in words if word not in drop | _PORT_WORDS | _IGNORED | _ENVIRONMENTS.keys()
    ]
    if not kept or kept in (["api"], ["service"], ["main"], ["app"], ["http"], ["svc"]):
        return None
    return " ".join(kept)
