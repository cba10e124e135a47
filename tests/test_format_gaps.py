"""What a real hand-kept table said that the format could not: production ports, NodePort
bands per cluster, reuse limited to listed ports, a cluster's own ports, header and service
facts, and known conflicts that hold reserved ports."""

from __future__ import annotations

from pathlib import Path

from helpers import codes, findings_for, load_text, only
from inprocess import invoke
from tests_data import MINIMAL

from portreg.plan import make_plan
from portreg.plan.conflicts import conflict_graph
from portreg.render.markdown import View
from portreg.render.sections import RENDERERS

CLUSTERS = MINIMAL + "  api: {}\n  alertmanager: {container_port: 9093}\n"


def render(text: str, section: str) -> str:
    loaded = load_text(text)
    assert loaded.registry is not None, loaded.findings
    view = View(loaded.registry, "registry/ports.yaml", loaded.sources)
    return RENDERERS[section](
        view, __import__("portreg.render.markdown").render.markdown.EVERYTHING
    )


def test_production_ports_are_information_never_a_conflict(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + "  api: {title: API}\nservices:\n"
        + "  gateway:\n    title: Gateway\n    production: {api: 18080}\n"
        + "    ports: {integration: {api: 18081}}\n"
        + "  other: {ports: {integration: {api: 18080}}}\n"
    )
    assert codes(findings_for(text)) == []  # 18080 in production is not a test allocation
    assert "- **Gateway** (`gateway`): Production: API 18080." in render(text, "services")
    path = tmp_path / "ports.yaml"
    path.write_text(text, encoding="utf-8")
    who = invoke("who", "18080", "--registry", str(path))
    assert "18080 is gateway's api port in production (information only" in who.out
    assert "other integration api" in who.out
    exported = invoke("export", "--format", "env", "--registry", str(path))
    assert "18080" in exported.out and "GATEWAY_INTEGRATION_API_PORT=18081" in exported.out
    assert exported.out.count("18080") == 1  # other's, not gateway's production port


def test_nodeport_bands_judge_nodeports_and_an_exception_there_silences_something() -> None:
    text = (
        CLUSTERS.replace("  api: {}\n", "  api: {nodeport_ranges: {e2e: 30080-30099}}\n")
        + "scopes:\n  kind-a: {kind: nodeport, ranges: {alertmanager: 30180-30199}}\n"
        + "services:\n  s:\n    ports:\n      e2e:\n"
        + "        api: {node_port: 30443, cluster: kind-a}\n"
        + "        alertmanager: {node_port: 30191, cluster: kind-a}\n"
    )
    found = findings_for(text, ignore=("PR305",))
    assert codes(found) == ["PR301"]
    assert "s e2e api NodePort 30443 is outside the api band 30080-30099 in kind-a" in (
        found[0].message
    )
    # Before: a documented NodePort deviation was reported as an unused exception (PR306).
    excepted = text + "exceptions:\n  - {rule: PR301, service: s, component: api, reason: TLS}\n"
    assert codes(findings_for(excepted, ignore=("PR305",))) == []


SHARED_9193 = (
    CLUSTERS
    + "services:\n"
    + "  em: {ports: {e2e: {alertmanager: 9193, redis: 26380}}}\n"
    + "  fp: {ports: {e2e: {alertmanager: 9193, redis: 26380}}}\n"
)


def test_exclusive_reuse_limited_to_listed_ports_keeps_the_other_conflict() -> None:
    limited = SHARED_9193 + (
        "exclusive:\n  - {services: [em, fp], ports: [9193], reason: never on one runner}\n"
    )
    found = findings_for(limited)
    assert codes(found) == ["PR201"]
    assert "redis 26380" in found[0].message
    everything = limited.replace("ports: [9193], ", "")
    assert codes(findings_for(everything)) == []


KIND_SHARED = (
    CLUSTERS
    + """\
scopes:
  kind-fp:
    kind: nodeport
    config: test/kind-fullpipeline.yaml
    services: [fp, fleet]
    ports:
      e2e:
        alertmanager: {port: 9193, node_port: 30191}
services:
  fp: {ports: {e2e: {api: {port: 18080, node_port: 30080, cluster: kind-fp}}}}
  fleet: {ports: {e2e: {api: {port: 18081, node_port: 30081, cluster: kind-fp}}}}
"""
)


