"""``portreg diff`` on what one key at a time does not show: a cluster's own ports said once
and apart from a suite's own, a cluster or a service added or removed with all it brings,
a renamed service whose other facts changed too, and rewrites that change nothing."""

from __future__ import annotations

from helpers import load_text
from test_diff_keys import TEXT, edit

from portreg.diff import Kind, diff_registries
from portreg.models import Registry


def registry(text: str) -> Registry:
    loaded = load_text(text)
    assert loaded.registry is not None, loaded.findings
    return loaded.registry


def said(old: str, new: str) -> list[str]:
    return [change.text for change in diff_registries(registry(old), registry(new))]


def test_a_suite_s_own_port_beside_the_cluster_s_port_of_that_component_is_compared() -> None:
    """Before: the cluster's alertmanager hid pipeline's own (one slot per tier and
    component), so moving pipeline's own was no change at all."""
    own = edit(TEXT, "        metrics: {dynamic: true}", "        alertmanager: 29300\n")
    moved = edit(own, "alertmanager: 29300", "alertmanager: 29301")
    assert said(own, moved) == ["pipeline e2e alertmanager: 29300 → 29301"]
    cluster_moved = edit(own, "{port: 29193, node_port: 30181}", "{port: 29194, node_port: 30181}")
    assert said(own, cluster_moved) == ["scope kind-pipeline e2e alertmanager: 29193 → 29194"]


def test_a_cluster_s_port_is_said_once_not_once_per_suite_that_creates_the_cluster() -> None:
    changes = diff_registries(
        registry(TEXT), registry(edit(TEXT, "node_port: 30181}", "node_port: 30182}"))
    )
    assert [(change.kind, change.text, change.path) for change in changes] == [
        (
            Kind.PORT_MOVED,
            "scope kind-pipeline e2e alertmanager NodePort: 30181 in kind-pipeline → 30182 in "
            "kind-pipeline",
            ("scopes", "kind-pipeline", "ports", "e2e", "alertmanager"),
        )
    ]


CLUSTER = """\
  kind-lab:
    kind: nodeport
    ranges: {api: 30080-30089}
    services: [fleet]
    ports:
      e2e:
        api: {port: 29080, node_port: 30085}
"""


def test_a_cluster_added_or_removed_brings_or_takes_its_bands_ports_and_suites() -> None:
    with_lab = edit(TEXT, "scopes:\n", "scopes:\n" + CLUSTER)
    assert said(TEXT, with_lab) == [
        "scope kind-lab: nodeport (added)",
        "scope kind-lab api NodePort band: 30080-30089 (added)",
        "scope kind-lab services: fleet (added)",
        "scope kind-lab e2e api: 29080, NodePort 30085 in kind-lab (added)",
    ]
    assert said(with_lab, TEXT) == [
        "scope kind-lab: nodeport (removed)",
        "scope kind-lab api NodePort band: 30080-30089 (removed)",
        "scope kind-lab services: fleet (removed)",
        "scope kind-lab e2e api: 29080, NodePort 30085 in kind-lab (removed)",
    ]
    assert all(change.governed for change in diff_registries(registry(TEXT), registry(with_lab)))


def test_the_order_of_a_cluster_s_suites_is_no_change() -> None:
    before, after = (
        "services: [pipeline, fleet]\n    ports:",
        "services: [fleet, pipeline]\n    ports:",
    )
    assert said(TEXT, edit(TEXT, before, after)) == []


