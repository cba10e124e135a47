"""Kind cluster configs as a reviewer reads them: the cluster's name, its port mappings, and
which suites create it.

Each ``extraPortMappings`` entry maps a port of this machine (``hostPort``) to a port of the
cluster's node (``containerPort``). A node port inside the cluster's NodePort range
(30000-32767 unless ``service-node-port-range`` says otherwise) is a NodePort: a Service of
the cluster answers there. Outside it (80, 443: an ingress controller listening on the
node) it is the node's own port, not a NodePort. The comments on and above a mapping often
say what it is for (``# DataStorage API``): they are kept as its label.

A config is used by the suites whose code or scripts name it (``kind create cluster
--config test/infrastructure/kind-ledger-config.yaml``, ``CreateCluster(ctx,
"ledger-e2e", ...)``): :class:`ConfigUses` finds those names in the files read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import yaml

from portreg.loading.compose import YamlLoader

NODE_PORT_RANGE = (30000, 32767)
_RANGE = re.compile(rb"service-node-port-range[\"']?\s*[:=]\s*[\"']?([0-9]{2,5})-([0-9]{2,5})")
_COMMENT = re.compile(r"(?:^|\s)#\s?(.*)$")
# Cluster names too common to say which config a file uses.
_TOO_COMMON = frozenset({"kind", "cluster", "test", "e2e", "integration", "dev", "local", "ci"})
# Bytes that make a config's or cluster's name part of a longer one when they touch it
# (a dot after it ends a sentence; a slash before it is its folder).
_GOES_ON_AFTER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_GOES_ON_BEFORE = _GOES_ON_AFTER | {ord(".")}


class KindMapping(NamedTuple):
    """One ``extraPortMappings`` entry."""

    host_port: int | None
    node_port: int | None  # the node's port, when in the NodePort range
    node_container_port: int | None  # the node's port outside it (an ingress on 80, 443)
    protocol: str
    line: int  # of the host port (else the node's port), 1-based
    column: int
    label: str  # the comments on and just above the entry


class KindConfig(NamedTuple):
    name: str | None  # the config's ``name:``
    mappings: tuple[KindMapping, ...]
    api_server_port: tuple[int, int, int] | None  # (port, line, column)


def is_kind_config(data: bytes) -> bool:
    """Whether a file's bytes look like a Kind cluster config (before parsing it)."""
    return b"kind.x-k8s.io" in data and b"Cluster" in data


def read_kind_config(data: bytes) -> KindConfig | None:
    """The cluster a Kind config declares, or None when the bytes are not one (or not
    YAML that loads)."""
    if not is_kind_config(data):
        return None
    try:
        documents = list(yaml.compose_all(data, Loader=YamlLoader))
    except (yaml.YAMLError, RecursionError):  # RecursionError: see loading/compose.py
        return None
    low, high = _node_port_range(data)
    lines = data.decode("utf-8", "replace").splitlines()
    for document in documents:
        keys = _mapping(document)
        if _scalar(keys.get("kind")) != "Cluster":
            continue
        if not str(_scalar(keys.get("apiVersion")) or "").startswith("kind.x-k8s.io/"):
            continue
        name = _scalar(keys.get("name"))
        mappings = [
            mapping
            for node in _items(keys.get("nodes"))
            for entry in _items(_mapping(node).get("extraPortMappings"))
            if (mapping := _port_mapping(entry, lines, low, high)) is not None
        ]
        api: Any = _mapping(keys.get("networking")).get("apiServerPort")
        api_port = _port(api)
        api_server = (
            (api_port, api.start_mark.line + 1, api.start_mark.column + 1)
            if api_port is not None
            else None
        )
        return KindConfig(
            name.strip() if isinstance(name, str) and name.strip() else None,
            tuple(mappings),
            api_server,
        )
    return None


def _port_mapping(entry: Any, lines: list[str], low: int, high: int) -> KindMapping | None:
    keys = _mapping(entry)
    node = _port(keys.get("containerPort"))
    if node is None:
        return None
    host = _port(keys.get("hostPort"))
    placed: Any = keys["hostPort"] if host is not None else keys["containerPort"]
    protocol = str(_scalar(keys.get("protocol")) or "TCP").lower()
    inside = low <= node <= high
    return KindMapping(
        host,
        node if inside else None,
        None if inside else node,
        protocol,
        placed.start_mark.line + 1,
        placed.start_mark.column + 1,
        _label(lines, entry.start_mark.line, _last_line(entry)),
    )


def _last_line(entry: Any) -> int:
    """The line of an entry's last value (its node ends where the next entry's comments
    start, which are not its own)."""
    values = [value for _, value in entry.value] if isinstance(entry, yaml.MappingNode) else []
    last: int = max((value.end_mark.line for value in values), default=entry.start_mark.line)
    return last


def _label(lines: list[str], first: int, last: int) -> str:
    """The comments of an entry: on its lines, and the comment lines right above it."""
    said: list[str] = []
    above = first - 1
    while above >= 0 and lines[above].strip().startswith("#") and first - above <= 2:
        said.insert(0, lines[above].strip().lstrip("#").strip())
        above -= 1
    for line in lines[first : last + 1]:
        comment = _COMMENT.search(line)
        if comment:
            said.append(comment.group(1).strip())
    return " ".join(text for text in said if text)


def _node_port_range(data: bytes) -> tuple[int, int]:
    found = _RANGE.search(data)
    if found is None:
        return NODE_PORT_RANGE
    return int(found.group(1)), int(found.group(2))


def _mapping(node: Any) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _items(node: Any) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: Any) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _port(node: Any) -> int | None:
    value = _scalar(node)
    if value is None or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= 65535 else None


class ConfigUses:
    """Finds, in a file's bytes, the Kind configs it names: by the config's file name or
    its cluster's name (one RE2 pass, only over files that speak of Kind at all)."""

    def __init__(self, configs: Iterable[tuple[str, str | None]]) -> None:
        import re2  # type: ignore[import-untyped]  # a C++ extension: imported when needed

        self.by_name: dict[bytes, set[str]] = {}
        listed = list(configs)
        basenames = Counter(relative.rsplit("/", 1)[-1] for relative, _ in listed)
        for relative, cluster in listed:
            # A name several configs share (kind-config.yaml) is told apart by its folder.
            parts = relative.split("/")
            names = ["/".join(parts[-2:]) if basenames[parts[-1]] > 1 else parts[-1]]
            if cluster and cluster.lower() not in _TOO_COMMON and len(cluster) >= 5:
                names.append(cluster)
            for name in names:
                self.by_name.setdefault(name.encode(), set()).add(relative)
        alternatives = sorted(self.by_name, key=len, reverse=True)
        # The names only: what stands before and after one is checked in Python, since a
        # pattern that consumed the byte after a name would hide a name right after it
        # (`kind-a.yaml kind-b.yaml`: RE2's matches never overlap).
        self.pattern = (
            re2.compile(b"|".join(re.escape(name) for name in alternatives))
            if alternatives
            else None
        )

    def used_in(self, data: bytes) -> frozenset[str]:
        """The configs (their paths) a file names."""
        if self.pattern is None or (b"kind" not in data and b"Kind" not in data):
            return frozenset()
        return frozenset(self._found(data))

    def _found(self, data: bytes) -> Iterator[str]:
        assert self.pattern is not None
        for match in self.pattern.finditer(data):
            start, end = match.span()
            before = data[start - 1] if start else None
            after = data[end] if end < len(data) else None
            if before not in _GOES_ON_BEFORE and after not in _GOES_ON_AFTER:
                yield from self.by_name.get(match.group(), ())
