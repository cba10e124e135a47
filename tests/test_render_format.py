"""The issue-8 docs on a real-sized registry: Kind mappings, Reserved, Known conflicts,
blocks and tier ranges, free NodePorts per cluster, exclusive groups, instances, sub-suites,
header and changelog metadata; and the two promises about size: quiet diffs, compact."""

from __future__ import annotations

import difflib
import itertools
import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED_FILE, MINIMAL, ROOT
from helpers import load_text
from markdown_tables import parse, tables_under

from portreg.loading.registry import LoadedRegistry, load_registry
from portreg.main import cli
from portreg.models import Registry
from portreg.render import SECTIONS
from portreg.render.markdown import View, free_runs
from portreg.render.sections import RENDERERS
from portreg.render.targets import Renderer

REAL_SIZED = ROOT / "tests" / "fixtures" / "real-sized" / "registry" / "ports.yaml"
# The hand-kept table this replaces took about 360 bytes per allocation.
BYTES_PER_ALLOCATION = 350


def render(loaded: LoadedRegistry, sections: tuple[str, ...] = SECTIONS) -> str:
    assert loaded.registry is not None
    return Renderer(View(loaded.registry, "registry/ports.yaml", loaded.sources)).document(sections)


@pytest.fixture(scope="module")
def real() -> LoadedRegistry:
    return load_registry(REAL_SIZED)


@pytest.fixture(scope="module")
def real_registry(real: LoadedRegistry) -> Registry:
    assert real.registry is not None
    return real.registry


@pytest.fixture(scope="module")
def real_doc(real: LoadedRegistry) -> str:
    return render(real)


def region(document: str, name: str) -> str:
    return document.split(f"<!-- portreg:begin {name} -->")[1].split("<!-- portreg:end")[0]


def test_the_fixture_is_real_sized(real_registry: Registry) -> None:
    clusters = [
        name for name in real_registry.scopes if real_registry.scope_kind(name) == "nodeport"
    ]
    assert len(clusters) >= 14
    assert len(real_registry.entries) >= 150


def kind_rows(document: str) -> dict[tuple[str, str], list[str]]:
    """The Kind mappings table: (suite, cluster) → its ports, one per allocation."""
    (table,) = tables_under(region(document, "mappings"), "Kind mappings")
    assert table.header == ["Suite", "Cluster", "Ports (host → NodePort → container)"]
    return {(row[0], row[1]): row[2].split(", ") for row in table.rows}


def test_kind_mappings_put_the_three_sides_of_a_port_on_one_row(
    real_doc: str, real_registry: Registry
) -> None:
    rows = kind_rows(real_doc)
    ingest = rows[("Ingest Pipeline (E2E tests)", "kind-ingest")]
    assert "API 28001 → 30080 → 8080" in ingest
    # No host mapping: the host side is —, the NodePort and container port are there.
    assert "Kafka — → 30042 → 9092" in ingest
    # A sub-suite sits under its service.
    assert "API 28002 → 30050 → 8080" in rows[("↳ Ingest Replay suite (E2E tests)", "kind-ingest")]
    # The cluster's config is said once, under the table.
    assert real_doc.count("test/e2e/ingest/kind-config.yaml") == 1
    assert (
        "- `kind-ingest`: Ingest Pipeline Kind cluster; config `test/e2e/ingest/kind-config.yaml`"
        in real_doc
    )
    # Every allocation with a cluster side is one port of one row; a cluster's own port
    # (one entry for each of its suites) is written once, on the cluster's row.
    mapped = {
        (ref.origin or ref.service, ref.tier, ref.component, ref.index)
        for ref in real_registry.entries
        if (mapping := real_registry.mapping(ref)).cluster is not None
        or (mapping.port is not None and mapping.scope != "host")
    }
    assert sum(len(ports) for ports in rows.values()) == len(mapped)
    shared = rows[("all of Auth Gateway and Feature Flags (E2E tests)", "kind-platform")]
    assert shared == ["Mock upstream 28530 ⁿ → 30060 → 8080"]


