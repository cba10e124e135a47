"""Instances of one component, sub-suites (part_of) and reservations kept for one service."""

from __future__ import annotations

from helpers import fixture_findings, message_at, places


def test_findings_of_the_suites_fixture() -> None:
    assert places(fixture_findings("suites")) == [
        ("PR201", "suites.yaml:16:20"),
        ("PR301", "suites.yaml:17:20"),
        ("PR209", "suites.yaml:24:14"),
        ("PR209", "suites.yaml:26:14"),
        ("PR209", "suites.yaml:28:14"),
        ("PR203", "suites.yaml:30:14"),
    ]


def test_findings_name_the_instance() -> None:
    findings = fixture_findings("suites")
    assert message_at(findings, "PR201", "suites.yaml:16:20") == (
        "port 18150 (tcp, host) is used by assistant (integration mcp-server[table]) and "
        "assistant (integration mcp-server[copy]); move one, or declare a share"
    )
    assert message_at(findings, "PR301", "suites.yaml:17:20") == (
        "assistant integration mcp-server[wide] 18170 is outside the mcp-server integration "
        "range 18150-18159"
    )


def test_part_of_must_name_another_service_without_a_loop() -> None:
    findings = fixture_findings("suites")
    assert message_at(findings, "PR209", "suites.yaml:24:14") == (
        "loop-a is part_of itself through loop-a -> loop-b -> loop-a"
    )
    assert message_at(findings, "PR209", "suites.yaml:28:14") == "selfish is part_of itself"
    assert message_at(findings, "PR203", "suites.yaml:30:14") == (
        "unknown service 'asistant'; did you mean 'assistant'?"
    )
    # assistant-replay is part_of assistant: fine (line 20).
    assert not [f for f in findings if f.location.line == 20]


def test_reserved_service_may_use_its_port_and_exceptions_silence_pr204() -> None:
    findings = fixture_findings("reserved")
    assert places(findings) == [("PR201", "reserved.yaml:25:49"), ("PR204", "reserved.yaml:25:49")]
    assert message_at(findings, "PR204", "reserved.yaml:25:49") == (
        "other integration api[debug] 18080 is reserved: the gateway's own dev server "
        "(only gateway may use it)"
    )


def test_exception_for_pr204_is_used() -> None:
    # Regression: PR204 findings had no subject, so this exception silenced nothing and
    # PR306 asked to remove it while PR204 still fired for intruder's 18090 (line 21).
    codes_found = [f.code for f in fixture_findings("reserved")]
    assert "PR306" not in codes_found
    assert [f for f in fixture_findings("reserved") if f.location.line == 21] == []


def test_names_in_blocks_reservations_known_conflicts_and_exports_are_checked() -> None:
    findings = fixture_findings("references")
    assert places(findings) == [
        ("PR203", "references.yaml:11:14"),  # reserved.service
        ("PR203", "references.yaml:16:7"),  # a block's tier
        ("PR203", "references.yaml:17:21"),  # a block's component
        ("PR204", "references.yaml:19:26"),  # so the reservation keeps the port from gateway
        ("PR105", "references.yaml:21:11"),  # a known conflict's port
        ("PR208", "references.yaml:21:11"),
        ("PR203", "references.yaml:27:14"),  # an export's service
        ("PR203", "references.yaml:28:11"),  # an export's tier
    ]
    assert message_at(findings, "PR203", "references.yaml:17:21") == (
        "unknown component 'apii'; did you mean 'api'?"
    )
