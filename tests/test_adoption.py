"""Adoption trials: three hand-kept port tables, each turned into a registry from the docs.

tests/fixtures/adoption/NAME/ holds the table as its team kept it (PORTS.md) and the
registry written from it (registry/ports.yaml): a Go monorepo with per-service blocks and
shared infrastructure, an operator's Kind clusters, and a data platform whose pytest-xdist
workers each get their own copy of every service. Each registry must check as its table
reads (the conflict planted in the table found where it is written), adopt in one
``check --write-baseline``, and render docs that keep every port the table had.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers import ROOT
from inprocess import invoke
from markdown_tables import Table, parse

from portreg.checker import RuleFilter, check
from portreg.findings import Severity
from portreg.loading.registry import load_registry

ADOPTION = ROOT / "tests" / "fixtures" / "adoption"
TODAY = {"PORTREG_TODAY": "2026-03-01"}  # the date the fixtures' baselines were written

# What `portreg check` says about each registry as committed (its baseline included): the
# planted conflict as a known one, and the warnings the table's own choices earn.
EXPECTED = {
    "go-monorepo": Counter({"PR308": 2}),  # kafka 19011: a port conflict and a block conflict
    "kind-operator": Counter(
        {"PR302": 13, "PR305": 6, "PR304": 1, "PR308": 1}
    ),  # PR305 once per NodePort of a cluster (was once per allocation: 8)
    "data-platform": Counter({"PR308": 1}),
}

# The planted conflict of each table, where `check` reports it once the baseline is gone.
PLANTED = {
    "go-monorepo": [
        ("PR201", "registry/ports.yaml:103:23", "kafka 19011 (tcp, host) is used by billing"),
        ("PR207", "registry/ports.yaml:103:23", "inside billing's integration kafka block"),
    ],
    "kind-operator": [
        ("PR201", "registry/ports.yaml:91:20", "port 38290 (tcp, host) is used by e2e-multi"),
    ],
    "data-platform": [
        ("PR201", "registry/ports.yaml:161:25", "port 18090 (tcp, host) is used by trino"),
    ],
}

NAMES = sorted(EXPECTED)


def _registry(name: str) -> Path:
    return ADOPTION / name / "registry" / "ports.yaml"


def _without_baseline(text: str) -> str:
    """The registry as it was before adoption: its known_conflicts block cut out."""
    cut = re.sub(r"(?ms)^known_conflicts:\n.*?\n\n", "", text)
    assert cut != text
    return cut


@pytest.mark.parametrize("name", NAMES)
def test_each_adoption_registry_checks_with_the_expected_findings(name: str) -> None:
    findings = check(load_registry(_registry(name)), RuleFilter())
    assert Counter(finding.code for finding in findings) == EXPECTED[name]
    assert {finding.severity for finding in findings} == {Severity.WARNING}


@pytest.mark.parametrize("name", NAMES)
def test_the_planted_conflict_is_found_and_write_baseline_adopts_it(
    name: str, tmp_path: Path
) -> None:
    project = tmp_path / name
    shutil.copytree(ADOPTION / name, project)
    registry = project / "registry" / "ports.yaml"
    adopted = registry.read_text(encoding="utf-8")
    registry.write_text(_without_baseline(adopted), encoding="utf-8")

    before = invoke("check", "--concise", "--select", "PR2", cwd=project)
    assert before.code == 1
    lines = before.out.splitlines()
    for code, where, message in PLANTED[name]:
        assert any(
            line.startswith(f"{where}: error {code} ") and message in line for line in lines
        ), (code, where, before.out)

    written = invoke("check", "--write-baseline", cwd=project, env=TODAY)
    assert written.code == 0, written.err
    assert registry.read_text(encoding="utf-8") == adopted
    assert invoke("check", "--quiet", cwd=project).code == 0


_DATE = re.compile(r"\b\d{4}-(?:\d{2}-\d{2}|Q\d)\b")
_NUMBER = re.compile(r"\b\d{4,5}\b")


def _ports(markdown: str) -> set[int]:
    """Every port-like number (1024-65535) of a markdown text, dates left out."""
    numbers = (int(found) for found in _NUMBER.findall(_DATE.sub(" ", markdown)))
    return {number for number in numbers if 1024 <= number <= 65535}


@pytest.mark.parametrize("name", NAMES)
def test_render_docs_keeps_every_port_of_the_hand_kept_table(name: str) -> None:
    table = (ADOPTION / name / "PORTS.md").read_text(encoding="utf-8")
    rendered = invoke("render-docs", "--output", "-", cwd=ADOPTION / name)
    assert rendered.code == 0, rendered.err
    assert _ports(table) - _ports(rendered.out) == set()
    assert len(_ports(table)) > 20  # the comparison is about real tables, not a few numbers


def test_the_port_extraction_skips_dates_and_keeps_ranges() -> None:
    assert _ports("| 2026-02-03 | 15433-15440 | 2025-Q3 | 80 | 19011 |") == {15433, 15440, 19011}


# Gaps the trials found, each fixed in general and pinned here on the table that showed it.


def _document(name: str, *sections: str) -> str:
    options = [option for section in sections for option in ("--section", section)]
    rendered = invoke("render-docs", "--output", "-", *options, cwd=ADOPTION / name)
    assert rendered.code == 0, rendered.err
    return rendered.out


def _tables(name: str, *sections: str) -> dict[str, Table]:
    return {table.heading: table for table in parse(_document(name, *sections))[0]}


def test_a_dynamic_nodeport_shows_the_container_port_it_forwards_to() -> None:
    # "tenant Postgres (Service type NodePort, no fixed port) → 5432": the NodePort is picked
    # at run time, the container port is still the component's.
    mappings = _tables("kind-operator", "mappings")["Kind mappings"]
    (row,) = [row for row in mappings.rows if row[1] == "op-multitenant"]
    assert "tenant Postgres — → dynamic ⁿ → 5432" in row[2].split(", ")


def test_a_cluster_titled_as_its_id_is_named_once() -> None:
    document = _document("kind-operator", "mappings")
    assert "`op-e2e`" in document
    assert "(op-e2e)" not in document
    assert "`op-e2e`: op-e2e" not in document


def test_reserved_ports_of_a_range_are_shown_as_runs() -> None:
    ranges = _tables("go-monorepo", "ranges")["Port ranges and free ports"]
    # 15400-15409 is reserved for accounts, which takes 15401 itself.
    assert ranges.row("Postgres")["Reserved"] == "15400, 15402-15409"


def test_services_without_ports_stay_in_the_docs() -> None:
    document = _document("data-platform", "allocations")
    listed = document.split("### Services without ports\n\n")[1].split("\n<!--")[0]
    assert listed.splitlines() == [
        "- mock servers (WireMock) (platform): One per external API, handed out in order; "
        "+100 per worker. Owns CI (pytest-xdist, 4 workers) block 15440-15449.",
        "- marquez (lineage) (data-eng): Planned; port TBD.",
    ]


def test_the_components_section_keeps_the_container_ports_of_host_ports() -> None:
    components = _tables("go-monorepo", "components")["Components"]
    assert components.row("Schema Registry")["Container port"] == "8081"
    assert components.row("Postgres")["Ranges"] == "Integration tests 15400-15499"


def test_who_names_a_known_conflict_inside_one_service_as_such() -> None:
    found = invoke("who", "38290", cwd=ADOPTION / "kind-operator")
    assert "known conflict on 38290/tcp (host) within e2e-multitenant:" in found.out


def test_a_ranges_free_ports_are_those_next_hands_out() -> None:
    # Each service owns a block of every family: 15410-15419 is billing's, not free.
    ranges = _tables("go-monorepo", "ranges")["Port ranges and free ports"]
    postgres = ranges.row("Postgres")
    assert postgres["Free ports"] == "15430-15439, 15470-15499"
    assert (postgres["Used"], postgres["Reserved"], postgres["In blocks"]) == (
        "6",
        "15400, 15402-15409",
        "45",
    )
    handed = invoke(
        "next", "postgres", "--tier", "integration", "--count", "11", cwd=ADOPTION / "go-monorepo"
    )
    assert handed.out.split() == [*map(str, range(15430, 15440)), "15470"]


def test_who_tells_whose_a_retired_port_was_from_the_changelog() -> None:
    found = invoke("who", "15471", cwd=ADOPTION / "go-monorepo")
    assert found.code == 1  # nobody owns it today
    assert found.out.splitlines()[1:] == [
        "registry/ports.yaml:167:9: 15471 in changelog 3 (2025-11-20): reports retired: "
        "postgres 15471, redis 16371 and http 18071 are free again",
        "15471: nobody owns it",
    ]
    moved = invoke("who", "9092", "--format", "json", cwd=ADOPTION / "data-platform")
    history = [fact for fact in json.loads(moved.out)["facts"] if fact["kind"] == "history"]
    assert [fact["location"] for fact in history] == ["registry/ports.yaml:188:15"]
    assert "kafka base: 9092 → 19092" in history[0]["text"]


def test_a_table_versioned_by_date_is_raised_to_todays_date(tmp_path: Path) -> None:
    # The kind-operator table was versioned by date (2026.01.12): an edit moves it to today's
    # date, written the same way, and a second edit the same day adds a serial.
    project = tmp_path / "kind-operator"
    shutil.copytree(ADOPTION / "kind-operator", project)
    registry = project / "registry" / "ports.yaml"
    for old, new, version in (
        ("manager-local", "manager-dev", "2026.03.01"),
        ("manager-dev", "manager-laptop", "2026.03.01.1"),
    ):
        renamed = invoke("rename", old, new, "--no-docs", cwd=project, env=TODAY)
        assert renamed.code == 0, renamed.out + renamed.err
        loaded = load_registry(registry).registry
        assert loaded is not None and loaded.version == version
        # Quoted as it was written.
        assert f'\nversion: "{version}"\n' in registry.read_text(encoding="utf-8")
    assert invoke("check", "--quiet", cwd=project).code == 0
