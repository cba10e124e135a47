"""Each generated section, parsed back with a real markdown parser and checked against the
registry it came from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, ROOT, Result
from markdown_tables import parse, tables_under

from portreg.loading.registry import load_registry
from portreg.models import HOST_SCOPE, Registry
from portreg.render import SECTIONS

RunCli = Callable[..., Result]


@pytest.fixture(scope="module")
def bundled() -> Registry:
    loaded = load_registry(BUNDLED_FILE)
    assert loaded.registry is not None
    return loaded.registry


@pytest.fixture(scope="module")
def rendered() -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "portreg", "render-docs", "--output", "-"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def title(registry: Registry, kind: str, name: str) -> str:
    entry = getattr(registry, kind)[name]
    return entry.title or name


def test_every_section_is_there_in_order_with_markers(rendered: str) -> None:
    positions = [rendered.index(f"<!-- portreg:begin {name} -->") for name in SECTIONS]
    assert positions == sorted(positions)
    for name in SECTIONS:
        assert rendered.count(f"<!-- portreg:end {name} -->") == 1


def test_header(rendered: str, bundled: Registry) -> None:
    header = rendered.split("<!-- portreg:end header -->")[0]
    _, headings = parse(header)
    assert headings == [bundled.title]
    assert f"**{bundled.version}**" in header
    assert f"**{bundled.updated.isoformat()}**" in header
    assert "from `registry/ports.yaml`: edit the registry, not this table" in header


def test_allocations_one_table_per_tier_with_every_port(rendered: str, bundled: Registry) -> None:
    seen = 0
    for tier in bundled.tiers:
        tables = tables_under(rendered, title(bundled, "tiers", tier))
        uses = [use for use in bundled.allocations if use.tier == tier]
        if not uses:
            assert tables == []
            continue
        (table,) = tables
        components = [name for name in bundled.components if any(u.component == name for u in uses)]
        assert table.header == ["Service", *(title(bundled, "components", c) for c in components)]
        services = list(dict.fromkeys(use.service for use in uses))
        assert [row[0] for row in table.rows] == [title(bundled, "services", s) for s in services]
        for service in services:
            row = table.row(title(bundled, "services", service))
            assert len(row) == len(table.header)
            for component in components:
                cell = row[title(bundled, "components", component)]
                allocation = bundled.services[service].ports[tier].get(component)
                if allocation is None:
                    assert cell == "—"
                else:
                    assert cell.split()[0] == str(allocation.port)
                    seen += 1
    assert seen == len(bundled.allocations)


def test_allocations_mark_shared_and_excepted_ports_with_their_reason(rendered: str) -> None:
    (table,) = tables_under(rendered, "Integration tests")
    assert table.row("Notification")["PostgreSQL"] == "15439 ˢ"
    assert table.row("HolmesGPT API (HAPI, Python)")["PostgreSQL"] == "15439 ˢ"
    assert table.row("Remediation Orchestrator (RO)")["DataStorage"] == "18140 ˣ"
    assert table.row("Workflow Execution (WE)")["Redis"] == "16388"
    allocations = rendered.split("<!-- portreg:begin allocations -->")[1].split("<!-- portreg:end")[
        0
    ]
    assert "- ˢ 15439 shared by Notification and HolmesGPT API" in allocations
    assert "Only PostgreSQL is shared." in allocations
    assert (
        "- ˣ Remediation Orchestrator (RO): exception to PR301 port-outside-range: RO's "
        "DataStorage" in allocations
    )


def test_ranges_show_used_and_free_ports(rendered: str, bundled: Registry) -> None:
    (table,) = tables_under(rendered, "Port ranges and free ports")
    assert table.header == [
        "Component",
        "Tier",
        "Range",
        "Used",
        "Free",
        "Free ports",
        "Outside the range",
    ]
    taken = {use.port for use in bundled.allocations if use.scope == HOST_SCOPE}
    expected_rows = 0
    for name, component in bundled.components.items():
        for tier, port_range in component.ranges.items():
            expected_rows += 1
            row = next(
                row
                for row in table.rows
                if row[:2] == [title(bundled, "components", name), title(bundled, "tiers", tier)]
            )
            cells = dict(zip(table.header, row, strict=True))
            ports = set(range(port_range.start, port_range.end + 1))
            assert cells["Range"] == f"{port_range.start}-{port_range.end}"
            assert int(cells["Used"]) == len(ports & taken)
            assert int(cells["Free"]) == len(ports - taken)
    assert len(table.rows) == expected_rows
    redis = next(row for row in table.rows if row[:2] == ["Redis", "Integration tests"])
    # The seed's own "Available Redis ports: 16383, 16386".
    assert redis[5] == "16383, 16386"
    datastorage = next(row for row in table.rows if row[:2] == ["DataStorage", "Integration tests"])
    assert datastorage[6] == "18140 (Remediation Orchestrator (RO))"
    assert "Without a range: API." in rendered


def test_shares_and_exceptions(rendered: str, bundled: Registry) -> None:
    (shares,) = tables_under(rendered, "Shared ports")
    assert shares.header == ["Port", "Protocol", "Scope", "Component", "Services", "Reason"]
    assert len(shares.rows) == len(bundled.shares)
    share = bundled.shares[0]
    assert shares.rows[0] == [
        str(share.port),
        share.protocol,
        share.scope,
        "PostgreSQL",
        "Notification and HolmesGPT API (HAPI, Python)",
        " ".join(share.reason.split()),
    ]
    (exceptions,) = tables_under(rendered, "Exceptions to the rules")
    exception = bundled.exceptions[0]
    assert exceptions.rows == [
        [
            "PR301 port-outside-range",
            "Remediation Orchestrator (RO)",
            "all",
            "DataStorage",
            " ".join(exception.reason.split()),
        ]
    ]


def test_parallel_plan(rendered: str, bundled: Registry) -> None:
    (waves,) = tables_under(rendered, "Running suites in parallel")
    assert waves.header == ["Wave", "Suites"]
    suites = [name for cell in waves.column("Suites") for name in cell.split("; ")]
    assert len(suites) == sum(len(service.ports) for service in bundled.services.values())
    # The bundled share is not concurrent: Notification and HAPI run in different waves.
    (apart,) = tables_under(rendered, "Suites kept apart")
    assert [row[0] for row in apart.rows] == [
        "Notification (integration) and HolmesGPT API (HAPI, Python) (integration)"
    ]
    assert "not concurrent" in apart.rows[0][1]


def test_changelog_newest_first(rendered: str, bundled: Registry) -> None:
    (table,) = tables_under(rendered, "Revision history")
    assert table.header == ["Version", "Date", "Summary", "Changes"]
    assert [row[0] for row in table.rows] == [entry.version for entry in bundled.changelog]
    assert [row[1] for row in table.rows] == [e.date.isoformat() for e in bundled.changelog]
    newest = bundled.changelog[0]
    assert table.rows[0][2] == newest.summary
    assert table.rows[0][3] == "<br>".join(newest.changes)
    assert table.rows[-1][3] == "—"


def test_markdown_in_registry_text_stays_literal(
    run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    registry = write_registry(
        """\
