"""YAML text to a tree of nodes, safely: the first step of reading a registry file.

The YAML is only *composed* into nodes, never constructed into objects, so no tag can make
PyYAML build one. What could still exhaust the machine is refused here, before the nodes
are walked: more values than any registry has, aliases that multiply the document ("billion
laughs"), aliases that contain themselves.
"""

from __future__ import annotations

from typing import Any

import yaml

from portreg.findings import InputError, Location

try:  # the C composer is several times faster; fall back when libyaml is missing
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

__all__ = ["MAX_DEPTH", "MAX_NODES", "STRING_TAG", "TAG_PREFIX", "YamlLoader", "compose"]

# Time and memory grow with the number of values, not bytes: at the size cap a flow list of
# ones (`[1,1,...]`) is 6.4 million values, 28 s and 3 GB. Composing stops past this many;
# 50,000 services in the benchmark's shape are 1.68 million.
MAX_NODES = 1_750_000
MAX_DEPTH = 64
# Aliases may repeat a few nodes; a document that expands far beyond its own size is an
# attack ("billion laughs"), refused before a single value is built.
MAX_EXPANSION_FACTOR = 4
MAX_EXPANSION_SLACK = 10_000

TAG_PREFIX = "tag:yaml.org,2002:"
STRING_TAG = TAG_PREFIX + "str"
ScalarNode = yaml.ScalarNode

# The first characters of every value YAML may read as something other than text (yes, 1.5,
# ~ ...); a plain word starting otherwise is text. PyYAML's safe loader has no resolver that
# applies to any first character (None) nor by path.
_IMPLICIT_STARTS = frozenset(start for start in YamlLoader.yaml_implicit_resolvers if start)
_resolve = YamlLoader.resolve


class _TooManyNodes(Exception):
    pass


class _CountingLoader(YamlLoader):
    """PyYAML's composer, stopped once a document has more than MAX_NODES nodes.

    The C composer asks ``resolve`` for the tag of every node written without one; nodes
    written with a tag are counted up front by their ``!``, which overcounts at worst.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.nodes_left = MAX_NODES - text.count("!")

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            raise _TooManyNodes
        if kind is ScalarNode and value and value[0] not in _IMPLICIT_STARTS:
            return STRING_TAG  # what PyYAML's resolver finds too, without trying its patterns
        return _resolve(self, kind, value, implicit)  # type: ignore[no-untyped-call]


def compose(text: str, name: str) -> yaml.MappingNode:
    """The document's top-level mapping, or an InputError saying why there is none."""
    root = compose_node(text, name)
    if root is None:
        raise InputError(
            "the file is empty; a registry file starts with 'portreg: 1'", Location(name)
        )
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            "the top level must be a mapping (portreg: 1, title: ..., services: ...)",
            location(name, root.start_mark),
            "PR101",
            "schema",
        )
    return root


def compose_node(text: str, name: str) -> yaml.Node | None:
    """The document's node (None when empty), with the same limits and errors as
    :func:`compose`: also used for a part of a file the editor reads again."""
    try:
        loader = _CountingLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _TooManyNodes:
        raise InputError(
            f"more than {MAX_NODES:,} values; a registry never has that many (docs/performance.md)",
            Location(name),
            "PR002",
            "unreadable-file",
        ) from None
    except yaml.MarkedYAMLError as error:
        from portreg.loading.yaml_errors import explain  # the error path only: start-up

        explained = explain(text, error)
        where = Location(name, explained.line, explained.column)
        raise InputError(f"not valid YAML: {explained.message}", where) from None
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML: {error}", Location(name)) from None
    except RecursionError:
        raise InputError("not valid YAML: nested too deeply", Location(name)) from None
    if root is not None and "&" in text:  # without an anchor there is no alias
        refuse_alias_bombs(root, name)
    return root


def location(name: str, mark: Any) -> Location:
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


def refuse_alias_bombs(root: yaml.Node, name: str) -> None:
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def expanded_size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise InputError(
                "an alias refers to the node that contains it",
                location(name, node.start_mark),
                "PR004",
                "unsafe-yaml",
            )
        if depth > MAX_DEPTH:
            raise too_deep(name, node)
        open_nodes.add(key)
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(expanded_size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                size += expanded_size(key_node, depth + 1) + expanded_size(value_node, depth + 1)
        open_nodes.discard(key)
        sizes[key] = size
        return size

    total = expanded_size(root, 0)
    if total > MAX_EXPANSION_FACTOR * len(sizes) + MAX_EXPANSION_SLACK:
        raise InputError(
            f"aliases expand {len(sizes)} nodes into {total}; refusing a document that "
            "multiplies itself",
            location(name, root.start_mark),
            "PR004",
            "unsafe-yaml",
        )


def too_deep(name: str, node: yaml.Node) -> InputError:
    return too_deep_at(location(name, node.start_mark))


def too_deep_at(where: Location) -> InputError:
    return InputError(f"nested deeper than {MAX_DEPTH} levels", where, "PR004", "unsafe-yaml")
