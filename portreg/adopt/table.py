"""``portreg init --from-table DOC.md``: a hand-kept markdown port document as evidence.

Every pipe table is read by its columns (:mod:`portreg.adopt.columns`): a row per service
with a column per component, a row per component under a service's heading, Kind tables
with host / NodePort / container columns, a tier per column or per heading, ranges, and
the revision history (its rows become the changelog). What a cell says is read by
:mod:`portreg.adopt.cells`, a row's cells grouped by :mod:`portreg.adopt.slots`, what rows
say together by :mod:`portreg.adopt.rows`; text outside tables (header, reserved ports,
footnotes, dated history bullets, lists of ports) by :mod:`portreg.adopt.prose` and
:mod:`portreg.adopt.lists`. A port-like cell that fits nowhere is kept as unplaced, with
its file:line:col.
"""

from __future__ import annotations

import re
from dataclasses import replace

from portreg.adopt import lists, prose, rows
from portreg.adopt.cells import read_cell
from portreg.adopt.clusters import cluster_of_config, settle_clusters
from portreg.adopt.columns import Column, Role
from portreg.adopt.evidence import (
    Evidence,
    FoundCluster,
    FoundPort,
    FoundRange,
    Unplaced,
)
from portreg.adopt.layout import (
    about_the_host,
    context_tier,
    generic_heading,
    is_component_table,
    table_columns,
)
from portreg.adopt.markdown import Cell, Table, parse
from portreg.adopt.merge import component_id
from portreg.adopt.names import (
    KNOWN_COMPONENTS,
    make_id,
    service_name,
    split_label,
    tier_in,
    words,
)
from portreg.adopt.slots import OWN_PORT, PORT_ROLES, RowSlot, pairs, row_slots
from portreg.findings import Location

_ARROW = re.compile(r"\s*(?:→|->|⇒|↳|=>)\s*")
_CONFIG_FILE = re.compile(r"[\w./-]+\.ya?ml\b")


def read_document(text: str, path: str) -> Evidence:
    """What the markdown document at ``path`` (as the registry will name it) says."""
    document = parse(text)
    evidence = Evidence("the document")
    footnotes = prose.footnotes(document)
    shared: list[rows.SharedRow] = []
    for table in document.tables:
        if prose.is_history(table):
            evidence.history.extend(prose.revisions(table, path))
        elif about_the_host(table):
            reader = _TableReader(table, path, evidence, footnotes, document.title)
            reader.read()
            shared.extend(reader.shared)
    prose.read_text(document, path, evidence)
    lists.read_lists(document, path, evidence)
    spans = [
        (table.line, table.rows[-1][0].line if table.rows else table.line)
        for table in document.tables
    ]
    rows.merge_short_names(evidence, spans)
    rows.settle_shared(evidence, shared)
    settle_clusters(evidence)
    return evidence


