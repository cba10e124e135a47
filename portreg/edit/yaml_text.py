"""Edit a YAML file by splicing text at the positions of its nodes.

Every edit is a replacement of a span of the original text, found from the node positions
that the YAML composer reports. Nothing else of the file is rewritten, so every line an edit
does not touch stays byte-identical: comments, blank lines, key order, quoting, flow or
block style, line endings. New text takes the file's own style: its line ending, the
indentation of the collection it joins, flow syntax inside a flow collection. The caller
reloads the result (the registry loader and the checker) before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from portreg.edit.aliases import Aliases
from portreg.edit.emit import block_lines, flow_text, quoted_as
from portreg.edit.lines import Lines
from portreg.edit.yaml_nodes import child, children, compose_text, is_mapping
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

    def __init__(
        self,
        text: str,
        name: str,
        root: yaml.MappingNode | None = None,
        bom: str | None = None,
    ) -> None:
        """``text`` as read from the file (with its byte-order mark, if any); or, with
        ``root``, the text the loader composed into ``root`` and the ``bom`` it had."""
        self.name = name
        if bom is None:
            bom = _BOM if text.startswith(_BOM) else ""
            text = text[len(bom) :]
        self.bom = bom
        self.text = text
        # What the file held before this edit: the unified diff starts from it.
        self.original = bom + text
        self.lines = Lines(text)
        self.newline = self.lines.newline
        if root is None:
            root = compose_text(text, name)
        self.root: yaml.MappingNode = root
        self.aliases = Aliases.of(text, root)
        self._splices: list[Splice] = []
        self._filled: set[int] = set()
        self._removals: dict[int, tuple[PathKey, yaml.Node, set[int]]] = {}

    # -- finding nodes -------------------------------------------------------------------

    def node(self, path: PathKey) -> yaml.Node | None:
        """The node at ``path`` (keys and list indices from the root), or None."""
        node: yaml.Node = self.root
        for part in path:
            found = child(node, part)
            if found is None:
                return None
            node = found[1]
        return node

    def key_node(self, path: PathKey) -> yaml.Node | None:
        parent = self.node(path[:-1])
        found = child(parent, path[-1]) if parent is not None else None
        return found[0] if found is not None else None

    def has(self, path: PathKey) -> bool:
        return self.node(path) is not None

    def guard(self, path: PathKey, removing: bool = False) -> None:
        """Refuse a change at ``path`` (or, ``removing``, of its whole subtree) that an alias
        would carry to another place (PR606)."""
        if self.aliases:
            self.aliases.refuse_change(self.root, path, removing, self.lines, self.name)

    # -- recording edits -----------------------------------------------------------------

    def replace(self, start: int, end: int, text: str) -> None:
        self._splices.append(Splice(start, end, text, len(self._splices)))

    def set_scalar(self, path: PathKey, value: object) -> None:
        """Replace the value at ``path`` (a scalar or a flow collection) by ``value``; text
        that replaces quoted text keeps its quotes (``version: "1.10"`` → ``"2026.01.30"``)."""
        self.guard(path)
        node = self._require(path)
        text = flow_text(value)
        if isinstance(value, str) and isinstance(node, yaml.ScalarNode):
            text = quoted_as(node.style, value) or text
        self.replace(node.start_mark.index, node.end_mark.index, text)

    def rename_key(self, path: PathKey, new_key: str) -> None:
        self.guard(path)
        key = self.key_node(path)
        if key is None:
            raise KeyError(path)
        self.replace(key.start_mark.index, key.end_mark.index, flow_text(new_key))

    def replace_node_text(self, node: yaml.Node, value: object) -> None:
        self.replace(node.start_mark.index, node.end_mark.index, flow_text(value))

    def add_entry(self, map_path: PathKey, key: str, value: object) -> None:
        """Add ``key: value`` at the end of the mapping at ``map_path``."""
        self.guard(map_path)
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
        self.guard(seq_path)
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
            start = self.lines.start(sequence.start_mark.line)
            self.replace(start, start, "".join(line + self.newline for line in lines))
        else:
            self._insert_lines(self._content_end(sequence), lines)

    def add_top_level(self, key: str, value: object, before: Sequence[str] = ()) -> None:
        """Add a top-level ``key`` in block style: before the first of ``before`` that the
        file has (with the comments just above it), else at the end of the file."""
        lines = block_lines({key: value}, 0, self._indent_step(self.root))
        for name in before:
            found = child(self.root, name)
            if found is None:
                continue
            mark = found[0].start_mark
            start = self.lines.start(self._leading_comment_line(mark.line, mark.column, True))
            self.replace(
                start, start, "".join(line + self.newline for line in lines) + self.newline
            )
            return
        end = len(self.text)
        prefix = "" if self.lines.ends_with_break() or not self.text else self.newline
        self.replace(end, end, prefix + self.newline + "".join(li + self.newline for li in lines))

    def remove_entry(self, map_path: PathKey, key: str) -> None:
        """Remove ``key`` and its value from the mapping at ``map_path``."""
        self.guard(map_path)
        self.guard((*map_path, key), removing=True)
        mapping = self._require(map_path)
        if not isinstance(mapping, yaml.MappingNode):
            raise TypeError(f"{map_path} is not a mapping")
        index = next((i for i, (k, _) in enumerate(mapping.value) if k.value == key), None)
        if index is None:
            raise KeyError((*map_path, key))
        self._pending_removal(map_path, mapping).add(index)

    def remove_item(self, seq_path: PathKey, index: int) -> None:
        """Remove the item at ``index`` of the sequence at ``seq_path``."""
        self.guard(seq_path)
        self.guard((*seq_path, index), removing=True)
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
        count = len(collection.value)
        if len(removed) == count:
            if getattr(collection, "flow_style", False):
                first, last = self._item_start(collection, 0), self._item_end(collection, count - 1)
                return [(first, last, "")]
            return [self._empty_splice(path, collection, "{}" if is_mapping else "[]")]
        if getattr(collection, "flow_style", False):
            spans = [
                (self._item_start(collection, index), self._item_end(collection, index))
                for index in range(count)
            ]
            return [_flow_run(spans, run) for run in _runs(sorted(removed))]
        return [self._line_span(collection, index) for index in sorted(removed)]

    def _empty_splice(
        self, path: PathKey, collection: yaml.Node, empty: str
    ) -> tuple[int, int, str]:
        """Turn a block collection into an empty flow one, on its key's line."""
        key = self.key_node(path) if path else None
        if key is None:
            raise ValueError("the top level cannot be emptied")
        end = self.lines.end_of_line(self._content_end(collection))
        return key.end_mark.index, end, f": {empty}{self.newline}"

    # -- the result ----------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        return bool(self._splices or self._removals) or self.original != self.bom + self.text

    def freeze(self) -> None:
        """Record the pending removals as splices and let the node tree go: the change is
        complete (only its text is asked for from here on), and the tree of a large
        registry is the largest thing an edit holds."""
        self._splices = self.splices()
        self._removals = {}
        self.root = None  # type: ignore[assignment]

    def splices(self) -> list[Splice]:
        """Every splice recorded, in the order they apply: by place, the first recorded
        first at one place (positions are those of ``text``, without the byte-order mark)."""
        splices = self._splices + self._removal_splices()
        return sorted(splices, key=lambda s: (s.start, s.end, s.order))

    def result(self) -> str:
        """The text with every recorded splice applied."""
        parts = []
        done = 0
        for splice in self.splices():
            parts.append(self.text[done : splice.start])
            parts.append(splice.text)
            done = max(done, splice.end)
        parts.append(self.text[done:])
        return self.bom + "".join(parts)

    # -- helpers -------------------------------------------------------------------------

    def _require(self, path: PathKey) -> yaml.Node:
        node = self.node(path)
        if node is None:
            raise KeyError(path)
        return node

    def _content_end(self, node: yaml.Node) -> int:
        """Where the node's last content ends: a block collection's end mark lies after the
        blank lines and comments that follow it, which belong to what comes next. An alias
        ends where its ``*name`` does, not where the node it names ends."""
        while not isinstance(node, yaml.ScalarNode) and not getattr(node, "flow_style", False):
            if not node.value:
                break
            last = len(node.value) - 1
            span = self.aliases.span(node, last)
            if span is not None:
                return span[1]
            node = node.value[last][1] if isinstance(node, yaml.MappingNode) else node.value[last]
        return int(node.end_mark.index)

    def _item_start(self, collection: yaml.Node, index: int) -> int:
        """Where an entry (its key) or an item of ``collection`` starts."""
        span = self.aliases.span(collection, index, 0 if is_mapping(collection) else 1)
        if span is not None:
            return span[0]
        item = collection.value[index]
        return int((item[0] if is_mapping(collection) else item).start_mark.index)

    def _item_end(self, collection: yaml.Node, index: int) -> int:
        """Where the value of an entry, or an item, of ``collection`` ends."""
        span = self.aliases.span(collection, index)
        if span is not None:
            return span[1]
        item = collection.value[index]
        return self._content_end(item[1] if is_mapping(collection) else item)

    def _insert_lines(self, content_end: int, lines: list[str]) -> None:
        at = self.lines.end_of_line(content_end)
        if at == len(self.text) and not self.lines.ends_with_break():
            self.replace(at, at, self.newline + self.newline.join(lines))
            return
        self.replace(at, at, "".join(line + self.newline for line in lines))

    def _add_flow(self, collection: yaml.MappingNode | yaml.SequenceNode, item: str) -> None:
        value = collection.value
        if value:
            at = self._item_end(collection, len(value) - 1)
            self.replace(at, at, f", {item}")
            return
        if not collection.flow_style:
            raise ValueError("an empty block collection cannot be written")
        closing = collection.end_mark.index - 1
        # A second item added to the same empty collection needs its comma.
        first = closing not in self._filled
        self._filled.add(closing)
        self.replace(closing, closing, item if first else f", {item}")

    def _line_span(self, collection: yaml.Node, index: int) -> tuple[int, int, str]:
        """The whole lines of an entry or item, with the comment lines just above it."""
        begin = self._item_start(collection, index)
        line = self.lines.line_of(begin)
        column = begin - self.lines.start(line)
        if not is_mapping(collection):
            # The dash sits before the item's content on its first line.
            text = self.lines.content(line)
            column = len(text) - len(text.lstrip())
        top = self._leading_comment_line(line, column, include_top=False)
        # A block collection's end mark lies at the next token: only its last leaf counts.
        end = self.lines.end_of_line(max(self._item_end(collection, index), begin))
        return self.lines.start(top), end, ""

    def _leading_comment_line(self, line: int, column: int, include_top: bool) -> int:
        """The first line of the comment block just above ``line`` (no blank line between)
        at ``column``; top-level comments only with ``include_top``."""
        if column == 0 and not include_top:
            return line
        while line > 0:
            above = self.lines.content(line - 1)
            stripped = above.lstrip()
            if not stripped.startswith("#") or len(above) - len(stripped) != column:
                break
            line -= 1
        return line

    def _indent_step(self, node: yaml.Node) -> int:
        """How far this file indents a nested block collection (2 unless it says otherwise)."""
        for inner in children(node):
            if isinstance(inner, yaml.MappingNode) and not inner.flow_style and inner.value:
                parent_column = node.start_mark.column if isinstance(node, yaml.MappingNode) else 0
                step = int(inner.value[0][0].start_mark.column) - parent_column
                if isinstance(node, yaml.MappingNode) and step > 0:
                    return step
        return 2


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
