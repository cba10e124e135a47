"""What every section is built from: the registry being rendered, and safe markdown pieces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from portreg.loading.sourcemap import PathKey, SourceMap
from portreg.records import HOST_SCOPE
from portreg.rules import Context
from portreg.tables import EMPTY_CELL, markdown_table

if TYPE_CHECKING:
    from portreg.models import Registry

NONE = EMPTY_CELL
KNOWN_CONFLICT = "⚠"

# (scope, protocol, port, service): a port of that service that a known conflict accepts.
ConflictKey = tuple[str, str, int, str]


@dataclass(frozen=True)
class Options:
    """What a marker asks of its section: ``<!-- portreg:begin allocations tiers=e2e -->``.

    ``tiers`` and ``clusters`` narrow the section to those; ``columns`` names the components
    that get a column of their own in the allocation tables (the others go to Other ports).
    None: everything.
    """

    tiers: tuple[str, ...] | None = None
    clusters: tuple[str, ...] | None = None
    columns: tuple[str, ...] | None = None

    def tier(self, tier: str) -> bool:
        return self.tiers is None or tier in self.tiers

    def cluster(self, cluster: str) -> bool:
        return self.clusters is None or cluster in self.clusters


EVERYTHING = Options()


@dataclass
class View:
    """The registry as the sections see it, with the indexes the rules use."""

    registry: Registry
    # The registry's path relative to the project root (``registry/ports.yaml``), never an
    # absolute path: the output must be the same on every machine and from every directory.
    source: str
    sources: SourceMap

    @cached_property
    def context(self) -> Context:
        return Context(self.registry, self.sources)

    @cached_property
    def service_order(self) -> list[str]:
        """Services in file order, each suite (``part_of``) right after the service it is of."""
        services = self.registry.services
        children: dict[str, list[str]] = {}
        for service_id, service in services.items():
            parent = service.part_of
            if parent is not None and parent in services and parent != service_id:
                children.setdefault(parent, []).append(service_id)
        placed = {child for group in children.values() for child in group}
        order: list[str] = []

        def add(service_id: str, seen: frozenset[str]) -> None:
            order.append(service_id)
            for child in children.get(service_id, []):
                if child not in seen:  # a part_of cycle is the rules' finding, not a hang
                    add(child, seen | {child})

        for service_id in services:
            if service_id not in placed:
                add(service_id, frozenset({service_id}))
        listed = set(order)
        order += [service_id for service_id in services if service_id not in listed]
        return order

    @cached_property
    def known_conflicts(self) -> set[ConflictKey]:
        """Every (scope, protocol, port, service) a known conflict accepts: marked ⚠."""
        return {
            (entry.scope, entry.protocol, entry.port, service)
            for entry in self.registry.known_conflicts
            for service in entry.services
        }

    @cached_property
    def excepted(self) -> dict[PathKey, list[int]]:
        """Per number's registry path: the exceptions that silence a finding there, found
        by running each excepted rule, so that a mark is where the rule would speak."""
        from portreg.rules import find_rule

        found: dict[PathKey, list[int]] = {}
        for index, exception in enumerate(self.registry.exceptions):
            rule = find_rule(exception.rule)
            if rule is None or rule.check is None:
                continue
            for problem in rule.check(self.context):
                subject = problem.subject
                if subject is not None and exception.covers(
                    subject.service, subject.tier, subject.component, subject.scope
                ):
                    found.setdefault(problem.path, []).append(index)
        return found

    def service(self, service_id: str) -> str:
        """A service as people call it: its title, or its id."""
        entry = self.registry.services.get(service_id)
        return text(entry.title) if entry is not None and entry.title else text(service_id)

    def row_label(self, service_id: str) -> str:
        """A service as a table row: a suite of another service is indented under it."""
        entry = self.registry.services.get(service_id)
        name = self.service(service_id)
        if entry is not None and entry.part_of and entry.part_of in self.registry.services:
            return f"↳ {name}"
        return name

    def services(self, service_ids: Iterable[str]) -> str:
        return join_names([self.service(item) for item in service_ids])

    def tier(self, tier_id: str) -> str:
        entry = self.registry.tiers.get(tier_id)
        return text(entry.title) if entry is not None and entry.title else text(tier_id)

    def component(self, component_id: str, instance: str | None = None) -> str:
        entry = self.registry.components.get(component_id)
        name = text(entry.title) if entry is not None and entry.title else text(component_id)
        return name if instance is None else f"{name} {text(instance)}"

    def scope(self, scope_id: str) -> str:
        entry = self.registry.scopes.get(scope_id)
        if scope_id == HOST_SCOPE or entry is None or not entry.title:
            return text(scope_id)
        if entry.title == scope_id:  # titled as its id: say it once, not "kind-a (kind-a)"
            return text(scope_id)
        return f"{text(entry.title)} ({text(scope_id)})"


def text(value: object) -> str:
    """A name or reason as literal markdown: one line, every markdown mark escaped, control
    characters written as escapes (the project's one escaping rule, portreg.escaping)."""
    from portreg.escaping import markdown_literal

    return markdown_literal(str(value))


def inline(value: object) -> str:
    """Registry text kept as the inline markdown it was written in (``code``, **bold**,
    [links](url)), made safe by the project's one escaping rule: one line, no raw HTML,
    ``|`` escaped for a table cell, a block mark at the start escaped, control characters
    as escapes. For notes, changelog entries and descriptions, written as markdown."""
    from portreg.escaping import markdown_inline

    return markdown_inline(str(value))


def code(value: object) -> str:
    """A code span of registry text (a path, an id): one line, no backtick inside."""
    from portreg.escaping import escape_control

    return "`" + escape_control(" ".join(str(value).split())).replace("`", "") + "`"


# A line that starts with one of these inside a list item would start a block of its own
# (a nested list, a heading, a quote, a fence, a table), or be read by a CI runner as a
# workflow command (``::error::``): never wrap a line before them.
_BLOCK_START = re.compile(
    r"^(?:[-+*]|#{1,6}|>|\d+[.)]|`{3,}.*|~{3,}.*|\|.*|=+|-{3,}|\[[^\]]*\]:|::.*)$"
)
WRAP = 100


def bullet(markdown: str, width: int = WRAP) -> str:
    """A list item of inline markdown, wrapped at ``width`` columns; its continuation lines
    are indented so that they stay in the item."""
    return _wrap(markdown, "- ", "  ", width)


def paragraph(markdown: str, width: int = WRAP) -> str:
    """A paragraph of inline markdown, wrapped at ``width`` columns."""
    return _wrap(markdown, "", "", width)


def _wrap(markdown: str, first: str, rest: str, width: int) -> str:
    """Words filled into lines of ``width``, never breaking a line before a word that would
    start a block of its own there."""
    lines: list[str] = []
    prefix, line = first, ""
    for word in markdown.split(" "):
        if not word:
            continue
        too_long = len(prefix) + len(line) + 1 + len(word) > width
        if line and too_long and _BLOCK_START.match(word) is None:
            lines.append(prefix + line)
            prefix, line = rest, word
        else:
            line = f"{line} {word}" if line else word
    lines.append(prefix + line)
    return "\n".join(lines)


# A table of four rows or more may be at most this much empty, and none of its columns
# more than COLUMN_LIMIT: sparser columns are folded into one last column, each value with
# its column's name, so that no fact is lost.
EMPTY_LIMIT = 0.4
COLUMN_LIMIT = 0.6


def sparse_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    folded: str = "More",
    label: Callable[[str, str], str] = lambda header, value: f"{header}: {value}",
) -> str:
    """A markdown table whose columns are all worth their width: a column nobody fills is
    left out, and while the table is more than :data:`EMPTY_LIMIT` empty its sparsest
    column is folded into a last column ``folded`` (``Header: value, ...``). The first
    column (what a row is about) always stays."""
    kept = [index for index in range(len(headers)) if index == 0 or any(row[index] for row in rows)]
    fold: list[int] = []

    def drawn() -> tuple[list[str], list[list[str]]]:
        own = [index for index in kept if index not in fold]
        names = [headers[index] for index in own]
        body = [[row[index] for index in own] for row in rows]
        if fold:
            names.append(folded)
            for row, line in zip(rows, body, strict=True):
                line.append(", ".join(label(headers[i], row[i]) for i in fold if row[i]))
        return names, body

    while len(rows) >= 4:
        names, body = drawn()
        empty = sum(1 for line in body for value in line if not value)
        own = [index for index in kept if index not in fold and index != 0]
        filled = {index: sum(1 for row in rows if row[index]) for index in own}
        sparse = [index for index in own if filled[index] < (1 - COLUMN_LIMIT) * len(rows)]
        if not own or (empty <= EMPTY_LIMIT * len(body) * len(names) and not sparse):
            break
        fold.append(min(own, key=lambda index: (filled[index], -index)))
        fold.sort()
    names, body = drawn()
    return markdown_table(names, body)


