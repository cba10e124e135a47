"""The parallel section: the plan's waves and the suites kept apart, computed from the ports.

A registry with conflicts is never rendered by the command (it fails its check first), so
these tests render the section of such registries directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_tables import parse, tables_under

from portreg.loading.registry import load_registry
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


def waves_of(markdown: str) -> list[tuple[str, list[str]]]:
    """The waves, one list item each (wrapped lines joined): (``Wave N``, its suites)."""
    items: list[str] = []
    for line in markdown.split("### Suites kept apart")[0].splitlines():
        if line.startswith("- Wave "):
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    return [(wave, suites.split("; ")) for wave, suites in (item.split(": ", 1) for item in items)]


def view_of(path: Path) -> View:
    loaded = load_registry(path)
    assert loaded.registry is not None
    return View(loaded.registry, "ports.yaml", loaded.sources)


def test_waves_and_the_pairs_kept_apart(write_registry: Callable[..., Path]) -> None:
    markdown = parallel.render(view_of(write_registry(CONFLICTS)))
    # e, f and g all need 15439: the share of e and f is not concurrent, so three waves.
    assert "The suites run in 3 waves (no plan has fewer)" in markdown
    waves = waves_of(markdown)
    assert [wave for wave, _ in waves] == ["Wave 1", "Wave 2", "Wave 3"]
    placed = [suites for _, suites in waves]
    assert sorted(name for wave in placed for name in wave) == sorted(
        [
            "a (integration)",
            "b (integration)",
            "c (integration)",
            "d (e2e)",
            "e (integration)",
            "f (integration)",
            "G suite (integration)",
            "h (integration)",
        ]
    )
    (pairs,) = tables_under(markdown, "Suites kept apart")
    assert pairs.header == ["Suites", "Kept apart because"]
    assert pairs.rows == [
        ["a (integration) and b (integration)", "both need redis 16379 (tcp, host)"],
        ["c (integration) and d (e2e)", "both need datastorage and redis 18090 (tcp, host)"],
        [
            "e (integration) and f (integration)",
            "both need postgresql 15439 (tcp, host): shared, but not concurrent",
        ],
        # G is apart from e and from f; e and f are apart for another reason (the share)
        ["e (integration) and G suite (integration)", "both need postgresql 15439 (tcp, host)"],
        ["f (integration) and G suite (integration)", "both need postgresql 15439 (tcp, host)"],
    ]
    wave_of = {name: number for number, wave in enumerate(placed) for name in wave}
    for suites, _ in pairs.rows:
        first, second = suites.split(" and ")
        assert wave_of[first] != wave_of[second]


def test_no_conflicts_one_wave(write_registry: Callable[..., Path]) -> None:
    registry = "services:\n  a: {ports: {integration: {redis: 16379}}}\n  b: {ports: {e2e: {}}}\n"
    markdown = parallel.render(view_of(write_registry(registry)))
    assert waves_of(markdown) == [("Wave 1", ["a (integration)", "b (e2e)"])]
    assert markdown.endswith("Every suite can run at the same time as every other.")


def test_hundreds_of_pairs_are_cut_short(write_registry: Callable[..., Path]) -> None:
    services = 600
    lines = ["services:\n"]
    for number in range(services):
        # Neighbours 2k and 2k+1 collide on one port; everything else is unique.
        lines.append(
            f"  s{number:04d}: {{ports: {{integration: {{redis: {20000 + number // 2}}}}}}}\n"
        )
    markdown = parallel.render(view_of(write_registry("".join(lines))))
    waves = waves_of(markdown)
    assert [len(suites) for _, suites in waves] == [300, 300]
    (pairs,) = tables_under(markdown, "Suites kept apart")
    assert len(pairs.rows) == parallel.APART_LIMIT
    assert pairs.rows[0] == [
        "s0000 (integration) and s0001 (integration)",
        "both need redis 20000 (tcp, host)",
    ]
    assert markdown.endswith("… and 100 more reasons: `portreg plan` lists all.")
    _tables, headings = parse(markdown)
    assert headings == ["Running suites in parallel", "Suites kept apart"]


def test_no_services(write_registry: Callable[..., Path]) -> None:
    markdown = parallel.render(view_of(write_registry()))
    assert markdown.endswith("_No services yet._")
