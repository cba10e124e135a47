"""Every registry rule: a case where it fires, with its place and parties, and where it does not."""

from __future__ import annotations

import pytest
from helpers import codes, findings_for, only
from tests_data import MINIMAL_TEXT

from portreg.rules import all_rules


def registry(services: str, extra: str = "") -> str:
    return MINIMAL_TEXT + "services:\n" + services + extra


TWO_ON_16387 = """\
  hapi:
    ports:
      integration: {redis: 16387}
  workflowexecution:
    ports:
      integration: {redis: 16387}
"""


def test_conflict_names_every_party_and_points_at_the_last() -> None:
    findings = findings_for(registry(TWO_ON_16387))
    assert codes(findings) == ["PR201"]
    finding = findings[0]
    assert finding.message == (
        "redis 16387 (tcp, host) is used by hapi (integration) and workflowexecution "
        "(integration); move one, or declare a share"
    )
    assert (finding.location.line, finding.location.column) == (20, 28)
    assert [related.line for related in finding.related] == [17]


def test_conflict_across_tiers_on_the_host() -> None:
    services = """\
  a:
    ports:
      integration: {redis: 16380}
      e2e: {api: 16380}
"""
    findings = findings_for(registry(services))
    assert codes(findings) == ["PR201"]
    assert "port 16380 (tcp, host) is used by a (integration redis) and a (e2e api)" in (
        findings[0].message
    )


def test_three_parties_are_all_named() -> None:
    services = TWO_ON_16387 + "  third:\n    ports:\n      integration: {redis: 16387}\n"
    message = only(findings_for(registry(services)), "PR201")[0].message
    assert "hapi (integration), workflowexecution (integration) and third (integration)" in message


def test_no_conflict_across_protocols_or_scopes() -> None:
    services = """\
  a:
    ports:
      integration: {api: 18080}
  b:
    ports:
      integration:
        api: {port: 18080, protocol: udp}
      e2e:
        api: {port: 18080, scope: kind}
"""
    text = registry(services).replace("scopes: {}", "scopes: {kind: {}}")
    assert findings_for(text) == []


def test_declared_share_allows_the_port() -> None:
    shares = (
        "shares:\n  - port: 16387\n    services: [hapi, workflowexecution]\n"
        "    reason: one Redis serves both suites\n"
    )
    assert findings_for(registry(TWO_ON_16387, shares)) == []


def test_share_that_misses_a_party_names_it() -> None:
    services = TWO_ON_16387 + "  third:\n    ports:\n      integration: {redis: 16387}\n"
    shares = (
        "shares:\n  - port: 16387\n    services: [hapi, workflowexecution]\n"
        "    reason: one Redis serves both suites\n"
    )
    message = only(findings_for(registry(services, shares)), "PR201")[0].message
    assert "does not list third" in message


def test_stale_share_lists_a_service_that_moved() -> None:
    services = "  hapi:\n    ports:\n      integration: {redis: 16387}\n" + (
        "  workflowexecution:\n    ports:\n      integration: {redis: 16388}\n"
    )
    shares = (
        "shares:\n  - port: 16387\n    services: [hapi, workflowexecution]\n"
        "    reason: shared with Notification/WE for simplicity\n"
    )
    findings = findings_for(registry(services, shares))
    assert codes(findings) == ["PR202"]
    assert "lists workflowexecution, which does not use it" in findings[0].message


def test_stale_share_of_a_port_nobody_duplicates() -> None:
    services = "  hapi:\n    ports:\n      integration: {redis: 16387}\n"
    shares = "shares:\n  - port: 16387\n    services: [hapi]\n    reason: left over\n"
    findings = findings_for(registry(services, shares))
    assert codes(findings) == ["PR202"]
    assert "not needed" in findings[0].message


