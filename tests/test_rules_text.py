"""`portreg rules` and SARIF's text fields speak plain text; docs/rules.md keeps the markup."""

from __future__ import annotations

import json

from inprocess import invoke

from portreg.findings import Severity
from portreg.reporters.sarif_format import rule_descriptor
from portreg.rules import Rule, all_rules
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
        # Not one mark left, not even of a span an editor wrapped across lines (PR604's).
        assert "`" not in plain(rule.doc or "", width=None), rule.code
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


# A docstring wrapped inside its code spans, as a rule's doc is once an editor rewraps it.
WRAPPED_SPANS = (
    "A port computed in code (``basePort +\n"
    "process*k``) or a `nodePort:\nwritten` in a Service; ```a `quoted`\nspan```.\n\n"
    "Not a span: a lone `backtick\n\nacross a paragraph`."
)


def test_a_code_span_across_a_line_break_loses_its_marks() -> None:
    assert plain(WRAPPED_SPANS, width=None) == (
        "A port computed in code (basePort +\n"
        "process*k) or a nodePort:\nwritten in a Service; a `quoted`\nspan.\n\n"
        "Not a span: a lone `backtick\n\nacross a paragraph`."
    )
    assert plain("the ``\n`quoted`\n`` name", width=None) == "the `quoted` name"
    assert plain(WRAPPED_SPANS, width=60).startswith(
        "A port computed in code (basePort + process*k) or a\nnodePort: written in a Service;"
    )


def test_sarif_and_rules_text_of_a_doc_wrapped_inside_a_span() -> None:
    rule = Rule("PR999", "wrapped-span", Severity.WARNING, WRAPPED_SPANS)
    described = rule_descriptor(rule)
    for text in (described["fullDescription"]["text"], described["help"]["text"]):
        assert "basePort +\nprocess*k)" in text and "``" not in text
        assert "nodePort:\nwritten in" in text
    assert described["help"]["markdown"] == WRAPPED_SPANS
