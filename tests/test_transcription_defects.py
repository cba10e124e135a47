"""The ten defects found while transcribing a real hand-kept port table, one test each.

Each test failed before its fix (the comment under its name says what happened then).
"""

from __future__ import annotations

from pathlib import Path

from helpers import codes, findings_for, load_text, only
from inprocess import invoke
from tests_data import MINIMAL

from portreg.plan import make_plan
from portreg.plan.conflicts import conflict_graph

WITH_CLUSTER = MINIMAL + "  api: {}\nscopes:\n  kind-a: {kind: nodeport}\n"


def registry(services: str, extra: str = "") -> str:
    return WITH_CLUSTER + "services:\n" + services + extra


TWO_ON_16387 = """\
  u: {ports: {integration: {redis: 16387}}}
  v: {ports: {integration: {redis: 16387}}}
"""


def test_1_an_exception_for_a_conflict_is_refused_saying_why() -> None:
    # Before: accepted, then PR306 "silences nothing", with no word of why.
    extra = "exceptions:\n  - {rule: PR201, service: u, reason: they never overlap}\n"
    findings = findings_for(registry(TWO_ON_16387, extra))
    assert codes(findings) == ["PR201", "PR214"]
    (refused,) = only(findings, "PR214")
    assert "cannot be excepted: declare a share, an exclusive group or a known conflict" in (
        refused.message
    )
    assert refused.location.line == registry(TWO_ON_16387, extra).count("\n")


def test_2_a_service_twice_in_a_group_is_an_error() -> None:
    # Before: passed; PR307 then named "u, u".
    services = "  u: {ports: {integration: {redis: 16380}}}\n"
    extra = "exclusive:\n  - {services: [u, u], reason: twice by mistake}\n"
    findings = findings_for(registry(services, extra))
    assert sorted(codes(findings)) == ["PR215", "PR307"]
    assert "u is listed twice in this exclusive entry" in only(findings, "PR215")[0].message
    assert "exclusive group of u reuses no port" in only(findings, "PR307")[0].message


NODEPORT_TWICE = """\
  u: {ports: {e2e: {api: {node_port: 30081, cluster: kind-a}}}}
  v: {ports: {e2e: {api: {node_port: 30081, cluster: kind-a}}}}
"""


def test_3_a_known_conflict_on_a_nodeport_may_say_cluster() -> None:
    # Before: cluster: was an unknown key; without scope: PR201 and a stale PR208 on host.
    extra = (
        "known_conflicts:\n  - {port: 30081, cluster: kind-a, services: [u, v], reason: x y z}\n"
    )
    assert codes(findings_for(registry(NODEPORT_TWICE, extra))) == ["PR308"]
    both = extra.replace("cluster: kind-a,", "cluster: kind-a, scope: host,")
    assert codes(findings_for(registry(NODEPORT_TWICE, both))) == ["PR101"]


def test_4_scope_written_for_cluster_gets_a_hint_not_a_range_error() -> None:
    # Before: "NodePort 8080 outside range" (PR205) and "node_port needs a cluster".
    services = "  u: {ports: {e2e: {api: {port: 8080, node_port: 30080, scope: kind-a}}}}\n"
    findings = findings_for(registry(services))
    assert codes(findings) == ["PR107"]
    assert "did you mean cluster: kind-a" in findings[0].message


def test_5_a_known_conflict_need_not_list_pairs_a_group_settles() -> None:
    # Before: the entry had to list w too, although u and w reuse the port on purpose.
    services = TWO_ON_16387 + "  w: {ports: {e2e: {redis: 16387}}}\n"
    extra = (
        "exclusive:\n  - {services: [u, w], reason: one after the other}\n"
        "  - {services: [v, w], reason: one after the other}\n"
        "known_conflicts:\n  - {port: 16387, services: [u, v], reason: found at adoption}\n"
    )
    assert codes(findings_for(registry(services, extra))) == ["PR308"]


def test_6_a_nodeport_of_an_exclusive_pair_is_above_the_band_once() -> None:
    # Before: PR305 once per allocation, so twice for one NodePort.
    services = """\
  u: {ports: {e2e: {api: {node_port: 30500, cluster: kind-a}}}}
  v: {ports: {e2e: {api: {node_port: 30500, cluster: kind-a}}}}
"""
    extra = "exclusive:\n  - {services: [u, v], reason: one cluster at a time}\n"
    assert codes(findings_for(registry(services, extra))) == ["PR305"]