def test_share_needs_a_reason() -> None:
    shares = "shares:\n  - port: 16387\n    services: [hapi, workflowexecution]\n"
    findings = findings_for(registry(TWO_ON_16387, shares))
    assert codes(findings) == ["PR101"]
    assert "shares[0].reason: required key is missing" in findings[0].message


@pytest.mark.parametrize(
    ("services", "extra", "needle"),
    [
        (
            "  a:\n    ports:\n      intgration: {redis: 16380}\n",
            "",
            "unknown tier 'intgration'; did you mean 'integration'?",
        ),
        (
            "  a:\n    ports:\n      integration: {rediss: 16380}\n",
            "",
            "unknown component 'rediss'; did you mean 'redis'?",
        ),
        (
            "  a:\n    ports:\n      integration:\n        redis: {port: 16380, scope: kind}\n",
            "",
            "unknown scope 'kind'",
        ),
        (
            "  a:\n    ports:\n      integration: {redis: 16380}\n",
            "shares:\n  - port: 16380\n    services: [a, bb]\n    reason: typo here\n",
            "unknown service 'bb'",
        ),
        (
            "  a:\n    ports:\n      integration: {redis: 16380}\n",
            "exceptions:\n  - rule: port-outside-rnage\n    service: a\n    reason: typo here\n",
            "unknown rule 'port-outside-rnage'; did you mean 'port-outside-range'?",
        ),
    ],
)
def test_unknown_references(services: str, extra: str, needle: str) -> None:
    findings = only(findings_for(registry(services, extra)), "PR203")
    assert findings and needle in findings[0].message


def test_reserved_port_is_an_error_with_its_reason() -> None:
    services = "  gateway:\n    ports:\n      integration: {api: 8080}\n"
    extra = "reserved:\n  - port: 8080\n    reason: production Gateway\n"
    findings = findings_for(registry(services, extra), ignore=("PR304",))
    assert codes(findings) == ["PR204"]
    assert "gateway integration api 8080 is reserved: production Gateway" in findings[0].message


def test_reserved_range_and_protocol() -> None:
    services = "  a:\n    ports:\n      integration:\n        api: {port: 18105, protocol: udp}\n"
    tcp_only = "reserved:\n  - port: 18100-18110\n    protocol: tcp\n    reason: not ours\n"
    assert findings_for(registry(services, tcp_only)) == []
    any_protocol = "reserved:\n  - port: 18100-18110\n    reason: not ours\n"
    assert codes(findings_for(registry(services, any_protocol))) == ["PR204"]


NODEPORT_SCOPE = "scopes:\n  kind-e2e: {kind: nodeport}\n"


def nodeport(port: int) -> str:
    text = MINIMAL_TEXT.replace("scopes: {}\n", NODEPORT_SCOPE)
    return text + (
        f"services:\n  a:\n    ports:\n      e2e:\n        api: {{port: {port}, scope: kind-e2e}}\n"
    )


def test_nodeport_outside_the_scope_range() -> None:
    findings = findings_for(nodeport(8080))
    assert codes(findings) == ["PR205"]
    assert "outside scope kind-e2e's NodePort range 30000-32767" in findings[0].message


def test_nodeport_static_band_kep_3668() -> None:
    assert findings_for(nodeport(30085)) == []
    findings = findings_for(nodeport(30086))
    assert codes(findings) == ["PR305"]
    assert "static band 30000-30085" in findings[0].message


def test_nodeport_custom_range_and_band() -> None:
    text = nodeport(31020).replace(
        "{kind: nodeport}", "{kind: nodeport, nodeport_range: 31000-31099}"
    )
    # A 100-port range keeps max(16, 100 // 32) = 16 ports static: 31000-31015.
    findings = findings_for(text)
    assert codes(findings) == ["PR305"] and "31000-31015" in findings[0].message


