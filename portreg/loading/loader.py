"""Read one registry file into plain Python data, keeping the place of every value.

Safe by construction: the YAML is only *composed* into nodes (``compose``: no object is ever
built from a tag, and what could exhaust the machine is refused first), then walked here.
The walk is also where YAML 1.1's traps are caught: PyYAML reads ``015433`` as octal,
``16:38`` as 998 and ``yes`` as true, none of which anyone means in a port table. Such
scalars stay text and carry a hint, so the model rejects them with a message that says what
YAML did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portreg.findings import Finding, InputError, Location, Severity
from portreg.loading.comments import cut_by_comment, lines_to_look_at, yaml_lines
from portreg.loading.compose import (
    MAX_DEPTH,
    MAX_NODES,
    STRING_TAG,
    TAG_PREFIX,
    YamlLoader,
    compose,
    compose_node,
    location,
    too_deep,
    too_deep_at,
)
from portreg.loading.sourcemap import LINE_SHIFT, PathKey, SourceMap

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Document", "Source", "load_document"]

# A registry at this size still checks in under 10 s; 50,000 services take 12.07 MiB
# (docs/performance.md). Larger files are refused before they are parsed.
MAX_FILE_BYTES = 12_845_056  # 12.25 MiB
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
_PLAIN_TAGS = {TAG_PREFIX + short: short for short in _SCALAR_TAGS}
_MAPPING_TAG = TAG_PREFIX + "map"
_SEQUENCE_TAG = TAG_PREFIX + "seq"
_INTEGER_TAG = TAG_PREFIX + "int"
_ScalarNode, _MappingNode = yaml.ScalarNode, yaml.MappingNode
# A plain scalar starting otherwise is a word: it never needs a hint (see _NUMBER_LIKE).
_NUMBER_STARTS = frozenset("-+0123456789")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9a-fA-FoOxXbB_:.]*\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# What a plain scalar reads as without a tag. An explicit tag that says otherwise
# (``!!float 015433``) is never obeyed: its value is kept as the text written.
_RESOLVER = yaml.resolver.Resolver()
# No port has more digits; longer numbers stay text (Python refuses to convert integers of
# over 4,300 digits, and nobody wants one printed whole in a message).
MAX_NUMBER_CHARS = 32


@dataclass(frozen=True)
class Source:
    """A registry file's name as shown to users, and its bytes."""

    name: str
    data: bytes


@dataclass
class Document:
    data: dict[str, Any]
    sources: SourceMap
    findings: list[Finding] = field(default_factory=list)
    # For the editor (``keep_nodes``): the decoded text and its composed node tree, so that
    # an edit splices at the positions this one reading found instead of parsing again.
    text: str | None = None
    root: yaml.MappingNode | None = None
    bom: str = ""  # the byte-order mark the text was read without, if it had one


def read_source(path: Path, name: str | None = None) -> Source:
    shown = name or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"cannot read: {error.strerror or error}", Location(shown), "PR002", "unreadable-file"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"file is larger than {MAX_FILE_BYTES / (1024 * 1024):g} MiB; a registry never is",
            Location(shown),
            "PR002",
            "unreadable-file",
        )
    return Source(shown, data)


def load_document(source: Source, keep_nodes: bool = False) -> Document:
    """The file's data and positions; with ``keep_nodes``, its text and node tree too."""
    text = _decode(source)
    root = compose(text, source.name)
    # Without an anchor there is no alias: each node is read once, so the walker checks the
    # depth alone and lets each subtree go once it is converted (unless the editor keeps
    # the tree to splice at its positions).
    release = "&" not in text and not keep_nodes
    walker = _Walker(source.name, release_nodes=release, tags_written="!" in text)
    walker.look_at_comments(text)
    data = walker.convert(root, ())
    if keep_nodes:
        bom = "\ufeff" if source.data.startswith(b"\xef\xbb\xbf") else ""
        return Document(data, walker.sources, walker.findings, text, root, bom)
    return Document(data, walker.sources, walker.findings)


def load_part(
    text: str, name: str, parent: PathKey, first_index: int | None, line_offset: int
) -> tuple[list[tuple[str | int, Any]], SourceMap]:
    """Read a part of a file: entries of the mapping at ``parent`` (or, with
    ``first_index``, items of the list at ``parent`` from that index on), written as
    ``text``, which starts at line ``line_offset`` of the file. The entries or items in
    order, and their positions (the part's start as ``parent``'s: where the collection
    starts when the part is its first); an InputError when the part is not YAML alone (an
    alias to elsewhere), or holds what only a whole reading may judge (a duplicate key)."""
    root = compose_node(text, name)
    expected = _MappingNode if first_index is None else yaml.SequenceNode
    if root is None or root.__class__ is not expected:
        raise InputError("not a part the editor reads alone", Location(name))
    walker = _Walker(name, release_nodes=True, tags_written="!" in text)
    walker.look_at_comments(text)
    if first_index is None:
        entries: list[tuple[str | int, Any]] = list(walker.convert(root, parent).items())
    else:
        mark = root.start_mark
        walker.values[parent] = mark.line << LINE_SHIFT | mark.column
        items = root.value
        entries = [
            (first_index + offset, walker.convert(item, (*parent, first_index + offset)))
            for offset, item in enumerate(items)
        ]
    if walker.findings:
        raise InputError("a duplicate key: read the whole file", Location(name))
    sources = walker.sources
    shift = line_offset << LINE_SHIFT
    for positions in (sources.values, sources.keys):
        for path, position in positions.items():
            positions[path] = position + shift
    return entries, sources


