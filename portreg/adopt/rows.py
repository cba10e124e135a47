"""What the rows of one table say together, beyond each row alone.

- One service on several rows (``MinIO (API) | 9000``, ``MinIO (Console) | 9001``; or
  ``seaweedfs | 8333 | S3 API`` and ``seaweedfs | 9333 | master UI``) holds several ports:
  each is named by what its row says about it, never read as one port stated twice.
- A row naming several services (``8080 | LocalAI, cAdvisor | ...``, a table of conflicts)
  allocates nothing of its own: it restates ports the document gives elsewhere, or says
  a port it cannot place (PR113).
- A row whose name says the port is free (``*Available*``, ``unused``) allocates nothing.
- A port another table restates under another spelling (``redis`` for ``Redis Cache``,
  ``User API`` for ``user-service``) is the same service's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from portreg.adopt.evidence import Evidence, FoundPort, Unplaced
from portreg.adopt.merge import component_id
from portreg.adopt.names import name_key, split_label, tier_in, words
from portreg.adopt.slots import OWN_PORT
from portreg.findings import Location

_FREE = re.compile(
    r"^\W*(?:available|free|unused|unassigned|spare|vacant|open slot|not (?:yet )?"
    r"(?:assigned|allocated|used))\W*$",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset({"crd", "dep", "deps", "dependency", "shared", "optional", "legacy"})


@dataclass(frozen=True)
class SharedRow:
    """A row naming several services: the ports it states, with their places."""

    services: tuple[str, ...]
    ports: tuple[tuple[int, Location, str], ...]  # (port, place, cell text)


def is_free(label: str) -> bool:
    """``*Available*``, ``free``, ``unused``: the row offers the port, nobody holds it."""
    return bool(_FREE.match(label))


def several_services(label: str) -> tuple[str, ...]:
    """``LocalAI, cAdvisor`` -> both names; one name (``Redis (cache, broker)``) -> ()."""
    plain, _ = split_label(label)
    names = tuple(part.strip(" *_`") for part in plain.split(",") if part.strip(" *_`"))
    return names if len(names) > 1 else ()


def row_name(label: str | None, notes: list[str]) -> str | None:
    """What tells one row of a service from its other rows: the label's parenthesis
    (``Tempo (OTLP gRPC)`` -> ``OTLP gRPC``), else the row's note (``Jupyter Lab``)."""
    for inside in re.findall(r"\(([^)]*)\)", label or ""):
        words = str(inside).strip()
        short = 0 < len(words.split()) <= 4
        if short and words.lower() not in _NOT_NAMES and tier_in(words) is None:
            return words
    for note in notes:
        plain = split_label(note)[0] if note else ""
        if plain:
            return plain
    return None


def split_repeated(ports: list[FoundPort], start: int, names: dict[int, str | None]) -> None:
    """The ports read from one table (``ports[start:]``) where several rows give one
    service's unnamed port different numbers: each becomes its own component, named by
    ``names`` (row line -> name); rows of one name are instances of that component, and
    rows without a name instances of the service's own port."""
    groups: dict[tuple[str, str, str, str | None], list[int]] = {}
    for index in range(start, len(ports)):
        found = ports[index]
        key = (name_key(found.service), found.tier, component_id(found.component), found.instance)
        groups.setdefault(key, []).append(index)
    for indices in groups.values():
        lines = {ports[index].place.line for index in indices}
        numbers = {(ports[index].port, ports[index].node_port) for index in indices}
        if len(lines) < 2 or len(numbers) < 2:
            continue
        named = {index: _row_component(ports[index], names) for index in indices}
        count: dict[str, int] = {}
        for name in named.values():
            count[component_id(name)] = count.get(component_id(name), 0) + 1
        seen: dict[str, int] = {}
        for index in indices:
            name = named[index]
            component = component_id(name)
            seen[component] = seen.get(component, 0) + 1
            instance = f"{component}-{seen[component]}" if count[component] > 1 else None
            ports[index] = replace(ports[index], component=name, instance=instance)


def _row_component(found: FoundPort, names: dict[int, str | None]) -> str:
    """A repeated row's component: what its row says (``Console`` of ``MinIO (Console)``
    when it is the service's own port; ``MinIO Console`` when the row names the component
    MinIO), else the component as read."""
    said = names.get(found.place.line)
    if said is None:
        return found.component
    if found.component == OWN_PORT:
        return said
    plain = split_label(found.component)[0] or found.component
    return plain if said.lower() in plain.lower() else f"{plain} {said}"


def settle_shared(evidence: Evidence, shared: list[SharedRow]) -> None:
    """Rows naming several services: a port the document allocates elsewhere is said
    there; any other is reported as not placed."""
    allocated = {found.port for found in evidence.ports} | {
        found.node_port for found in evidence.ports
    }
    for row in shared:
        for port, place, text in row.ports:
            if port not in allocated:
                why = f"a port of several services ({', '.join(row.services)}): whose is not said"
                evidence.unplaced.append(Unplaced(text, why, place))


def merge_short_names(evidence: Evidence, tables: list[tuple[int, int]]) -> None:
    """One port stated for ``Redis Cache`` in one table and for ``redis`` in another, or
    for ``user-service`` and ``User API``, is one service named two ways: the spelling
    stated first is kept (everywhere the document uses the other). Two rows of one table
    (``FMC E2E`` and ``FMC E2E — variant``, ``tables``: their first and last lines) are two
    suites, whatever their names."""
    by_port: dict[tuple[int, str], list[str]] = {}
    seen_in: dict[str, set[int]] = {}
    for found in evidence.ports:
        line = found.place.line
        table = next((i for i, (first, last) in enumerate(tables) if first <= line <= last), -1)
        seen_in.setdefault(found.service, set()).add(table)
        if found.port is not None:
            spellings = by_port.setdefault((found.port, found.tier), [])
            if found.service not in spellings:
                spellings.append(found.service)
    renamed: dict[str, str] = {}
    for spellings in by_port.values():
        first = renamed.get(spellings[0], spellings[0])
        for other in spellings[1:]:
            apart = not (seen_in[first] & seen_in[other]) - {-1}
            if other not in renamed and apart and _one_name(first, other):
                renamed[other] = first
    if renamed:
        evidence.ports = [
            replace(found, service=renamed.get(found.service, found.service))
            for found in evidence.ports
        ]


_KIND_WORDS = frozenset({"service", "services", "api", "server", "svc", "app", "backend"})


def _one_name(one: str, other: str) -> bool:
    """``Redis Cache`` and ``redis``; ``Gateway`` and ``Gateway API``; ``user-service``
    and ``User API``: one starts with the other, or they differ only in a word that says
    what kind of thing it is. Not ``Redis`` and ``Red``."""
    first, second = words(one), words(other)
    shorter, longer = sorted((first, second), key=len)
    if shorter and longer[: len(shorter)] == shorter:
        return True
    plain = [word for word in first if word not in _KIND_WORDS]
    return bool(plain) and plain == [word for word in second if word not in _KIND_WORDS]
