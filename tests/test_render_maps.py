"""The port-map pictures and the per-marker options of render-docs.

The pictures are rendered by a real SVG renderer (resvg) and looked at pixel by pixel: a
picture that parses but draws nothing, or draws no service's colour, fails.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import MINIMAL
from gitrepo import registry_1_8
from helpers import load_text
from inprocess import invoke
from markdown_tables import tables_under

from portreg.render import maps
from portreg.render.markdown import View
from portreg.render.portmap import BLOCKED, CONFLICT, PALETTE

REAL_SIZED = Path(__file__).parent / "fixtures" / "real-sized" / "registry" / "ports.yaml"

SMALL = (
    MINIMAL
    + """\
  api: {title: API}
scopes:
  kind-a: {kind: nodeport, config: test/kind-a.yaml}
services:
  a:
    title: Service A
    blocks: {integration: 18200-18209}
    ports:
      integration: {postgresql: 15433, redis: 16379, api: 18200}
      e2e: {api: {port: 28080, node_port: 30080, cluster: kind-a}}
  b:
    ports:
      integration: {postgresql: 15434, redis: 16380}
reserved:
  - {port: 16381, reason: a local Redis}
docs:
  - path: docs/ports.md
"""
)


def view_of(text: str) -> View:
    loaded = load_text(text)
    assert loaded.registry is not None, loaded.findings
    return View(loaded.registry, "registry/ports.yaml", loaded.sources)


def pixels(svg_text: str) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Render with resvg and decode the PNG (8-bit RGBA, as resvg writes it)."""
    import resvg_py  # a test dependency (pyproject.toml): a real SVG renderer

    png = bytes(resvg_py.svg_to_bytes(svg_string=svg_text))
    stream = io.BytesIO(png)
    assert stream.read(8) == b"\x89PNG\r\n\x1a\n"
    width = height = 0
    data = b""
    while True:
        length, kind = struct.unpack(">I4s", stream.read(8))
        chunk = stream.read(length)
        stream.read(4)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert (depth, colour) == (8, 6)
        elif kind == b"IDAT":
            data += chunk
        elif kind == b"IEND":
            break
    raw = zlib.decompress(data)
    rows: list[bytearray] = []
    stride = width * 4
    for row in range(height):
        kind = raw[row * (stride + 1)]
        line = bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        previous = rows[-1] if rows else bytearray(stride)
        for index in range(stride):
            left = line[index - 4] if index >= 4 else 0
            up = previous[index]
            corner = previous[index - 4] if index >= 4 else 0
            if kind == 1:
                line[index] = (line[index] + left) & 0xFF
            elif kind == 2:
                line[index] = (line[index] + up) & 0xFF
            elif kind == 3:
                line[index] = (line[index] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - corner), 2))
                line[index] = (line[index] + (left, up, corner)[near[1]]) & 0xFF
        rows.append(line)
    flat = [
        (line[i], line[i + 1], line[i + 2], line[i + 3])
        for line in rows
        for i in range(0, stride, 4)
    ]
    return width, height, flat


