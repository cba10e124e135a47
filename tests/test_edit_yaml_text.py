"""The splicer under the editing commands: removals, additions and styles, on small texts."""

from __future__ import annotations

import pytest
import yaml

from portreg.edit.emit import BlockList, block_lines, flow_text, scalar_text
from portreg.edit.yaml_text import YamlText

TEXT = """\
# top
flow: {a: 1, b: 2, c: 3}
items: [x, y, z]
block:
  # about a
  a: 1
  b: 2   # about b
  c: 3
list:
  - one
  - two: 2
    three: 3
  - four
tail: end
"""


def edited(*operations: tuple[str, tuple[object, ...]], text: str = TEXT) -> str:
    document = YamlText(text, "t.yaml")
    for name, args in operations:
        getattr(document, name)(*args)
    result = document.result()
    yaml.safe_load(result)  # always valid YAML
    return result


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("a",), "flow: {b: 2, c: 3}"),
        (("b",), "flow: {a: 1, c: 3}"),
        (("c",), "flow: {a: 1, b: 2}"),
        (("a", "b"), "flow: {c: 3}"),
        (("b", "c"), "flow: {a: 1}"),
        (("a", "c"), "flow: {b: 2}"),
        (("a", "b", "c"), "flow: {}"),
    ],
)
def test_flow_mapping_removals(keys: tuple[str, ...], expected: str) -> None:
    result = edited(*(("remove_entry", (("flow",), key)) for key in keys))
    assert result.splitlines()[1] == expected
    assert result.replace(expected, "flow: {a: 1, b: 2, c: 3}") == TEXT


@pytest.mark.parametrize(
    ("indices", "expected"),
    [
        ((0,), "items: [y, z]"),
        ((0, 1), "items: [z]"),
        ((2, 1), "items: [x]"),
        ((0, 1, 2), "items: []"),
    ],
)
def test_flow_sequence_removals(indices: tuple[int, ...], expected: str) -> None:
    result = edited(*(("remove_item", (("items",), index)) for index in indices))
    assert result.splitlines()[2] == expected


def test_block_mapping_removal_takes_its_comment() -> None:
    result = edited(("remove_entry", (("block",), "a")))
    assert "# about a" not in result
    assert "  b: 2   # about b\n  c: 3\n" in result


def test_removing_every_entry_of_a_block_mapping_leaves_an_empty_one() -> None:
    result = edited(*(("remove_entry", (("block",), key)) for key in "abc"))
    assert "block: {}\nlist:\n" in result


def test_removing_every_item_of_a_block_sequence_leaves_an_empty_one() -> None:
    result = edited(*(("remove_item", (("list",), index)) for index in (2, 0, 1)))
    assert result.endswith("  c: 3\nlist: []\ntail: end\n")


def test_removing_a_mapping_item_removes_all_its_lines() -> None:
    result = edited(("remove_item", (("list",), 1)))
    assert "list:\n  - one\n  - four\ntail: end\n" in result


def test_additions_take_the_collection_style() -> None:
    result = edited(
        ("add_entry", (("flow",), "d", 4)),
        ("add_entry", (("block",), "d", {"x": [1, 2]})),
        ("append_item", (("items",), "w")),
        ("append_item", (("list",), {"five": 5, "six": "6"})),
        ("prepend_item", (("list",), "zero")),
    )
    assert "flow: {a: 1, b: 2, c: 3, d: 4}\n" in result
    assert "  c: 3\n  d:\n    x: [1, 2]\nlist:\n" in result
    assert "items: [x, y, z, w]\n" in result
    assert "  - zero\n  - one\n" in result
    assert '  - four\n  - five: 5\n    six: "6"\ntail: end\n' in result


def test_a_new_top_level_key_goes_before_the_named_one_and_its_comments() -> None:
    text = "a: 1\n\n# the tail\ntail: end\n"
    result = edited(("add_top_level", ("new", [{"k": "v"}], ("tail",))), text=text)
    assert result == "a: 1\n\nnew:\n  - k: v\n\n# the tail\ntail: end\n"


def test_a_file_without_a_final_newline() -> None:
    result = edited(("add_entry", (("m",), "b", 2)), text="m:\n  a: 1")
    assert result == "m:\n  a: 1\n  b: 2"


def test_a_bom_is_kept() -> None:
    result = edited(("set_scalar", (("a",), 2)), text="\ufeffa: 1\n")
    assert result == "\ufeffa: 2\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("plain", "plain"),
        ("1.10", '"1.10"'),
        ("yes", '"yes"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("test/**", "test/**"),
        ("*star", '"*star"'),
        ("", '""'),
        (None, "null"),
        (True, "true"),
        (16379, "16379"),
        ("é → ü", '"é → ü"'),
    ],
)
def test_scalars_read_back_as_themselves(value: object, text: str) -> None:
    assert scalar_text(value) == text
    assert yaml.safe_load(f"k: {flow_text([value])}") == {"k": [value]}


def test_block_lists_stay_blocks() -> None:
    assert block_lines({"changes": BlockList(["a", "b"])}, 2) == [
        "  changes:",
        "    - a",
        "    - b",
    ]
    with pytest.raises(TypeError):
        block_lines("scalar", 0)


def test_prepend_to_a_flow_list_goes_first() -> None:
    assert edited(("prepend_item", (("items",), "w"))).splitlines()[2] == "items: [w, x, y, z]"


@pytest.mark.parametrize(
    ("written", "value", "expected"),
    [
        ('version: "1.10"\n', "2026.01.30", 'version: "2026.01.30"\n'),
        ("version: '1.10'\n", "it's 2", "version: 'it''s 2'\n"),
        ("version: 1.10x\n", "2026.01.30", "version: 2026.01.30\n"),
        ('version: "1.10"\n', 7, "version: 7\n"),  # a number is never quoted
    ],
)
def test_a_replaced_scalar_keeps_its_quotes(written: str, value: object, expected: str) -> None:
    document = YamlText(written, "r.yaml")
    document.set_scalar(("version",), value)
    assert document.result() == expected
    assert yaml.safe_load(document.result()) == {"version": value}
