"""The hooks portreg-scan and portreg-export-check, run as pre-commit runs them: their
entry from .pre-commit-hooks.yaml, with the staged files of a real git repository."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT, Result
from scan_tree import build_tree, git

Run = Callable[..., Result]
WE = "test/integration/workflowexecution"


def hook(hook_id: str) -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (found,) = [entry for entry in hooks if entry["id"] == hook_id]
    return dict(found)


def entry_args(definition: dict[str, Any]) -> list[str]:
    """The entry's arguments after ``portreg`` (run_cli runs ``python -m portreg``)."""
    program, *args = shlex.split(definition["entry"])
    assert program == "portreg"
    return args


def test_the_scan_hook_scans_exactly_the_staged_files(run_cli: Run, tmp_path: Path) -> None:
    definition = hook("portreg-scan")
    assert definition["pass_filenames"] is True
    assert definition["types"] == ["text"]
    tree = build_tree(tmp_path / "project")
    (tree / WE / "new_test.go").write_text('url := "localhost:18100"\n', "utf-8")
    (tree / WE / "fixed_test.go").write_text('url := "localhost:18097"\n', "utf-8")
    git(tree, "add", f"{WE}/new_test.go", f"{WE}/fixed_test.go")
    staged = git(tree, "diff", "--cached", "--name-only", "--diff-filter=ACMR").split()
    assert staged == [f"{WE}/fixed_test.go", f"{WE}/new_test.go"]
    result = run_cli(*entry_args(definition), *staged, cwd=tree)
    assert result.code == 1
    # Only the staged files: the fixture's own drifts (committed earlier) are not reported.
    lines = result.out.splitlines()
    assert [lines[0], lines[1], lines[-1]] == [
        "workflowexecution api 18100: effectivenessmonitor's integration api port (1 place)",
        f"{WE}/new_test.go:1:19: error PR501 foreign-port: workflowexecution uses "
        "effectivenessmonitor's integration api 18100",
        "1 error, 0 warnings in 2 files (registry 1.10)",
    ]
    assert [line for line in lines if "error PR" in line] == lines[1:2]  # and its snippet
    git(tree, "reset", "-q", f"{WE}/new_test.go")
    clean = run_cli(*entry_args(definition), f"{WE}/fixed_test.go", cwd=tree)
    assert clean.code == 0


def test_the_export_check_hook(run_cli: Run, tmp_path: Path) -> None:
    definition = hook("portreg-export-check")
    assert definition["pass_filenames"] is False
    tree = build_tree(tmp_path / "project")
    args = ["--format", "go", "-o", "ports_gen.go"]
    assert run_cli("export", *args, cwd=tree).code == 0
    assert run_cli(*entry_args(definition), *args, cwd=tree).code == 0
    registry = tree / "registry" / "ports.yaml"
    registry.write_text(registry.read_text("utf-8").replace("16388", "16386"), "utf-8")
    stale = run_cli(*entry_args(definition), *args, cwd=tree)
    assert stale.code == 1
    assert "+\tWorkflowExecutionIntegrationRedisPort       = 16386" in stale.out
