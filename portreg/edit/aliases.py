"""Where a YAML document uses aliases, so that an edit never goes through one.

The composer gives an alias (``integration: *gw``) the very node of its anchor
(``e2e: &gw``): found by path, it looks like part of both entries, and a splice placed from
its positions lands in the anchor's entry, in another service. This module finds each alias
occurrence (a node met a second time in document order) with the place of its ``*name``
token (from the parser's events, which come in the same order), and the nodes that are
anchored. The splicer then measures an entry that ends in an alias by the alias's own text,
and refuses a change at, inside or through an aliased node: it would change two places.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from portreg.edit.lines import Lines
from portreg.edit.yaml_nodes import child_index
from portreg.findings import InputError, Location
from portreg.loading.compose import YamlLoader
from portreg.loading.sourcemap import PathKey, dotted

# The rule an edit through an alias is refused under (exit status 2, nothing written).
ALIAS_CODE = "PR606"
ALIAS_RULE = "edit-through-alias"
# (id of the parent collection, index of the entry or item, 0 for a key or 1 for a value)
Spot = tuple[int, int, int]


@dataclass
class Aliases:
    """The alias occurrences of one document and the nodes they refer to."""

    # Each occurrence's spot, with the start and end index of its ``*name`` text.
    spans: dict[Spot, tuple[int, int]] = field(default_factory=dict)
    # Each anchored node (by id), with the index of its first alias.
    anchored: dict[int, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.spans)

    @classmethod
    def of(cls, text: str, root: yaml.Node) -> Aliases:
        """The aliases of ``text``, whose composed tree is ``root``."""
        found = cls()
        if "&" not in text:  # no anchor, no alias: the common case costs one scan
            return found
        spots: list[tuple[Spot, yaml.Node]] = []
        _walk(root, set(), spots)
        if not spots:
            return found
        events = (e for e in yaml.parse(text, Loader=YamlLoader) if isinstance(e, yaml.AliasEvent))
        for (spot, node), event in zip(spots, events, strict=False):
            assert event.start_mark is not None and event.end_mark is not None  # the parser's
            span = (event.start_mark.index, event.end_mark.index)
            found.spans[spot] = span
            found.anchored.setdefault(id(node), span[0])
        return found

    def span(self, parent: yaml.Node, index: int, side: int = 1) -> tuple[int, int] | None:
        """Where the alias at this place of ``parent`` is written, if one is."""
        return self.spans.get((id(parent), index, side)) if self.spans else None

    def refuse_change(
        self, root: yaml.Node, path: PathKey, removing: bool, lines: Lines, name: str
    ) -> None:
        """Raise PR606 when a change at ``path`` (``removing``: of its whole subtree) would
        go through an alias, or change an anchored node that an alias shares."""
        node = root
        for depth, part in enumerate(path):
            found = child_index(node, part)
            if found is None:
                return
            index, value = found
            here = path[: depth + 1]
            for side in (0, 1):
                span = self.span(node, index, side)
                if span is not None:
                    if removing and depth == len(path) - 1:
                        return  # removing an alias takes nothing from its anchor
                    raise _refusal(here, span[0], "is an alias of an entry elsewhere", lines, name)
            if id(value) in self.anchored:
                raise _refusal(
                    here,
                    value.start_mark.index,
                    "is anchored",
                    lines,
                    name,
                    self.anchored[id(value)],
                )
            node = value
        if removing:
            used_at = self.anchor_inside(node)
            if used_at is not None:
                raise _refusal(path, node.start_mark.index, "holds an anchor", lines, name, used_at)

    def anchor_inside(self, node: yaml.Node) -> int | None:
        """Where the first alias of an anchor inside ``node`` (or of ``node`` itself) is
        written; None when ``node`` holds no anchor that is aliased. Aliases inside
        ``node`` are not followed: they name nodes elsewhere."""
        if not self.anchored:
            return None
        pending = [node]
        while pending:
            current = pending.pop()
            if id(current) in self.anchored:
                return self.anchored[id(current)]
            for spot, child in _children(current):
                if spot not in self.spans:
                    pending.append(child)
        return None


def _refusal(
    path: PathKey, index: int, what: str, lines: Lines, name: str, alias_at: int | None = None
) -> InputError:
    line = lines.line_of(index)
    where = Location(name, line + 1, index - lines.start(line) + 1)
    used = "" if alias_at is None else f" (its alias is at line {lines.line_of(alias_at) + 1})"
    return InputError(
        f"{dotted(path)} {what}{used}: the edit would change it in both places, or leave the "
        "alias naming nothing; write the aliased entries out in full first",
        where,
        ALIAS_CODE,
        ALIAS_RULE,
    )


def _walk(node: yaml.Node, seen: set[int], spots: list[tuple[Spot, yaml.Node]]) -> None:
    """Record, in document order, every place where a node already met appears again."""
    seen.add(id(node))
    # Iterative, depth-first, children in document order (keys before their values).
    stack: list[tuple[list[tuple[Spot, yaml.Node]], int]] = [(_children(node), 0)]
    while stack:
        children, position = stack.pop()
        if position >= len(children):
            continue
        stack.append((children, position + 1))
        spot, child = children[position]
        if id(child) in seen:
            spots.append((spot, child))
            continue
        seen.add(id(child))
        stack.append((_children(child), 0))


def _children(node: yaml.Node) -> list[tuple[Spot, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        children: list[tuple[Spot, yaml.Node]] = []
        for index, (key, value) in enumerate(node.value):
            children.append(((id(node), index, 0), key))
            children.append(((id(node), index, 1), value))
        return children
    if isinstance(node, yaml.SequenceNode):
        return [((id(node), index, 1), item) for index, item in enumerate(node.value)]
    return []
