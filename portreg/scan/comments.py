"""Whether a place in a file is code, a comment or documentation, per language.

A hand tokenizer per file kind (Go and the other `//` languages, Python, shell, YAML,
Makefile, Dockerfile, configuration files, markdown)
rather than tree-sitter grammars: only the lines holding a port are ever looked at (a few
per thousand), and for those a left-to-right walk over one line, plus a count of the
multi-line openers before it (``/*``, triple quotes, backticks), says all a reviewer needs.
Parsing whole files with a grammar would cost more than the scan itself and bring a
compiled dependency per language.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable


class Kind(enum.Enum):
    GO = "go"
    PYTHON = "python"
    SHELL = "shell"  # also .env files and Dockerfiles: '#' comments, quotes
    YAML = "yaml"
    MAKEFILE = "makefile"
    MARKDOWN = "markdown"
    # `//` and `/* */` comments, strings in quotes or backticks: JavaScript, TypeScript,
    # Java, Kotlin, Rust, C, CSS and their kin (read like Go).
    C_LIKE = "c-like"
    # Configuration files: TOML, INI, nginx, properties. '#' at a word start, ';' at a line
    # start (INI), quotes.
    CONFIG = "config"
    OTHER = "other"


class Place(enum.Enum):
    CODE = "code"  # including string literals: a URL in a string is code
    COMMENT = "comment"  # comments and docstrings
    DOC = "doc"  # prose files (markdown)


_SUFFIXES = {
    ".go": Kind.GO,
    ".py": Kind.PYTHON,
    ".pyi": Kind.PYTHON,
    ".sh": Kind.SHELL,
    ".bash": Kind.SHELL,
    ".zsh": Kind.SHELL,
    ".env": Kind.SHELL,
    ".envrc": Kind.SHELL,
    ".yml": Kind.YAML,
    ".yaml": Kind.YAML,
    ".mk": Kind.MAKEFILE,
    ".md": Kind.MARKDOWN,
    ".markdown": Kind.MARKDOWN,
    ".rst": Kind.MARKDOWN,
    **dict.fromkeys(
        (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".java", ".kt", ".kts"),
        Kind.C_LIKE,
    ),
    **dict.fromkeys(
        (".rs", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".swift", ".scala", ".groovy"),
        Kind.C_LIKE,
    ),
    **dict.fromkeys((".gradle", ".proto", ".css", ".scss", ".less", ".jsonc"), Kind.C_LIKE),
    **dict.fromkeys((".toml", ".ini", ".cfg", ".conf", ".cnf", ".properties"), Kind.CONFIG),
}
_NAMES = {
    "makefile": Kind.MAKEFILE,
    "gnumakefile": Kind.MAKEFILE,
    "dockerfile": Kind.SHELL,
    "containerfile": Kind.SHELL,
    ".env": Kind.SHELL,
}


def is_dockerfile(path: str) -> bool:
    """``Dockerfile``, ``Dockerfile.e2e``, ``Containerfile``, ``api.dockerfile``."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.startswith(("dockerfile", "containerfile")) or name.endswith(
        (".dockerfile", ".containerfile")
    )


