"""Exclusive groups: suites that never run together may reuse ports, only within a group."""

from __future__ import annotations

from helpers import RULE_FIXTURES, codes, findings_for, fixture_findings, message_at, places


def test_findings_of_the_exclusive_fixture() -> None:
    assert places(fixture_findings("exclusive")) == [
        ("PR201", "exclusive.yaml:18:26"),  # the group is for e2e only
        ("PR201", "exclusive.yaml:22:18"),  # lane-c is in no group with the lanes
        ("PR201", "exclusive.yaml:28:20"),  # reuse: false
        ("PR307", "exclusive.yaml:42:15"),  # solo-x and solo-y reuse nothing
        ("PR203", "exclusive.yaml:44:24"),
        ("PR203", "exclusive.yaml:45:18"),
    ]


def test_lanes_in_one_group_reuse_ports_without_a_share() -> None:
    # lane-a and lane-b both use redis 26001 in e2e (lines 15 and 19): no finding.
    findings = fixture_findings("exclusive")
    assert not [f for f in findings if "26001" in f.message]
    text = (RULE_FIXTURES / "exclusive.yaml").read_text(encoding="utf-8")
    without_group = text.replace("[lane-a, lane-b]", "[lane-a, solo-x]")
    assert "redis 26001 (tcp, host) is used by lane-a (e2e) and lane-b (e2e)" in " ".join(
        f.message for f in findings_for(without_group)
    )


def test_a_third_suite_outside_the_group_is_still_a_conflict_naming_it() -> None:
    message = message_at(fixture_findings("exclusive"), "PR201", "exclusive.yaml:22:18")
    assert message == (
        "api 28001 (tcp, host) is used by lane-a (e2e), lane-b (e2e) and lane-c (e2e); "
        "the exclusive group at line 36 does not cover lane-c (e2e)"
    )


def test_group_tiers_limit_it() -> None:
    message = message_at(fixture_findings("exclusive"), "PR201", "exclusive.yaml:18:26")
    assert message.startswith("api 18001 (tcp, host) is used by lane-a (integration) and lane-b")


def test_reuse_false_keeps_conflicts_errors() -> None:
    findings = fixture_findings("exclusive")
    assert message_at(findings, "PR201", "exclusive.yaml:28:20") == (
        "redis 26100 (tcp, host) is used by nightly (e2e) and weekly (e2e); the exclusive "
        "group at line 39 has reuse: false; move one"
    )
    # A reuse: false group is never "unneeded": it records that they run apart.
    assert [f.location.line for f in findings if f.code == "PR307"] == [42]


def test_unneeded_reuse_suggests_reuse_false() -> None:
    finding = next(f for f in fixture_findings("exclusive") if f.code == "PR307")
    assert finding.message == (
        "exclusive group of solo-x, solo-y reuses no port; write reuse: false (the group still "
        "records that they run apart)"
    )
    assert finding.severity.value == "warning"


def test_unneeded_reuse_points_at_reuse_when_written() -> None:
    text = (RULE_FIXTURES / "exclusive.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    reason: they never run together\n",
        "    reason: they never run together\n    reuse: true\n",
    )
    assert [str(f.location) for f in findings_for(text, "x.yaml") if f.code == "PR307"] == [
        "x.yaml:44:12"
    ]


def test_unknown_names_in_groups() -> None:
    findings = fixture_findings("exclusive")
    assert message_at(findings, "PR203", "exclusive.yaml:44:24").startswith(
        "unknown service 'ghost'"
    )
    assert message_at(findings, "PR203", "exclusive.yaml:45:18") == (
        "unknown tier 'perf'; declared: e2e, integration"
    )


def test_exclusive_rules_can_be_selected_alone() -> None:
    assert codes(fixture_findings("exclusive", select=("PR307",))) == ["PR307"]
    assert codes(fixture_findings("exclusive", ignore=("PR201", "PR203"))) == ["PR307"]
