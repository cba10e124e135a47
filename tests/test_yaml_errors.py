"""YAML syntax errors name the mistake, at the line that has it, and how to fix it."""

from __future__ import annotations

import pytest

from portreg.findings import InputError
from portreg.loading.loader import Source, load_document

CASES = [
    # (text, line, column, words the message must hold)
    ("portreg: 1\ntiers:\n\tintegration: {}\n", 3, 1, ["a tab indents", "with spaces"]),
    ("portreg: 1\ntiers:\n  a:\n  \ttitle: x\n", 4, 3, ["a tab indents"]),
    (
        "portreg: 1\ntiers:\n  integration: {}\n   e2e: {}\n",
        4,
        4,
        ["indented by 3 spaces", "(line 3) are indented by 2"],
    ),
    (
        "portreg: 1\nservices:\n  a:\n    ports: {}\n   b: {}\n",
        5,
        4,
        ["indented by 3 spaces"],
    ),
    (
        "  portreg: 1\ntitle: x\n",
        2,
        1,
        ["line 1 is indented by 2", "top-level keys start in the first column"],
    ),
    # The parser stops at the next key's colon; the missing one is a line above.
    (
        "portreg: 1\ntiers:\n  integration {}\n  e2e: {}\n",
        3,
        3,
        ["'integration' has no ':'", "write `integration: {}`"],
    ),
    ("portreg: 1\ntitle x\nversion: '1'\n", 2, 1, ["'title' has no ':'", "`title: x`"]),
    (
        "portreg: 1\nservices:\n  a:\n    paths [x]\n\n    # comment\n    ports: {}\n",
        4,
        5,
        ["'paths' has no ':'", "`paths: [x]`"],
    ),
    ('portreg: 1\ntitle: "abc\nversion: "1"\nx: 1\n', 2, 8, ['the quote " opened here']),
    ("portreg: 1\ntitle: 'abc\nversion: 1\n", 2, 8, ["the quote ' opened here", "never closed"]),
    ("portreg: 1\npaths: [a, b\nversion: 1\n", 2, 8, ["the [ opened here is not closed", "add ]"]),
    ("portreg: 1\nports: {a: 1, b: 2\nversion: 1\n", 2, 8, ["the { opened here", "add }"]),
    ("portreg: 1\nports: {a: 1}}\n", 2, 14, ["this } closes nothing"]),
    ("portreg: 1\n---\nx: 1\n", 2, 1, ["a second YAML document", "'---'"]),
    (
        "shares:\n  - port: 1\n  services: [a]\n",
        3,
        3,
        ["indentation of the list items above it (line 2)", "'- '"],
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), CASES)
def test_syntax_errors_name_the_mistake_and_the_fix(
    text: str, line: int, column: int, words: list[str]
) -> None:
    with pytest.raises(InputError) as raised:
        load_document(Source("ports.yaml", text.encode("utf-8")))
    error = raised.value
    assert error.code == "PR001"
    assert error.location is not None
    assert (error.location.line, error.location.column) == (line, column), str(error)
    assert error.message.startswith("not valid YAML: ")
    for word in words:
        assert word in error.message, str(error)
    # PyYAML's own jargon is gone from the messages explained here.
    assert "cannot start any token" not in error.message
    assert "did not find expected" not in error.message


def test_an_unexplained_error_keeps_pyyaml_words_and_place() -> None:
    with pytest.raises(InputError) as raised:
        load_document(Source("ports.yaml", b"a: &x 1\nb: *y\n"))
    assert raised.value.code == "PR001"
    assert raised.value.location is not None and raised.value.location.line == 2
