"""Read generated markdown back with a real CommonMark + GFM-tables parser (markdown-it-py)."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass
class Table:
    heading: str  # the nearest heading above the table
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]

    def row(self, first_cell: str) -> dict[str, str]:
        for row in self.rows:
            if row[0] == first_cell:
                return dict(zip(self.header, row, strict=True))
        raise KeyError(f"no row {first_cell!r} in table under {self.heading!r}: {self.rows}")


def _cell_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
    return "".join(parts).strip()


def parse(markdown: str) -> tuple[list[Table], list[str]]:
    """Every table (with the heading above it) and every heading of the document."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[Table] = []
    headings: list[str] = []
    heading = ""
    current: Table | None = None
    row: list[str] | None = None
    in_header = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
            headings.append(heading)
        elif token.type == "table_open":
            current = Table(heading, [], [])
        elif token.type == "thead_open":
            in_header = True
        elif token.type == "thead_close":
            in_header = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_cell_text(token))
        elif token.type == "tr_close" and current is not None and row is not None:
            if in_header:
                current.header = row
            else:
                current.rows.append(row)
            row = None
        elif token.type == "table_close" and current is not None:
            tables.append(current)
            current = None
    return tables, headings


def tables_under(markdown: str, heading: str) -> list[Table]:
    return [table for table in parse(markdown)[0] if table.heading == heading]


def bare_pipes(line: str) -> int:
    """The pipes that end a cell, as GitHub reads a table row: a backslash escapes the
    character after it."""
    bare, position = 0, 0
    while position < len(line):
        if line[position] == "\\":
            position += 2
            continue
        bare += line[position] == "|"
        position += 1
    return bare