def test_scope_kind_mistakes() -> None:
    text = MINIMAL_TEXT.replace(
        "scopes: {}\n",
        "scopes:\n  host: {kind: isolated}\n  kind-a: {kind: host}\n"
        "  kind-b: {nodeport_range: 30000-30100}\n",
    )
    findings = findings_for(text)
    assert codes(findings) == ["PR206", "PR206", "PR206"]


def test_port_out_of_bounds() -> None:
    services = "  a:\n    ports:\n      integration:\n        api: {port: 70000, note: typo}\n"
    findings = findings_for(registry(services), ignore=("PR3",))
    assert codes(findings) == ["PR105"]
    assert findings[0].location.column == 21


def changelog(*entries: tuple[str, str]) -> str:
    lines = ["changelog:"]
    for version, date in entries:
        lines += [f'  - version: "{version}"', f"    date: {date}", "    summary: change"]
    return "\n".join(lines) + "\n"


def with_changelog(version: str, *entries: tuple[str, str], updated: str | None = None) -> str:
    """MINIMAL_TEXT with these changelog entries; ``updated`` is the newest entry's date
    unless given."""
    text = MINIMAL_TEXT.replace('version: "1.0"', f'version: "{version}"')
    text = text.replace("updated: 2025-01-01", f"updated: {updated or entries[0][1]}")
    return text + changelog(*entries)


def test_version_must_match_the_newest_changelog_entry() -> None:
    findings = findings_for(with_changelog("1.8", ("1.9", "2025-12-25"), ("1.8", "2025-12-25")))
    assert codes(findings) == ["PR210"]
    assert findings[0].location.line == 3
    assert "version 1.8 is not the newest changelog entry's version 1.9" in findings[0].message


def test_changelog_versions_must_decrease_and_be_unique() -> None:
    findings = findings_for(with_changelog("1.9", ("1.9", "2025-12-25"), ("1.10", "2025-12-20")))
    assert codes(findings) == ["PR211"]
    assert "1.10 comes after 1.9" in findings[0].message  # 1.10 > 1.9: compared as numbers
    duplicated = findings_for(with_changelog("1.9", ("1.9", "2025-12-25"), ("1.9", "2025-12-20")))
    assert codes(duplicated) == ["PR211"] and "appears twice" in duplicated[0].message


def test_updated_must_be_the_newest_changelog_date() -> None:
    entries = (("1.10", "2025-12-27"), ("1.9", "2025-12-25"))
    findings = findings_for(with_changelog("1.10", *entries, updated="2025-12-25"))
    assert codes(findings) == ["PR213"]
    assert (findings[0].location.line, findings[0].location.column) == (4, 10)
    assert findings[0].message == (
        "updated is 2025-12-25, but the newest changelog entry (1.10) is dated 2025-12-27 "
        "(line 16); set updated: 2025-12-27"
    )
    assert findings_for(with_changelog("1.10", *entries)) == []


def test_changelog_dates_must_not_go_backwards() -> None:
    findings = findings_for(with_changelog("2.0", ("2.0", "2025-12-20"), ("1.9", "2025-12-25")))
    assert codes(findings) == ["PR212"]


