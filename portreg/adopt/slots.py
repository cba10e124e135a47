"""One table row's cells, grouped by the component (and tier) they are about.

A row of ``| Ledger | 15610 | 25610 | 18610 → 8080 |`` under ``Service | Integration | E2E
| API`` holds three slots: the service's own port in two tiers and its API. Each slot keeps
the host ports, NodePorts, container port, ranges and "dynamic" its cells state; the table
reader (:mod:`portreg.adopt.table`) turns slots into evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from portreg.adopt.cells import CellPort, CellValue, read_cell
from portreg.adopt.columns import Column, Role
from portreg.adopt.markdown import Cell
from portreg.adopt.names import name_key, split_label

OWN_PORT = "app"  # the component of a service's own, unnamed port
PORT_ROLES = (Role.HOST, Role.NODE, Role.CONTAINER, Role.DEPENDENCIES, Role.URL)

Unplaced = Callable[[Cell, str], None]  # reports a cell that fits nowhere (PR113)
# What a list of named ports calls the service's own port.
_THE_SERVICE_ITSELF = {"app", "appundertest", "serviceundertest", "sut", "main", "self", "service"}


@dataclass
class RowSlot:
    """The cells of one row that are about one component: host, NodePort, container."""

    name: str  # the component as the table names it
    tier: str
    host: list[tuple[Cell, CellPort]] = field(default_factory=list)
    node: list[tuple[Cell, CellPort]] = field(default_factory=list)
    container: int | None = None
    dynamic: Cell | None = None
    ranges: list[tuple[int, int, str, Cell]] = field(default_factory=list)
    via_url: list[tuple[Cell, CellPort]] = field(default_factory=list)  # localhost URLs


def row_slots(
    columns: list[Column], row: list[Cell], component: str | None, tier: str, unplaced: Unplaced
) -> dict[str, RowSlot]:
    """The slots of one row (``component``: the row's own, from a component column)."""
    slots: dict[str, RowSlot] = {}
    for column, cell in zip(columns, row, strict=False):
        if column.role not in (*PORT_ROLES, Role.RANGE) or cell.struck:
            continue
        value = read_cell(cell.text)
        if value.empty or value.no_host:
            continue
        slot_tier = column.tier or tier
        name = column.component or component
        if column.role is Role.DEPENDENCIES or (name is None and value.named_list):
            _named_ports(cell, value, slots, slot_tier, unplaced)
            own = _slot(slots, OWN_PORT, slot_tier) if value.ranges else None
            if own is not None:  # "app under test: 30000 - 31000"
                own.ranges.extend((start, end, slot_tier, cell) for start, end in value.ranges)
            continue
        _fill(_slot(slots, name or OWN_PORT, slot_tier), column.role, cell, value, unplaced)
    if not any(slot.host for slot in slots.values()):
        for slot in slots.values():  # a URL says the host port when no column does
            slot.host, slot.via_url = slot.via_url, []
    return slots


def _slot(slots: dict[str, RowSlot], name: str, tier: str) -> RowSlot:
    return slots.setdefault(f"{name_key(name)} {tier}", RowSlot(name, tier))


def _named_ports(
    cell: Cell, value: CellValue, slots: dict[str, RowSlot], tier: str, unplaced: Unplaced
) -> None:
    """``Embedding: 18000, Data Storage: 18091``: each port of the component it names (a
    port without a name takes the one before it: ``NATS: 4222, 4223``)."""
    label = None
    for port in value.ports:
        label = port.label or label
        if label is None:
            unplaced(cell, "a port without the name of what it is for")
            continue
        name, instance = instance_label(label)
        own = name_key(name) in _THE_SERVICE_ITSELF  # "app under test: 4215"
        _slot(slots, OWN_PORT if own else name, tier).host.append(
            (cell, replace(port, label=instance))
        )


def _fill(slot: RowSlot, role: Role, cell: Cell, value: CellValue, unplaced: Unplaced) -> None:
    if role is Role.RANGE or (value.ranges and not value.ports):
        slot.ranges.extend((start, end, slot.tier, cell) for start, end in value.ranges)
        return
    if role is Role.URL:
        for port in value.ports:
            if port.internal:
                slot.container = slot.container or port.port
            else:
                slot.via_url.append((cell, port))
        return
    if role is Role.CONTAINER:
        if value.ports:
            slot.container = value.ports[0].port
        return
    target = slot.node if role is Role.NODE else slot.host
    target.extend((cell, port) for port in value.ports if not port.internal)
    if value.dynamic and not value.ports:
        slot.dynamic = cell
    elif value.pending:
        unplaced(cell, "no port yet: the table says it is still to be decided")
    elif value.says_nothing:
        unplaced(cell, "neither a port, a range, nor a word such as dynamic or N/A")


def pairs(slot: RowSlot) -> list[tuple[Cell, CellPort | None, CellPort | None]]:
    """Host ports and NodePorts of one component in one row, paired in order."""
    found: list[tuple[Cell, CellPort | None, CellPort | None]] = []
    for index in range(max(len(slot.host), len(slot.node))):
        host = slot.host[index] if index < len(slot.host) else None
        node = slot.node[index] if index < len(slot.node) else None
        cell = host[0] if host is not None else node[0] if node is not None else None
        assert cell is not None
        found.append((cell, host[1] if host else None, node[1] if node else None))
    return found


def instance_label(label: str) -> tuple[str, str | None]:
    """``kube-mcp-server (yaml)`` -> the component and its instance's name."""
    plain, _ = split_label(label)
    inside = re.findall(r"\(([^)]*)\)", label)
    return plain or label, (inside[0] if inside and len(inside[0].split()) <= 3 else None)
