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
        # A component few suites use has no column of its own: its ports are Other ports.
        own = [c for c in components if title(bundled, "components", c) in table.header]
        assert table.header == [
            "Service",
            *(title(bundled, "components", c) for c in own),
            *(["Other ports"] if own != components else []),
        ]
        services = list(dict.fromkeys(use.service for use in uses))
        assert [row[0] for row in table.rows] == [title(bundled, "services", s) for s in services]
        for service in services:
            row = table.row(title(bundled, "services", service))
            assert len(row) == len(table.header)
            for component in components:
                name = title(bundled, "components", component)
                allocation = bundled.services[service].ports[tier].get(component)
                if component not in own:
                    if allocation is not None:
                        assert f"{name} {allocation.port}" in row["Other ports"]
                        seen += 1
                elif allocation is None:
                    assert row[name] == "—"
                else:
                    assert row[name].split()[0] == str(allocation.port)
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
    # Outside the range is filled on one row of six: folded into More, with its name.
    assert table.header == ["Component", "Tier", "Range", "Used", "Free", "Free ports", "More"]
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
    assert datastorage[6] == "Outside the range: 18140 (Remediation Orchestrator (RO))"
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


def list_items(markdown: str, heading: str) -> list[str]:
    """The list items (joined back into one line each) under a ``## heading``."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n#", 1)[0]
    items: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    return items


def test_parallel_plan(rendered: str, bundled: Registry) -> None:
    waves = list_items(rendered, "Running suites in parallel")
    assert [wave.split(":")[0] for wave in waves] == ["Wave 1", "Wave 2"]
    suites = [name for wave in waves for name in wave.split(": ", 1)[1].split("; ")]
    assert len(suites) == sum(len(service.ports) for service in bundled.services.values())
    # The bundled share is not concurrent: Notification and HAPI run in different waves.
    (apart,) = tables_under(rendered, "Suites kept apart")
    assert [row[0] for row in apart.rows] == [
        "Notification (integration) and HolmesGPT API (HAPI, Python) (integration)"
    ]
    # The share's reason is in the shares section: here, only what keeps them apart.
    assert apart.rows[0][1] == "both need postgresql 15439 (tcp, host): shared, but not concurrent"


def test_changelog_newest_first_one_item_each_wrapped(rendered: str, bundled: Registry) -> None:
    items = list_items(rendered, "Revision history")
    assert len(items) == len(bundled.changelog)
    for item, entry in zip(items, bundled.changelog, strict=True):
        assert item.startswith(f"**{entry.version}** ({entry.date.isoformat()}): ")
    newest = bundled.changelog[0]
    assert items[0].endswith(" — " + "; ".join(" ".join(c.split()) for c in newest.changes))
    history = rendered.split("## Revision history")[1].split("<!-- portreg:end")[0]
    assert max(len(line) for line in history.splitlines()) <= 100


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
    # The changelog is the registry's inline markdown: the link is a link, | is text (an
    # escaped one: the same escaping serves table cells and list items).
    assert "- **1.0** (2025-01-01): pipes \\| and [links](x) stay text — 1.10 is not 1.1" in (
        result.out
    )


def test_inline_markdown_is_kept_but_never_raw_html_or_a_new_block(
    run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    # at 100 columns the line would break before "::error::" (a CI workflow command)
    long_summary = (
        "word " * 15 + "::error::x " + "word " * 15 + "- not a nested item # not a heading"
    )
    registry = write_registry(
        "services:\n"
        "  a:\n"
        "    ports:\n"
        "      integration: {redis: {port: 16379, note: 'see `redis.conf` <script>x</script>'}}\n"
        "changelog:\n"
        '  - version: "1.0"\n'
        "    date: 2025-01-01\n"
        f"    summary: {long_summary!r}\n"
    )
    result = run_cli("render-docs", "--registry", str(registry), "--output", "-")
    assert result.code == 0, result.err
    assert "`redis.conf` &lt;script>x&lt;/script>" in result.out
    assert "<script>" not in result.out
    assert not [line for line in result.out.splitlines() if line.lstrip().startswith("::")]
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(result.out.split("## Revision history")[1])
    kinds = [token.type for token in tokens if token.type.endswith("_open")]
    assert kinds == ["bullet_list_open", "list_item_open", "paragraph_open"]


def test_ports_of_other_scopes_are_in_the_kind_mappings_once(
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
        "render-docs",
        "--registry",
        str(registry),
        "--output",
        "-",
        "--section",
        "allocations,mappings",
    )
    assert result.code == 0, result.err
    tables, headings = parse(result.out)
    assert headings == ["Port allocations", "integration", "e2e", "Kind mappings"]
    assert tables[0].rows == [["a", "16379"]]
    assert tables[1].rows == [["a (e2e)", "kind-e2e", "redis — → 30001 ⁿ → —"]]
    assert result.out.count("NodePort of the Redis Service") == 1
    assert "- ⁿ 30001 (a redis): NodePort of the Redis Service" in result.out
    assert "portreg:begin header" not in result.out
