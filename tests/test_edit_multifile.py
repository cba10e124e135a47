"""Edits of a registry split into several files: each change lands in the file it is about."""

from __future__ import annotations

from pathlib import Path

from edit_helpers import EDIT_ENV, line_changes
from inprocess import invoke

from portreg.loading.registry import load_registry

HEADER = """\
portreg: 1
title: Split registry
version: "1.0"
updated: 2026-01-10
tiers:
  integration: {title: Integration tests}
components:
  redis:
    ranges: {integration: 16379-16388}
shares:
  - port: 16390
    services: [x1, x2]
    reason: one redis for the x suites
changelog:
  - version: "1.0"
    date: 2026-01-10
    summary: first
"""
TEAM_A = """\
portreg: 1
services:
  alpha:
    ports:
      integration: {redis: 16379}
  x1:
    ports:
      integration: {redis: 16390}
"""
TEAM_B = """\
portreg: 1
services:
  beta:
    ports:
      integration: {redis: 16380}
  x2:
    ports:
      integration: {redis: 16390}
  gamma:
    ports:
      integration: {redis: 16380}
shares:
  - port: 16380
    services: [beta, gamma]
    reason: one redis for beta and gamma
"""


def split_registry(root: Path) -> Path:
    directory = root / "registry"
    directory.mkdir()
    (directory / "a-header.yaml").write_text(HEADER)
    (directory / "b-team-a.yaml").write_text(TEAM_A)
    (directory / "c-team-b.yaml").write_text(TEAM_B)
    return directory


def test_allocate_writes_the_service_file_and_the_header(tmp_path: Path) -> None:
    directory = split_registry(tmp_path)
    before = {path.name: path.read_bytes() for path in directory.glob("*.yaml")}
    result = invoke(
        "allocate", "beta", "redis", "--tier", "e2e", "--port", "26379", cwd=tmp_path, env=EDIT_ENV
    )
    assert result.code == 2  # no e2e tier: bad input, nothing written
    assert {path.name: path.read_bytes() for path in directory.glob("*.yaml")} == before
    result = invoke(
        "allocate",
        "x2",
        "redis",
        "--tier",
        "integration",
        "--port",
        "16391",
        cwd=tmp_path,
        env=EDIT_ENV,
    )
    assert result.code == 2  # x2 already has redis
    result = invoke("release", "x2", cwd=tmp_path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    # x2 goes from team B's file; the share of 16390 (in the header file) goes with it.
    removed, _ = line_changes(before["c-team-b.yaml"], (directory / "c-team-b.yaml").read_bytes())
    assert removed == ["  x2:\n", "    ports:\n", "      integration: {redis: 16390}\n"]
    header = (directory / "a-header.yaml").read_text()
    assert "  - port: 16390\n" not in header
    assert '      - "share 16390: x1, x2 (removed)"\n' in header
    assert 'version: "1.1"' in header
    assert (directory / "b-team-a.yaml").read_bytes() == before["b-team-a.yaml"]
    assert invoke("check", cwd=tmp_path).code == 0


def test_the_second_file_s_share_is_found_by_its_own_index(tmp_path: Path) -> None:
    directory = split_registry(tmp_path)
    result = invoke("rename", "gamma", "gemma", "--no-bump", cwd=tmp_path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    text = (directory / "c-team-b.yaml").read_text()
    assert "  gemma:\n" in text
    assert "services: [beta, gemma]" in text
    registry = load_registry(directory).registry
    assert registry is not None
    assert [share.services for share in registry.shares] == [["x1", "x2"], ["beta", "gemma"]]


def test_baseline_of_a_split_registry_goes_to_the_header_file(tmp_path: Path) -> None:
    directory = split_registry(tmp_path)
    team_b = (
        (directory / "c-team-b.yaml")
        .read_text()
        .replace(
            "shares:\n  - port: 16380\n    services: [beta, gamma]\n"
            "    reason: one redis for beta and gamma\n",
            "",
        )
    )
    (directory / "c-team-b.yaml").write_text(team_b)
    assert invoke("check", cwd=tmp_path).code == 1
    result = invoke("check", "--write-baseline", cwd=tmp_path, env=EDIT_ENV)
    assert result.code == 0, result.out
    assert "known_conflicts:" in (directory / "a-header.yaml").read_text()
    checked = invoke("check", cwd=tmp_path)
    assert checked.code == 0
    assert "PR308" in checked.out
