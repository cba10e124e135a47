"""``portreg init``: a starter registry, and one proposed from a tree with --discover."""

from __future__ import annotations

import shutil
from pathlib import Path

from edit_helpers import EDIT_ENV, EDIT_FIXTURES
from inprocess import invoke

from portreg.loading.registry import load_registry

TREE = EDIT_FIXTURES / "discover-tree"
LABELS = EDIT_FIXTURES / "discover-tree.expected"


Proposed = tuple[str, str, str, int, str | None, int | None, str]


def labelled() -> set[Proposed]:
    found = set()
    for line in LABELS.read_text().splitlines():
        if line and not line.startswith("#"):
            service, tier, component, port, *mapped = line.split()
            cluster, node_port, protocol = mapped or (None, None, "tcp")
            found.add(
                (
                    service,
                    tier,
                    component,
                    int(port),
                    cluster,
                    node_port and int(node_port),
                    protocol,
                )
            )
    return found


def test_discover_proposes_a_registry_that_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    result = invoke("init", "--discover", str(root), env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "found 10 host ports of 6 services in 8 files" in result.out
    assert "found 2 NodePorts in 1 Kind cluster" in result.out
    assert (
        "disagreement: datastorage integration redis: 16379 "
        "(test/infrastructure/datastorage_integration.go:5) chosen over 16378 "
        "(test/integration/datastorage/docker-compose.yml:9)"
    ) in result.out
    assert "1 conflict recorded as known conflicts" in result.out
    path = root / "registry" / "ports.yaml"
    registry = load_registry(path).registry
    assert registry is not None
    proposed = {
        (
            ref.service,
            ref.tier,
            ref.component,
            ref.allocation.port,
            ref.allocation.cluster,
            ref.allocation.node_port,
            ref.allocation.protocol,
        )
        for ref in registry.entries
    }
    assert proposed == labelled()
    assert registry.scopes["gateway-e2e"].config == "test/e2e/gateway/kind-config.yaml"
    assert [(kc.port, kc.services) for kc in registry.known_conflicts] == [
        (16387, ["hapi", "workflowexecution"])
    ]
    assert registry.services["datastorage"].paths == [
        "test/infrastructure/datastorage*",
        "test/integration/datastorage/**",
    ]
    checked = invoke("check", "--registry", str(path))
    assert checked.code == 0, checked.out
    # The proposal's paths make the tree's own ports agree with it.
    scanned = invoke("scan", cwd=root)
    assert "PR501" not in scanned.out


def test_init_never_replaces_a_registry(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    assert invoke("init", "--discover", str(root), env=EDIT_ENV).code == 0
    before = (root / "registry/ports.yaml").read_bytes()
    again = invoke("init", "--discover", str(root), env=EDIT_ENV)
    assert again.code == 2
    assert "exists; portreg init never replaces a registry" in again.err
    assert (root / "registry/ports.yaml").read_bytes() == before


def test_discover_dry_run_prints_the_proposal(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    result = invoke("init", "--discover", str(root), "--dry-run", env=EDIT_ENV)
    assert result.code == 0
    assert "  workflowexecution:\n" in result.out
    assert not (root / "registry").exists()


def test_discover_of_a_tree_without_ports(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here\n")
    result = invoke("init", "--discover", str(tmp_path), env=EDIT_ENV)
    assert result.code == 2
    assert "no host port found under" in result.err


def test_starter_registry(tmp_path: Path) -> None:
    result = invoke("init", "--title", "Our ports", cwd=tmp_path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, "")
    path = tmp_path / "registry" / "ports.yaml"
    assert invoke("check", "--registry", str(path)).code == 0
    # And the first allocation is one command.
    allocated = invoke(
        "allocate", "api-gateway", "redis", "--tier", "integration", cwd=tmp_path, env=EDIT_ENV
    )
    assert allocated.code == 0, allocated.out + allocated.err
    assert "allocated api-gateway integration redis: 16379" in allocated.out
    registry = load_registry(path).registry
    assert registry is not None
    assert registry.title == "Our ports"
    assert registry.version == "1.1"


def test_a_kind_config_is_read_as_a_cluster_with_its_mappings() -> None:
    from portreg.edit.discover import KindMapping, kind_cluster

    config = (
        b"kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n"
        b"  - role: control-plane\n    extraPortMappings:\n"
        b"      - {containerPort: 30090}\n"  # no host port: a NodePort only
        b"      - {containerPort: 30091, hostPort: 18091, protocol: SCTP}\n"
        b"      - {containerPort: 99999, hostPort: 18092}\n"  # not a port: skipped
        b"  - role: worker\n"
    )
    cluster = kind_cluster(config, "test/e2e/billing/kind.yaml")
    assert cluster is not None
    assert (cluster.name, cluster.config) == ("kind-billing", "test/e2e/billing/kind.yaml")
    assert cluster.mappings == [
        KindMapping(None, 30090, "tcp"),
        KindMapping(18091, 30091, "sctp"),
    ]
    # Not a Kind cluster, or not YAML that loads: not a cluster.
    assert kind_cluster(b"# see kind.x-k8s.io for extraPortMappings\nkind: Pod\n", "a.yaml") is None
    assert kind_cluster(b"kind.x-k8s.io extraPortMappings: [\n", "b.yaml") is None


def test_a_nodeport_without_a_host_port_becomes_an_allocation_of_the_config_service(
    tmp_path: Path,
) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    config = root / "test/e2e/billing/kind-config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n"
        "  - role: control-plane\n    extraPortMappings:\n      - containerPort: 30090\n"
    )
    result = invoke("init", "--discover", str(root), env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "found 3 NodePorts in 2 Kind clusters" in result.out
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    (billing,) = (ref for ref in registry.entries if ref.service == "billing")
    assert (billing.tier, billing.component) == ("e2e", "app")
    assert (billing.allocation.port, billing.allocation.node_port) == (None, 30090)
    assert billing.allocation.cluster == "kind-billing"
    assert registry.services["billing"].paths == ["test/e2e/billing/kind-config.yaml"]


def test_discover_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    target = root / "test" / "integration" / "orders" / "docker-compose.yml"
    target.parent.mkdir(parents=True)
    target.write_text("services:\n  redis:\n    ports: ['16379:6379']\n", encoding="utf-8")
    result = invoke("init", "--discover", str(root), "--dry-run", env=EDIT_ENV)
    assert result.code == 0, result
    assert "found 1 host port of 1 service in 1 file\n" in result.out
    assert "from 1 file" in result.out
