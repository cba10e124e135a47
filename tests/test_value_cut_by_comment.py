"""PR115: a comment one space after a plain text value (``summary: fixed the race #932``
reads ``fixed the race``) is a warning at the ``#``; the check goes on."""

from __future__ import annotations

import pytest
from helpers import findings_for, only
from tests_data import MINIMAL

SERVICE = "services:\n  a:\n    title: {title}\n    ports: {{integration: {{redis: 16379}}}}\n"


@pytest.mark.parametrize(
    ("title", "column", "read_as"),
    [
        ("Orders #12", 19, "Orders"),
        ("the shop, orders # old name", 29, "the shop, orders"),
        ("Orders #", 19, "Orders"),
    ],
)
def test_a_plain_text_value_cut_by_a_comment_is_a_warning(
    title: str, column: int, read_as: str
) -> None:
    findings = findings_for(MINIMAL + SERVICE.format(title=title))
    (cut,) = only(findings, "PR115")
    assert (cut.severity.value, cut.location.line, cut.location.column) == ("warning", 14, column)
    assert f"which YAML reads as {read_as!r}" in cut.message
    assert "quote the whole value" in cut.message


@pytest.mark.parametrize(
    "title",
    [
        "Orders  # two spaces: a comment, said so",
        '"Orders #12"',
        "'Orders #12'",
        "Orders#12",
        "Orders",
    ],
)
def test_what_reads_as_written_is_not_flagged(title: str) -> None:
    assert only(findings_for(MINIMAL + SERVICE.format(title=title)), "PR115") == []


def test_numbers_block_scalars_and_keys_are_not_flagged() -> None:
    text = MINIMAL + (
        "services:\n"
        "  a:\n"
        "    description: |\n"
        "      fixed #12 in a block scalar: kept\n"
        "    ports: {integration: {redis: 16379}} # a flow mapping\n"
        "  b:\n"
        "    ports:\n"
        "      integration:\n"
        "        redis: 16380 # after a number: nothing else to read\n"
    )
    assert only(findings_for(text), "PR115") == []


def test_in_a_list_and_a_changelog_and_the_check_goes_on() -> None:
    text = MINIMAL + (
        "services:\n"
        "  a:\n"
        "    paths:\n"
        "      - test/a/** #the suite\n"
        "    ports: {integration: {redis: 16379}}\n"
        "  b:\n"
        "    ports: {integration: {redis: 16379}}\n"
        "changelog:\n"
        '  - version: "1.0"\n'
        "    date: 2025-01-01\n"
        "    summary: fixed the race #932\n"
    )
    findings = findings_for(text)
    assert [str(f.location) for f in only(findings, "PR115")] == [
        "ports.yaml:15:19",
        "ports.yaml:22:29",
    ]
    assert only(findings, "PR201")  # the registry was checked all the same


def test_it_can_be_ignored_like_any_warning() -> None:
    text = MINIMAL + SERVICE.format(title="Orders #12")
    assert only(findings_for(text, ignore=("PR115",)), "PR115") == []
    assert only(findings_for(text, ignore=("value-cut-by-comment",)), "PR115") == []
    assert only(findings_for(text, select=("PR2",)), "PR115") == []