def hex_colour(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def test_a_tier_map_draws_ranges_services_reserved_and_blocks() -> None:
    drawn = maps.drawings(view_of(SMALL))
    assert list(drawn) == ["integration", "e2e", "kind-a"]
    picture = drawn["integration"]
    assert "postgresql, integration, 15433-15442: 2 taken, 8 free" in picture
    assert "16381: reserved (a local Redis)" in picture
    assert (
        "Service A&#x27;s block 18200-18209" in picture
        or "Service A's block 18200-18209" in picture
    )
    width, height, image = pixels(picture)
    assert (width, height) == (992, int(picture.split('height="')[1].split('"')[0]))
    colours = {pixel[:3] for pixel in image}
    # Not blank: the background, the free cells, and both services' colours are drawn.
    assert hex_colour(PALETTE[0]) in colours and hex_colour(PALETTE[1]) in colours
    assert len(colours) > 20


def test_a_cluster_map_shows_its_nodeports() -> None:
    picture = maps.drawings(view_of(SMALL))["kind-a"]
    assert "NodePorts of cluster kind-a" in picture
    assert "30080: Service A (e2e) api" in picture
    _, _, image = pixels(picture)
    assert hex_colour(PALETTE[0]) in {pixel[:3] for pixel in image}


def test_the_same_registry_draws_the_same_bytes() -> None:
    first = maps.drawings(view_of(REAL_SIZED.read_text(encoding="utf-8")))
    again = maps.drawings(view_of(REAL_SIZED.read_text(encoding="utf-8")))
    assert first == again
    assert all(text.startswith("<svg ") and text.endswith("</svg>\n") for text in first.values())


# An E2E block across the whole integration api range: neither of its ends is on that lane.
ACROSS = (
    MINIMAL
    + """\
  api: {ranges: {integration: 18000-18199}}
services:
  a:
    title: Service A
    ports:
      integration: {postgresql: 15433, redis: 16379}
  b:
    title: Service B
    blocks: {e2e: 17990-18250}
    ports:
      e2e: {api: 18240}
"""
)


def legend(picture: str) -> list[str]:
    """The labels of the map's legend, in order (each entry is a group: a box, perhaps a
    mark in it, and its label last)."""
    root = ElementTree.fromstring(picture)
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("aria-label") == "Legend"]
    return [[*entry.iter(f"{SVG}text")][-1].text or "" for entry in group.findall(f"{SVG}g")]


SVG = "{http://www.w3.org/2000/svg}"


def test_a_block_across_a_lane_is_drawn_though_neither_end_is_on_it() -> None:
    """Regression: a block of another tier was drawn only when one of its ends was shown."""
    picture = maps.drawings(view_of(ACROSS))["integration"]
    assert "api, integration, 18000-18199: 0 taken, 0 free" in picture
    assert "18000: in a block, not yet allocated" in picture
    assert "Service B's block 17990-18250" in picture
    _, _, image = pixels(picture)
    assert hex_colour(BLOCKED) in {pixel[:3] for pixel in image}


def test_the_legend_lists_only_what_the_map_draws() -> None:
    across = legend(maps.drawings(view_of(ACROSS))["integration"])
    assert across == ["free", "in a block, not yet allocated", "Service A"]
    small = legend(maps.drawings(view_of(SMALL))["integration"])
    assert small == ["free", "reserved", "in a block, not yet allocated", "Service A", "b"]
    cluster = legend(maps.drawings(view_of(SMALL))["kind-a"])
    assert cluster == ["Service A"]


def test_a_conflict_and_a_known_conflict_are_marked_and_explained() -> None:
    """1.8: workflowexecution's Redis on hapi's 16387, nothing settles it; the real-sized
    registry: a known conflict, and ports two suites share on purpose."""
    conflict = maps.drawings(view_of(registry_1_8()))["integration"]
    assert "16387: Workflow Execution (WE) (integration) redis; HolmesGPT" in conflict
    assert "(a conflict: nothing settles it)" in conflict
    labels = legend(conflict)
    assert "conflict: suites on one port, nothing settles it" in labels
    assert "known conflict, accepted for now" not in labels
    _, _, image = pixels(conflict)
    assert hex_colour(CONFLICT) in {pixel[:3] for pixel in image}
    real = maps.drawings(view_of(REAL_SIZED.read_text(encoding="utf-8")))
    labels = legend(real["integration"])
    assert "known conflict, accepted for now" in labels
    assert "conflict: suites on one port, nothing settles it" not in labels
    # Audit Trail and Reports share one PostgreSQL (a share): a stripe, explained.
    assert "a stripe: one more suite on the port (a share, a reuse)" in labels
    assert "(a known conflict)" in real["kind-platform"]


