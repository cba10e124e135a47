"""Find port numbers in a file's bytes: compiled regexes over the whole content.

Only the numbers the registry cares about are searched for (allocated, reserved, or inside a
declared range), compiled into digit tries (one regex per leading digit, see PortMatcher), so
a file without any of them costs a few fast regex passes and nothing else. Line and column
are worked out only for the hits.

A number counts wherever it stands on its own: in a URL (``localhost:18100``), a compose
mapping (``"16387:6379"``), ``port: 16388``, ``PORT = 16388``, ``REDIS_PORT=16389`` or bare.
It does not count inside a longer number, an identifier (``v16387``, ``0x16387``) or a dotted
version or decimal (``1.16387``, ``16387.5``).

Numbers the registry does not know are found too where the text says they are ports (a
``*_PORT`` key, ``localhost:N``, the host side of ``N:6379`` with 6379 a component's
container port, ``published: N``): a service binding its Redis on a port nobody has is
still a drift. Each of those searches starts with a literal and runs only when the file
holds that literal at all (a ``bytes`` search, much faster than a regex pass).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

# Ports below this are not looked for: small numbers are everywhere in code (80 columns,
# 443 lines ...), and the registry's own rules already warn about privileged ports.
MIN_PORT = 1024

# A digit trie: each key is a digit, "" marks the end of a number.
Trie: TypeAlias = "dict[str, Trie]"

_SUPPRESS = re.compile(rb"portreg:\s*ignore(?:\[([A-Za-z0-9_,\s-]*)\])?")


@dataclass(frozen=True)
class Hit:
    port: int
    line: int
    column: int
    # Codes silenced on this line by ``portreg: ignore[...]``; "*" for a bare ignore.
    suppressed: frozenset[str]
    offset: int = 0  # of the number's first byte in the file


_NUMBER = rb"([0-9]{4,5})(?![0-9A-Za-z_]|\.[0-9])"
_KEY_VALUE = rb"[A-Za-z0-9_]*[\"']?[ \t]*(?::-|:=|=|:|,)[ \t]*[\"']?" + _NUMBER
# (literal the file must contain, pattern whose group 1 is the number)
CONTEXTS: list[tuple[bytes, re.Pattern[bytes]]] = [
    (b"PORT", re.compile(rb"PORT" + _KEY_VALUE)),
    (b"ort", re.compile(rb"ort" + _KEY_VALUE)),
    (b"localhost:", re.compile(rb"localhost:" + _NUMBER)),
    (b"127.0.0.1:", re.compile(rb"127\.0\.0\.1:" + _NUMBER)),
    (b"0.0.0.0:", re.compile(rb"0\.0\.0\.0:" + _NUMBER)),
    (b"internal:", re.compile(rb"internal:" + _NUMBER)),
    (b"published:", re.compile(rb"published:[ \t]*[\"']?" + _NUMBER)),
]


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


class PortMatcher:
    """Finds the given ports anywhere, and any port-like number in a port context.

    ``container_ports`` are the components' ports inside containers (6379): the number
    mapped to one of them (``"16390:6379"``) is a host port, whatever it is.
    """

    def __init__(
        self, ports: Iterable[int], container_ports: Iterable[int] = (), contexts: bool = True
    ) -> None:
        wanted = sorted({port for port in ports if MIN_PORT <= port <= 65535})
        self.ports = frozenset(wanted)
        # One regex per leading digit: a pattern that starts with a literal lets the regex
        # engine jump between occurrences of that digit at memchr speed, where a pattern
        # starting with a choice of digits is tried at every byte (about 5x slower here).
        by_digit: dict[str, list[int]] = {}
        for port in wanted:
            by_digit.setdefault(str(port)[0], []).append(port)
        self.patterns = [
            re.compile(rf"{digit_trie(group)}(?![0-9A-Za-z_]|\.[0-9])".encode())
            for group in by_digit.values()
        ]
        self.contexts = CONTEXTS if contexts else []
        mapped = sorted({port for port in container_ports if 0 < port <= 65535})
        self.mapped = [(b":" + str(port).encode(), port) for port in mapped] if contexts else []
        self.mapping = re.compile(
            rb"(?<![0-9.])([0-9]{4,5})(?:-[0-9]{4,5})?:(?:"
            + b"|".join(str(port).encode() for port in mapped)
            + rb")(?![0-9])"
        )

    def find(self, data: bytes) -> Iterator[Hit]:
        starts = [
            (match.start(), match.group())
            for pattern in self.patterns
            for match in pattern.finditer(data)
        ]
        starts.extend(self._in_contexts(data))
        if not starts:
            return
        starts.sort()
        line, counted_to, last = 1, 0, -1
        for start, number in starts:
            if start == last or (start and self._is_glued(data, start)):
                continue
            last = start
            line += data.count(b"\n", counted_to, start)
            counted_to = start
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", start)
            text = data[line_start : line_end if line_end >= 0 else len(data)]
            column = len(data[line_start:start].decode("utf-8", "replace")) + 1
            yield Hit(int(number), line, column, suppressed_codes(text), start)

    def _in_contexts(self, data: bytes) -> list[tuple[int, bytes]]:
        """Port-like numbers (1024-65535) in port contexts, wanted or not."""
        found: list[tuple[int, bytes]] = []
        for literal, pattern in self.contexts:
            if literal in data:
                found.extend((match.start(1), match.group(1)) for match in pattern.finditer(data))
        if any(literal in data for literal, _ in self.mapped):
            found.extend((match.start(1), match.group(1)) for match in self.mapping.finditer(data))
        return [(start, number) for start, number in found if MIN_PORT <= int(number) <= 65535]

    def _is_glued(self, data: bytes, start: int) -> bool:
        """Whether the number continues something before it: ``x16387``, ``1.16387``."""
        previous = data[start - 1 : start]
        if previous.isalnum() or previous == b"_":
            return True
        return previous == b"." and start >= 2 and data[start - 2 : start - 1].isdigit()


def suppressed_codes(line: bytes) -> frozenset[str]:
    match = _SUPPRESS.search(line)
    if match is None:
        return frozenset()
    if match.group(1) is None:
        return frozenset({"*"})
    codes = match.group(1).decode("ascii").replace(",", " ").split()
    return frozenset(code.upper() for code in codes)
