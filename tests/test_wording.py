"""Counted nouns and possessives (portreg/wording.py), as every message says them."""

from __future__ import annotations

import pytest

from portreg.wording import plural, plural_of, possessive


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("port", "ports"),
        ("host port", "host ports"),
        ("process", "processes"),
        ("entry", "entries"),
        ("changelog entry", "changelog entries"),
        ("day", "days"),
        ("match", "matches"),
        ("NodePort", "NodePorts"),
    ],
)
def test_plural_of_a_noun_or_a_phrase(word: str, expected: str) -> None:
    assert plural_of(word) == expected


def test_counts_agree_with_their_noun() -> None:
    assert plural(1, "service") == "1 service"
    assert plural(0, "service") == "0 services"
    assert plural(2, "conflict") == "2 conflicts"
    assert plural(12_345, "file", thousands=True) == "12,345 files"
    assert plural(3, "person", "people") == "3 people"


def test_a_name_ending_in_s_takes_the_apostrophe_alone() -> None:
    assert possessive("orders") == "orders'"
    assert possessive("hapi") == "hapi's"
    assert possessive("NATS") == "NATS'"
