"""What a reviewer sees of the keys added for hand-kept tables (production ports, service
and header facts, NodePort bands, a cluster's own ports, exclusive ports, known conflicts
and exceptions by cluster): in text, markdown and json, in ``--changelog``'s entry, and in
change control, which asks for a new version for what suites may bind and for nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from gitrepo import GitRepo
from inprocess import invoke
from test_diff_keys import TEXT, edit

from portreg.models import ChangelogEntry

REGISTRY = "registry/ports.yaml"
# (fixture text, what it becomes): what suites may bind, then what only describes.
BINDING = [
    ("nodeport_ranges: {e2e: 30080-30099}", "nodeport_ranges: {e2e: 30080-30089}"),
    ("ranges: {alertmanager: 30180-30199}", "ranges: {alertmanager: 30180-30189}"),
    ("services: [pipeline, fleet]\n    ports:", "services: [pipeline]\n    ports:"),
    ("{port: 29193, node_port: 30181}", "{port: 29194, node_port: 30181}"),
    ("ports: [25401]", "ports: [25401, 28001]"),
    (
        "    cluster: kind-pipeline\n    services: [fleet",
        "    cluster: kind-lab\n    services: [fleet",
    ),
    ("    cluster: kind-pipeline\n    reason", "    cluster: kind-lab\n    reason"),
]
DESCRIBING = [
    ("production: {api: 8080}", "production: {api: 8443}"),
    ("purpose: Routing and rate limits", "purpose: Routing, rate limits and TLS"),
    ('urls: ["https://ci.example.com/gateway"]', 'urls: ["https://ci.example.com/edge"]'),
    ("created: 2025-06-01", "created: 2025-05-01"),
]
EDITS = BINDING + DESCRIBING
GOVERNED = [
    "~ api e2e NodePort band: 30080-30099 → 30080-30089",
    "~ scope kind-pipeline alertmanager NodePort band: 30180-30199 → 30180-30189",
    "~ scope kind-pipeline services: pipeline, fleet → pipeline",
    "~ scope kind-pipeline e2e alertmanager: 29193 → 29194",
]
TEXT_LINES = [
    "~ created: 2025-06-01 → 2025-05-01",
    *GOVERNED,
    "~ gateway purpose: Routing and rate limits → Routing, rate limits and TLS",
    "~ gateway urls: https://ci.example.com/gateway → https://ci.example.com/edge",
    "~ gateway production api: 8080 → 8443",
    "~ exclusive pipeline, fleet ports: 25401 → 25401, 28001",
    "- known conflict 30081 in kind-pipeline: fleet, pipeline (removed)",
    "+ known conflict 30081 in kind-lab: fleet, pipeline (added)",
    "- exception PR305 for kind-pipeline's NodePorts: the cluster's bands lie above the "
    "static band on purpose (removed)",
    "+ exception PR305 for kind-lab's NodePorts: the cluster's bands lie above the static "
    "band on purpose (added)",
]


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        text = edit(text, old, new)
    return text


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(edited(TEXT, EDITS), encoding="utf-8")
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def test_text(files: tuple[str, str]) -> None:
    result = invoke("diff", *files)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[1:-1] == TEXT_LINES
    assert lines[-1] == (
        "13 changes: 1 header field changed, 2 ranges changed, 1 scope changed, 1 port moved, "
        "2 services changed, 1 production port changed, 1 exclusive group changed, 1 known "
        "conflict removed, 1 known conflict added, 1 exception removed, 1 exception added"
    )


def test_markdown(files: tuple[str, str]) -> None:
    result = invoke("diff", *files, "--format", "markdown")
    assert result.code == 0, result.err
    rows = [line for line in result.out.splitlines() if line.startswith("| ")][1:]
    assert rows[:3] == [
        "| changed | created | 2025-06-01 | 2025-05-01 |",
        "| changed | api e2e NodePort band | 30080-30099 | 30080-30089 |",
        "| changed | scope kind-pipeline alertmanager NodePort band | 30180-30199 | 30180-30189 |",
    ]
    assert "| changed | gateway production api | 8080 | 8443 |" in rows
    assert "| moved | scope kind-pipeline e2e alertmanager | 29193 | 29194 |" in rows
    assert len(rows) == len(TEXT_LINES)


def test_json_says_what_is_governed_and_points_at_each_change(files: tuple[str, str]) -> None:
    result = invoke("diff", *files, "--format", "json")
    assert result.code == 0, result.err
    changes = json.loads(result.out)["changes"]
    governed = [change["text"] for change in changes if change["governed"]]
    # The exclusive group's ports and the entries known by their cluster decide what may be
    # reused or accepted: they are governed too; facts and production ports are not.
    assert governed == [line[2:] for line in TEXT_LINES if line in GOVERNED] + [
        line[2:]
        for line in TEXT_LINES
        if line.startswith(("~ exclusive", "- known", "+ known", "- exception", "+ exception"))
    ]
    lines = edited(TEXT, EDITS).splitlines()
    at = {
        change["subject"]: lines[change["line"] - 1][change["column"] - 1 :] for change in changes
    }
    assert at["api e2e NodePort band"] == "30080-30089}"
    assert at["scope kind-pipeline alertmanager NodePort band"] == "30180-30189}"
    assert at["scope kind-pipeline services"] == "[pipeline]"
    assert at["scope kind-pipeline e2e alertmanager"].startswith("{port: 29194")
    assert at["gateway production api"] == "8443}"
    assert at["gateway purpose"] == "Routing, rate limits and TLS"
    assert at["created"] == "2025-05-01"


def test_changelog_entry_lists_each_change(files: tuple[str, str]) -> None:
    result = invoke("diff", *files, "--changelog", env={"PORTREG_TODAY": "2026-03-01"})
    assert result.code == 0, result.err
    (entry,) = yaml.safe_load(result.out)
    parsed = ChangelogEntry.model_validate(entry)
    assert parsed.version == "3.2"
    assert parsed.changes == [line[2:] for line in TEXT_LINES]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repository = GitRepo(tmp_path / "repo")
    repository.write(REGISTRY, TEXT)
    repository.commit("registry 3.1")
    return repository


def version_findings(repo: GitRepo, edits: list[tuple[str, str]]) -> list[str]:
    repo.write(REGISTRY, edited(TEXT, edits))
    result = invoke("check", "--base", "HEAD", "--select", "PR4", cwd=repo.path)
    assert result.code in (0, 1), result.err
    return [line for line in result.out.splitlines() if " PR40" in line]


def test_facts_and_production_ports_need_no_new_version(repo: GitRepo) -> None:
    assert version_findings(repo, DESCRIBING) == []


@pytest.mark.parametrize("binding", BINDING)
def test_what_suites_may_bind_needs_a_new_version(repo: GitRepo, binding: tuple[str, str]) -> None:
    (finding,) = version_findings(repo, [binding])
    assert "error PR401 version-not-raised: the allocation changed since HEAD" in finding


def test_the_count_names_each_kind_of_change_in_words() -> None:
    """Before: ``2 workerses changed`` and ``2 exclusives changed``."""
    from portreg.diff import Change, Kind
    from portreg.diff.render import DiffReport, Side, render_text

    changes = [
        Change(kind, subject, "a", "b", ())
        for kind in (Kind.WORKERS_CHANGED, Kind.EXCLUSIVE_CHANGED, Kind.PRODUCTION_ADDED)
        for subject in ("x", "y")
    ]
    report = DiffReport(Side("old", "1"), Side("new", "1"), changes, [])
    assert render_text(report).splitlines()[-1] == (
        "6 changes: 2 workers entries changed, 2 exclusive groups changed, 2 production ports added"
    )
