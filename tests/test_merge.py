"""A registry split over several files (one per team) merges into one, positions intact."""

from __future__ import annotations

from pathlib import Path

from helpers import codes

from portreg.checker import check
from portreg.loading.registry import load_registry

HEADER = """\
portreg: 1
title: Split registry
version: "1.0"
updated: 2025-01-01
tiers: {integration: {}}
components:
  redis: {ranges: {integration: 16379-16388}}
  postgresql: {}
"""


def split(tmp_path: Path, **files: str) -> Path:
    directory = tmp_path / "registry"
    directory.mkdir()
    for name, text in files.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory


def test_files_merge_and_findings_point_into_the_right_file(tmp_path: Path) -> None:
    directory = split(
        tmp_path,
        a_header=HEADER,
        team_a="portreg: 1\nservices:\n  hapi:\n    ports: {integration: {redis: 16387}}\n",
        team_b=(
            "portreg: 1\n"
            "# team B's services\n"
            "services:\n  workflowexecution:\n    ports: {integration: {redis: 16387}}\n"
        ),
    )
    loaded = load_registry(directory)
    assert loaded.registry is not None
    assert set(loaded.registry.services) == {"hapi", "workflowexecution"}
    (finding,) = check(loaded)
    assert finding.code == "PR201"
    assert finding.location.file.endswith("team_b.yaml") and finding.location.line == 5
    assert finding.related[0].file.endswith("team_a.yaml")


def test_lists_concatenate_with_positions_shifted(tmp_path: Path) -> None:
    share = "  - port: {port}\n    services: [a, b]\n    reason: one server serves both\n"
    directory = split(
        tmp_path,
        a_header=HEADER + "services:\n  a: {ports: {integration: {redis: 16380}}}\n"
        "  b: {ports: {integration: {redis: 16380}}}\n"
        "shares:\n" + share.format(port=16380),
        b_more="portreg: 1\nshares:\n" + share.format(port=16381),
    )
    loaded = load_registry(directory)
    assert loaded.registry is not None and len(loaded.registry.shares) == 2
    (finding,) = check(loaded)
    assert finding.code == "PR202"  # the second file's share is stale
    assert finding.location.file.endswith("b_more.yaml") and finding.location.line == 4


def test_service_defined_in_two_files_names_both_places(tmp_path: Path) -> None:
    directory = split(
        tmp_path,
        a_header=HEADER + "services:\n  hapi: {}\n",
        b_team="portreg: 1\nservices:\n  hapi: {}\n",
    )
    loaded = load_registry(directory)
    assert loaded.registry is None
    (finding,) = loaded.findings
    assert finding.code == "PR106"
    assert finding.location.file.endswith("b_team.yaml") and finding.location.line == 3
    assert "a_header.yaml:10:3" in finding.message


def test_header_key_defined_twice(tmp_path: Path) -> None:
    directory = split(tmp_path, a_header=HEADER, b_team='portreg: 1\nversion: "2.0"\n')
    assert codes(load_registry(directory).findings) == ["PR106"]


def test_every_file_states_the_format_version(tmp_path: Path) -> None:
    directory = split(tmp_path, a_header=HEADER, b_team="services: {}\n")
    findings = load_registry(directory).findings
    assert codes(findings) == ["PR101"]
    assert findings[0].location.file.endswith("b_team.yaml")


def test_schema_errors_in_a_later_file_point_into_it(tmp_path: Path) -> None:
    directory = split(
        tmp_path,
        a_header=HEADER,
        b_team="portreg: 1\nservices:\n  hapi:\n    ports: {integration: {redis: 16_387}}\n",
    )
    (finding,) = load_registry(directory).findings
    assert finding.code == "PR104"
    assert finding.location.file.endswith("b_team.yaml") and finding.location.line == 4
