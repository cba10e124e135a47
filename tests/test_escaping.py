"""The one escaping rule for text output (portreg/escaping.py), as properties over any text:
what the GitHub runner would read as a workflow command, what a terminal would act on, and
what markdown would read as a new row, a new block or raw HTML."""

from __future__ import annotations

import json
import re

from helpers import runner_reads_a_command
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_tables import bare_pipes

from portreg.escaping import (
    escape_control,
    github_data,
    github_property,
    json_text,
    markdown_inline,
    markdown_literal,
    terminal_line,
    terminal_text,
)

# Pieces that break outputs, mixed with any character at all.
NASTY = [
    "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x1b[2J", "\x07", "\x85", "\x9b", "\u2028",
    "\u2029", "\u202e", "\u2066", "\udc80", "::", "::error::", "::error file=a,line=1::x",
    "##[", "##[error]", "%", "%0A", ":", ",", "|", "\\", "\\|", "`", "``", "```", "~~~",
    "<", ">", "<script>", "<!--", "&lt;", "#", "# ", "- ", "* ", "+ ", "> ", "1. ", "---",
    "***", "_", "*", "[", "]", "(", ")", "[a](b)", "**b**", " ", "  ", "x", "é", "ß", "🙂",
]  # fmt: skip
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.characters()), max_size=24).map("".join)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")


@settings(max_examples=400)
@given(TEXT)
def test_a_value_is_one_printable_line(text: str) -> None:
    escaped = escape_control(text)
    assert not CONTROL.search(escaped) and not SURROGATE.search(escaped)
    assert "##[" not in escaped
    assert escaped.splitlines() in ([], [escaped])
    assert escape_control(escaped) == escaped  # nothing left to escape a second time


@settings(max_examples=400)
@given(TEXT)
def test_a_terminal_line_runs_no_command_and_moves_no_cursor(text: str) -> None:
    line = terminal_line(text)
    assert not runner_reads_a_command(line)
    assert not CONTROL.search(line.replace("\t", "")) and not SURROGATE.search(line)
    assert line.splitlines() in ([], [line])


@settings(max_examples=300)
@given(st.lists(TEXT, max_size=5))
def test_terminal_text_keeps_its_lines_and_makes_each_safe(lines: list[str]) -> None:
    lines = [line.replace("\n", " ") for line in lines]
    shown = terminal_text("\n".join(lines))
    assert shown.split("\n") == [terminal_line(line) for line in lines] or not lines
    assert not any(runner_reads_a_command(line) for line in shown.split("\n"))


def test_terminal_lines_keep_plain_text_and_tabs() -> None:
    assert terminal_line("registry/ports.yaml:3:7: error PR201 x") == (
        "registry/ports.yaml:3:7: error PR201 x"
    )
    assert terminal_line("+\tgo test ./...") == "+\tgo test ./..."
    assert terminal_line("  ::error::PWN") == "  \\x3a:error::PWN"
    assert terminal_line("note: ##[error]x") == "note: ##\\u005berror]x"
    assert terminal_line("a\x1b[2Jb\r") == "a\\x1b[2Jb\\r"


@settings(max_examples=150)
@given(
    st.recursive(
        TEXT,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=6,
    )
)
def test_json_text_is_the_same_json_without_the_old_command_mark(value: object) -> None:
    text = json_text(json.dumps(value, ensure_ascii=False))
    assert "##[" not in text and not CONTROL.search(text) and not SURROGATE.search(text)
    assert json.loads(text) == value


def unescape_github(text: str, property_value: bool) -> str:
    """The runner's own unescaping (ActionCommand.UnescapeData / UnescapeProperty)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if property_value:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, plain in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, plain)
    return text


@settings(max_examples=300)
@given(TEXT)
def test_github_annotations_round_trip_through_the_runners_unescaping(text: str) -> None:
    data, prop = github_data(text), github_property(text)
    assert "\n" not in data + prop and "\r" not in data + prop
    assert ":" not in prop and "," not in prop
    plain = CONTROL.sub("", SURROGATE.sub("", text.replace("\r", "").replace("\n", "")))
    if plain == text.replace("\r", "").replace("\n", ""):  # no other control character
        assert unescape_github(data, False) == text
        assert unescape_github(prop, True) == text


def test_github_annotation_escapes_as_documented() -> None:
    assert github_data("50%\r\ndone") == "50%25%0D%0Adone"
    assert github_property("a:b,c") == "a%3Ab%2Cc"
    assert github_data("a\x1b[31mb") == "a\\x1b[31mb"


MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_tokens(markdown: str) -> list[str]:
    types = []
    for token in MARKDOWN.parse(markdown):
        types.append(token.type)
        types.extend(child.type for child in token.children or [])
    return types


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_inline_stays_in_its_table_cell(text: str) -> None:
    cell = markdown_inline(text)
    assert "\n" not in cell and "\r" not in cell and bare_pipes(cell) == 0
    assert not runner_reads_a_command(cell)
    table = f"| a | b |\n|---|---|\n| {cell} | end |\n"
    types = _inline_tokens(table)
    assert types.count("tr_open") == 2 and types.count("td_open") == 2
    assert "html_inline" not in types and "html_block" not in types
    assert MARKDOWN.render(table).count("<td>end</td>") == 1


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT)
def test_markdown_inline_stays_in_its_list_item(first: str, second: str) -> None:
    items = f"- {markdown_inline(first)}\n- {markdown_inline(second)}\n"
    types = _inline_tokens(items)
    # Two items of one paragraph (or nothing) each: no heading, quote, list, fence or rule.
    blocks = [token.type for token in MARKDOWN.parse(items) if token.nesting >= 0]
    assert blocks.count("list_item_open") == 2
    assert set(blocks) <= {"bullet_list_open", "list_item_open", "paragraph_open", "inline"}
    assert "html_inline" not in types and "html_block" not in types


def test_markdown_inline_keeps_the_registrys_inline_markdown() -> None:
    note = "see `docker run -p <port>` and **PR 12** in [the doc](https://example.com/a_b)"
    assert markdown_inline(note) == note
    assert markdown_inline("a <b>bold</b> move") == "a &lt;b>bold&lt;/b> move"
    assert markdown_inline("one\ntwo  |  three") == "one two \\| three"
    assert markdown_inline("`a|b`") == "`a\\|b`"
    assert markdown_inline("# not a heading") == "\\# not a heading"
    assert markdown_inline("1. first") == "1\\. first"
    assert markdown_inline("`unclosed <x>") == "\\`unclosed &lt;x>"


def _rendered_text(markdown: str) -> str:
    tokens = MARKDOWN.parse(markdown)
    return "".join(
        child.content
        for token in tokens
        for child in token.children or []
        if child.type in ("text", "code_inline")
    )


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_literal_shows_the_text_as_written(text: str) -> None:
    literal = markdown_literal(text)
    flat = " ".join(escape_control(" ".join(text.split())).split()).replace("##\\u005b", "##[")
    assert _rendered_text(literal).strip() == flat.strip()
    assert not runner_reads_a_command(literal)
