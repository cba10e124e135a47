"""Finding one's way in a composed YAML tree: the children of a node, by key or index."""

from __future__ import annotations

import yaml

from portreg.findings import InputError
from portreg.loading.compose import YamlLoader


def compose_text(text: str, name: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError as error:
        raise InputError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise InputError(f"{name}: the top level is not a mapping")
    return root


def is_mapping(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode)


def child_index(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node] | None:
    """The index of the entry or item ``part`` of ``node``, and its value."""
    if isinstance(node, yaml.MappingNode):
        for index, (key, value) in enumerate(node.value):
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return index, value
        return None
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return part, node.value[part]
    return None


def child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The key node and the value node of ``part`` (an item is both its key and value)."""
    found = child_index(node, part)
    if found is None:
        return None
    index, value = found
    return (node.value[index][0], value) if isinstance(node, yaml.MappingNode) else (value, value)


def children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