def _decode(source: Source) -> str:
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = source.data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not UTF-8: byte 0x{source.data[error.start]:02x} cannot be decoded",
            Location(source.name, line, column),
            "PR003",
            "not-utf8",
        ) from None


class _Walker:
    """Turns the composed nodes into plain data, recording where each key and value was written.

    This walk visits every node of the document (1.7 million at the size cap), so the common
    case (a plain key, a plain or quoted scalar, a mapping or list without a tag) takes the
    shortest path; anything else goes through the careful checks that explain it.
    """

    def __init__(self, name: str, release_nodes: bool = False, tags_written: bool = True) -> None:
        self.name = name
        self.release_nodes = release_nodes
        # Every explicit tag is written with "!": without one in the text, no scalar needs its
        # tag checked against what YAML would have resolved (a fifth of the walk).
        self.tags_written = tags_written
        self.sources = SourceMap(Location(name))
        self.values = self.sources.values
        self.keys = self.sources.keys
        self.findings: list[Finding] = []
        # The lines where a plain value may be cut by a comment (PR115), and the text's lines.
        self.comment_lines: frozenset[int] = frozenset()
        self.lines: list[str] = []

    def look_at_comments(self, text: str) -> None:
        """Find the lines PR115 looks at again (a comment one space after a value)."""
        self.comment_lines = lines_to_look_at(text)
        if self.comment_lines:
            self.lines = yaml_lines(text)

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        if len(path) > MAX_DEPTH:
            # At a mapping's key when there is one, where the alias walk would stop too.
            key = self.sources.key_location(path)
            raise too_deep(self.name, node) if key is None else too_deep_at(key)
        mark = node.start_mark
        self.values[path] = mark.line << LINE_SHIFT | mark.column
        kind = node.__class__
        if kind is _ScalarNode:
            return self._scalar(node, path)  # type: ignore[arg-type]  # a ScalarNode: its class
        result: Any
        if kind is _MappingNode:
            result = self._mapping(node, path)
        else:
            if node.tag != _SEQUENCE_TAG:
                _check_tag(node, "seq", self.name)
            convert = self.convert
            result = [convert(child, (*path, index)) for index, child in enumerate(node.value)]
        if self.release_nodes:
            # Converted: free its nodes now rather than with the whole document (the nodes
            # and their marks take more memory than the data made from them).
            node.value = []
        return result

    def _mapping(self, node: yaml.Node, path: PathKey) -> dict[str, Any]:
        if node.tag != _MAPPING_TAG:
            _check_tag(node, "map", self.name)
        result: dict[str, Any] = {}
        keys, values, convert, comment_lines = (
            self.keys,
            self.values,
            self.convert,
            self.comment_lines,
        )
        # Most values are a word or a port: read those here, without a call per value.
        inline = len(path) < MAX_DEPTH and not self.tags_written
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode or key_node.tag not in _PLAIN_TAGS:
                self._refuse_key(key_node)
            key = key_node.value
            child = (*path, key)
            if key in result:
                self._duplicate_key(key_node, child)
                continue
            mark = key_node.start_mark
            keys[child] = mark.line << LINE_SHIFT | mark.column
            if inline and value_node.__class__ is _ScalarNode:
                value = value_node.value
                tag = value_node.tag
                if tag == STRING_TAG and (value_node.style or value[:1] not in _NUMBER_STARTS):
                    if comment_lines and not value_node.style:
                        self._cut_by_comment(value_node)
                    mark = value_node.start_mark
                    values[child] = mark.line << LINE_SHIFT | mark.column
                    result[key] = value
                    continue
                # A plain decimal (YAML tags quoted values as text, never as a number).
                if (
                    tag == _INTEGER_TAG
                    and value.isdigit()
                    and value[0] != "0"
                    and len(value) <= MAX_NUMBER_CHARS
                ):
                    mark = value_node.start_mark
                    values[child] = mark.line << LINE_SHIFT | mark.column
                    result[key] = int(value)
                    continue
            result[key] = convert(value_node, child)
        return result

    def _refuse_key(self, key_node: yaml.Node) -> None:
        where = location(self.name, key_node.start_mark)
        if key_node.tag == TAG_PREFIX + "merge":
            raise InputError(
                "merge keys (<<) are not supported: write the keys out",
                where,
                "PR004",
                "unsafe-yaml",
            )
        if not isinstance(key_node, yaml.ScalarNode):
            raise InputError(
                "a mapping key must be plain text, not a list or mapping",
                where,
                "PR101",
                "schema",
            )
        _check_tag(key_node, None, self.name)

    def _duplicate_key(self, key_node: yaml.Node, path: PathKey) -> None:
        first = self.sources.key_location(path)
        assert first is not None  # the first occurrence was recorded
        self.findings.append(
            Finding(
                "PR103",
                "duplicate-key",
                Severity.ERROR,
                f"duplicate key {path[-1]!r} (first at line {first.line}); YAML would silently "
                "keep only the last one",
                location(self.name, key_node.start_mark),
                related=(first,),
            )
        )

    def _scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        tag = _PLAIN_TAGS.get(node.tag) or _check_tag(node, None, self.name)
        value: str = node.value
        if node.style:  # quoted or a block scalar: text, whatever it looks like
            return value
        if self.comment_lines and tag == "str":
            self._cut_by_comment(node)
        if tag == "str" and not self.tags_written and value[:1] not in _NUMBER_STARTS:
            return value  # the common case: a word, which YAML itself read as text
        return self._plain_scalar(tag, value, path)

    def _cut_by_comment(self, node: yaml.ScalarNode) -> None:
        """PR115 when a comment follows this plain text value one space after it."""
        end = node.end_mark
        if end.line in self.comment_lines:
            line = self.lines[end.line]
            cut = cut_by_comment(line, end.column, node.value, self.name, end.line)
            if cut is not None:
                self.findings.append(cut)

    def _plain_scalar(self, tag: str, value: str, path: PathKey) -> Any:
        if self.tags_written and TAG_PREFIX + tag != _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, value, (True, False)
        ):
            self.sources.hints[path] = (
                f"!!{tag} {_shorten(value)} has an explicit tag, which portreg does not obey: "
                "the value is read as the text written; write a port as a plain decimal number"
            )
            return value
        if len(value) > MAX_NUMBER_CHARS and tag in ("int", "float"):
            self.sources.hints[path] = (
                f"{_shorten(value)} is a number far beyond any port; write the port as a "
                "plain decimal number"
            )
            return value
        if tag == "str":
            if _NUMBER_LIKE.match(value):
                self.sources.hints[path] = (
                    f"{value} is not a plain decimal number: YAML reads it as text"
                    + ("; a leading zero means octal in YAML 1.1" if value[:1] == "0" else "")
                    + "; write the port as a plain decimal number"
                )
            return value
        if tag == "int":
            if _DECIMAL.match(value):
                return int(value)
            self.sources.hints[path] = _explain_int(value)
            return value
        if tag == "bool":
            if value.lower() in ("true", "false"):
                return value.lower() == "true"
            self.sources.hints[path] = (
                f"{value} is a boolean in YAML 1.1 (PyYAML reads {_pyyaml_reads(value)}); "
                "quote it if you mean text"
            )
            return value
        if tag == "float":
            self.sources.hints[path] = (
                f"{value} is a number to YAML (PyYAML reads {_pyyaml_reads(value)}); quote it "
                f'("{value}") for a version, write a whole number for a port'
            )
            return _pyyaml_reads(value)
        if tag == "null":
            return None
        if tag == "timestamp" and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.sources.hints[path] = f"{value} is not a calendar date"
                return value
        self.sources.hints[path] = f"{value} is read by YAML as a {tag}"
        return value


