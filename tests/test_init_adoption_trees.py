"""``portreg init --discover`` on many-service trees written after real layouts
(tests/fixtures/adoption/fleet-tree/ and monorepo/), and the chain the issue asks for: on a
fresh tree, ``init --discover .`` then ``check`` shows the collisions between suites as
errors naming both parties; with ``--baseline`` ``check`` passes, and ``allocate``,
``next``, ``render-docs`` and ``scan`` work on the result without a hand edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV
from gitrepo import GitRepo
from inprocess import invoke

from portreg.loading.registry import load_registry
from portreg.models import Registry

TREES = Path(__file__).parent / "fixtures" / "adoption"
# Per tree: the collision between two suites that must be an error naming both, and a
# component and tier to ask `next` and `allocate` about.
COLLISIONS = {
    "fleet-tree": (
        "test/infrastructure/kind-dispatch-config.yaml:8:15: error PR108 suite-collision: "
        "api 8090 (tcp, host) is used by dispatch (e2e) at "
        "test/infrastructure/kind-dispatch-config.yaml:8:15 and ledger (e2e) at "
        "test/infrastructure/kind-ledger-config.yaml:10:15"
    ),
    "monorepo": (
        "packages/orders-api/test/integration/docker-compose.yml:6:10: error PR108 "
        "suite-collision: postgresql 15432 (tcp, host) is used by orders-api (integration) at "
        "packages/orders-api/test/integration/docker-compose.yml:6:10 and web-shop "
        "(integration) at packages/web-shop/integration-test/docker-compose.yml:5:10"
    ),
}
NEXT = {"fleet-tree": ("redis", "integration"), "monorepo": ("postgresql", "integration")}


def _fresh(tmp_path: Path, name: str) -> Path:
    repository = GitRepo(tmp_path / name)
    shutil.copytree(TREES / name, repository.path, dirs_exist_ok=True)
    repository.commit("the tree, before portreg")
    return repository.path


def _registry(root: Path) -> Registry:
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    return registry


@pytest.mark.parametrize("name", sorted(COLLISIONS))
def test_init_then_check_shows_the_collisions_between_suites(tmp_path: Path, name: str) -> None:
    root = _fresh(tmp_path, name)
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (1, ""), result.out
    assert COLLISIONS[name] in result.out.splitlines()
    text = (root / "registry" / "ports.yaml").read_text(encoding="utf-8")
    assert str(tmp_path) not in text and "\n/" not in text  # no absolute path
    checked = invoke("check", "--concise", cwd=root)
    assert checked.code == 1, checked.out
    parties = COLLISIONS[name].split(" is used by ")[1]
    first, second = (part.split(" (")[0] for part in parties.split(" and "))
    conflicts = [line for line in checked.out.splitlines() if "error PR201" in line]
    assert any(f"used by {first} (" in line and f"{second} (" in line for line in conflicts)


@pytest.mark.parametrize("name", sorted(COLLISIONS))
def test_with_baseline_every_command_works_on_the_result(tmp_path: Path, name: str) -> None:
    root = _fresh(tmp_path, name)
    result = invoke("init", "--discover", ".", "--baseline", cwd=root, env=EDIT_ENV)
    assert result.code == 0, result.out
    assert "(recorded as a known conflict)" in result.out
    assert invoke("check", "--quiet", cwd=root).code == 0
    component, tier = NEXT[name]
    following = invoke("next", component, "--tier", tier, cwd=root)
    assert following.code == 0 and following.out.strip().isdigit(), following.out
    allocated = invoke("allocate", "newcomer", component, "--tier", tier, cwd=root, env=EDIT_ENV)
    assert allocated.code == 0, allocated.out + allocated.err
    assert f"allocated newcomer {tier} {component}: {following.out.strip()}" in allocated.out
    assert invoke("render-docs", "--check", cwd=root).code == 0
    scanned = invoke("scan", "--quiet", cwd=root)
    assert scanned.code in (0, 1), scanned.out + scanned.err
    assert "PR507" not in scanned.out  # every service's paths own files
    assert invoke("check", "--quiet", cwd=root).code == 0


def test_the_fleet_trees_suites_as_a_reviewer_reads_them(tmp_path: Path) -> None:
    root = _fresh(tmp_path, "fleet-tree")
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    lines = result.out.splitlines()
    # Backup copies are skipped and counted; documents and unit tests are not read.
    assert lines[0].startswith(
        "proposed from the code under . (17 files read; 2 backup copies skipped): 3 services"
    )
    # One suite spelled three ways is one service, and the proposal says which.
    assert "services named several ways, merged: route-planner (rp)" in lines
    assert (
        "test/infrastructure/rp_helpers.go:4:39: info PR114 name-changed: "
        "'rp' is the service route-planner"
    ) in lines
    # A client's default that disagrees with the binds (the compose file's, and the
    # constant the infrastructure publishes with -p): reported, the bind proposed.
    assert (
        "test/infrastructure/dispatch_integration.go:6:25: warning PR110 "
        "port-disagreement: the code gives dispatch integration redis 16380 here and 16390 "
        "at test/integration/dispatch/audit_test.go:10:42; proposed 16380"
    ) in lines
    registry = _registry(root)
    ports = {
        (ref.service, ref.tier, ref.component): (
            ref.allocation.port,
            ref.allocation.node_port,
            ref.allocation.cluster,
        )
        for ref in registry.entries
    }
    assert ports == {
        ("dispatch", "e2e", "api"): (8090, 30091, "kind-dispatch"),
        ("dispatch", "e2e", "metrics"): (9191, 30191, "kind-dispatch"),
        ("dispatch", "integration", "eventstore"): (18092, None, None),
        ("dispatch", "integration", "mock-geocoder"): (18096, None, None),
        ("dispatch", "integration", "postgresql"): (15434, None, None),
        ("dispatch", "integration", "redis"): (16380, None, None),
        # The ingress mapping (node port 80) is no NodePort.
        ("ledger", "e2e", "ingress"): (18080, None, None),
        ("ledger", "e2e", "api"): (8090, 30090, "ledger-e2e"),
        ("ledger", "e2e", "metrics"): (9190, 30190, "ledger-e2e"),
        ("ledger", "integration", "api"): (18090, None, None),
        ("ledger", "integration", "mock-geocoder"): (18095, None, None),
        ("ledger", "integration", "postgresql"): (15433, None, None),
        ("ledger", "integration", "redis"): (16379, None, None),
        ("route-planner", "integration", "api"): (18100, None, None),
        ("route-planner", "integration", "redis"): (16381, None, None),
    }
    config = registry.scopes["kind-dispatch"].config
    assert config == "test/infrastructure/kind-dispatch-config.yaml"
    assert registry.services["ledger"].paths == [
        "test/e2e/ledger/**",
        "test/infrastructure/kind-ledger-config.yaml",
        "test/infrastructure/ledger*",
        "test/integration/ledger/**",
    ]
    assert [export.path for export in registry.exports] == ["test/infrastructure/ports_gen.go"]
    assert "PR205" not in invoke("check", "--concise", cwd=root).out


def test_the_monorepos_packages_name_its_services(tmp_path: Path) -> None:
    root = _fresh(tmp_path, "monorepo")
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    assert (
        "tests/01_alert_processing/docker-compose.yml:6:10: info PR114 name-changed: "
        "'01_alert_processing' is the service alert-processing"
    ) in result.out.splitlines()
    registry = _registry(root)
    services = ["alert-processing", "orders-api", "recommender", "web-shop"]
    assert sorted(registry.services) == services
    ports = {(ref.service, ref.component): ref.allocation.port for ref in registry.entries}
    assert ports == {
        ("alert-processing", "rabbitmq"): 15672,
        ("orders-api", "app"): 18210,
        ("orders-api", "postgresql"): 15432,
        ("orders-api", "redis"): 16380,
        # The environment default names PostgreSQL: one port, one allocation.
        ("recommender", "postgresql"): 15433,
        ("recommender", "api"): 18300,
        ("web-shop", "app"): 18200,
        ("web-shop", "postgresql"): 15432,
        ("web-shop", "redis"): 16379,
    }
    assert registry.services["orders-api"].paths == ["packages/orders-api/**"]