class _TableReader:
    def __init__(
        self,
        table: Table,
        path: str,
        evidence: Evidence,
        footnotes: dict[str, str],
        title: str | None = None,
    ):
        self.table = table
        self.path = path
        self.evidence = evidence
        self.footnotes = footnotes
        self.title = title  # the document's: it names the document, not a service
        self.columns = table_columns(table)
        self.context_tier = context_tier(table, self.columns)
        self.group: str | None = None  # the service of "→ X" rows under a group row
        self.group_config: str | None = None
        self.table_config = self._stated_config()  # "(`cluster/kind-config.yaml`)" above
        self.previous_service: str | None = None
        self.row_names: dict[int, str | None] = {}  # row line -> what tells it apart
        self.shared: list[rows.SharedRow] = []

    def read(self) -> None:
        roles = {column.role for column in self.columns}
        if not roles & {*PORT_ROLES, Role.RANGE}:
            return
        first = len(self.evidence.ports)
        for row in self.table.rows:
            self._row(row)
        rows.split_repeated(self.evidence.ports, first, self.row_names)

    def _cells(self, row: list[Cell], role: Role) -> list[tuple[Column, Cell]]:
        pairs = zip(self.columns, row, strict=False)
        return [(column, cell) for column, cell in pairs if column.role is role]

    def _first(self, row: list[Cell], role: Role) -> Cell | None:
        found = self._cells(row, role)
        return found[0][1] if found and found[0][1].text else None

    def _row(self, row: list[Cell]) -> None:
        if row and row[0].struck:
            return  # a retired row: its ports are free again (the history says so)
        if self._free_or_shared(row):
            return
        service, component = self._subject(row)
        if not service:
            if component:  # "| Postgres | 15700-15749 | 25700-25749 |": a component's ranges
                self._component_ranges(row, component)
            return
        config = self._config(row)
        cluster = self._cluster(row, config)
        protocol = _protocol(self._first(row, Role.PROTOCOL))
        label = self._first(row, Role.SERVICE)
        notes = [cell.text for _, cell in self._cells(row, Role.NOTE) if cell.text]
        self.row_names[row[0].line] = rows.row_name(label.text if label else component, notes)
        emitted = False
        for slot in self._slots(row, component, self._tier(row)).values():
            emitted |= self._emit(service, slot, cluster, protocol)
        if not emitted and config is not None:
            self.group_config = config
        self._notes(service, row)
        owner = self._first(row, Role.OWNER)
        if owner is not None:
            self.evidence.owners.setdefault(service, owner.text)

    def _free_or_shared(self, row: list[Cell]) -> bool:
        """A row of a free port (``*Available*``) or of several services: not read as an
        allocation (True); a shared row's ports are kept to be settled at the end."""
        label = self._first(row, Role.SERVICE) or self._first(row, Role.COMPONENT)
        if label is None:
            return False
        if rows.is_free(label.text):
            return True
        services = rows.several_services(label.text)
        if not services:
            return False
        found = []
        for slot in self._slots(row, None, self._tier(row)).values():
            for cell, host, node in pairs(slot):
                for port in (host, node):
                    if port is not None:
                        place = Location(self.path, cell.line, cell.column)
                        found.append((port.port, place, cell.text))
        self.shared.append(rows.SharedRow(services, tuple(found)))
        return True

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
            continued = component_cell is not None or self._has_ports(row)
            if self._cells(row, Role.SERVICE) and continued and self.previous_service:
                return self.previous_service, component  # continues the service above
            context = self._cluster_name(row) or self._context_service()
            if context is None and component is not None and self._has_ports(row):
                return self._service(component), None  # nothing above it: the row's own
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
        lead = self.table.lead_title or self.table.lead
        short = bool(self.table.lead_title) or (len(lead.split()) <= 5 and lead.endswith(":"))
        if lead and short and service_name(lead) and not generic_heading(lead):
            return lead.rstrip(": ")
        for heading in reversed(self.table.headings):
            if heading == self.title and not is_component_table(self.table, self.columns):
                break  # the document's title, over a table of more than one service's ports
            if service_name(heading) and not generic_heading(heading):
                return heading
        return None

    def _has_ports(self, row: list[Cell]) -> bool:
        return any(
            not read_cell(cell.text).says_nothing
            for column, cell in zip(self.columns, row, strict=False)
            if column.role in PORT_ROLES
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
            return self.group_config or self.table_config
        return found.group(0).removeprefix("./")

    def _stated_config(self) -> str | None:
        """The Kind config a table of NodePorts without a config column is about, when its
        lead paragraph or heading names one: every row's cluster."""
        roles = {column.role for column in self.columns}
        if Role.NODE not in roles or roles & {Role.CONFIG, Role.CLUSTER}:
            return None
        for text in (self.table.lead, *reversed(self.table.headings)):
            found = _CONFIG_FILE.search(text)
            if found and "kind" in found.group(0).lower():
                return found.group(0).removeprefix("./")
        return None

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

    def _slots(self, row: list[Cell], component: str | None, tier: str) -> dict[str, RowSlot]:
        return row_slots(self.columns, row, component, tier, self._unplaced)

    def _emit(self, service: str, slot: RowSlot, cluster: str | None, protocol: str) -> bool:
        """The slot's ports, ranges and dynamic port as evidence; False when it had none."""
        component = slot.name
        if component == OWN_PORT and component_id(service) in KNOWN_COMPONENTS:
            component = service  # "| Redis | 16379 |": the service's own port is a Redis
        for start, end, tier, cell in slot.ranges:
            named = None if component == OWN_PORT else component
            place = Location(self.path, cell.line, cell.column)
            self.evidence.ranges.append(FoundRange(start, end, tier, place, named, service))
        paired = pairs(slot)
        several = len(paired) > 1
        for number, (cell, host, node) in enumerate(paired, start=1):
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
                    container_port=(host.container if host else None) or slot.container,
                    protocol=source.protocol or protocol,
                    instance=instance,
                    note=self._footnote(cell),
                )
            )
        if slot.dynamic is not None and not paired:
            cell = slot.dynamic
            place = Location(self.path, cell.line, cell.column)
            self.evidence.ports.append(
                FoundPort(service, slot.tier, component, place, dynamic=True, note=_note(cell.text))
            )
        return bool(paired or slot.ranges or slot.dynamic)

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


def _protocol(cell: Cell | None) -> str:
    """The transport a protocol cell names: ``UDP`` -> udp; ``HTTP``, ``gRPC``, ``TCP/UDP``
    (an application protocol, or both) -> tcp."""
    said = set(words(cell.text)) if cell is not None else set()
    for transport in ("udp", "sctp"):
        if transport in said and "tcp" not in said:
            return transport
    return "tcp"


def _note(text: str) -> str | None:
    """A dynamic cell's words, unless they say no more than "dynamic"."""
    return text if len(text.split()) > 1 else None
