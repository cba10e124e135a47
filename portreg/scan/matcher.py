"""Find port numbers in a file's bytes: compiled regexes over the whole content.

Only the numbers the registry cares about are searched for (allocated, reserved, or inside a
declared range), compiled into digit tries (one regex per leading digit, see PortMatcher), so
a file without any of them costs a few fast regex passes and nothing else. Line and column
are worked out only for the hits.

A number counts wherever it stands on its own: in a URL (``localhost:18100``), a compose
mapping (``"16387:6379"``), ``port: 16388``, ``PORT = 16388``, ``REDIS_PORT=16389`` or bare.
It does not count inside a longer number, an identifier (``v16387``, ``0x16387``) or a dotted
version or decimal (``1.16387``, ``16387.5``).
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
    def __init__(self, ports: Iterable[int]) -> None:
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

    def find(self, data: bytes) -> Iterator[Hit]:
        starts = [
            (match.start(), match.group())
            for pattern in self.patterns
            for match in pattern.finditer(data)
        ]
        if not starts:
            return
        starts.sort()
        line, counted_to = 1, 0
        for start, number in starts:
            if start and self._is_glued(data, start):
                continue
            line += data.count(b"\n", counted_to, start)
            counted_to = start
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", start)
            text = data[line_start : line_end if line_end >= 0 else len(data)]
            column = len(data[line_start:start].decode("utf-8", "replace")) + 1
            yield Hit(int(number), line, column, suppressed_codes(text))

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
