"""``portreg move --code``: exactly the labelled lines of the service's files are rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

from edit_helpers import EDIT_ENV, EDIT_FIXTURES
from inprocess import invoke

TREE = EDIT_FIXTURES / "move-tree"
LABELS = EDIT_FIXTURES / "move-tree.expected"
MOVE = ("move", "workflowexecution", "redis", "--tier", "integration", "--to", "16389", "--code")


def labelled(labels: Path = LABELS) -> set[tuple[str, int]]:
    found = set()
    for line in labels.read_text().splitlines():
        if line and not line.startswith("#"):
            path, number = line.rsplit(":", 1)
            found.add((path, int(number)))
    return found


def tree_files(root: Path) -> dict[str, list[str]]:
    return {
        path.relative_to(root).as_posix(): path.read_text().splitlines()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def test_move_code_apply_rewrites_exactly_the_labelled_lines(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    before = tree_files(root)
    result = invoke(*MOVE, "--apply", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "code: 6 replacements of 16387 → 16389 in 3 files of workflowexecution (written)" in (
        result.out
    )
    after = tree_files(root)
    changed = set()
    for path, lines in before.items():
        if path == "registry/ports.yaml":
            continue
        assert len(after[path]) == len(lines)
        for number, (old, new) in enumerate(zip(lines, after[path], strict=True), start=1):
            if old != new:
                changed.add((path, number))
                assert new == old.replace("16387", "16389")
    assert changed == labelled()
    # The service's own files now agree with the registry.
    scanned = invoke(
        "scan",
        "test/integration/workflowexecution",
        "test/infrastructure/workflowexecution_integration.go",
        cwd=root,
    )
    assert scanned.code == 0, scanned.out


def test_move_code_without_apply_is_a_preview_of_both(tmp_path: Path) -> None:
    # Regression (issue 22): --code without --apply wrote the registry and only showed the
    # code, so a rerun with --apply failed ("already on 16389") and the code could no
    # longer be moved by portreg. A preview writes nothing and shows both diffs.
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    before = tree_files(root)
    result = invoke(*MOVE, "--no-bump", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, "")
    assert "+const WorkflowExecutionRedisPort = 16389" in result.out
    assert "+++ registry/ports.yaml (after)" in result.out
    assert "(shown; --apply writes them)" in result.out
    assert "portreg move: dry run, nothing written" in result.out
    assert tree_files(root) == before
    assert not list(root.rglob(".*.lock"))
    applied = invoke(*MOVE, "--no-bump", "--apply", cwd=root, env=EDIT_ENV)
    assert (applied.code, applied.err) == (0, ""), applied.out
    assert "(written)" in applied.out
    assert tree_files(root) != before


def test_move_code_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    before = tree_files(root)
    result = invoke(*MOVE, "--apply", "--dry-run", cwd=root, env=EDIT_ENV)
    assert result.code == 0
    assert "(shown; --apply writes them)" in result.out
    assert tree_files(root) == before


def test_move_code_with_nothing_to_rewrite(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    result = invoke(
        "move",
        "hapi",
        "redis",
        "--tier",
        "integration",
        "--to",
        "16390",
        "--code",
        cwd=root,
        env=EDIT_ENV,
    )
    assert result.code == 0
    # hapi's constant is a host port; WE's file that cites 16388 is not hapi's to change.
    assert "code: 1 replacement of 16388 → 16390 in 1 file of hapi" in result.out


NODEPORT_TREE = EDIT_FIXTURES / "nodeport-tree"
NODEPORT_LABELS = EDIT_FIXTURES / "nodeport-tree.expected"
MOVE_NODEPORT = ("move", "gateway", "api", "--tier", "e2e", "--node-port")


def test_move_node_port_rewrites_the_service_and_its_cluster_config(tmp_path: Path) -> None:
    # The NodePort is the node side of the Kind mapping: the cluster's config file holds it
    # (whoever else it serves), and the service's manifest names it as nodePort.
    root = tmp_path / "tree"
    shutil.copytree(NODEPORT_TREE, root)
    before = tree_files(root)
    result = invoke(*MOVE_NODEPORT, "--to", "30082", "--code", "--apply", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "moved gateway e2e api NodePort in kind-gateway: 30080 → 30082" in result.out
    assert "code: 2 replacements of 30080 → 30082 in 2 files of gateway (written)" in result.out
    after = tree_files(root)
    assert "        api: {port: 18080, node_port: 30082, cluster: kind-gateway}" in (
        after.pop("registry/ports.yaml")
    )
    changed = {
        (path, number)
        for path, lines in after.items()
        for number, (old, new) in enumerate(zip(before[path], lines, strict=True), start=1)
        if old != new and new == old.replace("30080", "30082")
    }
    assert changed == labelled(NODEPORT_LABELS)
    every_change = {
        (path, number)
        for path, lines in after.items()
        for number, (old, new) in enumerate(zip(before[path], lines, strict=True), start=1)
        if old != new
    }
    assert every_change == changed
    assert invoke("scan", cwd=root).code == 0


def test_move_node_port_next_takes_the_lowest_free_of_the_cluster(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(NODEPORT_TREE, root)
    result = invoke(*MOVE_NODEPORT, "--next", "--no-bump", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "NodePort in kind-gateway: 30080 → 30000" in result.out


def test_move_node_port_of_an_allocation_without_one_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    before = tree_files(root)
    result = invoke(
        "move", "hapi", "redis", "--tier", "integration", "--node-port", "--next",
        cwd=root, env=EDIT_ENV,
    )  # fmt: skip
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "hapi integration redis has no NodePort (node_port: with cluster:)" in result.err
    assert tree_files(root) == before


def test_moving_the_node_port_keeps_the_share_of_the_host_port(tmp_path: Path) -> None:
    # gateway and billing share host port 18080; moving gateway's NodePort leaves it there.
    root = tmp_path / "tree"
    shutil.copytree(NODEPORT_TREE, root)
    registry = root / "registry" / "ports.yaml"
    text = registry.read_text().replace("port: 18081,", "port: 18080,")
    registry.write_text(
        text.replace(
            "changelog:",
            "shares:\n  - port: 18080\n    services: [gateway, billing]\n"
            "    reason: one gateway answers both suites\nchangelog:",
        )
    )
    assert invoke("check", cwd=root).code == 0
    result = invoke(*MOVE_NODEPORT, "--to", "30082", "--no-bump", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "share of 18080 removed" not in result.out
    assert "services: [gateway, billing]" in registry.read_text()
    assert invoke("check", cwd=root).code == 0


def test_move_code_leaves_a_range_holding_the_port_alone(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    ranged = root / "test/integration/workflowexecution/podman-compose.ranges.yml"
    text = 'services:\n  cache:\n    image: redis:7\n    ports:\n      - "16386-16388:6378-6380"\n'
    ranged.write_text(text)
    result = invoke(*MOVE, "--apply", cwd=root, env=EDIT_ENV)
    assert result.code == 0, result.out
    assert ranged.read_text() == text
