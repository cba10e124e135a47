"""What the rows of one table say together, beyond each row alone.

- One service on several rows (``MinIO (API) | 9000``, ``MinIO (Console) | 9001``; or
  ``seaweedfs | 8333 | S3 API`` and ``seaweedfs | 9333 | master UI``) holds several ports:
  each is named by what its row says about it, never read as one port stated twice.
- A row naming several services (``8080 | LocalAI, cAdvisor | ...``, a table of conflicts)
  allocates nothing of its own: it restates ports the document gives elsewhere, or says
  a port it cannot place (PR113).
- A row whose name says the port is free (``*Available*``, ``unused``) allocates nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from portreg.adopt.evidence import Evidence, FoundPort, Unplaced
from portreg.adopt.names import make_id, name_key, split_label, tier_in
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
    ``names`` (row line -> name), else numbered."""
    groups: dict[tuple[str, str, str, str | None], list[int]] = {}
    for index in range(start, len(ports)):
        found = ports[index]
        key = (name_key(found.service), found.tier, found.component, found.instance)
        groups.setdefault(key, []).append(index)
    for indices in groups.values():
        lines = {ports[index].place.line for index in indices}
        numbers = {(ports[index].port, ports[index].node_port) for index in indices}
        if len(lines) < 2 or len(numbers) < 2:
            continue
        used: set[str] = set()
        for number, index in enumerate(indices, start=1):
            found = ports[index]
            name = names.get(found.place.line) or f"{found.component} {number}"
            if make_id(name) in used:
                name = f"{name} {number}"
            used.add(make_id(name))
            ports[index] = replace(found, component=name)


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
