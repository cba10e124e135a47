"""Reader gaps found on public trees: test data files (CSV, TSV, JSON lines) are skipped,
IPv6 literals are no mappings, and a code number's digit separators (``22_019``) make one
number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result
from inprocess import invoke
from scan_tree import build_tree, git

Run = Callable[..., Result]
WE = "test/integration/workflowexecution"
# effectivenessmonitor's integration api port: foreign in a workflowexecution file.
FOREIGN = "18100"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "project")


def scan_file(run_cli: Run, tree: Path, name: str, text: str) -> list[dict[str, object]]:
    (tree / WE / name).write_text(text, "utf-8")
    result = run_cli("scan", WE, "--format", "json", cwd=tree)
    assert result.code in (0, 1), result
    findings: list[dict[str, object]] = json.loads(result.out)["findings"]
    return [finding for finding in findings if finding["file"] == f"{WE}/{name}"]


# --- test data files


@pytest.mark.parametrize("name", ["titles.csv", "rows.TSV", "events.jsonl", "dump.ndjson"])
def test_data_files_are_skipped_and_counted(run_cli: Run, tree: Path, name: str) -> None:
    (tree / WE / name).write_text(f"id,url\n1,localhost:{FOREIGN}\n", "utf-8")
    result = run_cli("scan", WE, cwd=tree)
    assert name not in result.out
    assert "1 data file" in result.out
    skipped = json.loads(run_cli("scan", WE, "--format", "json", cwd=tree).out)["scan"]["skipped"]
    assert skipped["data file"] == 1


def test_a_staged_data_file_is_skipped(tree: Path) -> None:
    (tree / WE / "titles.csv").write_text(f"url\nlocalhost:{FOREIGN}\n", "utf-8")
    git(tree, "add", f"{WE}/titles.csv")
    result = invoke("scan", "--staged", "--format", "json", cwd=tree)
    assert result.code == 0, result
    assert json.loads(result.out)["scan"]["skipped"] == {"data file": 1}
