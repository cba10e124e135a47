"""Read an edited registry file again, re-reading only the parts the edit changed.

The editor checks what it writes, so the edited text is read like any registry file. An
edit changes a few entries of a file that may hold thousands, and reading all of it again
cost as much as the edit's first reading. So the file is cut where the first reading found
its entries: each top-level key's lines and, inside a top-level block mapping or list, each
entry's or item's lines. The parts a splice falls in are read again, alone (whole lines of a
block collection are YAML by themselves); every other part keeps the values read the first
time, and its positions, moved by the lines the change added or removed above it.

Whatever does not fit that shape (a flow-style file, anchors, a splice above the first key,
a part that does not read alone, a key now in two parts) is read whole: the result is the
same either way, only slower. ``PORTREG_CHECK_RELOAD=1`` reads every edit both ways and
stops with an internal error where they differ (the fuzzing harness sets it).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from portreg.edit.lines import Lines
from portreg.edit.yaml_text import Splice, YamlText
from portreg.findings import InputError
from portreg.loading.loader import Document, Source, load_document, load_part
from portreg.loading.sourcemap import LINE_SHIFT, PathKey, SourceMap

CHECK_ENV = "PORTREG_CHECK_RELOAD"


class _WholeFile(Exception):
    """The change does not fit the parts: read the whole file."""


@dataclass(eq=False)
class _Part:
    """Text ``start:end`` of the first reading (whole lines): a top-level entry, or an entry
    or item of the top-level collection ``parent``."""

    start: int
    end: int
    parent: PathKey  # () for a top-level entry
    key: str | int  # the entry's key, or the item's index
    first: bool = False  # the parent's first: where the parent's collection starts


@dataclass(eq=False)
class _Run:
    """Parts side by side with one parent, read again as one piece, and their splices."""

    parts: list[_Part]
    splices: list[Splice] = field(default_factory=list)


def reload_document(old: Document, document: YamlText, final: bool = False) -> Document:
    """The edited ``document`` read as ``load_document`` reads a file; ``old`` is the first
    reading of its text (with its node tree). ``final``: no more splices will be made, so
    the first reading's node tree is let go as soon as its parts are known."""
    parts = None
    if old.root is not None and old.text is not None and not old.findings and "&" not in old.text:
        try:
            parts = _parts(old.root, old.text, document.lines)
        except _WholeFile:
            parts = None
    if final:
        document.freeze()
        old.root = None
    if parts is not None:
        try:
            reread = _reread(old, document, parts)
        except (_WholeFile, InputError):
            pass
        else:
            if os.environ.get(CHECK_ENV):
                _require_same(reread, _whole(document))
            return reread
    return _whole(document)


def _whole(document: YamlText) -> Document:
    return load_document(Source(document.name, document.result().encode("utf-8")), keep_nodes=True)


def _reread(old: Document, document: YamlText, parts: dict[PathKey, list[_Part]]) -> Document:
    shift = _LineShift(document)
    runs = _runs(parts, document.splices())
    data = dict(old.data)
    sources = SourceMap(old.sources.default)
    sources.values, sources.keys = dict(old.sources.values), dict(old.sources.keys)
    sources.hints = dict(old.sources.hints)
    added: dict[PathKey, int] = {}  # items each list gained (or lost)
    fresh = SourceMap(old.sources.default)
    for run in runs:
        _read_again(run, old, document, shift, data, sources, fresh, added)
    shift.apply(sources)
    for mine, theirs in ((sources.values, fresh.values), (sources.keys, fresh.keys)):
        mine.update(theirs)
    sources.hints.update(fresh.hints)
    text = document.result()[len(document.bom) :]
    return Document(data, sources, [], text, None, document.bom)


def _parts(root: yaml.MappingNode, text: str, lines: Lines) -> dict[PathKey, list[_Part]]:
    """The parts of the first reading, by parent (``()``: the top-level entries)."""
    if root.flow_style or not root.value:
        raise _WholeFile
    tops = [_line_start(key, text, lines) for key, _ in root.value]
    if any(start < 0 for start in tops):
        raise _WholeFile
    ends = [*tops[1:], len(text)]
    found: dict[PathKey, list[_Part]] = {(): []}
    for (key, value), start, end in zip(root.value, tops, ends, strict=True):
        found[()].append(_Part(start, end, (), key.value, first=not found[()]))
        children = _children(value, text, lines)
        if children:
            parent = (key.value,)
            stops = [*(begin for begin, _ in children[1:]), end]
            found[parent] = [
                _Part(begin, stop, parent, name, first=begin == children[0][0])
                for (begin, name), stop in zip(children, stops, strict=True)
            ]
    return found


