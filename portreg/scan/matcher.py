"""Find port numbers in a file's bytes: compiled regexes over the whole content.

The numbers the registry cares about (allocated, reserved, or inside a declared range) are
compiled into a digit trie, joined with the port contexts below into one RE2 pattern, so a
file costs one linear regex pass. Line and column are worked out only for the hits.

A number counts wherever it stands on its own: in a URL (``localhost:18100``), a compose
mapping (``"16387:6379"``), ``port: 16388``, ``PORT = 16388``, ``REDIS_PORT=16389`` or bare.
It does not count inside a longer number, an identifier (``v16387``, ``0x16387``) or a dotted
version or decimal (``1.16387``, ``16387.5``).

Numbers the registry does not know are found too where the text says they are ports (a
``*_PORT`` key, ``localhost:N``, the host side of ``N:6379`` with 6379 a component's
container port or of any mapping published with ``-p`` or listed in compose ``ports:``,
``published: N``): a service binding its Redis on a port nobody has is
still a drift.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeAlias

# Ports below this are not looked for: small numbers are everywhere in code (80 columns,
# 443 lines ...), and the registry's own rules already warn about privileged ports.
MIN_PORT = 1024

# A digit trie: each key is a digit, "" marks the end of a number.
Trie: TypeAlias = "dict[str, Trie]"

_SUPPRESS = re.compile(rb"portreg:\s*ignore(?:\[([A-Za-z0-9_,\s-]*)\])?")
# Languages whose numbers may group digits with underscores (22_019 is 22019); in YAML,
# shell and prose 22_019 is a word, and C++ groups with an apostrophe.
SEPARATOR_EXTENSIONS = frozenset(
    {"py", "pyi", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "go", "java", "kt"}
    | {"kts", "rs", "rb", "cs", "swift", "scala", "dart", "php", "ex", "exs"}
)
_SEPARATED = r"[0-9]+(?:_[0-9]+)+"  # RE2: the boundaries are checked in Python
# The end of a port key before a value: REDIS_PORT = 16_389, port: 8_080, hostPort := ...
_PORT_KEY = re.compile(
    rb"(?:PORT|[Pp]ort)[A-Za-z0-9_]*[\"']?[ \t]*(?::-|:=|\?=|=|:|,)[ \t]*[\"']?$"
)


class Hit(NamedTuple):
    port: int
    line: int
    column: int
    # Codes silenced on this line by ``portreg: ignore[...]``; "*" for a bare ignore.
    suppressed: frozenset[str]
    offset: int = 0  # of the number's first byte in the file


def digit_trie(numbers: Iterable[int]) -> str:
    """A regex matching exactly these numbers, sharing prefixes so that matching is linear."""
    trie: Trie = {}
    for number in sorted(set(numbers)):
        node = trie
        for digit in str(number):
            node = node.setdefault(digit, {})
        node[""] = {}
    return _render(trie)


def _render(node: Trie) -> str:
    end = "" in node
    branches = [digit + _render(child) for digit, child in sorted(node.items()) if digit]
    if not branches:
        return ""
    # Leaves that differ only in their last digit become one character class: 1638[0-8].
    leaves = [branch for branch in branches if len(branch) == 1]
    others = [branch for branch in branches if len(branch) > 1]
    parts = others + ([_digit_class(leaves)] if leaves else [])
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if end:
        body = f"(?:{body})?" if len(parts) == 1 and len(body) > 1 else body + "?"
    return body


def _digit_class(digits: list[str]) -> str:
    if len(digits) == 1:
        return digits[0]
    values = [int(digit) for digit in digits]
    if values == list(range(values[0], values[-1] + 1)):
        return f"[{digits[0]}-{digits[-1]}]"
    return "[" + "".join(digits) + "]"


# Where a number is a port whatever it is (group 1 of each is the number). RE2 syntax: no
# lookarounds, so the boundaries after a number are checked in Python.
_KEY_VALUE = r"[A-Za-z0-9_]*[\"']?[ \t]*(?::-|:=|\?=|=|:|,)[ \t]*[\"']?([0-9]{4,5})"
# The host side of a published mapping, whatever the container port: `-p 19011:9001`,
# `--publish=...`, a compose `ports:` item `- "19011:9001"` or `["19011:9001"]`. It consumes
# the container side, which is looked at as the mapping's tail (below).
_PUBLISHED = r"(?:-p|--publish|-|\[)[ \t=]*[\"']?(?:[0-9.]+:)?([0-9]{4,5}):[0-9]{1,5}"
# Any quoted or spaced mapping `N:M` ("18093:8080" as an argument of its own), and
# `N → M` in prose: the host side, whatever N is. (The roles tell a slice `[1024:2048]`.)
_MAPPING = r"[ \t\"'(,=]([0-9]{4,5}):[0-9]{2,5}"
_ARROW = r"([0-9]{4,5})[ \t]*(?:→|->)[ \t]*[0-9]{2,5}"
CONTEXTS = [
    "PORT" + _KEY_VALUE,  # REDIS_PORT="16389", ${REDIS_PORT:-16389}, getenv("PG_PORT", "15443")
    "ort" + _KEY_VALUE,  # hostPort: 18094, redisPort := 16390, port: 16388
    r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|internal):([0-9]{4,5})",
    r"published:[ \t]*[\"']?([0-9]{4,5})",
    _PUBLISHED,
    _MAPPING,
    _ARROW,
]
_BOUNDARY = r"(?:^|[^0-9A-Za-z_])"
# A range of host ports published: "16379-16384:16379-16384", -p 127.0.0.1:5000-5010:5000-5010,
# compose's long syntax `published: "8000-8005"`. Every port of the range is bound; the
# ends are found like any number, the ports between them here. (A host range onto one
# container port, 8000-8010:80, binds one port of the range, which: docker chooses.)
_PORT_RANGE = (
    r"([0-9]{4,5})-([0-9]{4,5}):([0-9]{1,5})-([0-9]{1,5})"
    r"|published:[ \t]*[\"']?([0-9]{4,5})-([0-9]{4,5})"
)
# A wider range is a pool (an ephemeral range, a NodePort range), not ports bound one by one.
MAX_RANGE_PORTS = 1000


class PortMatcher:
    """Finds the given ports anywhere, and any port-like number in a port context.

    ``container_ports`` are the components' ports inside containers (6379): the number
    mapped to one of them (``"16390:6379"``) is a host port, whatever it is.

    Everything is one RE2 pattern, run once over the file's bytes: RE2 matches an
    alternation of many patterns in one linear pass (a DFA), where Python's ``re`` would
    need a pass per pattern (it only skips ahead fast on a literal first character).
    """

    def __init__(
        self,
        ports: Iterable[int],
        container_ports: Iterable[int] = (),
        contexts: bool = True,
        more_contexts: Iterable[str] = (),
    ) -> None:
        import re2  # type: ignore[import-untyped]  # only a scan needs it: imported here

        wanted = sorted({port for port in ports if MIN_PORT <= port <= 65535})
        self.ports = frozenset(wanted)
        alternatives = [f"{_BOUNDARY}({digit_trie(wanted)})"] if wanted else []
        if contexts:
            # more_contexts: what a reader needs besides (init --discover's listen
            # addresses and declarations), each with the number as its one group.
            alternatives.extend([*CONTEXTS, *more_contexts])
            mapped = sorted({str(port) for port in container_ports if 0 < port <= 65535})
            if mapped:
                alternatives.append(f"{_BOUNDARY}([0-9]{{4,5}}):(?:{'|'.join(mapped)})")
        self.groups = len(alternatives)
        # The mapping alternatives consume their container side: a wanted number there
        # ("18097:8080" with 8080 reserved) is taken from the match's tail.
        self.mapping_groups = frozenset(
            [alternatives.index(name) + 1 for name in (_PUBLISHED, _MAPPING, _ARROW)]
            if contexts
            else []
        ) | frozenset([self.groups] if contexts and container_ports else [])
        self.pattern = re2.compile("|".join(alternatives)) if alternatives else None
        self.range_pattern = re2.compile(_PORT_RANGE)
        self.separated_pattern = re2.compile(_SEPARATED)
        # Without the contexts (a file of no service: only the registry's ports matter
        # there): one pattern per first digit, each starting with that digit, which RE2
        # skips to with memchr instead of stepping its automaton through every byte (a
        # pattern starting with a class of characters, such as a boundary, cannot skip):
        # on a real tree, 0.11 s against 0.07 s for seven digits. The boundaries are
        # checked in Python (``_stands_alone``), as for every hit.
        by_first: dict[str, list[int]] = {}
        for port in wanted:
            by_first.setdefault(str(port)[0], []).append(port)
        self.registry_patterns = [re2.compile(digit_trie(ports)) for ports in by_first.values()]

    def find(self, data: bytes, contexts: bool = True, separators: bool = False) -> Iterator[Hit]:
        """The numbers in ``data``, in order; with ``contexts`` False only the ports the
        registry knows; with ``separators``, numbers written ``22_019`` too (code)."""
        more = self.range_ports(data, contexts) if b"-" in data else []
        if separators and b"_" in data:
            more = sorted([*more, *self.separated(data, contexts)], key=lambda hit: hit.offset)
        if not more:
            return self._plain(data, contexts)
        return _once(heapq.merge(self._plain(data, contexts), more, key=lambda hit: hit.offset))

    def range_ports(self, data: bytes, contexts: bool = True) -> list[Hit]:
        """Every port of each range of host ports published (``"16379-16384:16379-16384"``:
        16379 to 16384), placed at the range's start (a mapping's last where it is
        written); with ``contexts`` False only those the registry knows."""
        found: list[Hit] = []
        for match in self.range_pattern.finditer(data):
            first = 1 if match.start(1) >= 0 else 5
            start, end = match.start(first), match.end(first + 1)
            low, high = int(match.group(first)), int(match.group(first + 1))
            if first == 1 and int(match.group(4)) - int(match.group(3)) != high - low:
                continue  # not a mapping of a range onto an equal one
            if not (
                0 < high - low <= MAX_RANGE_PORTS
                and self._stands_alone(data, start, start + len(match.group(first)))
                and self._stands_alone(data, end - len(match.group(first + 1)), end)
            ):
                continue
            # A mapping's last host port is read where it is written, as the ports mapped
            # one by one are; `published:` says what all of its range is.
            last = end - len(match.group(first + 1)) if first == 1 else start
            found.extend(
                _hit_at(data, port, start if port < high else last)
                for port in range(low, high + 1)
                if contexts or port in self.ports
            )
        return found

    def _plain(self, data: bytes, contexts: bool) -> Iterator[Hit]:
        if contexts:
            if self.pattern is None:
                return
            numbers: Iterable[tuple[int, int]] = self._numbers(data, self.pattern)
        else:
            numbers = self._registry_numbers(data)
        line, counted_to = 1, 0
        for start, end in numbers:
            line += data.count(b"\n", counted_to, start)
            counted_to = start
            line_start = data.rfind(b"\n", 0, start) + 1
            column = len(data[line_start:start].decode("utf-8", "replace")) + 1
            suppressed = suppressed_codes(line_at(data, start))
            yield Hit(int(data[start:end]), line, column, suppressed, start)

    def separated(self, data: bytes, contexts: bool = True) -> list[Hit]:
        """The numbers written with digit separators (``22_019``), each read as the one
        number it is: a port the registry knows, or with ``contexts`` any port after a
        port key (``REDIS_PORT = 16_389``). For files of :func:`groups_digits` only."""
        found = []
        for match in self.separated_pattern.finditer(data):
            start, end = match.span()
            if not _apart(data, start, end):
                continue
            value = int(match.group().replace(b"_", b""))
            line_start = data.rfind(b"\n", 0, start) + 1
            if not MIN_PORT <= value <= 65535 or not (
                value in self.ports or (contexts and _PORT_KEY.search(data[line_start:start]))
            ):
                continue
            found.append(_hit_at(data, value, start))
        return found

    def _registry_numbers(self, data: bytes) -> list[tuple[int, int]]:
        """Where each port the registry knows starts and ends, in order. A number standing
        alone is a whole run of digits, so the passes of different first digits never find
        overlapping ones."""
        return [span for span in self._registry_spans(data) if self._stands_alone(data, *span)]

    def _registry_spans(self, data: bytes) -> list[tuple[int, int]]:
        """What the passes of the registry's ports match, standing alone or not, in order."""
        found = [
            match.span() for pattern in self.registry_patterns for match in pattern.finditer(data)
        ]
        if len(self.registry_patterns) > 1:
            found.sort()
        return found

    def registry_places(self, datas: Sequence[bytes]) -> list[list[tuple[int, int, int]]]:
        """For each of ``datas``, (line, start, end) of each registry port standing alone in
        it, in order. The datas are searched together, joined by newlines (no number crosses
        one): most files of a tree are small, and a search per file costs more than its
        bytes. Whether a number stands alone is decided in its own data."""
        joined = datas[0] if len(datas) == 1 else b"\n".join(datas)
        ends = list(itertools.accumulate(len(data) + 1 for data in datas))
        found: list[list[tuple[int, int, int]]] = [[] for _ in datas]
        number, base, line, counted_to = 0, 0, 1, 0
        for start, end in self._registry_spans(joined):
            while start >= ends[number]:  # the next data (numbers never span the newline)
                number, base, line = number + 1, ends[number], 1
                counted_to = base
            if self._stands_alone(datas[number], start - base, end - base):
                line += joined.count(b"\n", counted_to, start)
                counted_to = start
                found[number].append((line, start - base, end - base))
        return found

    def _numbers(self, data: bytes, pattern: Any) -> Iterator[tuple[int, int]]:
        """Where each number ``pattern`` (the one of every context) finds starts and ends,
        in order."""
        for match in pattern.finditer(data):
            group = next(g for g in range(1, self.groups + 1) if match.start(g) >= 0)
            start, end = match.start(group), match.end(group)
            if self._stands_alone(data, start, end):
                yield start, end
            if group in self.mapping_groups:
                tail = match.end()
                while tail > end and data[tail - 1 : tail].isdigit():
                    tail -= 1  # the container side's first digit
                if int(data[tail : match.end()]) in self.ports and self._stands_alone(
                    data, tail, match.end()
                ):
                    yield tail, match.end()

    def _stands_alone(self, data: bytes, start: int, end: int) -> bool:
        """Not part of something longer: ``x16387``, ``1.16387``, ``163870``, ``16387.5``,
        a host name's end (``host-16387:80``); and a port number (1024-65535)."""
        following = data[end : end + 1]
        if following.isalnum() or following == b"_":
            return False
        if following == b"." and data[end + 1 : end + 2].isdigit():
            return False
        previous = data[start - 1 : start] if start else b""
        if previous.isalnum() or previous == b"_":
            return False
        if previous == b"." and start >= 2 and data[start - 2 : start - 1].isdigit():
            return False
        if (
            previous == b"-"
            and data[max(start - 2, 0) : start - 1].isalpha()
            and following == b":"
            and data[end + 1 : end + 2].isdigit()
        ):
            return False  # a host name's end, its port after it: invalid-host-12345:99999
        return MIN_PORT <= int(data[start:end]) <= 65535


