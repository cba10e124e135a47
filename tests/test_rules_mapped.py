"""Mapped allocations: host port, NodePort in a cluster, container port; and their shapes."""

from __future__ import annotations

from helpers import RULE_FIXTURES, findings_for, fixture_findings, message_at, places


def test_each_side_is_checked_where_it_lives() -> None:
    findings = fixture_findings("mapped")
    assert places(findings) == [
        ("PR205", "mapped.yaml:24:39"),  # beta's node_port, outside kind-b's NodePort range
        ("PR201", "mapped.yaml:25:23"),  # beta's old form {port, scope: kind-a} = alpha's node_port
        ("PR301", "mapped.yaml:29:21"),  # gamma's host port outside the api e2e range
        ("PR305", "mapped.yaml:34:26"),  # delta's node_port above the static band
        ("PR309", "mapped.yaml:35:23"),  # delta's host port outside the e2e tier range
        ("PR201", "mapped.yaml:43:39"),  # two node_ports in one isolated cluster
    ]


def test_old_form_is_the_same_nodeport_as_node_port_with_cluster() -> None:
    message = message_at(fixture_findings("mapped"), "PR201", "mapped.yaml:25:23")
    assert message == (
        "redis 30011 (tcp, kind-a) is used by alpha (e2e) and beta (e2e); move one, or declare "
        "a share"
    )


def test_node_port_conflict_names_its_cluster_and_both_parties() -> None:
    findings = fixture_findings("mapped")
    assert message_at(findings, "PR201", "mapped.yaml:43:39").startswith(
        "api 30500 (tcp, lab) is used by epsilon (e2e) and zeta (e2e)"
    )
    conflict = next(f for f in findings if str(f.location) == "mapped.yaml:43:39")
    assert [str(place) for place in conflict.related] == ["mapped.yaml:39:39"]


def test_same_node_port_in_two_clusters_and_container_ports_never_conflict() -> None:
    # alpha and beta both use NodePort 30010 (kind-a, kind-b); gamma's container_port 28001
    # is alpha's host port: none of these is a finding.
    findings = fixture_findings("mapped")
    assert not [f for f in findings if "30010 (tcp" in f.message or "28001" in f.message]


def test_nodeport_rules_apply_to_node_port_sides_and_ranges_to_host_sides() -> None:
    findings = fixture_findings("mapped")
    # delta's api NodePort 30200 is outside the api e2e range, but PR301 is for host ports.
    assert message_at(findings, "PR305", "mapped.yaml:34:26").startswith(
        "NodePort 30200 of delta e2e api is above the static band 30000-30085"
    )
    assert [f.code for f in findings if f.location.line == 34] == ["PR305"]
    # An isolated cluster has no NodePort range: epsilon's 30500 in lab is not PR205/PR305.
    assert [f.code for f in findings if f.location.line in (39, 43)] == ["PR201"]


def test_tier_range_is_a_warning_on_host_ports() -> None:
    findings = fixture_findings("mapped")
    assert message_at(findings, "PR309", "mapped.yaml:35:23") == (
        "delta e2e redis 27000 is outside the e2e range 28000-28999"
    )
    assert [f.severity.value for f in findings if f.code == "PR309"] == ["warning"]


def test_allocation_shapes() -> None:
    findings = fixture_findings("shapes")
    assert places(findings) == [
        ("PR105", "shapes.yaml:7:16"),  # tier range beyond 65535
        ("PR107", "shapes.yaml:17:26"),  # node_port without cluster
        ("PR107", "shapes.yaml:18:44"),  # cluster: host
        ("PR107", "shapes.yaml:22:24"),  # dynamic with a port
        ("PR309", "shapes.yaml:22:36"),
        ("PR107", "shapes.yaml:23:16"),  # nothing at all
        ("PR105", "shapes.yaml:28:33"),  # container_port 70000
        ("PR105", "shapes.yaml:31:20"),  # block beyond 65535
        ("PR203", "shapes.yaml:34:42"),  # cluster not declared
        ("PR105", "shapes.yaml:35:28"),  # node_port 70000
        ("PR205", "shapes.yaml:35:28"),
    ]
    assert message_at(findings, "PR107", "shapes.yaml:17:26") == (
        "a e2e api: node_port 30010 needs a cluster (the nodeport scope it lives in)"
    )
    assert message_at(findings, "PR107", "shapes.yaml:18:44") == (
        "a e2e redis: cluster host is the host scope; a cluster is a scope of kind nodeport "
        "or isolated"
    )
    assert message_at(findings, "PR107", "shapes.yaml:22:24") == (
        "b e2e api: dynamic: true means the port is chosen at run time, but port is given; "
        "drop one or the other"
    )
    assert message_at(findings, "PR107", "shapes.yaml:23:16") == (
        "b e2e redis has no port, node_port or container_port; give one, or dynamic: true for "
        "a port chosen at run time"
    )
    assert message_at(findings, "PR203", "shapes.yaml:34:42") == (
        "unknown scope 'kind-x'; did you mean 'kind-a'?"
    )


def test_dynamic_and_container_only_allocations_are_fine() -> None:
    # c's api {dynamic: true, container_port: 8080} (line 27) is not a finding.
    assert [f for f in fixture_findings("shapes") if f.location.line == 27] == []


def test_dynamic_with_both_numbers_names_both() -> None:
    text = (RULE_FIXTURES / "shapes.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{dynamic: true, port: 18000}",
        "{dynamic: true, port: 18000, node_port: 30001, cluster: kind-a}",
    )
    shaped = [f for f in findings_for(text) if f.code == "PR107" and f.location.line == 22]
    assert "but port and node_port are given" in shaped[0].message
