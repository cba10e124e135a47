"""YAML syntax errors said the way a person fixes them: what is wrong, where, and what to do.

PyYAML reports where its parser gave up, in its own terms ("found character that cannot
start any token", "did not find expected key"), often a line after the mistake. Here the
error and the text are read together to name the usual mistakes in a registry file (a tab,
an indentation off by one, a key without its colon, a quote or bracket left open) at the
line that has them. Anything else keeps PyYAML's words and place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_KEY_WITHOUT_COLON = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[A-Za-z0-9_.\-]+)(?P<rest>[^:]*)$")
_CLOSERS = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Explanation:
    """A message (without the "not valid YAML: " prefix) and its 1-based line and column."""

    message: str
    line: int
    column: int


def explain(text: str, error: Any) -> Explanation:
    """Explain a ``yaml.MarkedYAMLError`` raised while composing ``text``."""
    lines = text.split("\n")
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context_mark = error.context_mark
    if "another document" in problem:
        return Explanation(
            "a second YAML document starts here: a registry file holds one; remove the "
            "'---' line (or make it a file of its own)",
            line,
            column,
        )
    for explainer in (
        _tab,
        _unclosed_quote,
        _unclosed_bracket,
        _stray_closer,
        _missing_colon,
        _list_item_indent,
        _indentation,
    ):
        found = explainer(lines, problem, context, line, column, context_mark)
        if found is not None:
            return found
    return Explanation(problem or context or "not valid YAML", line, column)


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _tab(lines: list[str], problem: str, *_: Any) -> Explanation | None:
    """A tab where YAML wants spaces: the first line indented with one."""
    if "cannot start any token" not in problem and "tab" not in problem:
        return None
    for number, text in enumerate(lines, start=1):
        stripped = text.lstrip(" ")
        if stripped.startswith("\t"):
            return Explanation(
                "a tab indents this line, and YAML indents with spaces only: "
                "replace the tab with spaces",
                number,
                len(text) - len(stripped) + 1,
            )
    return None


def _open_quote(text: str) -> int | None:
    """The 0-based column of a quote that starts a value on this line and does not end on
    it, or None."""
    match = re.match(r"^ *(?:- +)?(?:[^\s:'\"#][^:#]*: +|- +)?(?P<quote>['\"])", text)
    if not match:
        return None
    quote = match["quote"]
    start = match.start("quote")
    rest = text[start + 1 :]
    if quote == '"':
        rest = re.sub(r"\\.", "", rest)
        closed = '"' in rest
    else:
        closed = "'" in rest.replace("''", "")
    return None if closed else start


def _unclosed_quote(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    if "quoted scalar" in context and context_mark is not None:
        number, start = context_mark.line + 1, context_mark.column
    else:
        # A double-quoted value running into the next lines ends in "expected key" far below.
        if "expected key" not in problem and "end of stream" not in problem:
            return None
        found = next(
            (
                (number, start)
                for number in range(1, line + 1)
                if (start := _open_quote(_line(lines, number))) is not None
            ),
            None,
        )
        if found is None:
            return None
        number, start = found
    quote = _line(lines, number)[start : start + 1] or '"'
    return Explanation(
        f"the quote {quote} opened here is never closed: end the value with {quote} on this line",
        number,
        start + 1,
    )


def _unclosed_bracket(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    if "flow sequence" not in context and "flow mapping" not in context:
        return None
    if context_mark is None:
        return None
    number, start = context_mark.line + 1, context_mark.column
    opener = _line(lines, number)[start : start + 1] or ("[" if "sequence" in context else "{")
    closer = _CLOSERS.get(opener, "]")
    return Explanation(
        f"the {opener} opened here is not closed: add {closer} at the end of the "
        f"{'list' if opener == '[' else 'mapping'} (or a comma between its items)",
        number,
        start + 1,
    )


def _stray_closer(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    character = _line(lines, line)[column - 1 : column]
    if character not in ("]", "}") or "expected" not in problem:
        return None
    return Explanation(
        f"this {character} closes nothing that is open: remove it, or add the "
        f"{'[' if character == ']' else '{'} it should close",
        line,
        column,
    )


def _missing_colon(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    if "could not find expected ':'" in problem and context_mark is not None:
        number = context_mark.line + 1
    elif "mapping values are not allowed" in problem:
        # The parser stops at the colon of the next key: the key without its colon is the
        # nearest line above that is not blank or a comment.
        number = _code_line_above(lines, line)
    elif "expected key" in problem and "block mapping" in context:
        # After a comment, the parser stops at the next key instead, which then looks
        # wrongly indented: blame a line above at the same indentation that has no colon.
        number = _code_line_above(lines, line)
        if _indent(_line(lines, number)) != _indent(_line(lines, line)):
            return None
    else:
        return None
    text = _line(lines, number)
    if ":" in text.split(" #")[0]:
        return None
    match = _KEY_WITHOUT_COLON.match(text.split(" #")[0].rstrip())
    if not match:
        return None
    key = match["key"]
    rest = match["rest"].strip()
    suggestion = f"{key}: {rest}" if rest else f"{key}:"
    return Explanation(
        f"{key!r} has no ':' after it, so YAML reads it as text, not as a key: "
        f"write `{suggestion}`",
        number,
        len(match["indent"]) + text.strip().find(key) + 1,
    )


def _code_line_above(lines: list[str], line: int) -> int:
    """The nearest line above ``line`` that is neither blank nor a comment (0 if none)."""
    number = line - 1
    while number > 0 and (
        not _line(lines, number).strip() or _line(lines, number).lstrip().startswith("#")
    ):
        number -= 1
    return number


def _list_item_indent(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    if "expected '-' indicator" not in problem or context_mark is None:
        return None
    return Explanation(
        f"this line is at the indentation of the list items above it (line "
        f"{context_mark.line + 1}), but does not start with '- ': indent it under the item "
        "it belongs to, or start a new item with '- '",
        line,
        column,
    )


def _indentation(
    lines: list[str], problem: str, context: str, line: int, column: int, context_mark: Any
) -> Explanation | None:
    text = _line(lines, line)
    if "expected key" in problem and "block mapping" in context and context_mark is not None:
        expected = context_mark.column
        owner = context_mark.line + 1
    elif "expected <document start>" in problem:
        first = next((n for n in range(1, line) if _line(lines, n).strip()), 1)
        return Explanation(
            f"line {first} is indented by {_indent(_line(lines, first))}, and this line by "
            f"{_indent(text)}: top-level keys start in the first column, indent them alike",
            line,
            column,
        )
    else:
        return None
    actual = _indent(text)
    if actual == expected:
        return None
    spaces = "space" if actual == 1 else "spaces"
    return Explanation(
        f"this line is indented by {actual} {spaces}, but the keys of its mapping (line "
        f"{owner}) are indented by {expected}: indent keys of one mapping alike, with spaces",
        line,
        actual + 1,
    )