def test_a_renamed_service_says_what_else_changed_with_it() -> None:
    renamed = edit(TEXT, "  gateway:\n    title: Gateway\n", "  edge:\n    title: Edge gateway\n")
    for old, new in (
        ("service: gateway\n    reason: the shared", "service: edge\n    reason: the shared"),
        ("services: [gateway, gateway-lane-b]", "services: [edge, gateway-lane-b]"),
        (
            "    service: gateway\n    tier: integration\n    component",
            "    service: edge\n    tier: integration\n    component",
        ),
        (
            "    service: gateway\n    tier: integration\n    package",
            "    service: edge\n    tier: integration\n    package",
        ),
        ("part_of: gateway", "part_of: edge"),
        ("production: {api: 8080}", "production: {api: 8443}"),
        ("{count: 2, stride: 1}", "{count: 4, stride: 1}"),
    ):
        renamed = edit(renamed, old, new)
    assert said(TEXT, renamed) == [
        "renamed gateway → edge",
        "edge title: Gateway → Edge gateway",
        "edge integration workers: count 2, stride 1 → count 4, stride 1",
        "edge production api: 8080 → 8443",
        # what names it elsewhere follows
        "gateway-lane-b part_of: gateway → edge",
        "share 15401: gateway, gateway-lane-b → edge, gateway-lane-b",
        "reserved 15432/tcp: gateway → edge",
        "exception PR301 for gateway integration api: the API took 17001 before the range "
        "existed (removed)",
        "exception PR301 for edge integration api: the API took 17001 before the range "
        "existed (added)",
        "export test/ports/ports_gen.go service: gateway → edge",
    ]


def test_a_service_added_or_removed_says_its_ports_and_its_workers() -> None:
    added = edit(
        TEXT,
        "services:\n  gateway:\n",
        "services:\n  billing:\n    ports: {integration: {api: 18050}}\n"
        "    workers: {integration: {count: 3, stride: 10}}\n  gateway:\n",
    )
    assert said(TEXT, added) == [
        "billing added (integration api 18050, integration workers count 3, stride 10)"
    ]
    assert said(added, TEXT) == [
        "billing removed (was integration api 18050, integration workers count 3, stride 10)"
    ]


def test_an_exclusive_group_limited_to_its_ports_says_from_what() -> None:
    every = edit(TEXT, "    ports: [25401]\n", "")
    assert said(every, TEXT) == ["exclusive pipeline, fleet ports: every port → 25401"]
    assert said(TEXT, every) == ["exclusive pipeline, fleet ports: 25401 → every port"]
    group = TEXT[TEXT.index("  - services: [pipeline, fleet]\n") : TEXT.index("known_conflicts:")]
    none = edit(TEXT, "exclusive:\n" + group, "exclusive: []\n")
    assert said(none, TEXT) == ["exclusive pipeline, fleet: e2e, reuse of 25401 (added)"]
    assert said(none, every) == ["exclusive pipeline, fleet: e2e, reuse (added)"]


def test_rewrites_that_mean_the_same_are_no_change() -> None:
    # A NodePort's known conflict by scope or by cluster; a block by range or by size.
    assert (
        said(
            TEXT,
            edit(
                TEXT,
                "    cluster: kind-pipeline\n    services: [fleet",
                "    scope: kind-pipeline\n    services: [fleet",
            ),
        )
        == []
    )
    assert (
        said(TEXT, edit(TEXT, "integration: 18100-18109", "integration: {start: 18100, size: 10}"))
        == []
    )
    # A cluster's own port written in the older form ({port, scope: <the cluster>}).
    older = edit(
        TEXT,
        "{port: 29193, node_port: 30181}",
        "{port: 29193, node_port: 30181, cluster: kind-pipeline}",
    )
    assert said(TEXT, older) == []


def test_a_service_added_with_only_a_block_holds_ports() -> None:
    """Before: ``billing added``, not governed: a block is ports nobody else may take."""
    added = edit(
        TEXT,
        "services:\n  gateway:\n",
        "services:\n  billing:\n    blocks: {integration: 18150-18159}\n  gateway:\n",
    )
    (change,) = diff_registries(registry(TEXT), registry(added))
    assert (change.text, change.governed) == (
        "billing added (integration block 18150-18159)",
        True,
    )


def test_a_registry_new_at_the_base_lists_what_it_holds_not_its_settings() -> None:
    kinds = {change.kind for change in diff_registries(None, registry(TEXT))}
    assert Kind.SERVICE_ADDED in kinds and Kind.SCOPE_ADDED in kinds
    assert not kinds & {Kind.HEADER_CHANGED, Kind.SCAN_CHANGED}