services:
  a:
    title: "A | B *bold* `x` <b>"
    ports: {integration: {redis: 16379}}
changelog:
  - version: "1.0"
    date: 2025-01-01
    summary: "pipes | and [links](x) stay text"
    changes: ["1.10 is not 1.1"]
"""
    )
    result = run_cli("render-docs", "--registry", str(registry), "--output", "-")
    assert result.code == 0, result.err
    (allocations,) = tables_under(result.out, "integration")
    assert allocations.rows == [["A | B *bold* `x` <b>", "16379"]]
    (changelog,) = tables_under(result.out, "Revision history")
    assert changelog.rows == [
        ["1.0", "2025-01-01", "pipes | and [links](x) stay text", "1.10 is not 1.1"]
    ]


def test_other_scopes_get_their_own_table(
    run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    registry = write_registry(
        """\
scopes:
  kind-e2e: {kind: nodeport, title: Kind cluster}
services:
  a:
    ports:
      integration: {redis: 16379}
      e2e: {redis: {port: 30001, scope: kind-e2e, note: "NodePort of the Redis Service"}}
"""
    )
    result = run_cli(
        "render-docs", "--registry", str(registry), "--output", "-", "--section", "allocations"
    )
    assert result.code == 0, result.err
    tables, headings = parse(result.out)
    assert headings == ["Port allocations", "integration", "e2e: Kind cluster (kind-e2e)"]
    assert tables[1].rows == [["a", "30001 ⁿ"]]
    assert "- ⁿ 30001 (a redis): NodePort of the Redis Service" in result.out
    assert "portreg:begin header" not in result.out
