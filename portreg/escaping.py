"""One escaping rule for every text portreg prints or writes into markdown.

Registry text (notes, titles, reasons, changelog entries), file names and the names of other
users' processes reach the terminal, CI logs and pull-request comments. None of them may
start a line of its own, move the cursor, or make a CI log run a workflow command. JSON and
SARIF get that from their own string escaping; the other outputs get it from here:

- ``escape_control``: one value (a name, a message) as one line: every control character
  (ESC, line breaks, C1 controls, Unicode line separators, bidirectional overrides) written
  as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), and ``##[``, which GitHub Actions
  reads as a workflow command anywhere in a line (the runner's older syntax), written
  ``##\\u005b``: the same text to a reader of JSON, YAML, Go or Python strings.
- ``terminal_line`` / ``terminal_text``: a whole output line (or several) for a terminal or
  a CI log: as ``escape_control`` but the tab kept, and a ``::`` that starts the line
  (after white space, which the runner skips: the workflow command syntax) written
  ``\\x3a:``.
- ``json_text``: JSON text whose strings hold only what prints safely, the same JSON to
  a reader; ``yaml_quoted``: any text as a YAML double-quoted scalar, the same way.
- ``github_data`` / ``github_property``: the parts of an annotation, escaped as GitHub
  documents them (``%``, CR and LF as ``%25``, ``%0D``, ``%0A``; in properties also ``:``
  and ``,``), other control characters as in ``escape_control``.
- ``markdown_inline``: registry prose for a markdown table cell or list item: its inline
  markdown (code spans, emphasis, links) kept, raw HTML and line breaks refused.
  ``markdown_literal``: a name shown exactly as written, every markdown mark escaped.
"""

from __future__ import annotations

import re

# Characters that could break a line or fool a terminal: C0 and C1 controls, Unicode line
# separators, the bidirectional controls that make a line read unlike what it holds, and the
# lone surrogates that stand for bytes of a name that is not UTF-8.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
# The same but the tab: a whole line (a diff of a Makefile) keeps its tabs.
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE = re.compile("[\udc80-\udcff]")
# What json.dumps(ensure_ascii=False) leaves raw (it escapes only C0 controls).
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")

# What the GitHub Actions runner reads as a workflow command: a line that starts with "::"
# once leading white space is trimmed, or "##[" anywhere (its first syntax, still parsed;
# ActionCommand.TryParseV2 and TryParse in the actions/runner sources).
_LEADING_COMMAND = re.compile(r"^(\s*):(?=:)")
_OLD_COMMAND = "##["
_OLD_COMMAND_ESCAPED = "##\\u005b"


def escape_control(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``) and
    ``##[`` as ``##\\u005b``, so that a file name cannot print a line that looks like a
    finding of its own, nor make a CI log run a command."""
    return _UNSAFE.sub(_escape, text).replace(_OLD_COMMAND, _OLD_COMMAND_ESCAPED)


def terminal_line(line: str) -> str:
    """One line of output, safe for a terminal and a CI log: as ``escape_control`` but the
    tab kept, and a leading ``::`` written ``\\x3a:``."""
    line = _UNSAFE_IN_LINE.sub(_escape, line).replace(_OLD_COMMAND, _OLD_COMMAND_ESCAPED)
    return _LEADING_COMMAND.sub(r"\1\\x3a", line)


def terminal_text(text: str) -> str:
    """Several lines of output, each made safe by ``terminal_line``; line ends are kept."""
    return "\n".join(terminal_line(line) for line in text.split("\n"))


def surrogates_escaped(text: str) -> str:
    """``text`` with the lone surrogates that stand for the bytes of a name that is not
    UTF-8 written ``\\xff``, as the text format shows them: a JSON string holding one
    would be no valid Unicode."""
    return _SURROGATE.sub(_escape, text)


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps``) made as safe to print as the other outputs, with the
    same meaning to any JSON reader: what JSON leaves raw in a string and a terminal or a
    log reads (DEL, C1 controls, line separators, bidirectional controls, lone surrogates)
    written as ``\\uXXXX``, and ``##[`` as ``##\\u005b``. (Such characters can only occur
    inside a JSON string.)"""
    escaped = _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return escaped.replace(_OLD_COMMAND, _OLD_COMMAND_ESCAPED)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as ``text`` (a JSON string is
    one, once ``json_text`` escapes what YAML would read as a line break or refuse)."""
    import json

    return json_text(json.dumps(text, ensure_ascii=False))


def github_data(text: str) -> str:
    """An annotation's message, escaped as GitHub documents it (``%``, CR, LF), with the
    other control characters written as escapes. (A ``##[`` in it is only text: the line
    is a command already.)"""
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNSAFE.sub(_escape, encoded)


def github_property(text: str) -> str:
    """An annotation's property value (file, title): as ``github_data``, and ``:`` and
    ``,``, which end a property, as ``%3A`` and ``%2C``."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# A text that starts like a block (heading, quote, list item, fence, thematic break) would
