"""The parallel section: which suites cannot run together, computed from the ports.

A registry with conflicts is never rendered by the command (it fails its check first), so
these tests render the section of such registries directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_tables import parse, tables_under

from portreg.registry import load_registry
from portreg.render import parallel
from portreg.render.markdown import View

CONFLICTS = """\
services:
  a: {ports: {integration: {redis: 16379}}}
  b: {ports: {integration: {redis: 16379, postgresql: 15433}}}
  c: {ports: {integration: {datastorage: 18090}}}
  d: {ports: {e2e: {redis: 18090}}}
  e: {ports: {integration: {postgresql: 15439}}}
  f: {ports: {integration: {postgresql: 15439}}}
  g: {title: "G suite", ports: {integration: {postgresql: 15439}}}
  h: {ports: {integration: {redis: {port: 16379, protocol: udp}}}}
shares:
  - {port: 15439, services: [e, f], reason: f uses e's database}
"""


def view_of(path: Path) -> View:
    loaded = load_registry(path)
    assert loaded.registry is not None
    return View(loaded.registry, "ports.yaml", loaded.sources)


def test_blocked_pairs_name_the_port_scope_and_tiers(write_registry: Callable[..., Path]) -> None:
    view = view_of(write_registry(CONFLICTS))
    analysis = parallel.analyse(view)
    assert list(analysis.blocked) == [("a", "b"), ("c", "d"), ("e", "g"), ("f", "g")]
    markdown = parallel.render(view)
    (pairs,) = tables_under(markdown, "Pairs that cannot run together")
    assert pairs.header == ["Service", "Cannot run with", "Because of"]
    assert pairs.rows == [
        ["a", "b", "redis 16379 (tcp, host): integration and integration"],
        ["c", "d", "datastorage/redis 18090 (tcp, host): integration and e2e"],
        ["e", "G suite", "postgresql 15439 (tcp, host): integration and integration"],
        ["f", "G suite", "postgresql 15439 (tcp, host): integration and integration"],
    ]
    (summary,) = tables_under(markdown, "Running suites in parallel")
    can = dict(
        zip(summary.column("Service"), summary.column("Can run in parallel with"), strict=True)
    )
    assert can["a"] == "all except b"
    assert can["G suite"] == "all except e and f"
    assert can["h"] == "all other services"  # udp 16379 is not tcp 16379
    shares = dict(zip(summary.column("Service"), summary.column("Shares"), strict=True))
    assert shares["e"] == "postgresql 15439 with f"
    assert shares["G suite"] == "—"


def test_small_registries_also_get_a_grid(write_registry: Callable[..., Path]) -> None:
    markdown = parallel.render(view_of(write_registry(CONFLICTS)))
    (grid,) = tables_under(markdown, "Every pair")
    assert grid.header == ["Service", *(str(number) for number in range(1, 9))]
    assert grid.row("1. a")["2"] == "❌"
    assert grid.row("2. b")["1"] == "❌"
    assert grid.row("1. a")["1"] == "—"
    assert grid.row("5. e")["6"] == "✅"  # shared on purpose
    assert grid.row("7. G suite")["5"] == "❌"
    crosses = sum(row.count("❌") for row in grid.rows)
    assert crosses == 2 * 4


def test_hundreds_of_services_list_pairs_without_a_grid(
    write_registry: Callable[..., Path],
) -> None:
    services = 600
    lines = ["services:\n"]
    for number in range(services):
        # Neighbours 2k and 2k+1 collide on one port; everything else is unique.
        lines.append(
            f"  s{number:04d}: {{ports: {{integration: {{redis: {20000 + number // 2}}}}}}}\n"
        )
    view = view_of(write_registry("".join(lines)))
    markdown = parallel.render(view)
    _tables, headings = parse(markdown)
    assert "Every pair" not in headings
    (pairs,) = tables_under(markdown, "Pairs that cannot run together")
    assert len(pairs.rows) == services // 2
    assert pairs.rows[0] == [
        "s0000",
        "s0001",
        "redis 20000 (tcp, host): integration and integration",
    ]
    (summary,) = tables_under(markdown, "Running suites in parallel")
    assert len(summary.rows) == services
    assert summary.row("s0599")["Can run in parallel with"] == "all except s0598"
    assert len(markdown.splitlines()) < services * 2 + 20  # rows, not an N×N grid


def test_no_services(write_registry: Callable[..., Path]) -> None:
    markdown = parallel.render(view_of(write_registry()))
    assert markdown.endswith("_No services yet._")
