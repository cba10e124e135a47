"""The loader's shortcut for common values gives exactly what its careful path gives.

The walk reads plain words and decimal ports inline (the common case at 1.7 million values);
everything else goes through the checks that explain YAML 1.1's traps. A document without
explicit tags reads the same either way, and every key and value keeps the line and column
that YAML reports for it.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg.loading.compose import _CountingLoader
from portreg.loading.loader import Source, _Walker, load_document
from portreg.loading.sourcemap import PathKey, SourceMap, pack

# Plain and quoted spellings of scalars, traps included.
SCALARS = [
    "redis", "15433", "0", "015433", "0x3c3d", "16:38", "16_388", "yes", "No", "on", "~",
    "null", "1.5", "2026-11-30", "2026-02-30", "-5", "+7", "'15433'", '"yes"', "''",
    "12345678901234567890123456789012345", "a b", "8080/tcp", ".5", "1e3",
]  # fmt: skip

keys = st.sampled_from(["a", "b", "port", "redis", "8080", "x-y", "true"])
scalars = st.sampled_from(SCALARS)


def trees(depth: int = 0) -> st.SearchStrategy[Any]:
    if depth >= 3:
        return scalars
    children = st.deferred(lambda: trees(depth + 1))
    return st.one_of(
        scalars,
        st.dictionaries(keys, children, min_size=1, max_size=4),
        st.lists(children, min_size=1, max_size=3),
    )


def emit(tree: Any, indent: int = 0) -> str:
    """Block-style YAML with every scalar written exactly as spelled in SCALARS."""
    pad = " " * indent
    if isinstance(tree, dict):
        lines = []
        for key, value in tree.items():
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {value}\n")
            else:
                lines.append(f"{pad}{key}:\n{emit(value, indent + 2)}")
        return "".join(lines)
    if isinstance(tree, list):
        lines = []
        for item in tree:
            if isinstance(item, str):
                lines.append(f"{pad}- {item}\n")
            else:
                lines.append(f"{pad}-\n{emit(item, indent + 2)}")
        return "".join(lines)
    return f"{pad}{tree}\n"


def compose(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert node is not None
    return node


def walk(text: str, *, careful: bool) -> tuple[Any, SourceMap]:
    # tags_written=True sends every value through the careful path (no inline shortcut).
    walker = _Walker("t.yaml", tags_written=careful)
    return walker.convert(compose(text), ()), walker.sources


def marks(node: yaml.Node, path: PathKey, found: dict[str, dict[PathKey, int]]) -> None:
    found["values"][path] = pack(node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            found["keys"][child] = pack(key_node.start_mark.line, key_node.start_mark.column)
            marks(value_node, child, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            marks(item, (*path, index), found)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, trees(), min_size=1, max_size=5))
def test_inline_and_careful_reads_agree_on_values_hints_and_places(tree: dict[str, Any]) -> None:
    text = emit(tree)
    quick_data, quick = walk(text, careful=False)
    careful_data, careful = walk(text, careful=True)
    assert quick_data == careful_data
    assert [type(value) for value in _leaves(quick_data)] == [
        type(value) for value in _leaves(careful_data)
    ]
    assert quick.hints == careful.hints
    expected: dict[str, dict[PathKey, int]] = {"values": {}, "keys": {}}
    marks(compose(text), (), expected)
    assert quick.values == careful.values == expected["values"]
    assert quick.keys == careful.keys == expected["keys"]


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in _leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in _leaves(value)]
    return [data]


def test_a_plain_port_and_a_word_keep_their_line_and_column() -> None:
    text = "portreg: 1\nservices:\n  api:\n    port:   15433\n    name: 'x'\n"
    document = load_document(Source("r.yaml", text.encode()))
    assert document.data["services"]["api"]["port"] == 15433
    assert str(document.sources.locate(("services", "api", "port"))) == "r.yaml:4:13"
    assert str(document.sources.locate(("services", "api", "port"), key=True)) == "r.yaml:4:5"
    assert str(document.sources.locate(("services", "api", "name"))) == "r.yaml:5:11"
    assert document.sources.value_location(("services", "nothing")) is None


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(st.text(max_size=12), st.sampled_from(SCALARS)),
    implicit=st.tuples(st.booleans(), st.booleans()),
)
def test_the_composer_resolves_every_value_as_pyyaml_does(
    value: str, implicit: tuple[bool, bool]
) -> None:
    composer = _CountingLoader("")
    try:
        ours = composer.resolve(yaml.ScalarNode, value, implicit)
        theirs = yaml.CSafeLoader.resolve(composer, yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
    finally:
        composer.dispose()
    assert ours == theirs


def test_pyyaml_resolves_by_first_character_only() -> None:
    # The shortcut relies on this: no resolver for every value (None) and none by path.
    assert None not in yaml.CSafeLoader.yaml_implicit_resolvers
    assert not yaml.CSafeLoader.yaml_path_resolvers