def _check_tag(node: yaml.Node, expected: str | None, name: str) -> str:
    tag = node.tag or ""
    short = tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else None
    allowed = _SCALAR_TAGS if expected is None else {expected}
    if short not in allowed:
        shown = "!!" + short if short is not None else tag
        raise InputError(
            f"tag {shown} is not allowed in a registry (only plain YAML values)",
            location(name, node.start_mark),
            "PR004",
            "unsafe-yaml",
        )
    return short


def _shorten(text: str) -> str:
    if len(text) <= MAX_NUMBER_CHARS:
        return text
    return f"{text[:16]}... ({len(text)} characters)"


def _pyyaml_reads(text: str) -> Any:
    try:
        return yaml.load(text, Loader=YamlLoader)
    except yaml.YAMLError:  # pragma: no cover - only called on scalars YAML resolved itself
        return text


def _explain_int(text: str) -> str:
    reads = _pyyaml_reads(text)
    digits = text.lstrip("+-")
    if ":" in digits:
        kind = "a base-60 (sexagesimal) number in YAML 1.1"
    elif digits[:2].lower() == "0x":
        kind = "a hexadecimal number"
    elif digits[:2].lower() == "0b":
        kind = "a binary number"
    elif digits[:2].lower() == "0o" or digits.startswith("0"):
        kind = "an octal number in YAML 1.1"
    elif "_" in digits:
        kind = "a number with underscores, which YAML 1.1 drops and YAML 1.2 keeps as text"
    else:  # pragma: no cover - every other form of int is plain decimal
        kind = "not a plain decimal number"
    return f"{text} is {kind} (PyYAML reads {reads}); write the port as a plain decimal number"