def join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def port_text(port: object, protocol: str = "tcp", scope: str = HOST_SCOPE) -> str:
    """``16379``, ``5353/udp``, ``30080 in kind-gw``: protocol and scope only when unusual."""
    shown = str(port) if protocol == "tcp" else f"{port}/{protocol}"
    return shown if scope == HOST_SCOPE else f"{shown} in {text(scope)}"


def port_runs(ports: Iterable[int], limit: int = 24) -> str:
    """``16383, 16386`` or ``30000-30085, 30090``; long lists end with how many are left."""
    runs: list[tuple[int, int]] = []
    for port in sorted(set(ports)):
        if runs and runs[-1][1] == port - 1:
            runs[-1] = (runs[-1][0], port)
        else:
            runs.append((port, port))
    return runs_text(runs, limit)


def free_runs(start: int, end: int, taken: set[int]) -> list[tuple[int, int]]:
    """The runs of ports from start to end (inclusive) that are not in taken."""
    # Whichever is smaller is walked: a service's block is short, the host's ports are many.
    if end - start + 1 <= len(taken):
        inside = [port for port in range(start, end + 1) if port in taken]
    else:
        inside = sorted(port for port in taken if start <= port <= end)
    runs: list[tuple[int, int]] = []
    low = start
    for port in inside:
        if port > low:
            runs.append((low, port - 1))
        low = port + 1
    if low <= end:
        runs.append((low, end))
    return runs


def runs_text(runs: Sequence[tuple[int, int]], limit: int = 24) -> str:
    shown = [str(start) if start == end else f"{start}-{end}" for start, end in runs[:limit]]
    rest = sum(end - start + 1 for start, end in runs[limit:])
    if rest:
        shown.append(f"… and {rest} more")
    return ", ".join(shown) or NONE


def run_count(runs: Iterable[tuple[int, int]]) -> int:
    return sum(end - start + 1 for start, end in runs)