def test_reserved_ports_are_rendered_with_the_service_allowed_to_use_them(
    real_doc: str, real_registry: Registry
) -> None:
    (table,) = tables_under(real_doc, "Reserved ports")
    assert len(table.rows) == len(real_registry.reserved)
    assert table.row("18080")["Only for"] == "Auth Gateway"
    assert table.row("9000-9010")["Only for"] == "nobody"


def test_reserved_ports_outside_every_range_are_rendered() -> None:
    """Regression: a reservation showed only when a component range happened to hold it."""
    loaded = load_text(MINIMAL + "reserved:\n  - {port: 8080, reason: production Gateway}\n")
    (table,) = tables_under(render(loaded, ("reserved",)), "Reserved ports")
    assert table.rows == [["8080", "any", "host", "nobody", "production Gateway"]]


def test_known_conflicts_come_first_and_mark_each_affected_cell(real_doc: str) -> None:
    allocations = region(real_doc, "allocations")
    _, headings = parse(allocations)
    assert headings[:2] == ["Known conflicts", "Port allocations"]
    (known,) = tables_under(allocations, "Known conflicts")
    assert known.row("16340 ⚠")["Services"] == "Notifier and Webhook Relay"
    assert known.row("30082 ⚠")["Scope"] == "kind-platform"
    (integration,) = tables_under(allocations, "Integration tests")
    assert integration.row("Notifier")["Redis"] == "16340 ⚠"
    assert integration.row("Webhook Relay")["Redis"] == "16340 ⚠"
    marked = [cell for row in integration.rows for cell in row if "⚠" in cell]
    assert len(marked) == 2
    rows = kind_rows(real_doc)
    assert "Metrics 29010 → 30082 ⚠ → 9090" in rows[("Auth Gateway (E2E tests)", "kind-platform")]
    assert "Metrics 29011 → 30082 ⚠ → 9090" in rows[("Feature Flags (E2E tests)", "kind-platform")]


def test_free_nodeports_are_counted_per_cluster_from_nodeports(real_doc: str) -> None:
    """Regression: free ports of NodePort ranges were counted from the host ports."""
    (table,) = tables_under(real_doc, "Free NodePorts per cluster")
    chat = table.row("kind-chat")
    assert (chat["NodePort range"], chat["Used"], chat["Free"]) == ("30100-30199", "8", "91")
    # Regression: 30199, reserved in the cluster, was listed free (portreg next skips it).
    assert chat["Free NodePorts"] == "30108-30198"
    assert "Reserved: 1" in chat["More"]
    platform = table.row("kind-platform")
    # 30082 is used twice (the known conflict) but is one port; 30060 is the cluster's own.
    assert platform["Used"] == "9"


def test_blocks_and_tier_ranges_with_their_free_ports(real_doc: str) -> None:
    (blocks,) = tables_under(real_doc, "Service blocks")
    chat = [row for row in blocks.rows if row[0] == "Chat Assistant"]
    assert chat[0] == [
        "Chat Assistant",
        "Integration tests",
        "all",
        "18120-18129",
        "5",
        "5",
        "18125-18129",
    ]
    (tiers,) = tables_under(real_doc, "Tier ranges")
    assert tiers.row("Integration tests")["Range"] == "15000-19999"
    integration = tiers.row("Integration tests")
    # Reserved 16349 and the five unused ports of Chat Assistant's block are not free: the
    # free ports are those portreg next hands out.
    assert (integration["Reserved"], integration["In blocks"]) == ("1", "5")
    # 16345 is the third worker's Redis of Ledger (16305 + 2 × 20).
    assert "16326-16339, 16341-16344, …" in integration["Free ports"]
    counts = ("Used", "Reserved", "In blocks", "Free")
    assert sum(int(integration[column]) for column in counts) == 5000