def kind_of(path: str) -> Kind:
    """The file kind from its name: ``a/b.go`` is Go, ``Makefile`` a Makefile."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in _NAMES:
        return _NAMES[name]
    if name.startswith(".env."):  # .env.test, .env.example: the syntax of .env
        return Kind.SHELL
    if is_dockerfile(path):
        return Kind.SHELL
    dot = name.rfind(".")
    if dot > 0:
        return _SUFFIXES.get(name[dot:], Kind.OTHER)
    return Kind.OTHER


def place_of(
    data: bytes,
    line_start: int,
    offset: int,
    kind: Kind,
    backticks: Callable[[int], int] | None = None,
) -> Place:
    """Whether the byte at ``offset`` (on the line starting at ``line_start``) is in code,
    a comment or a prose document; ``backticks`` says how many come before an offset (the
    caller's, when it keeps them), else they are counted."""
    if kind is Kind.MARKDOWN:
        return Place.DOC
    if kind is Kind.OTHER:
        return Place.CODE
    # Multi-line constructs are looked for only before the line (most hits are near the top
    # of their file, and most files have none).
    slashes = kind in (Kind.GO, Kind.C_LIKE)
    if slashes:
        if _in_block_comment(data, line_start):
            return Place.COMMENT
        before = backticks(line_start) if backticks else data.count(b"`", 0, line_start)
        if before % 2:
            return Place.CODE  # inside a raw string literal
    if kind is Kind.PYTHON:
        docstring = _in_docstring(data, line_start)
        if docstring is not None:
            return Place.COMMENT if docstring else Place.CODE
    text = data[line_start:offset]
    if kind is Kind.CONFIG and text.lstrip(b" \t").startswith(b";"):
        return Place.COMMENT  # an INI comment
    # Most lines hold no comment marker at all: no need to walk them.
    if (b"/" if slashes else b"#") not in text and not (
        kind is Kind.PYTHON and (b'"""' in text or b"'''" in text)
    ):
        return Place.CODE
    return _walk_line(text, kind)


# How far back a block comment's opener is looked for: one longer than this is read as code
# (looking further would cost a search through the whole file for each hit).
BLOCK_COMMENT_REACH = 8192


def _in_block_comment(data: bytes, line_start: int) -> bool:
    reach = max(0, line_start - BLOCK_COMMENT_REACH)
    opened = data.rfind(b"/*", reach, line_start)
    if opened < 0 or data.rfind(b"*/", opened, line_start) > opened:
        return False
    # "/*" inside a string or a // comment ("vendor/**") opens nothing.
    opener_line = data.rfind(b"\n", 0, opened) + 1
    return _walk_line(data[opener_line:opened], Kind.GO) is Place.CODE and not _in_string(
        data[opener_line:opened], Kind.GO
    )


def _in_docstring(data: bytes, line_start: int) -> bool | None:
    """None outside triple quotes; True inside a docstring, False inside a string value."""
    for quote in (b'"""', b"'''"):
        if data.count(quote, 0, line_start) % 2:
            opened = data.rfind(quote, 0, line_start)
            opener_line = data.rfind(b"\n", 0, opened) + 1
            # A docstring is a statement of its own: nothing but indentation before it.
            return not data[opener_line:opened].strip(b" \t").rstrip(b"rRbBuUfF")
    return None


_LINE_DOCSTRING = re.compile(rb"""^[ \t]*[rRuUbBfF]?("{3}|'{3})""")


def _walk_line(text: bytes, kind: Kind) -> Place:
    """Whether the end of ``text`` (a line up to the number) is inside a comment."""
    if kind is Kind.PYTHON and _LINE_DOCSTRING.match(text):
        opener = _LINE_DOCSTRING.match(text)
        assert opener is not None
        if text.count(opener.group(1)) % 2:  # still open on this line: a docstring
            return Place.COMMENT
    slashes = kind in (Kind.GO, Kind.C_LIKE)
    quote = 0
    index, length = 0, len(text)
    previous = 32  # a space: '#' at the start of a line opens a comment
    while index < length:
        char = text[index]
        if quote:
            if char == 92 and kind is not Kind.YAML:  # backslash escapes the next byte
                index += 2
                continue
            if char == quote:
                quote = 0
        elif char in (34, 39) and not (_PROSE_QUOTES[kind] and _is_word(previous)):
            quote = char  # in YAML and shell, "it's" opens no string
        elif slashes and char == 96:
            quote = char
        elif slashes:
            if char == 47 and text[index + 1 : index + 2] in (b"/", b"*"):
                return Place.COMMENT
        elif char == 35:  # '#'
            if kind is Kind.MAKEFILE:
                if previous != 92:  # \# is a literal hash in make
                    return Place.COMMENT
            elif kind in (Kind.SHELL, Kind.YAML, Kind.CONFIG):
                if previous in (32, 9):  # a word start: "a#b" is not a comment in sh/YAML
                    return Place.COMMENT
            else:  # Python
                return Place.COMMENT
        previous = char
        index += 1
    return Place.CODE


_PROSE_QUOTES = {kind: kind in (Kind.YAML, Kind.SHELL, Kind.MAKEFILE, Kind.CONFIG) for kind in Kind}


def _is_word(char: int) -> bool:
    return 48 <= char <= 57 or 65 <= char <= 90 or 97 <= char <= 122


def _in_string(text: bytes, kind: Kind) -> bool:
    quote = 0
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == 92:
                index += 2
                continue
            if char == quote:
                quote = 0
        elif char in (34, 96):
            quote = char
        index += 1
    return bool(quote)