# make a list item more than one line of text; its first character is escaped. (A fence of
# backticks opens no code span, so its backticks are escaped already.)
# A text of dashes (stars, underscores) alone is escaped at any length: after a list
# item's "- " even "--" is a thematic break.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|~{3}|(?:[-*_]\s*)+$|::)")
# "1. " and "2) " start an ordered list: escaping the digit would show the backslash.
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# A table cell ends at a "|" that no backslash escapes; GitHub's table parser pairs each
# backslash with the next character, so backslashes right before a "|" are doubled first.
_PIPE = re.compile(r"(\\*)\|")
_LITERAL_MARKS = re.compile(r"([\\`*_\[\]<>|&])")


def markdown_inline(text: str) -> str:
    """Registry prose as one line of markdown for a table cell or a list item.

    Code spans, emphasis, links and backslash escapes are kept. Line breaks become spaces,
    ``|`` is escaped (a table cell ends there otherwise), ``<`` outside code spans becomes
    ``&lt;`` (no raw HTML, no comment that hides the rest of the page), a backtick that
    opens no code span is escaped, a block mark at the start is escaped, control
    characters are written as escapes, and ``##[`` is written ``##\\[`` (inside a code span
    the backslash shows: no escape works there).
    """
    return _finish(_inline(_UNSAFE.sub(_escape, " ".join(text.split()))))


def markdown_literal(text: str) -> str:
    """A name or any text to be shown exactly as written, as one line of markdown: every
    character markdown could read as markup is escaped."""
    return _finish(_LITERAL_MARKS.sub(r"\\\1", _UNSAFE.sub(_escape, " ".join(text.split()))))


def _inline(text: str) -> str:
    """One line of prose with its code spans found as CommonMark finds them: a run of
    backticks (not backslash-escaped) up to the next run of the same length."""
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\":  # an escape pair stays as it is: "\\<" is a literal "<"
            pair = text[position : position + 2]
            out.append("\\|" if pair == "\\|" else pair)
            position += len(pair)
        elif char == "`":
            run = len(text) - position - len(text[position:].lstrip("`"))
            closing = re.compile(f"(?<!`)`{{{run}}}(?!`)").search(text, position + run)
            if closing is None:  # no code span: the backticks are literal
                out.append("\\`" * run)
                position += run
            else:
                out.append(_PIPE.sub(_escaped_pipe, text[position : closing.end()]))
                position = closing.end()
        else:
            out.append({"|": "\\|", "<": "&lt;"}.get(char, char))
            position += 1
    return "".join(out).replace(_OLD_COMMAND, "##\\[")


def _escaped_pipe(match: re.Match[str]) -> str:
    return match.group(1) * 2 + "\\|"


def _finish(text: str) -> str:
    """Escape a block mark (or a workflow command's ``::``) at the start, and a lone
    backslash at the end, which would escape what follows the text (a cell's ``|``)."""
    if _BLOCK_START.match(text):
        text = "\\" + text
    text = _ORDERED_START.sub(r"\1\\\2", text)
    trailing = len(text) - len(text.rstrip("\\"))
    return text + "\\" if trailing % 2 else text


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
