"""What the scan says about ownership (services owning nothing, coverage, backup copies) and
how it groups findings, run as the CLI."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, Result
from helpers import load_text
from pathspec import GitIgnoreSpec
from scan_tree import build_tree, git

from portreg.scan.owners import Owners, _matcher

Run = Callable[..., Result]
WE = "test/integration/workflowexecution"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "project")


def test_services_whose_paths_match_nothing_only_on_whole_project_scans(
    run_cli: Run, tree: Path
) -> None:
    whole = run_cli("scan", "--format", "json", cwd=tree)
    empty = [f for f in json.loads(whole.out)["findings"] if f["code"] == "PR507"]
    assert len(empty) == 7
    gateway = next(f for f in empty if f["message"].startswith("gateway's"))
    assert gateway["file"] == "registry/ports.yaml"
    lines = BUNDLED_FILE.read_text("utf-8").splitlines()
    assert "test/integration/gateway/**" in lines[gateway["line"] - 1]
    assert "PR507" in run_cli("scan", ".", cwd=tree).out  # the root given: still the whole
    assert "PR507" not in run_cli("scan", WE, cwd=tree).out
    (tree / WE / "x_test.go").write_text("x := 1\n", "utf-8")
    git(tree, "add", "-A")
    assert "PR507" not in run_cli("scan", "--staged", cwd=tree).out


def test_the_coverage_line_names_owned_files_and_unowned_files_with_ports(
    run_cli: Run, tree: Path
) -> None:
    for name in ("a", "b"):
        (tree / "scripts").mkdir(exist_ok=True)
        (tree / "scripts" / f"{name}.sh").write_text("fuser -k 16387/tcp 18100/tcp\n", "utf-8")
    result = run_cli("scan", "--format", "json", cwd=tree)
    coverage = json.loads(result.out)["coverage"]
    assert coverage["owned"]["workflowexecution"] == 5
    assert coverage["owned"]["gateway"] == 0
    assert coverage["unowned_with_ports"] == {
        "docs/testing.md": 2,
        "scripts/a.sh": 2,
        "scripts/b.sh": 2,
    }
    text = run_cli("scan", cwd=tree).out.splitlines()
    assert text[-2] == (
        "files of no service holding allocated ports: docs/testing.md (2 ports), "
        "scripts/a.sh (2 ports), scripts/b.sh (2 ports)"
    )
    assert "coverage" not in json.loads(run_cli("scan", WE, "--format", "json", cwd=tree).out)


@pytest.mark.parametrize(
    "name",
    ["setup.sh.bak", "setup.sh.bak2", "setup.sh.orig", "setup.sh~", ".setup.sh.swp", "#setup.sh#"],
)
def test_backup_copies_are_skipped(run_cli: Run, tree: Path, name: str) -> None:
    (tree / WE / name).write_text("REDIS_PORT=16387\n", "utf-8")
    result = run_cli("scan", WE, cwd=tree)
    assert name not in result.out
    assert "1 backup copy" in result.out


def test_each_location_of_a_group_lists_the_others_as_related(run_cli: Run, tree: Path) -> None:
    document = json.loads(run_cli("scan", "--format", "json", cwd=tree).out)
    by_place = {(f["file"], f["line"]): f for f in document["findings"]}
    audit = by_place[(f"{WE}/audit_datastorage_test.go", 11)]
    assert audit["related"] == [{"file": f"{WE}/setup-infrastructure.sh", "line": 6, "column": 18}]
    alone = by_place[(f"{WE}/setup-infrastructure.sh", 5)]
    assert alone["related"] == []
    sarif = json.loads(run_cli("scan", "--format", "sarif", cwd=tree).out)
    results = sarif["runs"][0]["results"]
    grouped = [r for r in results if "relatedLocations" in r]
    assert len(grouped) == 4  # two groups of two places
    assert len(results) == len(document["findings"])


def test_owner_globs_joined_into_one_regex_match_as_pathspec_does() -> None:
    globs = [
        "test/integration/gateway/**",
        "test/infrastructure/gateway_integration*.go",
        "*.gw.yaml",
        "docs/",
    ]
    joined = _matcher(globs)
    spec = GitIgnoreSpec.from_lines(globs)  # what portreg.scan.owners falls back to
    generator = random.Random(3)
    parts = [
        "test",
        "integration",
        "gateway",
        "infrastructure",
        "docs",
        "a.gw.yaml",
        "x.go",
        "gateway_integration_test.go",
        "gw.yaml",
    ]
    for _ in range(2000):
        path = "/".join(generator.choice(parts) for _ in range(generator.randint(1, 4)))
        assert joined(path) == spec.match_file(path), path
    negated = _matcher(["a/**", "!a/b.go"])  # a negation: pathspec itself decides
    assert negated("a/c.go") and not negated("a/b.go")


def test_owners_count_every_service_with_paths() -> None:
    loaded = load_text(BUNDLED_FILE.read_text("utf-8"))
    assert loaded.registry is not None
    counts = Owners(loaded.registry).count([f"{WE}/a.go", "holmesgpt-api/tests/integration/x.py"])
    assert counts["workflowexecution"] == 1 and counts["hapi"] == 1 and counts["gateway"] == 0


def test_a_port_in_many_places_lists_at_most_five_related(run_cli: Run, tree: Path) -> None:
    for number in range(8):
        copy = tree / WE / f"copy{number}_test.go"
        copy.write_text('dataStorageURL := "http://localhost:18100"\n', "utf-8")
    document = json.loads(run_cli("scan", WE, "--format", "json", cwd=tree).out)
    places = [f for f in document["findings"] if "18100" in f["message"]]
    assert len(places) == 10
    assert {len(f["related"]) for f in places} == {5}
    text = run_cli("scan", WE, cwd=tree).out
    assert (
        "workflowexecution datastorage 18100: effectivenessmonitor's integration api port "
        "(10 places)"
    ) in text.splitlines()


def test_paths_claim_files_and_a_file_naming_no_service_is_nobodys() -> None:
    loaded = load_text(BUNDLED_FILE.read_text("utf-8"))
    assert loaded.registry is not None
    owners = Owners(loaded.registry)
    assert owners.of("pkg/controller/x.go") == ()
    assert owners.of(f"{WE}/a.go") == ("workflowexecution",)
    assert owners.of("test/infrastructure/gateway_integration_test.go") == ("gateway",)
