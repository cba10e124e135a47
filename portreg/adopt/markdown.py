"""A markdown document as its tables and text blocks, each with its place, read by a real
CommonMark + GFM parser (markdown-it-py), never by regexes over raw lines.

A table comes with the headings above it (nearest last) and the paragraph just before it
(``**KA dependencies** (in its own Kind cluster):`` often names what a table is about);
each cell with its text (markup removed), whether it is struck through, and its line and
column in the file. A paragraph comes with its headings, and, in a list, its nesting, the
item it is nested in (``- Kafka`` for ``  - 9092``) and the paragraph before its list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # 1-based
    column: int  # 1-based
    struck: bool = False  # the whole cell is ~~struck through~~


@dataclass
class Table:
    header: list[Cell]
    rows: list[list[Cell]]
    headings: list[str]  # the section headings above the table, outermost first
    lead: str  # the paragraph just before the table in its section, or ""
    line: int
    lead_title: str = ""  # the lead's opening **bold** words: "**KA dependencies** (...):"


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item outside tables, with the headings above it."""

    text: str
    line: int
    headings: tuple[str, ...]
    depth: int = 0  # list nesting: 0 outside lists, 1 in a top-level item, 2 nested ...
    parent: str = ""  # a nested item's: the text its parent item opens with
    lead: str = ""  # an item's: the paragraph just before its list ("**Test ports**:")


@dataclass
class Document:
    title: str | None = None
    tables: list[Table] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def parse(text: str) -> Document:
    """The tables and text blocks of a markdown document."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = parser.parse(text)
    lines = text.splitlines()
    document = Document()
    headings: list[tuple[int, str]] = []  # (level, text)
    lead = lead_title = list_lead = ""
    index = 0
    items: list[str] = []  # the open list items, each with its first paragraph's text
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            title = inline_text(tokens[index + 1])
            headings = [h for h in headings if h[0] < level] + [(level, title)]
            if document.title is None and level == 1:
                document.title = title
            lead = lead_title = ""
        elif token.type in ("bullet_list_open", "ordered_list_open") and not items:
            list_lead = lead  # every item of the list has it, the later ones too
        elif token.type == "list_item_open":
            items.append("")
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "paragraph_open" and token.map is not None:
            paragraph = inline_text(tokens[index + 1])
            titles = tuple(title for _, title in headings)
            parent = items[-2] if len(items) > 1 else ""
            line = token.map[0] + 1
            item_lead = list_lead if items else ""
            document.blocks.append(Block(paragraph, line, titles, len(items), parent, item_lead))
            if items and not items[-1]:
                items[-1] = paragraph
            lead = "" if items else paragraph
            lead_title = "" if items else _opening_bold(tokens[index + 1])
        elif token.type == "table_open" and token.map is not None:
            table, index = _table(tokens, index, lines)
            table.headings = [title for _, title in headings]
            table.lead, table.lead_title = lead, lead_title
            document.tables.append(table)
            lead = lead_title = ""
        elif token.type in ("fence", "code_block", "hr"):
            lead = lead_title = ""
        index += 1
    return document


def _table(tokens: list[Token], start: int, lines: list[str]) -> tuple[Table, int]:
    start_map = tokens[start].map
    table = Table([], [], [], "", start_map[0] + 1 if start_map else 1)
    row: list[Cell] = []
    row_line = 0
    in_header = False
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token.type == "thead_open":
            in_header = True
        elif token.type == "thead_close":
            in_header = False
        elif token.type == "tr_open" and token.map:
            row, row_line = [], token.map[0]
        elif token.type == "inline":
            columns = cell_columns(lines[row_line] if row_line < len(lines) else "")
            column = columns[len(row)] if len(row) < len(columns) else 1
            row.append(Cell(inline_text(token), row_line + 1, column, _struck(token)))
        elif token.type == "tr_close":
            if in_header:
                table.header = row
            else:
                table.rows.append(row)
        elif token.type == "table_close":
            return table, index
        index += 1
    return table, index


def inline_text(token: Token) -> str:
    """The text of an inline token, markup removed (code spans keep their content)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content.lower().startswith("<br")
        ):
            parts.append(" ")
    return " ".join("".join(parts).replace("\xa0", " ").split())


def _opening_bold(token: Token) -> str:
    """The text of the strong emphasis a paragraph opens with, or ""."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if not children or children[0].type != "strong_open":
        return ""
    parts: list[str] = []
    for child in children[1:]:
        if child.type == "strong_close":
            return " ".join("".join(parts).split())
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
    return ""


def _struck(token: Token) -> bool:
    """The whole cell is struck through: ``~~15471~~`` (a retired row)."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if not children or children[0].type != "s_open":
        return False
    depth = 0
    for position, child in enumerate(children):
        depth += {"s_open": 1, "s_close": -1}.get(child.type, 0)
        if depth == 0:
            return position == len(children) - 1
    return False


def cell_columns(line: str) -> list[int]:
    """The 1-based column where each cell's text starts on a table row's line."""
    columns: list[int] = []
    start: int | None = 0
    escaped = False
    stripped = line.lstrip()
    offset = len(line) - len(stripped)
    if stripped.startswith("|"):
        offset += 1
    position = offset
    start = offset
    for position in range(offset, len(line)):
        character = line[position]
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "|":
            columns.append(_first_text(line, start, position))
            start = position + 1
    if start < len(line) and line[start:].strip():
        columns.append(_first_text(line, start, len(line)))
    return columns


def _first_text(line: str, start: int, end: int) -> int:
    for position in range(start, end):
        if not line[position].isspace():
            return position + 1
    return start + 1
