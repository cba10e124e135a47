"""The layout of one table: what its columns hold once their cells are seen, its tier, and
whether its rows are a service's components."""

from __future__ import annotations

import re

from portreg.adopt.cells import CellValue, read_cell
from portreg.adopt.columns import Column, Role, classify
from portreg.adopt.markdown import Table
from portreg.adopt.merge import NODEPORT_RANGE
from portreg.adopt.names import DEFAULT_TIER, component_like, split_label, tier_in, tier_of


def table_columns(table: Table) -> list[Column]:
    """The header's columns, corrected by what their cells hold: a column of one number on
    every row is the component's container port (``Metrics: 9090``), not an allocation; a
    column named like a component but holding no port is a label."""
    columns = [classify(cell.text) for cell in table.header]
    for index, column in enumerate(columns):
        cells = [row[index].text for row in table.rows if index < len(row)]
        values = [read_cell(text) for text in cells]
        said = [value for value in values if not value.empty]
        port_like = [value for value in said if not value.says_nothing]
        if column.role is Role.HOST and _counts(cells):
            columns[index] = Column(Role.NOTE, column.header)  # "| DB | 0 |", "| 1 |": an index
            continue
        if column.role is Role.CONTAINER and _node_ports(table, said):
            columns[index] = Column(Role.NODE, column.header, column.component)
            continue
        if column.role in (Role.HOST, Role.NODE) and len(port_like) * 2 < len(said):
            columns[index] = Column(Role.NOTE, column.header)  # "Where", "Date Added", prose
        elif column.role is Role.HOST and column.component is not None and column.tier is None:
            numbers = [tuple(port.port for port in value.ports) for value in said]
            if said and not any(numbers) and not port_like:
                columns[index] = Column(Role.NOTE, column.header)
            elif len(numbers) >= 3 and len(set(numbers)) == 1 and len(numbers[0]) == 1:
                columns[index] = Column(Role.CONTAINER, column.header, column.component)
    if not any(column.role in (Role.SERVICE, Role.COMPONENT, Role.CLUSTER) for column in columns):
        for index, column in enumerate(columns):
            if column.role is Role.NOTE:  # "| 8080 | metrics (Prometheus) |": the label
                columns[index] = Column(Role.COMPONENT, column.header)
                break
    return columns


_INSIDE = re.compile(
    r"(?i)\binside the (?:pod|container|cluster)|\bin[- ]cluster\b|\bcontainer ports\b"
    r"|\bin the pod\b|\bpod ports\b|\binternal ports\b"
)
_PRODUCTION = re.compile(r"(?i)\b(?:production|prod|staging)\b")
_TESTS = re.compile(r"(?i)\b(?:tests?|testing|ci|integration|e2e|dev|local)\b")


def about_the_host(table: Table) -> bool:
    """A table of the ports a project binds on its test hosts; not one under ``Manager
    ports (inside the pod)`` or ``Container ports`` (not bound on the host), nor under
    ``Production deployment`` (a production column is no allocation, nor is such a table)."""
    said = (table.lead, *table.headings[-1:])
    if any(_INSIDE.search(text) for text in said):
        return False
    return not any(_PRODUCTION.search(text) and not _TESTS.search(text) for text in said)


def context_tier(table: Table, columns: list[Column]) -> str:
    """The tier of a table's rows: its lead paragraph or nearest heading that names one, a
    Kind table's ``e2e``, else the default."""
    tier = tier_of([table.lead, *reversed(table.headings)])
    if tier is not None:
        return tier
    if any(column.role in (Role.NODE, Role.CLUSTER) for column in columns) or _kind_configs(
        table, columns
    ):
        return "e2e"
    return DEFAULT_TIER


_INDEX_LIMIT = 64  # a column of numbers all below it counts things (databases, steps)


def _counts(cells: list[str]) -> bool:
    """``0``, ``1``, ``2`` ...: a column of small numbers (with a 0, or three or more) numbers
    databases or steps; it holds no port."""
    numbers = [int(text) for text in cells if re.fullmatch(r"[0-9]+", text.strip())]
    if len(numbers) < 2 or len(numbers) < len([text for text in cells if text.strip()]):
        return False
    return max(numbers) < _INDEX_LIMIT and (0 in numbers or len(numbers) > 2)


_KIND = re.compile(r"(?i)\bkind\b|extraPortMappings")


def _node_ports(table: Table, values: list[CellValue]) -> bool:
    """A Kind extraPortMapping's ``containerPort`` is the node's port, a NodePort (an
    ingress's 80 or 443 is then proposed as the container's port): a "container" column
    of NodePorts only, or with some in a table about Kind."""
    numbers = [port.port for value in values for port in value.ports]
    inside = [number for number in numbers if number in NODEPORT_RANGE]
    kind = any(_KIND.search(text) for text in (table.lead, *table.headings))
    return bool(inside) and (len(inside) == len(numbers) or kind)


def _kind_configs(table: Table, columns: list[Column]) -> bool:
    """A config column naming Kind configs (``kind-gateway-config.yaml``), not compose files."""
    configs = [index for index, column in enumerate(columns) if column.role is Role.CONFIG]
    cells = [row[index].text.lower() for row in table.rows for index in configs if index < len(row)]
    return any("kind" in text for text in cells)


def generic_heading(heading: str) -> bool:
    """Headings that name a kind of table, not a service: ``Port ranges``, ``Summary``,
    ``서비스 포트``; a heading without a latin letter never makes a service id."""
    plain = heading.lower()
    generic = ("port", "range", "allocation", "summary", "matrix", "overview", "table", "map")
    named = any(word in plain for word in generic) or tier_in(heading) == plain.strip()
    named_words = re.findall(r"[a-z]+", split_label(plain)[0])
    kinds = set(named_words) & _KINDS_OF_SERVICES  # "Core Infrastructure"
    return named or bool(kinds) or not re.search(r"[a-z]", plain)


# Headings that name a kind of services, not one: "Core Infrastructure", "Data Services".
_KINDS_OF_SERVICES = {"infrastructure", "services", "databases", "datastores", "stack"}
_KINDS_OF_SERVICES |= {"observability", "monitoring", "tooling", "workers", "applications"}


def is_component_table(table: Table, columns: list[Column]) -> bool:
    """Rows of components under a service's heading (``| PostgreSQL | 5488 | 30488 |``,
    ``| 4100 | API |``, ``| 4190 | Metrics |``): most row labels are well-known components
    or the roles of a service's ports."""
    first = next((i for i, column in enumerate(columns) if column.role is Role.SERVICE), None)
    if first is None:
        return False
    labels = [row[first].text for row in table.rows if first < len(row) and row[first].text]
    known = sum(1 for label in labels if component_like(label))
    return bool(labels) and known * 2 > len(labels)