def test_exclusive_groups_instances_dynamic_and_container_only(real_doc: str) -> None:
    (groups,) = tables_under(real_doc, "Suites that never run together")
    assert groups.row("Search and Search, lane B")["Reuse ports"] == "yes"
    assert groups.row("Billing and Ledger")["Reuse ports"] == "no"
    (integration,) = tables_under(region(real_doc, "allocations"), "Integration tests")
    # Two components only one suite uses: no column of their own, Other ports.
    assert integration.row("Chat Assistant")["Other ports"] == (
        "Mock upstream 18121, MCP server table 18122, yaml 18123, docs 18124 ⁿ"
    )
    assert integration.row("Catalog")["Other ports"] == "Mock upstream dynamic ⁿ"
    (e2e,) = tables_under(region(real_doc, "allocations"), "E2E tests")
    assert e2e.row("Ingest Pipeline")["Other ports"] == "Admission webhook in-container 9443"
    assert e2e.row("Audit Trail")["Other ports"] == "Mock upstream 28700 ⁿ"
    assert groups.row("Audit Trail and Reports")["Reuse ports"] == "only 28700"
    names = [row[0] for row in integration.rows]
    assert names.index("↳ Ingest Replay suite") == names.index("Ingest Pipeline") + 1


def test_header_and_changelog_metadata(real_doc: str, real_registry: Registry) -> None:
    header = region(real_doc, "header")
    assert "Status: **Approved**. Authors: platform-team and Dana Whitfield." in header
    newest = real_registry.changelog[0]
    assert newest.author
    assert f"- **{newest.version}** ({newest.date.isoformat()}, {newest.author}): " in real_doc


def test_the_document_reads_as_a_hand_kept_one_would(real_doc: str) -> None:
    """What a maintainer swapping the hand tables for generated ones looks at: no line
    over 400 characters, no table of four rows or more over 40% empty, no list item or
    table row twice, and a port map linked."""
    lines = real_doc.splitlines()
    assert max(len(line) for line in lines) <= 400
    tables, _ = parse(real_doc)
    for table in tables:
        if len(table.rows) >= 4:
            cells = [cell for row in table.rows for cell in row]
            empty = sum(1 for cell in cells if cell in ("", "—"))
            assert empty <= 0.4 * len(cells), (table.heading, table.header)
    items = [line for line in lines if line.startswith(("- ", "| "))]
    assert [line for line, count in Counter(items).items() if count > 1] == []
    assert "![Port map of Integration tests](port-map-integration.svg)" in real_doc


def test_compact_bytes_per_allocation(real_doc: str, real_registry: Registry) -> None:
    per_allocation = len(real_doc.encode("utf-8")) / len(real_registry.entries)
    assert per_allocation <= BYTES_PER_ALLOCATION, per_allocation


def _changed_lines(before: str, after: str) -> tuple[int, int]:
    removed = added = 0
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed += 1
        elif line.startswith("+") and not line.startswith("+++"):
            added += 1
    return removed, added


BUNDLED_TEXT = BUNDLED_FILE.read_text(encoding="utf-8")
GATEWAY = "integration: {redis: 16380, datastorage: 18091, api: 18080}"


def test_adding_one_port_changes_at_most_five_lines() -> None:
    before = render(load_text(BUNDLED_TEXT))
    with_port = BUNDLED_TEXT.replace(
        GATEWAY, GATEWAY.replace("{redis", "{postgresql: 15437, redis")
    )
    assert with_port != BUNDLED_TEXT
    after = render(load_text(with_port))
    removed, added = _changed_lines(before, after)
    assert 0 < removed <= 5 and 0 < added <= 5, (removed, added)


def test_a_note_added_above_does_not_renumber_the_notes_below() -> None:
    before = render(load_text(BUNDLED_TEXT))
    noted = BUNDLED_TEXT.replace(
        "integration: {postgresql: 15433, redis: 16379, datastorage: 18090}",
        "integration:\n        postgresql: 15433\n        redis: {port: 16379, note: first}\n"
        "        datastorage: 18090",
    )
    after = render(load_text(noted))
    # The marked row and the new note line; the share and exception notes stay as they were.
    assert _changed_lines(before, after) == (1, 2)


