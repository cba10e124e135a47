"""``portreg init --discover`` on trees of shapes the many-service trees do not have
(tests/fixtures/adoption/client-library/ and dialects/): a single project whose root
compose file and root Kind configs are its whole test infrastructure, and dialects whose
``latest`` and ``oldest`` folders are alternatives of one suite. Each proposal passes its
own ``check`` (no allocation without a port, ranges around the ports found), and what a
file of no suite binds is said, never dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV
from gitrepo import GitRepo
from inprocess import invoke

from portreg.adopt.clusters import cluster_of_config
from portreg.adopt.evidence import Evidence, FoundPort
from portreg.adopt.proposal import Layout, propose
from portreg.findings import Location
from portreg.loading.registry import load_registry
from portreg.models import Registry
from portreg.scan.elsewhere import on_another_host
from portreg.scan.suites import clue_of

TREES = Path(__file__).parent / "fixtures" / "adoption"


def _init(tmp_path: Path, name: str) -> tuple[Path, str]:
    repository = GitRepo(tmp_path / name)
    shutil.copytree(TREES / name, repository.path, dirs_exist_ok=True)
    repository.commit("the tree, before portreg")
    result = invoke("init", "--discover", ".", "--concise", cwd=repository.path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    return repository.path, result.out


def _registry(root: Path) -> Registry:
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    return registry


def _ports(registry: Registry, service: str) -> set[int]:
    return {
        use.port
        for use in registry.allocations
        if use.service == service and use.side == "port" and use.port is not None
    }


def test_a_root_compose_file_and_root_kind_configs_are_the_projects_own(tmp_path: Path) -> None:
    root, _ = _init(tmp_path, "client-library")
    registry = _registry(root)
    assert list(registry.services) == ["client-library"]  # no `actions` suite from CI
    # every port the root compose file publishes (two of one compose service too), and
    # the Kind mappings of the versioned configs, once
    assert {6379, 6666, 6380, 26379, 8080, 8443, 15379} <= _ports(registry, "client-library")
    assert [name for name in registry.scopes if name != "host"] == ["kind"]


def test_the_proposal_passes_its_own_check(tmp_path: Path) -> None:
    root, _ = _init(tmp_path, "client-library")
    checked = invoke("check", "--concise", cwd=root)
    assert checked.code == 0, checked.out
    assert "PR107" not in checked.out and " error " not in checked.out


def test_variant_folders_are_alternatives_of_one_suite_not_collisions(tmp_path: Path) -> None:
    root, out = _init(tmp_path, "dialects")
    # nor is core's test, which reaches the root compose file's adminer by its port
    assert "collisions: 0 between services, 0 within one service" in out
    services = set(_registry(root).services)
    assert services == {"core", "dialects", "mariadb", "mssql", "mysql", "postgres"}


def test_ranges_cover_the_ports_found_tightly(tmp_path: Path) -> None:
    root, _ = _init(tmp_path, "dialects")
    ranges = _registry(root).components["mysql"].ranges
    # mysql 20057 and core's 8960 (a setting) are one component: the range is a block
    # around one of them (of equals, a bind's over a setting's; then the lowest), the other
    # reported outside it, never a span over both. MariaDB's 21103 is a component of its own.
    assert str(ranges["integration"]) == "20050-20059"
    assert str(_registry(root).components["mariadb"].ranges["integration"]) == "21100-21109"
    checked = invoke("check", "--concise", cwd=root)
    assert checked.code == 0, checked.out
    assert "21103" not in checked.out
    assert "PR301 port-outside-range: core integration mysql 8960" in checked.out


def test_a_bind_of_no_suite_is_said(tmp_path: Path) -> None:
    root, out = _init(tmp_path, "dialects")
    assert (
        "scripts/start-grafana.sh:3:37: warning PR113 unplaced-port: host port 3300: bound by "
        "a file of no suite; left out (allocate them to the suite that uses them)"
    ) in out.splitlines()
    assert 3300 not in {use.port for use in _registry(root).allocations}


@pytest.mark.parametrize(
    ("path", "suite"),
    [
        ("dev/mysql/oldest/docker-compose.yml", "mysql"),
        ("dev/mysql/latest/docker-compose.yml", "mysql"),
        ("dev/mssql/2019-latest/docker-compose.yml", "mssql"),
        ("dev/postgres/16.2/docker-compose.yml", "postgres"),
        ("search/v7/docker-compose.yml", "search"),
        ("test/integration/orders/lts/orders_test.go", "orders"),
        ("test/integration/max-payments/payments_test.go", "max-payments"),
    ],
)
def test_version_and_variant_folders_name_no_suite(path: str, suite: str) -> None:
    clue = clue_of(path)
    assert clue is not None and clue.name == suite


def test_a_ci_composite_action_is_no_suite() -> None:
    clue = clue_of(".github/actions/run-tests/action.yml")
    assert clue is not None and (clue.name, clue.how) == (None, "evidence")


@pytest.mark.parametrize(
    ("config", "cluster"),
    [
        ("kind-1.34.yaml", "kind"),
        ("kind-v1.30-config.yaml", "kind"),
        ("test/e2e/kind-payments-1.29.yaml", "kind-payments"),
        ("test/e2e/kind-ipv6.yaml", "kind-ipv6"),
    ],
)
def test_kind_configs_per_kubernetes_version_are_one_cluster(config: str, cluster: str) -> None:
    assert cluster_of_config(config) == cluster


def test_an_allocation_with_nothing_to_write_is_left_out_and_said() -> None:
    place = Location("tests/topology.py", 3, 15)
    evidence = Evidence("the code")
    evidence.ports = [
        FoundPort("orders", "integration", "redis", Location("compose.yml", 5, 9), port=16379),
        FoundPort("orders", "integration", "node", place, container_port=15379),
    ]
    proposal = propose([evidence], Layout("Ports"))
    assert [slot[2] for slot in proposal.slots] == ["redis"]
    [finding] = [finding for finding in proposal.findings if finding.code == "PR113"]
    assert finding.location == place
    assert "port 15379 with no host side" in finding.message


def test_ports_of_other_hosts_and_of_failing_connections_are_no_allocations(
    tmp_path: Path,
) -> None:
    root, out = _init(tmp_path, "client-library")
    ports = {use.port for use in _registry(root).allocations}
    # tests/test_errors.py: a refused connection's 9999, a bad port's 1111,
    # another machine's 6390 and 6391
    assert not {9999, 1111, 6390, 6391} & ports
    assert "test_errors" not in out


def test_a_port_in_a_block_of_bad_settings_is_no_allocation(tmp_path: Path) -> None:
    root, _ = _init(tmp_path, "dialects")
    # packages/core/test/integration/connection.test.ts: badAddressConfig's 9999
    assert 9999 not in {use.port for use in _registry(root).allocations}


@pytest.mark.parametrize(
    ("before", "elsewhere"),
    [
        ('ClusterNode(host="172.16.0.10", port=', True),
        ('url = "redis://redis-master:', True),
        ('dsn = "postgres://user:secret@db.internal:', True),
        ('base = "http://10.1.2.3:', True),
        ('Client(host="localhost", port=', False),
        ('url = "redis://127.0.0.1:', False),
        ('h = "[::1]:', False),
        ('addr := ":', False),
        ('  - "', False),  # the host side of a compose mapping
        ('fmt.Sprintf("%s:', False),
        ('url = f"http://{host}:', False),
    ],
)
def test_a_port_of_another_host_is_not_this_machines(before: str, elsewhere: bool) -> None:
    assert on_another_host(before) is elsewhere


def test_a_projects_test_file_names_are_not_spellings_of_it(tmp_path: Path) -> None:
    """``tests/test_replica.py`` and ``conftest.py`` say what is tested: in a tree of one
    project they are the project's files, not names of it merged into it (PR114 listed
    every test file's name). A test file named after a suite the tree has elsewhere still
    names that suite (test_init_discover's shared-folder test)."""
    _, said = _init(tmp_path, "client-library")
    assert "PR114" not in said
    assert "replica" not in said and "conftest" not in said


@pytest.mark.parametrize(
    ("path", "suite"),
    [("tests/test_replica.py", "replica"), ("test/e2e/ledger_e2e_test.go", "ledger")],
)
def test_a_test_files_name_is_a_weak_clue(path: str, suite: str) -> None:
    """The name a test file carries is kept (it names a suite the tree has elsewhere); it
    makes no suite of its own, being neither a folder nor marked by a tier word."""
    clue = clue_of(path)
    assert clue is not None and clue.name == suite
    assert clue.marked == path.endswith("_e2e_test.go")


def test_a_disagreement_lists_each_other_value_once_with_its_first_places() -> None:
    """A port a tree repeats in sixty files made PR110 a line of thousands of characters:
    each other value is said once, with two places and how many more; the finding keeps
    every place as a related location."""
    from portreg.adopt.merge import DriftReport, FindingMaker

    def found(port: int, line: int) -> FoundPort:
        return FoundPort("shop", "integration", "redis", Location("t.py", line, 1), port)

    report = DriftReport(FindingMaker())
    others = [found(16379, line) for line in range(2, 62)] + [found(9999, 70)]
    report.drift(("shop", "integration", "redis", None), found(6379, 1), others, "the code")
    [finding] = report.findings
    assert finding.message == (
        "the code gives shop integration redis 6379 here and 16379 at t.py:2:1, t.py:3:1 "
        "and 58 more places, 9999 at t.py:70:1; proposed 6379"
    )
    assert len(finding.related) == 61
