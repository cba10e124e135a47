"""``portreg init --from-table DOC.md``: a hand-kept markdown port document as evidence.

Every pipe table is read by its columns (:mod:`portreg.adopt.columns`): a row per service
with a column per component, a row per component under a service's heading, Kind tables
with host / NodePort / container columns, a tier per column or per heading, ranges, and
the revision history (its rows become the changelog). What a cell says is read by
:mod:`portreg.adopt.cells`; text outside tables (header, reserved ports, footnotes, dated
history bullets) by :mod:`portreg.adopt.prose`. A port-like cell that fits nowhere is kept
as unplaced, with its file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from portreg.adopt import prose
from portreg.adopt.cells import CellPort, CellValue, read_cell
from portreg.adopt.clusters import cluster_of_config, settle_clusters
from portreg.adopt.columns import Column, Role
from portreg.adopt.evidence import Evidence, FoundCluster, FoundPort, FoundRange, Unplaced
from portreg.adopt.layout import context_tier, generic_heading, is_component_table, table_columns
from portreg.adopt.markdown import Cell, Table, parse
from portreg.adopt.names import (
    make_id,
    name_key,
    service_name,
    split_label,
    tier_in,
    words,
)
from portreg.findings import Location

OWN_PORT = "app"  # the component of a service's own, unnamed port
_ARROW = re.compile(r"\s*(?:→|->|⇒|↳|=>)\s*")
_CONFIG_FILE = re.compile(r"[\w./-]+\.ya?ml\b")
_PORT_ROLES = (Role.HOST, Role.NODE, Role.CONTAINER, Role.DEPENDENCIES)


def read_document(text: str, path: str) -> Evidence:
    """What the markdown document at ``path`` (as the registry will name it) says."""
    document = parse(text)
    evidence = Evidence("the document")
    footnotes = prose.footnotes(document)
    for table in document.tables:
        if prose.is_history(table):
            evidence.history.extend(prose.revisions(table, path))
        else:
            _TableReader(table, path, evidence, footnotes).read()
    prose.read_text(document, path, evidence)
    settle_clusters(evidence)
    return evidence


@dataclass
class _Slot:
    """The cells of one row that are about one component: host, NodePort, container."""

    name: str  # the component as the table names it
    tier: str
    host: list[tuple[Cell, CellPort]] = field(default_factory=list)
    node: list[tuple[Cell, CellPort]] = field(default_factory=list)
    container: int | None = None
    dynamic: Cell | None = None
    ranges: list[tuple[int, int, str, Cell]] = field(default_factory=list)


class _TableReader:
    def __init__(self, table: Table, path: str, evidence: Evidence, footnotes: dict[str, str]):
        self.table = table
        self.path = path
        self.evidence = evidence
        self.footnotes = footnotes
        self.columns = table_columns(table)
        self.context_tier = context_tier(table, self.columns)
        self.group: str | None = None  # the service of "→ X" rows under a group row
        self.group_config: str | None = None
        self.previous_service: str | None = None

    def read(self) -> None:
        roles = {column.role for column in self.columns}
        if not roles & {*_PORT_ROLES, Role.RANGE}:
            return
        for row in self.table.rows:
            self._row(row)

    def _cells(self, row: list[Cell], role: Role) -> list[tuple[Column, Cell]]:
        pairs = zip(self.columns, row, strict=False)
        return [(column, cell) for column, cell in pairs if column.role is role]

    def _first(self, row: list[Cell], role: Role) -> Cell | None:
        found = self._cells(row, role)
        return found[0][1] if found and found[0][1].text else None

    def _row(self, row: list[Cell]) -> None:
        if row and row[0].struck:
            return  # a retired row: its ports are free again (the history says so)
        service, component = self._subject(row)
        if not service:
            if component:  # "| Postgres | 15700-15749 | 25700-25749 |": a component's ranges
                self._component_ranges(row, component)
            return
        config = self._config(row)
        cluster = self._cluster(row, config)
        protocol_cell = self._first(row, Role.PROTOCOL)
        protocol = protocol_cell.text.lower() if protocol_cell else None
        emitted = False
        for slot in self._slots(row, component, self._tier(row)).values():
            emitted |= self._emit(service, slot, cluster, protocol)
        if not emitted and config is not None:
            self.group_config = config
        self._notes(service, row)
        owner = self._first(row, Role.OWNER)
        if owner is not None:
            self.evidence.owners.setdefault(service, owner.text)

    def _component_ranges(self, row: list[Cell], component: str) -> None:
        for slot in self._slots(row, component, self._tier(row)).values():
            for start, end, tier, cell in slot.ranges:
                place = Location(self.path, cell.line, cell.column)
                self.evidence.ranges.append(FoundRange(start, end, tier, place, slot.name))

    def _subject(self, row: list[Cell]) -> tuple[str | None, str | None]:
        """The service and component a row is about."""
        label_cell = self._first(row, Role.SERVICE)
        component_cell = self._first(row, Role.COMPONENT)
        component = component_cell.text if component_cell else None
        if component is None and label_cell is None and self._cells(row, Role.CLUSTER):
            what = self._first(row, Role.NOTE)  # "| op-e2e | 38080 | ... | manager metrics |"
            component = what.text if what else None
        if label_cell is None:
            if self._cells(row, Role.SERVICE) and component_cell is not None:
                return self.previous_service, component  # continues the service above
            context = self._cluster_name(row) or self._context_service()
            return (self._service(context) if context else None), component
        label = label_cell.text
        parts = _ARROW.split(label, maxsplit=1)
        if len(parts) == 2 and not parts[0].strip():
            return self.group, parts[1]  # "→ Prometheus" under a group row
        if len(parts) == 2:
            return self._service(parts[0]), parts[1]  # "Gateway → Data Storage"
        if component is None and is_component_table(self.table, self.columns):
            context = self._context_service()
            if context is not None:
                return self._service(context), label
        service = self._service(label)
        self.group = None if self._has_ports(row) else service
        if self.group is not None:
            self.group_config = None
        self.previous_service = service
        return service, component

    def _service(self, label: str) -> str:
        name = service_name(label)
        plain, acronyms = split_label(label.strip(" *_`"))
        if name:
            title = " ".join(word for word in plain.split() if tier_in(word) is None) or plain
            self.evidence.titles.setdefault(name, title.strip(" :"))
            aliases = self.evidence.aliases.setdefault(name, set())
            aliases.update(acronym for acronym in acronyms if acronym not in _NOT_ALIASES)
        return name

    def _context_service(self) -> str | None:
        """The service a table of components is about: its lead paragraph, or heading."""
        lead = self.table.lead
        if lead and len(lead.split()) <= 12 and service_name(lead):
            return lead.rstrip(": ")
        for heading in reversed(self.table.headings):
            if service_name(heading) and not generic_heading(heading):
                return heading
        return None

    def _has_ports(self, row: list[Cell]) -> bool:
        return any(
            not read_cell(cell.text).says_nothing
            for column, cell in zip(self.columns, row, strict=False)
            if column.role in _PORT_ROLES
        )

    def _tier(self, row: list[Cell]) -> str:
        for role in (Role.TIER, Role.SERVICE):
            cell = self._first(row, role)
            tier = tier_in(cell.text) if cell is not None else None
            if tier is not None:
                return tier
        return self.context_tier

    def _config(self, row: list[Cell]) -> str | None:
        cell = self._first(row, Role.CONFIG)
        found = _CONFIG_FILE.search(cell.text) if cell is not None else None
        if found is None:
            return self.group_config
        return found.group(0).removeprefix("./")

    def _cluster_name(self, row: list[Cell]) -> str | None:
        cell = self._first(row, Role.CLUSTER)
        return cell.text.strip("` ") if cell else None

    def _cluster(self, row: list[Cell], config: str | None) -> str | None:
        named = self._cluster_name(row)
        if named is None and config is not None:
            named = cluster_of_config(config)
        if named is None:
            return None
        clusters = self.evidence.clusters
        for position, found in enumerate(clusters):
            if found.name == named:
                if found.config is None and config is not None:
                    clusters[position] = replace(found, config=config)
                return named
        clusters.append(FoundCluster(named, config, Location(self.path, row[0].line, 1)))
        return named

    def _slots(self, row: list[Cell], component: str | None, tier: str) -> dict[str, _Slot]:
        slots: dict[str, _Slot] = {}
        for column, cell in zip(self.columns, row, strict=False):
            if column.role not in (*_PORT_ROLES, Role.RANGE) or cell.struck:
                continue
            value = read_cell(cell.text)
            if value.empty or value.no_host:
                continue
            if column.role is Role.DEPENDENCIES:
                self._dependencies(cell, value, slots, tier)
                continue
            name = column.component or component or OWN_PORT
            slot_tier = column.tier or tier
            slot = slots.setdefault(f"{name_key(name)} {slot_tier}", _Slot(name, slot_tier))
            self._fill(slot, column, cell, value)
        return slots

    def _dependencies(
        self, cell: Cell, value: CellValue, slots: dict[str, _Slot], tier: str
    ) -> None:
        """``Embedding: 18000, Data Storage: 18091``: each port of the component it names."""
        label = None
        for port in value.ports:
            label = port.label or label
            if label is None:
                self._unplaced(cell, "a port without the name of what it is for")
                continue
            name, instance = _instance_label(label)
            slot = slots.setdefault(f"{name_key(name)} {tier}", _Slot(name, tier))
            slot.host.append((cell, replace(port, label=instance)))

    def _fill(self, slot: _Slot, column: Column, cell: Cell, value: CellValue) -> None:
        if column.role is Role.RANGE or (value.ranges and not value.ports):
            slot.ranges.extend((start, end, slot.tier, cell) for start, end in value.ranges)
            return
        if column.role is Role.CONTAINER:
            if value.ports:
                slot.container = value.ports[0].port
            return
        target = slot.node if column.role is Role.NODE else slot.host
        target.extend((cell, port) for port in value.ports)
        if value.dynamic and not value.ports:
            slot.dynamic = cell
        elif value.pending:
            self._unplaced(cell, "no port yet: the table says it is still to be decided")
        elif value.says_nothing:
            self._unplaced(cell, "neither a port, a range, nor a word such as dynamic or N/A")

    def _emit(self, service: str, slot: _Slot, cluster: str | None, protocol: str | None) -> bool:
        """The slot's ports, ranges and dynamic port as evidence; False when it had none."""
        component = slot.name
        for start, end, tier, cell in slot.ranges:
            named = None if component == OWN_PORT else component
            place = Location(self.path, cell.line, cell.column)
            self.evidence.ranges.append(FoundRange(start, end, tier, place, named, service))
        pairs = _pairs(slot.host, slot.node)
        several = len(pairs) > 1
        for number, (cell, host, node) in enumerate(pairs, start=1):
            source = host or node
            assert source is not None
            label = source.label
            instance = (
                (make_id(label) if label else f"{_first_word(component)}-{number}")
                if several
                else None
            )
            port = host.port if host is not None else None
            node_port = node.port if node is not None else None
            if host is not None and host.host is not None:  # "30150 (host 8150)"
                port, node_port = host.host, node_port or host.port
            self.evidence.ports.append(
                FoundPort(
                    service,
                    slot.tier,
                    component,
                    Location(self.path, cell.line, cell.column),
                    port=port,
                    node_port=node_port,
                    cluster=cluster if node_port is not None else None,
                    container_port=slot.container,
                    protocol=(source.protocol or protocol or "tcp"),
                    instance=instance,
                    note=self._footnote(cell),
                )
            )
        if slot.dynamic is not None and not pairs:
            cell = slot.dynamic
            place = Location(self.path, cell.line, cell.column)
            self.evidence.ports.append(
                FoundPort(service, slot.tier, component, place, dynamic=True, note=_note(cell.text))
            )
        return bool(pairs or slot.ranges or slot.dynamic)

    def _footnote(self, cell: Cell) -> str | None:
        for marker, text in self.footnotes.items():
            if marker in cell.text:
                return text
        return None

    def _notes(self, service: str, row: list[Cell]) -> None:
        notes = self.evidence.notes.setdefault(service, [])
        for column, cell in zip(self.columns, row, strict=False):
            if column.role is not Role.NOTE:
                continue  # a footnote on a port's cell is that allocation's note
            text = cell.text
            if column.role is Role.NOTE and self._footnote(cell):
                text = f"{cell.text.rstrip(prose.MARKERS)}: {self._footnote(cell)}"
            if text and text not in notes and not cell.struck:
                notes.append(text)

    def _unplaced(self, cell: Cell, why: str) -> None:
        place = Location(self.path, cell.line, cell.column)
        self.evidence.unplaced.append(Unplaced(cell.text, why, place))


