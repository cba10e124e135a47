"""Explicit YAML tags and giant integers in the loader (issue 12, defects 2 and 7).

``!!float 015433`` used to be re-read without its tag (as octal 6939) and exported with
exit status 0; an integer of more than 4,300 digits ended in an internal error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import codes, findings_for, load_text
from inprocess import invoke
from tests_data import MINIMAL


def service(value: str, key: str = "redis") -> str:
    return MINIMAL + f"services:\n  app:\n    ports:\n      integration: {{{key}: {value}}}\n"


@pytest.mark.parametrize(
    "value",
    [
        "!!float 015433",
        "!!float 4:33:8",
        "!!float 0x3c39",
        "!!float 0b11110000111001",
        "!!float 1_6380",
        "!!float 16380",
        "!!int 16379-16388",
        "!!bool 16380",
        "!!timestamp 16380",
        "!!null 16380",
    ],
)
def test_an_explicitly_tagged_port_is_never_a_number(value: str) -> None:
    loaded = load_text(service(value))
    assert loaded.registry is None
    assert codes(loaded.findings) == ["PR104"]
    assert "explicit tag" in loaded.findings[0].message


def test_explicit_tags_in_ranges_and_reserved(tmp_path: Path) -> None:
    text = MINIMAL.replace("16379-16388", "!!float 16379") + (
        "reserved:\n  - {port: !!float 015433, reason: x}\n"
    )
    path = tmp_path / "ports.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["check"], ["export", "--format", "env"]):
        result = invoke(*command, "-r", str(path))
        assert result.code in (1, 2), result
        assert "6939" not in result.out


def test_a_tag_that_agrees_with_the_plain_value_changes_nothing() -> None:
    assert findings_for(service("!!int 16380")) == []
    assert load_text(service("!!int 16380")).registry is not None


def test_explicit_str_on_text_keeps_the_text() -> None:
    loaded = load_text(MINIMAL.replace("title: Test ports", "title: !!str 1.9"))
    assert loaded.registry is not None
    assert loaded.registry.title == "1.9"


@pytest.mark.parametrize(
    "digits",
    ["9" * 5000, "0x" + "f" * 5000, "0" + "7" * 5000, "1_" * 2500 + "1", "-" + "9" * 5000],
)
def test_a_giant_integer_is_a_finding_not_a_crash(digits: str, tmp_path: Path) -> None:
    path = tmp_path / "ports.yaml"
    path.write_text(service(digits), encoding="utf-8")
    result = invoke("check", "-r", str(path))
    assert result.code == 1, result
    assert "internal error" not in result.err
    assert "PR10" in result.out
    assert len(result.out) < 2000  # the number is not printed whole


def test_a_giant_integer_in_a_range(tmp_path: Path) -> None:
    path = tmp_path / "ports.yaml"
    path.write_text(MINIMAL.replace("16379-16388", "1-" + "9" * 5000), encoding="utf-8")
    result = invoke("check", "-r", str(path))
    assert result.code == 1, result
    assert "internal error" not in result.err