def test_6_a_cluster_s_nodeport_band_is_acknowledged_once_for_the_cluster() -> None:
    # Before: an exception named one service; a band above the static one needed one per
    # service, and there was no word for "every NodePort of this cluster".
    services = """\
  u: {ports: {e2e: {api: {node_port: 30500, cluster: kind-a}}}}
  v: {ports: {e2e: {api: {node_port: 30501, cluster: kind-a}}}}
  w: {ports: {e2e: {api: {port: 30502, scope: kind-b}}}}
"""
    text = registry(services).replace(
        "scopes:\n  kind-a: {kind: nodeport}\n",
        "scopes:\n  kind-a: {kind: nodeport}\n  kind-b: {kind: nodeport}\n",
    )
    extra = "exceptions:\n  - {rule: PR305, cluster: kind-a, reason: our API band on purpose}\n"
    findings = findings_for(text + extra)
    assert codes(findings) == ["PR305"]  # kind-b's, which the exception does not name
    assert "NodePort 30502 of w" in findings[0].message
    nobody = "exceptions:\n  - {rule: PR305, reason: names nothing at all}\n"
    assert sorted(codes(findings_for(text + nobody))) == ["PR216", "PR305", "PR305", "PR305"]


def test_7_a_block_outside_its_tier_range_is_reported() -> None:
    # Before: a block 14000-14009 in a tier whose range is 15000-15999 checked clean.
    text = (
        MINIMAL.replace("  integration: {}", "  integration: {range: 15000-15999}")
        + "services:\n  u: {blocks: {integration: 14000-14009}}\n"
    )
    findings = findings_for(text)
    assert codes(findings) == ["PR309"]
    assert "block 14000-14009 is not inside the integration range 15000-15999" in (
        findings[0].message
    )


def test_8_who_names_an_allocation_once_when_host_port_equals_nodeport(tmp_path: Path) -> None:
    # Before: two identical lines for 30081.
    path = tmp_path / "ports.yaml"
    path.write_text(
        registry("  u: {ports: {e2e: {api: {port: 30081, node_port: 30081, cluster: kind-a}}}}\n"),
        encoding="utf-8",
    )
    result = invoke("who", "30081", "--registry", str(path))
    allocations = [line for line in result.out.splitlines() if "u e2e api" in line]
    assert len(allocations) == 1


def test_9_plan_names_one_settling_fact_and_knows_block_conflicts() -> None:
    # Before: "reused on purpose by an exclusive group" and "a known conflict" for one pair,
    # and nothing of the known conflict for a block.
    services = TWO_ON_16387 + "  b: {blocks: {integration: 16385-16389}}\n"
    extra = (
        "exclusive:\n  - {services: [u, v], reason: one after the other}\n"
        "known_conflicts:\n  - {port: 16387, services: [u, v], reason: found at adoption}\n"
        "  - {port: 16387, services: [b, u, v], reason: found at adoption}\n"
    )
    loaded = load_text(registry(services, extra))
    assert loaded.registry is not None
    reasons = [apart.explained for apart in make_plan(conflict_graph(loaded.registry)).apart]
    port = [why for why in reasons if why.startswith("both need")]
    assert port == ["both need redis 16387 (tcp, host): a known conflict (found at adoption)"]
    block = [why for why in reasons if "block" in why]
    assert block and all(why.endswith(": a known conflict (found at adoption)") for why in block)


def test_10_release_of_an_unknown_service_does_not_list_thousands(tmp_path: Path) -> None:
    # Before: every one of 5,000 names on one line.
    services = "".join(
        f"  s{number}: {{ports: {{integration: {{api: {20000 + number}}}}}}}\n"
        for number in range(5000)
    )
    path = tmp_path / "ports.yaml"
    path.write_text(registry(services), encoding="utf-8")
    result = invoke("release", "s4999x", "--registry", str(path), "--dry-run")
    assert result.code == 2
    assert "no service s4999x (did you mean s4999?; known: s0, s1" in result.err
    assert "… and 4,990 more)" in result.err
    assert len(result.err) < 400
