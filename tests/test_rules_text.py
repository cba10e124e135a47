"""`portreg rules` and SARIF's text fields speak plain text; docs/rules.md keeps the markup."""

from __future__ import annotations

import json

from inprocess import invoke

from portreg.rules import all_rules
from portreg.rules_doc import plain


def test_rules_code_prints_plain_text_wrapped_for_a_terminal() -> None:
    shown = invoke("rules", "PR201").out
    assert "``" not in shown and "`" not in shown
    assert "declare a shares\nentry" in shown  # rewrapped once the marks are gone
    assert max(len(line) for line in shown.splitlines()) <= 88


def test_every_rule_doc_and_summary_has_a_plain_form() -> None:
    for rule in all_rules():
        text = plain(rule.doc or "") + plain(rule.summary)
        assert "``" not in text, rule.code
        assert all(len(line) <= 88 for line in plain(rule.doc or "").splitlines()), rule.code
    assert "``" not in invoke("rules").out


def test_plain_keeps_lists_and_literal_blocks() -> None:
    doc = (
        "Intro with ``code`` and **bold** and [a link](https://example.com).\n\n"
        "- one\n  two\n- three\n\n    literal  block"
    )
    assert plain(doc) == (
        "Intro with code and bold and a link (https://example.com).\n\n- one two\n- three\n\n"
        "    literal  block"
    )


def test_sarif_text_fields_are_plain_and_markdown_keeps_the_markup() -> None:
    sarif = json.loads(invoke("check", "--format", "sarif").out)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    conflict = next(rule for rule in rules if rule["id"] == "PR201")
    assert "``" not in conflict["fullDescription"]["text"] + conflict["help"]["text"]
    assert "``shares``" in conflict["help"]["markdown"]