def test_clean_changelog() -> None:
    assert (
        findings_for(
            with_changelog(
                "2.0", ("2.0", "2025-12-25"), ("1.10", "2025-12-25"), ("1.9", "2025-12-01")
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("port", "code", "needle"),
    [
        (16400, "PR301", "outside the redis integration range 16379-16388"),
        (33000, "PR302", "Linux ephemeral range 32768-60999"),
        (61000, "PR302", "IANA dynamic range 49152-65535"),
        (700, "PR303", "privileged port"),
        (6379, "PR304", "default port of Redis"),
    ],
)
def test_hazard_warnings(port: int, code: str, needle: str) -> None:
    services = f"  a:\n    ports:\n      integration: {{redis: {port}}}\n"
    findings = [f for f in findings_for(registry(services)) if f.code != "PR301" or code == "PR301"]
    assert codes(findings) == [code]
    assert needle in findings[0].message
    assert findings[0].severity.value == "warning"


def test_hazards_do_not_apply_outside_the_host() -> None:
    text = MINIMAL_TEXT.replace("scopes: {}", "scopes: {kind: {}}") + (
        "services:\n  a:\n    ports:\n      e2e:\n        api: {port: 6379, scope: kind}\n"
    )
    assert findings_for(text) == []


EXCEPTION = """\
exceptions:
  - rule: port-outside-range
    service: a
    component: redis
    reason: moved before the range existed
"""


def test_exception_silences_only_its_allocation() -> None:
    services = "  a:\n    ports:\n      integration: {redis: 16400, postgresql: 15500}\n"
    findings = findings_for(registry(services, EXCEPTION))
    assert codes(findings) == ["PR301"]
    assert "postgresql 15500" in findings[0].message


def test_exception_by_code_works_too() -> None:
    services = "  a:\n    ports:\n      integration: {redis: 16400}\n"
    assert findings_for(registry(services, EXCEPTION.replace("port-outside-range", "PR301"))) == []


def test_unused_exception_is_a_warning() -> None:
    services = "  a:\n    ports:\n      integration: {redis: 16380}\n"
    findings = findings_for(registry(services, EXCEPTION))
    assert codes(findings) == ["PR306"]
    assert findings[0].location.line == 19


def test_exceptions_cannot_silence_conflicts() -> None:
    extra = "exceptions:\n  - rule: port-conflict\n    service: hapi\n    reason: please\n"
    assert codes(findings_for(registry(TWO_ON_16387, extra))) == [
        "PR201",
        "PR214",
    ]  # was PR306: "silences nothing", no word of why


def test_select_and_ignore() -> None:
    services = TWO_ON_16387 + "  c:\n    ports:\n      integration: {api: 6379}\n"
    text = registry(services)
    assert codes(findings_for(text)) == ["PR201", "PR304"]
    assert codes(findings_for(text, select=("PR2",))) == ["PR201"]
    assert codes(findings_for(text, ignore=("well-known-port",))) == ["PR201"]


def test_every_rule_is_documented_with_a_unique_code_and_name() -> None:
    rules = all_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert len(rule.summary) > 20, rule.code
        assert rule.code[:2] == "PR" and rule.code[2:].isdigit()


def test_many_parties_on_one_port_are_one_finding_not_pairs() -> None:
    services = "".join(
        f"  s{index:03d}:\n    ports:\n      integration: {{redis: 16380}}\n" for index in range(60)
    )
    findings = findings_for(registry(services))
    assert codes(findings) == ["PR201"]
    assert len(findings[0].related) == 59
    assert (
        "s000 (integration)" in findings[0].message and "s059 (integration)" in findings[0].message
    )


def test_a_typo_in_a_declaration_is_reported_once_at_the_declaration() -> None:
    text = MINIMAL_TEXT.replace("  redis: {ranges:", "  reddis: {ranges:") + (
        "services:\n"
        "  a:\n    ports:\n      integration: {redis: 16380}\n"
        "  b:\n    ports:\n      integration: {redis: 16381}\n"
        "  c:\n    ports:\n      integration: {redis: 16382}\n"
    )
    findings = only(findings_for(text), "PR203")
    assert len(findings) == 1
    [finding] = findings
    assert finding.message == (
        "component 'reddis' is declared but never used, while 'redis' is used 3 times "
        "without a declaration: rename the declaration to 'redis'"
    )
    assert (finding.location.line, finding.location.column) == (10, 3)  # the declared key
    assert [location.line for location in finding.related] == [17, 20, 23]


def test_one_undeclared_use_still_suggests_the_declared_name() -> None:
    services = "  a:\n    ports:\n      integration: {rediss: 16380}\n"
    [finding] = only(findings_for(registry(services)), "PR203")
    assert "unknown component 'rediss'; did you mean 'redis'?" in finding.message
