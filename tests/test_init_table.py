"""``portreg init --from-table DOC.md``: a hand-kept markdown port document as a registry.

tests/fixtures/adoption/tables/ holds documents of different layouts written for these
tests (a card with a row per component under its service, tier columns and a Kind table;
one matrix per tier with "other ports", a range table and a tool's dependencies; a compose
host map; a plan of test suites' ports; a Kind lab), each with the allocations it must give
(``NAME.expected``); tests/test_init_layouts.py checks what each of the last three shows.
The three older adoption tables, with the registries people wrote from them by hand,
measure what a real document gives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from inprocess import invoke

from portreg.adopt.cells import read_cell
from portreg.adopt.markdown import cell_columns, parse
from portreg.loading.registry import load_registry

TABLES = ROOT / "tests" / "fixtures" / "adoption" / "tables"
ADOPTION = ROOT / "tests" / "fixtures" / "adoption"
TODAY = {"PORTREG_TODAY": "2026-03-01"}

Proposed = tuple[str, str, str, str, str, str]


def _expected(name: str) -> set[Proposed]:
    """The lines of NAME.expected: service tier component[instance] port [node cluster]
    [protocol], as tuples (absent fields are "-", a protocol other than tcp last)."""
    found = set()
    for line in (TABLES / f"{name}.expected").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        words = line.split()
        protocol = words.pop() if words[-1] in ("udp",) else "tcp"
        service, tier, component, port, *mapped = words
        node, cluster = mapped or ["-", "-"]
        found.add((service, tier, component, port, f"{node} {cluster}", protocol))
    return found


def _proposed(registry_path: Path) -> set[Proposed]:
    registry = load_registry(registry_path).registry
    assert registry is not None
    found = set()
    for ref in registry.entries:
        allocation = ref.allocation
        name = f"{ref.component}[{allocation.name}]" if ref.index is not None else ref.component
        port = "dynamic" if allocation.dynamic else str(allocation.port or "-")
        node = f"{allocation.node_port or '-'} {allocation.cluster or '-'}"
        found.add((ref.service, ref.tier, name, port, node, allocation.protocol))
    return found


def _adopt(name: str, tmp_path: Path, *options: str) -> tuple[Path, object]:
    project = tmp_path / name
    project.mkdir()
    shutil.copy(TABLES / f"{name}.md", project / f"{name}.md")
    result = invoke("init", "--from-table", f"{name}.md", *options, cwd=project, env=TODAY)
    return project, result


@pytest.mark.parametrize("name", ["ci-card", "per-tier", "host-map", "suite-ports", "kind-lab"])
def test_the_allocations_of_each_fixture_table_are_recovered_exactly(
    name: str, tmp_path: Path
) -> None:
    project, result = _adopt(name, tmp_path)
    assert result.code == 0, result.out + result.err  # type: ignore[attr-defined]
    registry = project / "registry" / "ports.yaml"
    assert _proposed(registry) == _expected(name)
    checked = invoke("check", "--quiet", cwd=project)
    assert checked.code == 0, checked.out


def test_a_card_keeps_its_history_reservations_footnotes_and_clusters(tmp_path: Path) -> None:
    project, result = _adopt("ci-card", tmp_path)
    out = result.out  # type: ignore[attr-defined]
    # "TBD" is said, at its cell.
    assert "ci-card.md:21:25: warning PR113 unplaced-port: TBD: no port yet" in out
    registry = load_registry(project / "registry" / "ports.yaml").registry
    assert registry is not None
    # Dated bullets with "(v2.1)" become the changelog; the newest is the version.
    assert [(entry.version, str(entry.date)) for entry in registry.changelog] == [
        ("2.1", "2026-02-14"),
        ("2.0", "2026-01-05"),
        ("1.0", "2025-11-30"),
    ]
    assert registry.version == "2.1"
    assert [(str(r.port), r.reason) for r in registry.reserved] == [
        ("15600-15609", "the shared CI Postgres pool"),
        ("18080", "developers' local gateway"),
    ]
    smtp = registry.services["invoicing"].ports["integration"]["mock-smtp"]
    assert not isinstance(smtp, list)
    assert smtp.note == "plain SMTP without TLS: the suite checks the raw envelope."
    # A container port column is the component's container port; the local default is not
    # an allocation.
    assert registry.components["ingress"].container_port == 8080
    assert registry.components["webhook"].container_port == 9443
    assert 5432 not in {use.port for use in registry.allocations}
    # The retired (struck-through) row is gone.
    assert "legacy-export" not in registry.services


def test_a_range_table_gives_the_components_ranges(tmp_path: Path) -> None:
    project, _ = _adopt("per-tier", tmp_path)
    registry = load_registry(project / "registry" / "ports.yaml").registry
    assert registry is not None
    ranges = {
        name: {tier: str(span) for tier, span in component.ranges.items()}
        for name, component in registry.components.items()
        if component.ranges
    }
    assert ranges["postgresql"] == {"integration": "15700-15749", "e2e": "25700-25749"}
    assert ranges["kafka"] == {"integration": "19700-19749", "e2e": "29700-29749"}
    # Where the document states none, the tens around the ports found.
    assert ranges["minio"] == {"integration": "19000-19009"}
    assert registry.version == "3.2"
    assert registry.changelog[0].author == "data-platform"
    # allocate and next work on the result without a hand edit.
    handed = invoke("next", "redis", "--tier", "integration", cwd=project)
    assert handed.out.split() == ["16700"]


# The registries people wrote by hand from the older adoption tables: host ports the
# proposal must recover (at least 90%, at most 10% extra, as the held-out measurement asks).
@pytest.mark.parametrize("name", ["go-monorepo", "kind-operator", "data-platform"])
def test_a_hand_written_registrys_host_ports_are_recovered(name: str, tmp_path: Path) -> None:
    # data-platform's pytest-xdist workers (base + 100 x worker) were written out by hand as
    # instances gw0-gw3; the document states the base ports, which are what is compared.
    project = tmp_path / name
    project.mkdir()
    shutil.copy(ADOPTION / name / "PORTS.md", project / "PORTS.md")
    result = invoke("init", "--from-table", "PORTS.md", cwd=project, env=TODAY)
    assert result.code in (0, 1), result.err
    by_hand = _host_ports(ADOPTION / name / "registry" / "ports.yaml")
    proposed = _host_ports(project / "registry" / "ports.yaml")
    recovered = len(by_hand & proposed) / len(by_hand)
    extra = len(proposed - by_hand) / len(by_hand)
    assert recovered >= 0.9, sorted(by_hand - proposed)
    assert extra <= 0.1, sorted(proposed - by_hand)


def _host_ports(path: Path) -> set[int]:
    registry = load_registry(path).registry
    assert registry is not None
    scopes = {name for name, scope in registry.scopes.items() if scope.kind == "nodeport"}
    return {
        use.port
        for use in registry.allocations
        if use.side == "port" and use.scope not in scopes and _base(use.allocation.name)
    }


def _base(instance: str | None) -> bool:
    """Not a worker's copy (``gw1`` ... of data-platform), except worker 0's."""
    return instance is None or not instance.startswith("gw") or instance == "gw0"


def test_dry_run_prints_the_registry_and_reports_on_stderr(tmp_path: Path) -> None:
    project, result = _adopt("per-tier", tmp_path, "--dry-run")
    out, err = result.out, result.err  # type: ignore[attr-defined]
    assert yaml.safe_load(out)["version"] == "3.2"
    assert err.startswith("proposed from per-tier.md: 5 services, 20 host ports")
    assert not (project / "registry").exists()
    assert not (project / ".gitignore").exists()


def test_json_reports_findings_never_a_python_repr(tmp_path: Path) -> None:
    _, result = _adopt("ci-card", tmp_path, "--format", "json")
    report = json.loads(result.out)  # type: ignore[attr-defined]
    assert "Finding(" not in result.out  # type: ignore[attr-defined]
    (unplaced,) = report["findings"]
    assert (unplaced["code"], unplaced["file"], unplaced["line"]) == ("PR113", "ci-card.md", 21)
    assert report["proposal"]["written"] == "registry/ports.yaml"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read missing.md"),
        (b"\xff\xfe not utf-8 | 1 |\n", "missing.md is not UTF-8"),
        (b"# Ports\n\nNo table here, 15432 in prose only.\n", "no port found in the tables"),
    ],
)
def test_a_document_that_cannot_be_used_is_exit_2_and_nothing_is_written(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "missing.md").write_bytes(content)
    result = invoke("init", "--from-table", "missing.md", cwd=tmp_path, env=TODAY)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.splitlines()) == 1
    assert "Traceback" not in result.err
    assert sorted(path.name for path in tmp_path.iterdir()) == (
        ["missing.md"] if content is not None else []
    )


def test_cells_say_ports_ranges_labels_and_words() -> None:
    assert [p.port for p in read_cell("**15433**").ports] == [15433]
    two = read_cell("18041, 18042 (admin)").ports
    assert [(p.port, p.label) for p in two] == [(18041, None), (18042, "admin")]
    labelled = read_cell("Metrics: 28091, Embedding: 28000").ports
    assert [(p.port, p.label) for p in labelled] == [(28091, "Metrics"), (28000, "Embedding")]
    mapped = read_cell("30150 (host 8150)").ports
    assert [(p.port, p.host) for p in mapped] == [(30150, 8150)]
    assert read_cell("8125/udp").ports[0].protocol == "udp"
    assert read_cell("18080-18089").ranges == [(18080, 18089)]
    assert read_cell("2026-02-03").says_nothing  # a date is no range
    assert read_cell("—").empty and read_cell("N/A").empty
    assert read_cell("TBD").pending and read_cell("Ephemeral (httptest)").dynamic
    assert read_cell("ClusterIP only").no_host
    assert [p.port for p in read_cell("10 ports, 18090").ports] == [18090]
    assert [p.port for p in read_cell("30188*").ports] == [30188]


def test_each_cell_is_placed_at_its_line_and_column() -> None:
    assert cell_columns("| a | **15433** |  x |") == [3, 7, 20]
    assert cell_columns("a \\| b | c") == [1, 10]
    document = parse("# T\n\nlead:\n\n| S | P |\n|---|---|\n| ~~old~~ | 1 |\n")
    (table,) = document.tables
    assert table.lead == "lead:" and table.headings == ["T"]
    (row,) = table.rows
    assert (row[0].struck, row[1].line, row[1].column) == (True, 7, 13)