_NOT_ALIASES = frozenset({"CRD", "API", "CI", "E2E", "IT", "TCP", "UDP", "HTTP", "HTTPS"})


def _first_word(component: str) -> str:
    """``HTTP (svc under test)`` -> ``http``: the stem of an unnamed instance's name."""
    found = words(component)
    return make_id(found[0] if found else component, "instance")


def _note(text: str) -> str | None:
    """A dynamic cell's words, unless they say no more than "dynamic"."""
    return text if len(text.split()) > 1 else None


def _pairs(
    hosts: list[tuple[Cell, CellPort]], nodes: list[tuple[Cell, CellPort]]
) -> list[tuple[Cell, CellPort | None, CellPort | None]]:
    """Host ports and NodePorts of one component in one row, paired in order."""
    pairs: list[tuple[Cell, CellPort | None, CellPort | None]] = []
    for index in range(max(len(hosts), len(nodes))):
        host = hosts[index] if index < len(hosts) else None
        node = nodes[index] if index < len(nodes) else None
        cell = host[0] if host is not None else node[0] if node is not None else None
        assert cell is not None
        pairs.append((cell, host[1] if host else None, node[1] if node else None))
    return pairs


def _instance_label(label: str) -> tuple[str, str | None]:
    """``kube-mcp-server (yaml)`` -> the component and its instance's name."""
    plain, _ = split_label(label)
    inside = re.findall(r"\(([^)]*)\)", label)
    return plain or label, (inside[0] if inside and len(inside[0].split()) <= 3 else None)