def _children(value: yaml.Node, text: str, lines: Lines) -> list[tuple[int, str | int]]:
    """Where each entry or item of a top-level block collection starts (a whole line);
    nothing when one does not start its line."""
    if not isinstance(value, yaml.MappingNode | yaml.SequenceNode) or value.flow_style:
        return []
    if isinstance(value, yaml.MappingNode):
        starts = [(_line_start(key, text, lines), key.value) for key, _ in value.value]
    else:
        starts = [(_dash_line(item, text, lines), index) for index, item in enumerate(value.value)]
    return [] if any(start < 0 for start, _ in starts) else starts


def _line_start(node: yaml.Node, text: str, lines: Lines) -> int:
    start = lines.start(node.start_mark.line)
    return start if not text[start : node.start_mark.index].strip() else -1


def _dash_line(item: yaml.Node, text: str, lines: Lines) -> int:
    start = lines.start(item.start_mark.line)
    return start if text[start : item.start_mark.index].strip() == "-" else -1


def _runs(parts: dict[PathKey, list[_Part]], splices: list[Splice]) -> list[_Run]:
    """The parts each splice falls in, joined into runs of neighbours with one parent."""
    by_part: dict[int, tuple[list[_Part], list[Splice]]] = {}
    for splice in splices:
        group = _group(parts, splice.start, splice.end)
        by_part.setdefault(id(group[0]), (group, []))[1].append(splice)
    runs: list[_Run] = []
    for group, owned in sorted(by_part.values(), key=lambda item: item[0][0].start):
        last = runs[-1].parts[-1] if runs else None
        if last is not None and last.end > group[0].start:
            if last.end >= group[-1].end and last.parent == group[0].parent:
                runs[-1].splices.extend(owned)  # the same parts again
                continue
            raise _WholeFile  # a part inside another's run: not worth the bookkeeping
        if last is not None and last.end == group[0].start and last.parent == group[0].parent:
            runs[-1].parts.extend(group)
            runs[-1].splices.extend(owned)
        else:
            runs.append(_Run(list(group), list(owned)))
    return runs


def _group(parts: dict[PathKey, list[_Part]], start: int, end: int) -> list[_Part]:
    """The parts a splice of ``start:end`` falls in: one entry or item of a top-level
    collection when it can, else the top-level entries it touches. An insertion where one
    part ends and the next begins belongs to the one that ends (text added after it)."""
    tops = parts[()]
    first = _index(tops, start)
    last = _index(tops, end - 1) if end > start else first
    if first < 0:
        raise _WholeFile  # above the first key: comments, a document marker
    if first == last:
        children = parts.get((tops[first].key,))
        if children:
            inner = _index(children, start)
            inner_last = _index(children, end - 1) if end > start else inner
            if inner >= 0 and inner == inner_last:
                return [children[inner]]
    return tops[first : last + 1]


def _index(parts: list[_Part], at: int) -> int:
    """The part holding index ``at``; at a boundary, the one that ends there."""
    index = bisect.bisect_right([part.start for part in parts], at) - 1
    if index > 0 and parts[index].start == at:
        index -= 1
    return index


class _LineShift:
    """How many lines the splices added (or removed) above each line of the first text."""

    def __init__(self, document: YamlText) -> None:
        lines = document.lines
        self.lines = lines
        self.thresholds: list[int] = []  # first old line after a splice that moved lines
        self.deltas: list[int] = []  # lines added above that line, all splices so far
        self.moved: list[tuple[Splice, int]] = []
        total = 0
        for splice in document.splices():
            moved = _breaks(splice.text) - _breaks(document.text[splice.start : splice.end])
            if not moved:
                continue
            self.moved.append((splice, moved))
            total += moved
            after = lines.line_of(splice.end)
            if lines.start(after) != splice.end:
                after += 1
            self.thresholds.append(after)
            self.deltas.append(total)

    def above(self, line: int) -> int:
        index = bisect.bisect_right(self.thresholds, line) - 1
        return self.deltas[index] if index >= 0 else 0

    def before(self, run: _Run) -> int:
        """Lines added above the run by the splices of other parts."""
        start, own = run.parts[0].start, {id(splice) for splice in run.splices}
        return sum(
            moved for splice, moved in self.moved if splice.end <= start and id(splice) not in own
        )

    def apply(self, sources: SourceMap) -> None:
        """Move every position of ``sources`` (none of them in a part read again)."""
        if not self.thresholds:
            return
        first = self.thresholds[0] << LINE_SHIFT
        for positions in (sources.values, sources.keys):
            for path, position in positions.items():
                if position >= first:
                    positions[path] = position + (self.above(position >> LINE_SHIFT) << LINE_SHIFT)