BASELINED = """\
services:
  a: {ports: {integration: {redis: 16380}}}
  b: {ports: {integration: {redis: 16380}}}
known_conflicts:
  - port: 16380
    services: [a, b]
    reason: found when adopting portreg
"""


def test_a_registry_whose_only_conflicts_are_known_is_rendered(write_registry) -> None:
    path = write_registry(BASELINED)
    result = CliRunner().invoke(cli, ["render-docs", "-r", str(path), "-o", "-"])
    assert result.exit_code == 0, result.output
    (integration,) = tables_under(result.output, "integration")
    assert integration.rows == [["a", "16380 ⚠"], ["b", "16380 ⚠"]]
    # --strict still fails on them: they are warnings, not gone.
    strict = CliRunner().invoke(cli, ["check", "--strict", "-r", str(path)])
    assert strict.exit_code == 1
    assert "PR308" in strict.output


def test_the_real_sized_registry_renders(tmp_path: Path) -> None:
    out = tmp_path / "ports.md"
    result = CliRunner().invoke(cli, ["render-docs", "-r", str(REAL_SIZED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!-- portreg:begin header -->")


def test_an_unknown_conflict_still_stops_rendering(write_registry) -> None:
    path = write_registry(
        BASELINED.replace("port: 16380\n    services", "port: 16381\n    services")
    )
    result = CliRunner().invoke(cli, ["render-docs", "-r", str(path), "-o", "-"])
    assert result.exit_code == 1
    assert "PR201" in result.output
    assert "nothing rendered" in result.output


def _fenced(text: str, language: str, after: str) -> str:
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start : text.index("\n```", start) + 1]


def test_the_example_in_the_docs_is_what_render_docs_writes() -> None:
    docs = (ROOT / "docs" / "render-docs.md").read_text(encoding="utf-8")
    heading = "### Example: Kind clusters, blocks, known conflicts"
    loaded = load_text(_fenced(docs, "yaml", heading))
    assert loaded.registry is not None, loaded.findings
    view = View(loaded.registry, "registry/ports.yaml", loaded.sources)
    names = ("allocations", "mappings", "ranges", "reserved", "exclusive")
    rendered = "\n\n".join(RENDERERS[name](view) for name in names) + "\n"
    assert _fenced(docs, "markdown", heading) == rendered


@pytest.mark.parametrize("seed", range(40))
def test_free_runs_are_the_ports_nobody_takes(seed: int) -> None:
    pick = random.Random(seed)
    start, size = pick.randint(1, 200), pick.randint(1, 120)
    # Few taken ports (the range is walked) and many (the taken ports are sorted).
    taken = {pick.randint(1, 400) for _ in range(pick.choice((3, 30, 300)))}
    end = start + size - 1
    runs = free_runs(start, end, taken)
    listed = [port for low, high in runs for port in range(low, high + 1)]
    assert listed == [port for port in range(start, end + 1) if port not in taken]
    assert all(high + 1 < low for (_, high), (low, _) in itertools.pairwise(runs))


def test_a_known_conflict_inside_a_block_marks_the_block() -> None:
    loaded = load_text(
        MINIMAL
        + """\
services:
  a: {blocks: {integration: 18120-18129}, ports: {integration: {api: 18120}}}
  b: {ports: {integration: {api: 18125}}}
known_conflicts:
  - port: 18125
    services: [a, b]
    reason: b's API predates a's block
"""
    )
    (blocks,) = tables_under(render(loaded, ("ranges",)), "Service blocks")
    assert blocks.rows[0][3] == "18120-18129 ⚠"
    assert blocks.rows[0][4:] == ["1", "8", "18121-18124, 18126-18129"]


def test_the_bundled_docs_keep_their_reserved_section() -> None:
    """Regression: a merge regenerated docs/port-allocation.md from a copy without the
    Reserved markers, and the bundled registry's reservations vanished from its docs."""
    from portreg.render.markers import find_regions

    docs = (ROOT / "docs" / "port-allocation.md").read_text(encoding="utf-8")
    assert "reserved" in find_regions(docs, "docs/port-allocation.md", SECTIONS)
