"""Service blocks (PR207) and tier ranges (PR309)."""

from __future__ import annotations

from big_registries import blocks_registry
from helpers import RULE_FIXTURES, findings_for, fixture_findings, message_at, places
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg.records import port_range
from portreg.rules.block_sweep import OwnedBlock, containing_blocks


def test_findings_of_the_blocks_fixture() -> None:
    assert places(fixture_findings("blocks")) == [
        ("PR207", "blocks.yaml:23:26"),  # intruder's port inside chat's block
        ("PR207", "blocks.yaml:27:26"),  # neighbour's api block overlaps chat's block
        ("PR309", "blocks.yaml:42:26"),  # outsider's host port outside the tier range
        ("PR205", "blocks.yaml:42:46"),  # (an old-form NodePort: no PR309 for it)
    ]


def test_a_port_inside_another_services_block_names_both_owners() -> None:
    findings = fixture_findings("blocks")
    assert message_at(findings, "PR207", "blocks.yaml:23:26") == (
        "intruder integration api 18125 is inside chat's integration block 18120-18129 "
        "(line 16); move it out of the block"
    )
    finding = next(f for f in findings if str(f.location) == "blocks.yaml:23:26")
    assert [str(place) for place in finding.related] == ["blocks.yaml:16:20"]


def test_overlapping_blocks_across_components() -> None:
    message = message_at(fixture_findings("blocks"), "PR207", "blocks.yaml:27:26")
    assert message == (
        "neighbour's integration api block 18128-18135 overlaps chat's integration block "
        "18120-18129 (line 16) at 18128-18129; shrink or move one"
    )


def test_own_ports_and_own_component_blocks_are_fine() -> None:
    # chat's ports 18120, 18121, 28520, 28525 lie in its own blocks; its mock and api e2e
    # blocks touch but belong to one service; intruder's 28530 is just past them.
    lines = {f.location.line for f in fixture_findings("blocks")}
    assert lines.isdisjoint({16, 17, 19, 20, 24})


def test_exclusive_groups_apply_to_blocks() -> None:
    # lane-a and lane-b own the same e2e block and use each other's ports: the group
    # settles it, so it is not PR307 either.
    findings = fixture_findings("blocks")
    assert not [f for f in findings if "lane-" in f.message]
    text = (RULE_FIXTURES / "blocks.yaml").read_text(encoding="utf-8")
    text = text.replace("services: [lane-a, lane-b]", "services: [lane-a, outsider]")
    lanes = [f for f in findings_for(text, "b.yaml") if "lane-b" in f.message]
    assert places(lanes) == [
        ("PR207", "b.yaml:34:18"),  # lane-a's 28600 inside lane-b's block
        ("PR207", "b.yaml:37:12"),  # the two blocks overlap
        ("PR207", "b.yaml:39:18"),  # lane-b's 28601 inside lane-a's block
    ]
    assert lanes[1].message == (
        "lane-b's e2e block 28600-28609 overlaps lane-a's e2e block 28600-28609 (line 32) at "
        "28600-28609; shrink or move one"
    )


def test_tier_range_warning() -> None:
    message = message_at(fixture_findings("blocks"), "PR309", "blocks.yaml:42:26")
    assert message == "outsider integration api 19500 is outside the integration range 18000-18999"


def test_blocks_at_scale_find_exactly_the_overlaps() -> None:
    findings = findings_for(blocks_registry(5000, overlaps=(7, 4321)), ignore=("PR3",))
    assert places(findings) == [("PR207", "ports.yaml:37:51"), ("PR207", "ports.yaml:12979:52")]
    assert findings[0].message.startswith(
        "s00007 integration datastorage 1251 is inside s00008's integration block 1248-1253"
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 60), st.integers(0, 12)), max_size=25),
    st.lists(st.integers(1, 80), max_size=25),
)
def test_sweep_finds_what_comparing_every_pair_finds(
    spans: list[tuple[int, int]], ports: list[int]
) -> None:
    blocks = sorted(
        (
            OwnedBlock(f"s{index}", "integration", None, port_range(start, start + size), ())
            for index, (start, size) in enumerate(spans)
        ),
        key=lambda block: (block.ports.start, block.ports.end),
    )
    points = sorted(ports)
    found = list(containing_blocks(blocks, ((port, len(blocks), port) for port in points)))
    assert found == [(port, [b for b in blocks if port in b.ports]) for port in points]
    starts = ((block.ports.start, position, block) for position, block in enumerate(blocks))
    overlaps = {
        (id(block), id(other))
        for block, earlier in containing_blocks(blocks, starts)
        for other in earlier
    }
    expected = {
        (id(block), id(other))
        for position, block in enumerate(blocks)
        for other in blocks[:position]
        if other.ports.end >= block.ports.start
    }
    assert overlaps == expected
