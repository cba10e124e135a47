"""Edit a YAML file by splicing text at the positions of its nodes.

Every edit is a replacement of a span of the original text, found from the node positions
that the YAML composer reports. Nothing else of the file is rewritten, so every line an edit
does not touch stays byte-identical: comments, blank lines, key order, quoting, flow or
block style, line endings. New text takes the file's own style: its line ending, the
indentation of the collection it joins, flow syntax inside a flow collection. The caller
reloads the result (the registry loader and the checker) before anything is written.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from portreg.edit.emit import block_lines, flow_text, quoted_as
from portreg.findings import InputError
from portreg.loading.compose import YamlLoader
from portreg.loading.sourcemap import PathKey

_BOM = "\ufeff"


@dataclass(frozen=True)
class Splice:
    start: int
    end: int
    text: str
    order: int


class YamlText:
    """One YAML document's text, its node tree, and the splices recorded against it."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        # What the file held before this edit: the unified diff starts from it.
        self.original = text
        self.bom = _BOM if text.startswith(_BOM) else ""
        self.text = text[len(self.bom) :]
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        try:
            root = yaml.compose(self.text, Loader=YamlLoader)
        except yaml.YAMLError as error:
            raise InputError(f"{name}: not valid YAML: {error}") from None
        if not isinstance(root, yaml.MappingNode):
            raise InputError(f"{name}: the top level is not a mapping")
        self.root: yaml.MappingNode = root
        # Where each line starts (YAML counts \n, \r\n and a lone \r as a line break; a
        # registry with lone \r breaks is not something portreg writes to).
        self._line_starts = [
            0,
            *itertools.accumulate(len(line) + 1 for line in self.text.split("\n")),
        ]
        self._splices: list[Splice] = []
        self._filled: set[int] = set()
        self._removals: dict[int, tuple[PathKey, yaml.Node, set[int]]] = {}

    # -- finding nodes -------------------------------------------------------------------

    def node(self, path: PathKey) -> yaml.Node | None:
        """The node at ``path`` (keys and list indices from the root), or None."""
        node: yaml.Node = self.root
        for part in path:
            found = _child(node, part)
            if found is None:
                return None
            node = found[1]
        return node

    def key_node(self, path: PathKey) -> yaml.Node | None:
        parent = self.node(path[:-1])
        found = _child(parent, path[-1]) if parent is not None else None
        return found[0] if found is not None else None

    def has(self, path: PathKey) -> bool:
        return self.node(path) is not None

    # -- recording edits -----------------------------------------------------------------

    def replace(self, start: int, end: int, text: str) -> None:
        self._splices.append(Splice(start, end, text, len(self._splices)))

    def set_scalar(self, path: PathKey, value: object) -> None:
        """Replace the value at ``path`` (a scalar or a flow collection) by ``value``; text
        that replaces quoted text keeps its quotes (``version: "1.10"`` → ``"2026.01.30"``)."""
        node = self._require(path)
        text = flow_text(value)
        if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            text = quoted_as(node.style, value) or text
        self.replace(node.start_mark.index, node.end_mark.index, text)

    def rename_key(self, path: PathKey, new_key: str) -> None:
        key = self.key_node(path)
        if key is None:
            raise KeyError(path)
        self.replace(key.start_mark.index, key.end_mark.index, flow_text(new_key))

    def replace_node_text(self, node: yaml.Node, value: object) -> None:
        self.replace(node.start_mark.index, node.end_mark.index, flow_text(value))

    def add_entry(self, map_path: PathKey, key: str, value: object) -> None:
        """Add ``key: value`` at the end of the mapping at ``map_path``."""
        mapping = self._require(map_path)
        if not isinstance(mapping, yaml.MappingNode):
            raise TypeError(f"{map_path} is not a mapping")
        if mapping.flow_style or not mapping.value:
            self._add_flow(mapping, f"{flow_text(key)}: {flow_text(value)}")
            return
        column = mapping.value[0][0].start_mark.column
        step = self._indent_step(mapping)
        lines = block_lines({key: value}, column, step)
        self._insert_lines(self._content_end(mapping), lines)

    def append_item(self, seq_path: PathKey, value: object) -> None:
        """Add ``value`` as the last item of the sequence at ``seq_path``."""
        self._add_item(seq_path, value, first=False)

    def prepend_item(self, seq_path: PathKey, value: object) -> None:
        """Add ``value`` as the first item of the sequence at ``seq_path`` (newest first)."""
        self._add_item(seq_path, value, first=True)

    def _add_item(self, seq_path: PathKey, value: object, first: bool) -> None:
        sequence = self._require(seq_path)
        if not isinstance(sequence, yaml.SequenceNode):
            raise TypeError(f"{seq_path} is not a list")
        if first and sequence.value and sequence.flow_style:
            at = sequence.value[0].start_mark.index
            self.replace(at, at, f"{flow_text(value)}, ")
            return
        if sequence.flow_style or not sequence.value:
            self._add_flow(sequence, flow_text(value))
            return
        dash = sequence.start_mark.column
        head = sequence.value[0]
        on_dash_line = head.start_mark.line == sequence.start_mark.line
        inner = head.start_mark.column - dash if on_dash_line else 2
        lines = block_lines([value], dash, self._indent_step(sequence), dash_gap=inner)
        if first:
            start = self._line_start(sequence.start_mark.line)
            self.replace(start, start, "".join(line + self.newline for line in lines))
        else:
            self._insert_lines(self._content_end(sequence), lines)

    def add_top_level(self, key: str, value: object, before: Sequence[str] = ()) -> None:
        """Add a top-level ``key`` in block style: before the first of ``before`` that the
        file has (with the comments just above it), else at the end of the file."""
        lines = block_lines({key: value}, 0, self._indent_step(self.root))
        for name in before:
            found = _child(self.root, name)
            if found is None:
                continue
            start = self._line_start(self._leading_comment_line(found[0], include_top=True))
            self.replace(
                start, start, "".join(line + self.newline for line in lines) + self.newline
            )
            return
        end = len(self.text)
        prefix = "" if self.text.endswith(("\n", "\r")) or not self.text else self.newline
        self.replace(end, end, prefix + self.newline + "".join(li + self.newline for li in lines))

    def remove_entry(self, map_path: PathKey, key: str) -> None:
        """Remove ``key`` and its value from the mapping at ``map_path``."""
        mapping = self._require(map_path)
        if not isinstance(mapping, yaml.MappingNode):
            raise TypeError(f"{map_path} is not a mapping")
        index = next((i for i, (k, _) in enumerate(mapping.value) if k.value == key), None)
        if index is None:
            raise KeyError((*map_path, key))
        self._pending_removal(map_path, mapping).add(index)

    def remove_item(self, seq_path: PathKey, index: int) -> None:
        """Remove the item at ``index`` of the sequence at ``seq_path``."""
        sequence = self._require(seq_path)
        if not isinstance(sequence, yaml.SequenceNode):
            raise TypeError(f"{seq_path} is not a list")
        if not 0 <= index < len(sequence.value):
            raise KeyError((*seq_path, index))
        self._pending_removal(seq_path, sequence).add(index)

    def _pending_removal(self, path: PathKey, collection: yaml.Node) -> set[int]:
        # Removals are applied together per collection (see _removal_splices): removing
        # every item leaves an empty collection, and neighbours in flow style share a comma.
        found = self._removals.setdefault(id(collection), (path, collection, set()))
        return found[2]

    def _removal_splices(self) -> list[Splice]:
        splices: list[Splice] = []
        order = len(self._splices)
        for path, collection, removed in self._removals.values():
            for start, end, text in self._removals_of(path, collection, removed):
                splices.append(Splice(start, end, text, order))
                order += 1
        return splices

    def _removals_of(
        self, path: PathKey, collection: yaml.Node, removed: set[int]
    ) -> list[tuple[int, int, str]]:
        is_mapping = isinstance(collection, yaml.MappingNode)
        items = collection.value
        spans = [
            (k.start_mark.index, v.end_mark.index)
            if is_mapping
            else (k.start_mark.index, k.end_mark.index)
            for k, v in (items if is_mapping else ((item, item) for item in items))
        ]
        if len(removed) == len(items):
            if getattr(collection, "flow_style", False):
                return [(spans[0][0], spans[-1][1], "")]
            return [self._empty_splice(path, collection, "{}" if is_mapping else "[]")]
        if getattr(collection, "flow_style", False):
            return [_flow_run(spans, run) for run in _runs(sorted(removed))]
        found = []
        for index in sorted(removed):
            first, last = items[index] if is_mapping else (items[index], items[index])
            found.append(self._line_span(first, last, dash=not is_mapping))
        return found

    def _empty_splice(
        self, path: PathKey, collection: yaml.Node, empty: str
    ) -> tuple[int, int, str]:
        """Turn a block collection into an empty flow one, on its key's line."""
        key = self.key_node(path) if path else None
        if key is None:
            raise ValueError("the top level cannot be emptied")
        end = self._end_of_line(_last_leaf(collection).end_mark.index)
        return key.end_mark.index, end, f": {empty}{self.newline}"

    # -- the result ----------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return bool(self._splices or self._removals) or self.original != self.bom + self.text

    def result(self) -> str:
        """The text with every recorded splice applied."""
        text = self.text
        # From the end backwards, so that earlier positions stay valid; at one position the
        # splice recorded first ends up first.
        splices = self._splices + self._removal_splices()
        for splice in sorted(splices, key=lambda s: (s.start, s.end, s.order), reverse=True):
            text = text[: splice.start] + splice.text + text[splice.end :]
        return self.bom + text

    # -- helpers -------------------------------------------------------------------------

    def _require(self, path: PathKey) -> yaml.Node:
        node = self.node(path)
        if node is None:
            raise KeyError(path)
        return node

    def _line_start(self, line: int) -> int:
        return self._line_starts[line] if line < len(self._line_starts) else len(self.text)

    def _line_text(self, line: int) -> str:
        start = self._line_start(line)
        end = self._line_start(line + 1)
        return self.text[start:end].rstrip("\r\n")

    def _content_end(self, node: yaml.Node) -> int:
        """Where the node's last content ends: a block collection's end mark lies after the
        blank lines and comments that follow it, which belong to what comes next."""
        return _last_leaf(node).end_mark.index

    def _end_of_line(self, index: int) -> int:
        """The index just after the line break that ends the content ending at ``index``."""
        if index > 0 and self.text[index - 1] == "\n":
            return index  # a block scalar's end already includes its line break
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def _insert_lines(self, content_end: int, lines: list[str]) -> None:
        at = self._end_of_line(content_end)
        if at == len(self.text) and not self.text.endswith("\n"):
            self.replace(at, at, self.newline + self.newline.join(lines))
            return
        self.replace(at, at, "".join(line + self.newline for line in lines))

    def _add_flow(self, collection: yaml.MappingNode | yaml.SequenceNode, item: str) -> None:
        value = collection.value
        if value:
            last = value[-1][1] if isinstance(collection, yaml.MappingNode) else value[-1]
            at = last.end_mark.index
            self.replace(at, at, f", {item}")
            return
        if not collection.flow_style:
            raise ValueError("an empty block collection cannot be written")
        closing = collection.end_mark.index - 1
        # A second item added to the same empty collection needs its comma.
        first = closing not in self._filled
        self._filled.add(closing)
        self.replace(closing, closing, item if first else f", {item}")

    def _line_span(self, first: yaml.Node, value: yaml.Node, dash: bool) -> tuple[int, int, str]:
        """The whole lines of an entry or item, with the comment lines just above it."""
        line = first.start_mark.line
        column = first.start_mark.column
        if dash:
            # The dash sits before the item's content on its first line.
            text = self._line_text(line)
            column = len(text) - len(text.lstrip())
        top = self._leading_comment_line(first, include_top=False, column=column)
        # A block collection's end mark lies at the next token: only its last leaf counts.
        end = self._end_of_line(max(_last_leaf(value).end_mark.index, first.start_mark.index))
        return self._line_start(top), end, ""

    def _leading_comment_line(
        self, key: yaml.Node, include_top: bool, column: int | None = None
    ) -> int:
        """The first line of the comment block just above ``key`` (no blank line between)
        at the key's own column; top-level comments only with ``include_top``."""
        line = key.start_mark.line
        column = key.start_mark.column if column is None else column
        if column == 0 and not include_top:
            return line
        while line > 0:
            above = self._line_text(line - 1)
            stripped = above.lstrip()
            if not stripped.startswith("#") or len(above) - len(stripped) != column:
                break
            line -= 1
        return line

    def _indent_step(self, node: yaml.Node) -> int:
        """How far this file indents a nested block collection (2 unless it says otherwise)."""
        for child in _children(node):
            if isinstance(child, yaml.MappingNode) and not child.flow_style and child.value:
                parent_column = node.start_mark.column if isinstance(node, yaml.MappingNode) else 0
                step = int(child.value[0][0].start_mark.column) - parent_column
                if isinstance(node, yaml.MappingNode) and step > 0:
                    return step
        return 2


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
        return None
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item = node.value[part]
        return item, item
    return None


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices: [1, 2, 4] → [(1, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _flow_run(spans: list[tuple[int, int]], run: tuple[int, int]) -> tuple[int, int, str]:
    """The text of flow items ``run`` (first, last) with the comma that joins them to the rest."""
    first, last = run
    if first > 0:
        return spans[first - 1][1], spans[last][1], ""
    return spans[first][0], spans[last + 1][0], ""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The last scalar or flow collection inside ``node``: where its text really ends."""
    while True:
        if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
            return node
        children = _children(node)
        if not children:
            return node
        node = children[-1]
