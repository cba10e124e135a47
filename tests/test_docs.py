"""Generated docs are fresh, and the format docs name every key of the models."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from pydantic import BaseModel

from portreg import models
from portreg.rules import all_rules
from portreg.rules_doc import render


def test_rules_doc_is_fresh() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render(all_rules()), "docs/rules.md is stale: run `make docs`"


def test_rules_doc_check_mode_fails_on_stale_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "rules.md"
    stale.write_text("# Rules\n", encoding="utf-8")
    command = [sys.executable, "-m", "portreg.rules_doc", "--check"]
    assert subprocess.run([*command, str(stale)], capture_output=True).returncode == 1
    fresh = subprocess.run([*command, str(ROOT / "docs" / "rules.md")], capture_output=True)
    assert fresh.returncode == 0


def test_every_rule_has_a_section_in_the_rules_doc() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"### {rule.code} {rule.name}" in text


def test_format_doc_names_every_key() -> None:
    text = (ROOT / "docs" / "registry-format.md").read_text(encoding="utf-8")
    model_classes = [
        value
        for value in vars(models).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__.startswith(f"{models.__name__}.")
    ]
    missing = [
        f"{model.__name__}.{name}"
        for model in model_classes
        for name in model.model_fields
        if model is not models.PortRange and f"`{name}`" not in text and f"{name}:" not in text
    ]
    assert missing == []
