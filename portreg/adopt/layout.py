"""The layout of one table: what its columns hold once their cells are seen, its tier, and
whether its rows are a service's components."""

from __future__ import annotations

from portreg.adopt.cells import read_cell
from portreg.adopt.columns import Column, Role, classify
from portreg.adopt.markdown import Table
from portreg.adopt.names import DEFAULT_TIER, known_component, tier_in


def table_columns(table: Table) -> list[Column]:
    """The header's columns, corrected by what their cells hold: a column of one number on
    every row is the component's container port (``Metrics: 9090``), not an allocation; a
    column named like a component but holding no port is a label."""
    columns = [classify(cell.text) for cell in table.header]
    for index, column in enumerate(columns):
        cells = [row[index].text for row in table.rows if index < len(row)]
        values = [read_cell(text) for text in cells]
        said = [value for value in values if not value.empty]
        if column.role is Role.HOST and column.component is not None and column.tier is None:
            numbers = [tuple(port.port for port in value.ports) for value in said]
            if said and not any(numbers):
                columns[index] = Column(Role.NOTE, column.header)
            elif len(numbers) >= 3 and len(set(numbers)) == 1 and len(numbers[0]) == 1:
                columns[index] = Column(Role.CONTAINER, column.header, column.component)
    if not any(column.role in (Role.SERVICE, Role.COMPONENT, Role.CLUSTER) for column in columns):
        for index, column in enumerate(columns):
            if column.role is Role.NOTE:  # "| 8080 | metrics (Prometheus) |": the label
                columns[index] = Column(Role.COMPONENT, column.header)
                break
    return columns


def context_tier(table: Table, columns: list[Column]) -> str:
    """The tier of a table's rows: its lead paragraph or nearest heading that names one, a
    Kind table's ``e2e``, else the default."""
    for text in (table.lead, *reversed(table.headings)):
        tier = tier_in(text) if text else None
        if tier is not None:
            return tier
    if any(column.role in (Role.NODE, Role.CLUSTER, Role.CONFIG) for column in columns):
        return "e2e"
    return DEFAULT_TIER


def generic_heading(heading: str) -> bool:
    """Headings that name a kind of table, not a service: ``Port ranges``, ``Summary``."""
    plain = heading.lower()
    generic = ("port", "range", "allocation", "summary", "matrix", "overview", "table", "map")
    return any(word in plain for word in generic) or tier_in(heading) == plain.strip()


def is_component_table(table: Table, columns: list[Column]) -> bool:
    """Rows of components under a service's heading (``| PostgreSQL | 5488 | 30488 |``):
    most row labels are well-known components."""
    labels = [row[0].text for row in table.rows if row]
    known = sum(1 for label in labels if known_component(label))
    return bool(labels) and known * 2 > len(labels) and columns[0].role is Role.SERVICE