def test_a_cluster_s_own_ports_are_written_once_and_used_by_each_suite() -> None:
    assert codes(findings_for(KIND_SHARED, ignore=("PR305",))) == []
    loaded = load_text(KIND_SHARED)
    assert loaded.registry is not None
    uses = [(u.service, u.port, u.scope) for u in loaded.registry.allocations if u.port >= 9193]
    assert ("fp", 9193, "host") in uses and ("fleet", 30191, "kind-fp") in uses
    # they create one cluster, so they never run together: one reason says why
    reasons = [a.why for a in make_plan(conflict_graph(loaded.registry)).apart]
    assert reasons == ["both need alertmanager 9193 (tcp, host)"]
    mappings = render(KIND_SHARED, "mappings")
    assert "| all of fp and fleet (e2e) | `kind-fp` | alertmanager 9193 → 30191 → 9093 |" in (
        mappings
    )
    assert mappings.count("9193") == 1
    # a third suite on the cluster's host port is a conflict, named with both users
    third = KIND_SHARED + "  em: {ports: {e2e: {alertmanager: 9193}}}\n"
    (conflict,) = only(findings_for(third), "PR201")
    assert "is used by em (e2e), fp (e2e) and fleet (e2e)" in conflict.message


def test_a_cluster_s_ports_need_declared_users_tiers_and_components() -> None:
    text = KIND_SHARED.replace("services: [fp, fleet]", "services: [fp, ghost]").replace(
        "        alertmanager: {port", "        alertmgr: {port"
    )
    messages = [f.message for f in only(findings_for(text), "PR203")]
    assert any("ghost" in message for message in messages)
    assert any("alertmgr" in message for message in messages)


def test_header_and_service_facts_are_shown_once() -> None:
    text = MINIMAL.replace(
        "updated: 2025-01-01\n",
        "updated: 2025-01-01\ncreated: 2024-11-26\n"
        'related: ["[testing strategy](docs/testing.md)"]\n',
    ) + (
        "services:\n  gw:\n    title: Gateway\n    status: Active\n"
        "    purpose: the `ingress` suite\n"
        "    config_files: [test/gw/suite_test.go]\n    urls: [https://ci.example.org/gw]\n"
        "    ports: {integration: {redis: 16379}}\n"
    )
    header = render(text, "header")
    assert "Version **1.0**, created **2024-11-26**, last updated **2025-01-01**." in header
    assert "Related: [testing strategy](docs/testing.md)." in header
    services = render(text, "services")
    assert services.splitlines()[2:] == [
        "- **Gateway** (`gw`) (Active): the `ingress` suite. Config: `test/gw/suite_test.go`. "
        "Links:",
        "  https://ci.example.org/gw.",
    ]


RESERVED_TAKEN = (
    MINIMAL
    + "  api: {}\nservices:\n  gateway: {ports: {e2e: {api: 18080}}}\n"
    + "reserved:\n  - {port: 18080, reason: production Gateway}\n"
)


def test_a_known_conflict_may_hold_a_reserved_port() -> None:
    assert codes(findings_for(RESERVED_TAKEN)) == ["PR204"]
    known = RESERVED_TAKEN + (
        "known_conflicts:\n  - {port: 18080, services: [gateway], reason: to move, tracked: GW-1}\n"
    )
    (accepted,) = findings_for(known)
    assert accepted.code == "PR308"
    assert "gateway e2e api 18080 is reserved: production Gateway: a known conflict" in (
        accepted.message
    )
    # the docs list it as a known conflict, not as a justified exception
    assert "| 18080 ⚠ | host | gateway | api | to move | GW-1 |" in render(known, "allocations")


def test_write_baseline_records_a_reserved_port_taken(tmp_path: Path) -> None:
    import subprocess

    registry = tmp_path / "registry" / "ports.yaml"
    registry.parent.mkdir()
    registry.write_text(RESERVED_TAKEN, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = invoke("check", "--write-baseline", cwd=tmp_path, env={"PORTREG_TODAY": "2026-01-15"})
    assert result.code == 0, result.err
    assert "baseline: 1 known conflict added" in result.out + result.err
    text = registry.read_text(encoding="utf-8")
    assert "known_conflicts:\n  - port: 18080\n    services: [gateway]\n" in text
    assert codes(findings_for(text)) == ["PR308"]