def _apart(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` is no part of a word, a version or a decimal."""
    before, after = data[start - 1 : start] if start else b"", data[end : end + 1]
    return not any(side.isalnum() or side in (b"_", b".") for side in (before, after) if side)


def _hit_at(data: bytes, port: int, offset: int) -> Hit:
    """A hit of ``port`` placed at ``offset`` (its line, column and silenced codes)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    line = data.count(b"\n", 0, offset) + 1
    return Hit(port, line, column, suppressed_codes(line_at(data, offset)), offset)


def _once(hits: Iterable[Hit]) -> Iterator[Hit]:
    """The hits, each port at each place once (a range's end is found by two passes)."""
    seen: set[tuple[int, int]] = set()
    for hit in hits:
        if (hit.offset, hit.port) not in seen:
            seen.add((hit.offset, hit.port))
            yield hit


def groups_digits(path: str) -> bool:
    """Whether the file's language writes numbers with digit separators (``22_019``)."""
    return path.rpartition(".")[2].lower() in SEPARATOR_EXTENSIONS


def written_width(text: str, start: int) -> int:
    """How many characters the number at ``start`` is written with: its digits, and the
    separators between them (``22_019``: six)."""
    end = start
    while end < len(text) and (
        text[end].isdigit() or (text[end] == "_" and text[end + 1 : end + 2].isdigit())
    ):
        end += 1
    return end - start


_NOTHING: frozenset[str] = frozenset()
_EVERYTHING = frozenset({"*"})


def line_at(data: bytes, offset: int) -> bytes:
    """The line holding ``offset``, without its newline."""
    end = data.find(b"\n", offset)
    return data[data.rfind(b"\n", 0, offset) + 1 : end if end >= 0 else len(data)]


def suppressed_codes(line: bytes) -> frozenset[str]:
    """The codes ``portreg: ignore[...]`` silences on a line ("*": all of them); the
    usual answer, none, is one shared set (a large scan has hundreds of thousands of hits)."""
    if b"portreg" not in line:
        return _NOTHING
    match = _SUPPRESS.search(line)
    if match is None:
        return _NOTHING
    if match.group(1) is None:
        return _EVERYTHING
    codes = match.group(1).decode("ascii").replace(",", " ").split()
    return frozenset(code.upper() for code in codes)