def test_render_docs_writes_the_maps_beside_the_page_and_check_keeps_them_fresh(
    tmp_path: Path,
) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_text(SMALL, encoding="utf-8")
    created = invoke("render-docs", cwd=tmp_path)
    assert created.code == 0, created.err
    assert created.out.splitlines() == [
        "docs/ports.md: created (13 sections)",
        "docs/port-map-integration.svg: created (port map)",
        "docs/port-map-e2e.svg: created (port map)",
        "docs/port-map-kind-a.svg: created (port map)",
    ]
    page = (tmp_path / "docs" / "ports.md").read_text(encoding="utf-8")
    assert "![Port map of integration](port-map-integration.svg)" in page
    assert invoke("render-docs", "--check", cwd=tmp_path).code == 0
    stale = tmp_path / "docs" / "port-map-e2e.svg"
    stale.write_text("<svg/>\n", encoding="utf-8")
    checked = invoke("render-docs", "--check", cwd=tmp_path)
    assert checked.code == 1
    assert "docs/port-map-e2e.svg: stale" in checked.out
    assert stale.read_text(encoding="utf-8") == "<svg/>\n"  # --check writes nothing


def test_an_svg_docs_entry_says_where_the_maps_go(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    text = SMALL + "  - path: docs/img/ports-{name}.svg\n"
    (tmp_path / "registry" / "ports.yaml").write_text(text, encoding="utf-8")
    created = invoke("render-docs", cwd=tmp_path)
    assert created.code == 0, created.err
    assert "docs/img/ports-kind-a.svg: created (port map)" in created.out
    page = (tmp_path / "docs" / "ports.md").read_text(encoding="utf-8")
    assert "![Port map of cluster kind-a](img/ports-kind-a.svg)" in page


def test_two_svg_entries_or_an_svg_entry_with_other_sections_are_refused(tmp_path: Path) -> None:
    from helpers import codes, findings_for

    text = SMALL + "  - path: a.svg\n  - path: b.svg\n    sections: [header]\n"
    found = findings_for(text)
    assert codes(found) == ["PR601", "PR601"]
    assert "keep one .svg entry" in found[1].message or "keep one .svg entry" in found[0].message


def marked(tmp_path: Path, markers: str) -> Path:
    (tmp_path / "registry").mkdir(exist_ok=True)
    (tmp_path / "registry" / "ports.yaml").write_text(SMALL, encoding="utf-8")
    page = tmp_path / "docs" / "ports.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(f"# Ports\n\n{markers}\n", encoding="utf-8")
    return page


def test_marker_options_choose_tiers_and_columns(tmp_path: Path) -> None:
    page = marked(
        tmp_path,
        "<!-- portreg:begin allocations tiers=integration columns=redis -->\n"
        "<!-- portreg:end allocations -->",
    )
    result = invoke("render-docs", cwd=tmp_path)
    assert result.code == 0, result.err
    text = page.read_text(encoding="utf-8")
    (table,) = tables_under(text, "integration")
    assert table.header == ["Service", "redis", "Other ports"]
    assert table.row("Service A") == {
        "Service": "Service A",
        "redis": "16379",
        "Other ports": "postgresql 15433, API 18200",
    }
    assert "### e2e" not in text
    # the options stay on the marker, so the next run renders the same
    assert "<!-- portreg:begin allocations tiers=integration columns=redis -->" in text
    assert invoke("render-docs", "--check", cwd=tmp_path).code == 0


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("allocations tier=e2e", "section allocations: unknown option tier=; options: tiers,"),
        (
            "allocations tiers=e2",
            "section allocations: tiers=: no tier e2; known: integration, e2e",
        ),
        ("mappings clusters=kind-b", "clusters=: no cluster kind-b; known: kind-a"),
        ("allocations columns=", "columns=: no component (none given)"),
    ],
)
def test_a_bad_marker_option_stops_with_one_line_and_writes_nothing(
    tmp_path: Path, marker: str, message: str
) -> None:
    name = marker.split()[0]
    page = marked(tmp_path, f"<!-- portreg:begin {marker} -->\n<!-- portreg:end {name} -->")
    before = page.read_bytes()
    result = invoke("render-docs", cwd=tmp_path)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "docs/ports.md:3:1: error PR602 doc-markers: " in result.err
    assert message in result.err
    assert page.read_bytes() == before
    assert not (tmp_path / "docs" / "port-map-integration.svg").exists()
