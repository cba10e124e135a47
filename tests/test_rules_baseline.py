"""known_conflicts: the adoption baseline turns matching conflicts into warnings."""

from __future__ import annotations

from collections.abc import Callable

from conftest import Result
from helpers import REAL_SIZED, codes, fixture_findings, message_at, places


def test_findings_of_the_known_conflicts_fixture() -> None:
    assert places(fixture_findings("known")) == [
        ("PR308", "known.yaml:16:28"),  # notifier and relay, listed
        ("PR201", "known.yaml:25:26"),  # a third party, newcomer, is not listed
        ("PR308", "known.yaml:36:26"),  # a port inside another's block, listed
        ("PR208", "known.yaml:45:11"),  # mover moved: nothing on 18061
        ("PR208", "known.yaml:51:11"),  # kind-z has no conflict (and is no scope)
        ("PR203", "known.yaml:52:12"),
        ("PR203", "known.yaml:53:26"),
    ]


def test_a_listed_conflict_is_a_warning_with_where_it_is_tracked() -> None:
    findings = fixture_findings("known")
    assert message_at(findings, "PR308", "known.yaml:16:28") == (
        "redis 16340 (tcp, host) is used by notifier (integration) and relay (integration): "
        "a known conflict (line 38, tracked in LUM-1)"
    )
    assert {f.severity.value for f in findings if f.code == "PR308"} == {"warning"}


def test_a_new_party_makes_it_an_error_again_and_the_entry_is_not_stale() -> None:
    findings = fixture_findings("known")
    assert message_at(findings, "PR201", "known.yaml:25:26").endswith(
        "the known conflict at line 42 does not list newcomer"
    )
    assert [f.location.line for f in findings if f.code == "PR208"] == [45, 51]


def test_block_conflicts_are_accepted_too() -> None:
    findings = fixture_findings("known")
    assert message_at(findings, "PR308", "known.yaml:36:26") == (
        "squatter integration api 18105 is inside block-owner's integration block "
        "18100-18109 (line 31): a known conflict (line 48)"
    )
    assert "PR207" not in codes(findings)


def test_stale_entry_says_delete_it() -> None:
    message = message_at(fixture_findings("known"), "PR208", "known.yaml:45:11")
    assert message == (
        "known conflict on 18061 (tcp, host) between mover, cart matches no conflict any "
        "more; delete it"
    )


def test_ignoring_pr201_does_not_change_the_baseline() -> None:
    assert codes(fixture_findings("known", select=("PR208", "PR308"))) == [
        "PR308",
        "PR308",
        "PR208",
        "PR208",
    ]


def test_known_conflicts_pass_check_but_fail_strict(run_cli: Callable[..., Result]) -> None:
    plain = run_cli("check", "--registry", str(REAL_SIZED))
    assert plain.code == 0, plain.out + plain.err
    assert plain.out.count("warning PR308 known-conflict") == 2
    assert plain.out.splitlines()[-1].startswith("0 errors, 2 warnings in 18 services")
    strict = run_cli("check", "--registry", str(REAL_SIZED), "--strict")
    assert strict.code == 1
    assert strict.out.count("PR308") == 2
