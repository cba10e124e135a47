"""What one table cell says: ports, ranges, "dynamic", "TBD", or nothing.

Cells are short, and written many ways: ``15433``, ``**15433**``, ``18041, 18042 (admin)``,
``Embedding: 18000``, ``Data Storage: 30081/30281``, ``30150 (host 8150)``, ``8125/udp``,
``15432:5432`` and ``18081 → 8081`` (host to container), ``http://localhost:3000`` (a host
port) and ``http://grafana:3000`` (a port inside the container network), ``18080-18089``,
``—``, ``N/A``, ``N.A. (no integration tests)``, ``TBD``, ``?``, ``dynamic``,
``Ephemeral (httptest)``. Numbers that count or measure (``10 ports``, ``2 Gi``, ``30s``)
are no ports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-Q[1-4]\b")
_RANGE = re.compile(r"(?<![\d.])(\d{2,5})\s*(?:-|–|—|\.\.)\s*(\d{2,5})(?![\d.])")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,5})(?:/(tcp|udp|sctp))?(?![\w.]|\.\d)", re.IGNORECASE)
_HOST_OF = re.compile(r"\(\s*host(?:\s+port)?\s*:?\s*(\d{1,5})\s*\)", re.IGNORECASE)
# "15432:5432", "127.0.0.1:15432:5432/udp", "18081 → 8081": a host port and its container's.
_MAPPED = re.compile(
    r"(?<![\w.:])(?:(?:\d{1,3}\.){3}\d{1,3}:)?(\d{2,5})(?::|\s*(?:→|->|⇒)\s*)(\d{1,5})"
    r"(?:/(tcp|udp|sctp))?(?![\w.:]|\.\d)",
    re.IGNORECASE,
)
# "http://localhost:3000/x", "localhost:5432", "grafana:3000", "postgres://u:p@db:5432/app".
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://)?(?:[^\s/@|]+@)?"
    r"(\[[0-9a-f:]+\]|(?:\d{1,3}\.){3}\d{1,3}|[a-z0-9_-]*[a-z_][a-z0-9_.-]*)"
    r":(\d{1,5})(?!\d)(?:/[^\s,;)]*)?",
    re.IGNORECASE,
)
_LOCAL_HOSTS = {"localhost", "[::1]", "host.docker.internal", "host.containers.internal"}
_LABEL = re.compile(r"^\s*([A-Za-z][^:]{0,60}?)\s*:\s*(?=\S)")
# "proxy 4128" in a list of named ports ("mock back end: 9443, proxy 4128").
_WORDS_THEN_PORT = re.compile(r"^\s*([A-Za-z][A-Za-z .'/-]{0,40}?)\s+(?=\d{1,5}\s*$)")
_NAME_AFTER = re.compile(r"^\s*\(\s*([A-Za-z][\w .-]{0,30})\s*\)")
_NOTHING = r"[-–—−_/.]*|n/?a|n\.\s?a\.?|none|no|nil|null|not used|unused|x|✗|✘|not applicable"
_EMPTY = re.compile(rf"^(?:{_NOTHING})(?:\s*\(.*\))?$", re.IGNORECASE)
_PENDING = re.compile(r"\b(?:tbd|tba|todo|pending|planned)\b|^\s*\?+\s*$", re.IGNORECASE)
_DYNAMIC = re.compile(
    r"\b(?:dynamic|ephemeral|random|auto(?:matic)?|any free|os[- ]assigned)\b", re.IGNORECASE
)
# A footnote's mark after a number ("18625¹", "30188*") is not part of it.
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰†‡§]|(?<=\d)\*+")
_NO_HOST = re.compile(r"\b(?:clusterip|in-process|internal only|not exposed)\b", re.IGNORECASE)
# What a number measures when a unit follows it: never a port.
_UNIT = re.compile(
    r"^(?:[kmgtp]i?b?|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|%|cpus?|cores?"
    r"|vcpus?|rps|qps)\b",
    re.IGNORECASE,
)
_COUNTED = {"ports", "port", "workers", "worker", "procs", "processes", "replicas", "nodes"}
_COUNTED |= {"node", "instances", "threads", "pods", "times", "x", "lines", "tests"}


@dataclass(frozen=True)
class CellPort:
    port: int
    label: str | None = None  # "Embedding" in "Embedding: 18000"; "admin" in "18042 (admin)"
    host: int | None = None  # "30150 (host 8150)": the host port mapped to this port
    protocol: str | None = None
    container: int | None = None  # "15432:5432": the container port behind the host port
    named: bool = False  # the label came before a colon: the port of what it names
    internal: bool = False  # "http://grafana:3000": a port inside the container network


@dataclass
class CellValue:
    ports: list[CellPort] = field(default_factory=list)
    ranges: list[tuple[int, int]] = field(default_factory=list)
    dynamic: bool = False
    empty: bool = False
    pending: bool = False
    no_host: bool = False  # "ClusterIP only": in-cluster, nothing on the host

    @property
    def says_nothing(self) -> bool:
        return not (self.ports or self.ranges or self.dynamic or self.pending)

    @property
    def named_list(self) -> bool:
        """``mock back end: 9443, proxy: 3128``: each port named by what it is for."""
        return any(port.named for port in self.ports)


def read_cell(text: str) -> CellValue:
    """Everything a cell says about ports."""
    value = CellValue()
    stripped = _FOOTNOTE_MARK.sub("", text).strip().strip("*_` ")
    if _EMPTY.match(stripped):
        value.empty = True
        return value
    without_dates = _DATE.sub(" ", stripped)
    parts = _parts(without_dates)
    listed = sum(1 for part in parts if _LABEL.match(part)) > 0 and len(parts) > 1
    for part in parts:
        _read_part(part, value, listed)
    if not value.ports and not value.ranges:
        value.dynamic = bool(_DYNAMIC.search(stripped))
        value.pending = bool(_PENDING.search(stripped))
        value.no_host = bool(_NO_HOST.search(stripped))
    return value


def _parts(text: str) -> list[str]:
    """The text split at commas and semicolons outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for character in text:
        if character in "([":
            depth += 1
        elif character in ")]":
            depth = max(0, depth - 1)
        if character in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def _read_part(part: str, value: CellValue, listed: bool) -> None:
    label, named = None, False
    labelled = _LABEL.match(part)
    if labelled and not re.search(r"\d", labelled.group(1)) and not _URL.match(part):
        label, named = labelled.group(1).strip(), True
        part = part[labelled.end() :]
    elif listed and (words := _WORDS_THEN_PORT.match(part)):
        label, named = words.group(1).strip(), True
        part = part[words.end() :]
    if _EMPTY.match(part.strip().strip("*_` ")):
        return  # "proxy: N.A. (no proxy tests)"
    for match in _MAPPED.finditer(part):
        mapped, container, protocol = int(match.group(1)), int(match.group(2)), match.group(3)
        if _is_port(mapped) and _is_port(container):
            proto = protocol.lower() if protocol else None
            value.ports.append(CellPort(mapped, label, None, proto, container, named))
    part = _urls(_MAPPED.sub(" ", part), label, named, value)
    host = _HOST_OF.search(part)
    host_port = int(host.group(1)) if host else None
    if host:
        part = part[: host.start()] + " " + part[host.end() :]
    for start, end in _RANGE.findall(part):
        if _is_port(int(start)) and _is_port(int(end)) and int(start) <= int(end):
            value.ranges.append((int(start), int(end)))
    part = _RANGE.sub(" ", part)
    for match in _NUMBER.finditer(part):
        number = int(match.group(1))
        if not _is_port(number) or _is_count(part, match):
            continue
        name = label
        after = _NAME_AFTER.match(part[match.end() :])
        if after and not _DYNAMIC.search(after.group(1)):
            name = after.group(1).strip() if label is None else f"{label} {after.group(1)}"
        protocol = match.group(2).lower() if match.group(2) else None
        value.ports.append(CellPort(number, name, host_port, protocol, named=named))
        host_port = None  # "(host N)" belongs to the first number only


def _urls(part: str, label: str | None, named: bool, value: CellValue) -> str:
    """The ports of the URLs in a part (read into ``value``); the part without them."""
    for match in _URL.finditer(part):
        host, number = match.group(1).lower(), int(match.group(2))
        if not _is_port(number):
            continue
        internal = not (host in _LOCAL_HOSTS or re.fullmatch(r"[\d.]+", host) is not None)
        value.ports.append(CellPort(number, label, named=named, internal=internal))
    return _URL.sub(" ", part)


def _is_port(number: int) -> bool:
    return 1 <= number <= 65535


def _is_count(part: str, match: re.Match[str]) -> bool:
    """``10 ports``, ``4 workers``, ``+100``, ``×2``, ``v1.4``, ``2 Gi``: no port."""
    before = part[: match.start()].rstrip()
    after = part[match.end() :].lstrip().lower()
    if before.endswith(("+", "×", "x", "v", "#", "$", "~")) or after.startswith(("%", "x ", "+")):
        return True
    if _UNIT.match(after):
        return True
    first = after.split(" ", 1)[0].strip(".,)") if after else ""
    return first in _COUNTED and int(match.group(1)) < 1024
