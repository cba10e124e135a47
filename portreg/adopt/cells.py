"""What one table cell says: ports, ranges, "dynamic", "TBD", or nothing.

Cells are short, and written many ways: ``15433``, ``**15433**``, ``18041, 18042 (admin)``,
``Embedding: 18000``, ``Data Storage: 30081/30281``, ``30150 (host 8150)``, ``8125/udp``,
``18080-18089``, ``—``, ``N/A``, ``TBD``, ``dynamic``, ``Ephemeral (httptest)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-Q[1-4]\b")
_RANGE = re.compile(r"(?<![\d.])(\d{2,5})\s*(?:-|–|—|\.\.)\s*(\d{2,5})(?![\d.])")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,5})(?:/(tcp|udp|sctp))?(?![\w.]|\.\d)", re.IGNORECASE)
_HOST_OF = re.compile(r"\(\s*host(?:\s+port)?\s*:?\s*(\d{1,5})\s*\)", re.IGNORECASE)
_LABEL = re.compile(r"^\s*([A-Za-z][^:]{0,60}?)\s*:\s*(?=\S)")
_NAME_AFTER = re.compile(r"^\s*\(\s*([A-Za-z][\w .-]{0,30})\s*\)")
_EMPTY = re.compile(
    r"^(?:[-–—−_/.]*|n/?a|none|no|nil|null|not used|unused|x|✗|✘|—\s*\(.*\))$", re.IGNORECASE
)
_PENDING = re.compile(r"\b(?:tbd|tba|todo|pending|planned|\?\?+)\b", re.IGNORECASE)
_DYNAMIC = re.compile(
    r"\b(?:dynamic|ephemeral|random|auto(?:matic)?|any free|os[- ]assigned)\b", re.IGNORECASE
)
# A footnote's mark after a number ("18625¹", "30188*") is not part of it.
_FOOTNOTE_MARK = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰†‡§]|(?<=\d)\*+")
_NO_HOST = re.compile(r"\b(?:clusterip|in-process|internal only|not exposed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CellPort:
    port: int
    label: str | None = None  # "Embedding" in "Embedding: 18000"; "admin" in "18042 (admin)"
    host: int | None = None  # "30150 (host 8150)": the host port mapped to this port
    protocol: str | None = None


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


def read_cell(text: str) -> CellValue:
    """Everything a cell says about ports."""
    value = CellValue()
    stripped = _FOOTNOTE_MARK.sub("", text).strip()
    if _EMPTY.match(stripped):
        value.empty = True
        return value
    without_dates = _DATE.sub(" ", stripped)
    for part in _parts(without_dates):
        _read_part(part, value)
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


def _read_part(part: str, value: CellValue) -> None:
    label = None
    labelled = _LABEL.match(part)
    if labelled and not re.search(r"\d", labelled.group(1)):
        label = labelled.group(1).strip()
        part = part[labelled.end() :]
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
        value.ports.append(CellPort(number, name, host_port, protocol))
        host_port = None  # "(host N)" belongs to the first number only


def _is_port(number: int) -> bool:
    return 1 <= number <= 65535


def _is_count(part: str, match: re.Match[str]) -> bool:
    """``10 ports``, ``4 workers``, ``+100``, ``×2``, ``v1.4``: numbers that are no port."""
    before = part[: match.start()].rstrip()
    after = part[match.end() :].lstrip().lower()
    if before.endswith(("+", "×", "x", "v", "#", "$")) or after.startswith(("%", "x ")):
        return True
    first = after.split(" ", 1)[0] if after else ""
    counted = {"ports", "port", "workers", "worker", "procs", "processes", "replicas", "ms", "s"}
    return first in counted and int(match.group(1)) < 1024