def _breaks(text: str) -> int:
    return len(Lines(text).starts) - 1


def _read_again(
    run: _Run,
    old: Document,
    document: YamlText,
    shift: _LineShift,
    data: dict[str, Any],
    sources: SourceMap,
    fresh: SourceMap,
    added: dict[PathKey, int],
) -> None:
    """Read the run's edited text; its entries take the place of the old ones in ``data``,
    their positions go to ``fresh``, the old ones leave ``sources``."""
    parts = run.parts
    start, end = parts[0].start, parts[-1].end
    text = _edited(document.text, start, end, run.splices)
    parent = parts[0].parent
    line = document.lines.line_of(start) + shift.before(run)
    old_container = _at(old.data, parent)
    for part in parts:
        _forget((*parent, part.key), old_container[part.key], sources)
    top = str(parent[0]) if parent else ""
    if isinstance(old_container, list):
        if parent in added:
            raise _WholeFile  # a second place in one list: its items are renumbered already
        first, later = int(parts[0].key), int(parts[-1].key) + 1
        entries, read = load_part(text, document.name, parent, first, line)
        added[parent] = len(entries) - (later - first)
        _renumber(parent, old_container, later, added[parent], sources)
        data[top] = [
            *old_container[:first],
            *(value for _, value in entries),
            *old_container[later:],
        ]
    else:
        entries, read = load_part(text, document.name, parent, None, line)
        keys = {part.key for part in parts}
        container = data[top] if parent else data
        rebuilt: dict[Any, Any] = {}
        for name, value in container.items():
            if name == parts[0].key:
                rebuilt.update(entries)
            elif name not in keys:
                rebuilt[name] = value
        if len(rebuilt) != len(container) - len(keys) + len(entries):
            raise _WholeFile  # a key now in two parts: the whole reading reports it
        if parent:
            data[top] = rebuilt
        else:
            data.clear()
            data.update(rebuilt)
    if not parts[0].first:
        del read.values[parent]  # the collection starts before this part, where it did
    fresh.values.update(read.values)
    fresh.keys.update(read.keys)
    fresh.hints.update(read.hints)


def _edited(text: str, start: int, end: int, splices: list[Splice]) -> str:
    pieces = []
    done = start
    for splice in sorted(splices, key=lambda item: (item.start, item.end, item.order)):
        pieces.append(text[done : splice.start])
        pieces.append(splice.text)
        done = max(done, splice.end)
    pieces.append(text[done:end])
    return "".join(pieces)


def _at(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _subtree(path: PathKey, value: Any) -> Iterator[PathKey]:
    """``path`` and the path of everything inside ``value``."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _subtree((*path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _subtree((*path, index), item)


def _forget(path: PathKey, value: Any, sources: SourceMap) -> None:
    for inner in _subtree(path, value):
        sources.values.pop(inner, None)
        sources.keys.pop(inner, None)
        sources.hints.pop(inner, None)


def _renumber(parent: PathKey, items: list[Any], later: int, by: int, sources: SourceMap) -> None:
    """The items of the old list from ``later`` on are ``by`` places further now (from the
    last when they move up, so that none lands on one not moved yet)."""
    if not by:
        return
    depth = len(parent)
    order = range(len(items) - 1, later - 1, -1) if by > 0 else range(later, len(items))
    for index in order:
        for path in _subtree((*parent, index), items[index]):
            moved = (*parent, index + by, *path[depth + 1 :])
            for positions in (sources.values, sources.keys):
                if path in positions:
                    positions[moved] = positions.pop(path)
            if path in sources.hints:
                sources.hints[moved] = sources.hints.pop(path)


def _require_same(part: Document, whole: Document) -> None:
    """The check behind PORTREG_CHECK_RELOAD: both readings agree, value for value."""
    for what, mine, theirs in (
        ("data", part.data, whole.data),
        ("values", part.sources.values, whole.sources.values),
        ("keys", part.sources.keys, whole.sources.keys),
        ("hints", part.sources.hints, whole.sources.hints),
    ):
        if mine != theirs:
            raise AssertionError(f"re-reading the edited parts gave other {what} than the whole")
