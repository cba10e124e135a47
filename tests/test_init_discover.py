"""``portreg init``: a starter registry, and one proposed from a tree with --discover.

The tree (tests/fixtures/edit/discover-tree/) has what real ones have: compose files per
suite, a Kind config, a Go constant that disagrees with a compose file, and two suites on
one Redis port. Its labels (discover-tree.expected) are what the proposal must hold.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from edit_helpers import EDIT_ENV, EDIT_FIXTURES
from gitrepo import GitRepo
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


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    return root


def test_discover_proposes_a_registry_with_its_collisions_as_errors(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (1, ""), result.out
    lines = result.out.splitlines()
    assert lines[0] == (
        "proposed from the code under . (8 files read): 6 services, 10 host ports, 2 NodePorts in "
        "1 Kind cluster; tiers: e2e, integration"
    )
    # The collision between two services: an error naming both parties and both places
    # (the places of their binds, `-p 16387:6379`).
    assert (
        "test/integration/hapi/setup.sh:4:18: error PR108 suite-collision: redis 16387 (tcp, "
        "host) is used by hapi (integration) at test/integration/hapi/setup.sh:4:18 and "
        "workflowexecution (integration) at test/integration/workflowexecution/setup.sh:4:18"
    ) in lines
    # A constant and the compose file disagree: said, with both places; the compose file's
    # mapping is a real bind and wins over a constant nothing publishes.
    assert (
        "test/integration/datastorage/docker-compose.yml:9:10: warning PR110 port-disagreement: "
        "the code gives datastorage integration redis 16378 here and 16379 at "
        "test/infrastructure/datastorage_integration.go:5:30; proposed 16378"
    ) in lines
    path = root / "registry" / "ports.yaml"
    text = path.read_text(encoding="utf-8")
    assert str(tmp_path) not in text  # paths relative to the project, whatever PATH was
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
    assert registry.known_conflicts == []
    assert registry.services["datastorage"].paths == [
        "test/infrastructure/datastorage*",
        "test/integration/datastorage/**",
    ]
    # check shows the collision as an error too, and loads the registry.
    checked = invoke("check", "--concise", cwd=root)
    assert checked.code == 1
    assert "error PR201 port-conflict: redis 16387 (tcp, host) is used by hapi (integration) " in (
        checked.out
    )
    # The proposal's paths make the tree's own ports agree with it.
    scanned = invoke("scan", cwd=root)
    assert "PR501" not in scanned.out


def test_with_baseline_the_collisions_are_known_and_the_registry_is_usable(
    tmp_path: Path,
) -> None:
    root = _tree(tmp_path)
    result = invoke("init", "--discover", ".", "--baseline", "--concise", cwd=root, env=EDIT_ENV)
    assert result.code == 0, result.out
    assert "warning PR108 suite-collision: redis 16387" in result.out
    assert "(recorded as a known conflict)" in result.out
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    assert [(kc.port, kc.services, kc.reason) for kc in registry.known_conflicts] == [
        (16387, ["hapi", "workflowexecution"], "found at adoption on 2026-02-01")
    ]
    assert invoke("check", "--quiet", cwd=root).code == 0
    # Every command works on the result without a hand edit.
    assert invoke("next", "redis", "--tier", "integration", cwd=root).out.split() == ["16370"]
    allocated = invoke(
        "allocate", "billing", "postgresql", "--tier", "integration", cwd=root, env=EDIT_ENV
    )
    assert allocated.code == 0, allocated.out + allocated.err
    assert "allocated billing integration postgresql: 15430" in allocated.out
    assert (root / "docs" / "port-allocation.md").exists()  # allocate rendered the docs
    assert invoke("render-docs", "--check", cwd=root).code == 0
    # scan runs, and points at the drift init reported (PR110): the compose file's Redis.
    scanned = invoke("scan", "--quiet", "--concise", cwd=root)
    assert scanned.code == 1
    errors = [line for line in scanned.out.splitlines() if ": error " in line]
    assert [line.split(": ")[0:2] for line in errors] == [
        ["test/infrastructure/datastorage_integration.go:5:30", "error PR505 wrong-own-port"]
    ]
    # The lock files stay out of git.
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ignored[-2:] == ["registry/.ports.yaml.lock", "docs/.port-allocation.md.lock"]


def test_a_tree_inside_a_repository_gets_paths_from_the_repository_root(tmp_path: Path) -> None:
    repository = GitRepo(tmp_path / "repo")
    shutil.copytree(TREE, repository.path / "suites")
    result = invoke(
        "init", "--discover", "suites", "-o", "registry/ports.yaml", cwd=repository.path
    )
    assert result.code == 1, result.out + result.err
    registry = load_registry(repository.path / "registry" / "ports.yaml").registry
    assert registry is not None
    assert registry.services["hapi"].paths == ["suites/test/integration/hapi/**"]
    assert registry.scopes["gateway-e2e"].config == "suites/test/e2e/gateway/kind-config.yaml"
    assert "suites/test/integration/hapi/setup.sh:4:18: error PR108" in result.out


def test_a_digit_led_folder_becomes_a_valid_id_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "tests" / "01_alert_processing").mkdir(parents=True)
    (root / "tests" / "01_alert_processing" / "compose.yml").write_text(
        'services:\n  redis:\n    image: redis:7\n    ports: ["16401:6379"]\n'
    )
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    assert result.code == 0, result.out
    assert (
        "tests/01_alert_processing/compose.yml:4:14: info PR114 name-changed: "
        "'01_alert_processing' is the service alert-processing"
    ) in result.out
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    assert list(registry.services) == ["alert-processing"]


def test_every_format_reports_findings_not_python_objects(tmp_path: Path) -> None:
    for output_format in ("text", "json", "github", "sarif"):
        root = tmp_path / output_format
        shutil.copytree(TREE, root)
        result = invoke("init", "--discover", ".", "--format", output_format, cwd=root)
        assert result.code == 1
        assert "Finding(" not in result.out and "Severity." not in result.out
        assert "PR108" in result.out


def test_init_never_replaces_a_registry(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    assert invoke("init", "--discover", str(root), env=EDIT_ENV).code == 1
    before = (root / "registry/ports.yaml").read_bytes()
    again = invoke("init", "--discover", str(root), env=EDIT_ENV)
    assert again.code == 2
    assert "exists; portreg init never replaces a registry" in again.err
    assert (root / "registry/ports.yaml").read_bytes() == before


def test_discover_dry_run_prints_the_proposal_even_with_findings(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = invoke("init", "--discover", str(root), "--dry-run", env=EDIT_ENV)
    assert result.code == 1
    assert "  workflowexecution:\n" in result.out
    assert "error PR108 suite-collision" in result.err
    assert not (root / "registry").exists()
    assert not (root / ".gitignore").exists()


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
    assert (result.code, result.err) == (1, ""), result.out
    assert "3 NodePorts in 2 Kind clusters" in result.out.splitlines()[0]
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    (billing,) = (ref for ref in registry.entries if ref.service == "billing")
    assert (billing.tier, billing.component) == ("e2e", "app")
    assert (billing.allocation.port, billing.allocation.node_port) == (None, 30090)
    assert billing.allocation.cluster == "kind-billing"
    assert registry.services["billing"].paths == ["test/e2e/billing/kind-config.yaml"]


def test_files_of_several_suites_in_one_folder_are_claimed_by_their_suites_name(
    tmp_path: Path,
) -> None:
    # Regression: the glob was the file name's first word (`e2e*`, `test*`, and the
    # folder itself for `.env.local`), so each suite's paths claimed the others' files.
    root = tmp_path / "tree"
    shutil.copytree(EDIT_FIXTURES / "shared-folder-tree", root)
    result = invoke("init", "--discover", ".", "--concise", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    registry = load_registry(root / "registry" / "ports.yaml").registry
    assert registry is not None
    paths = {name: service.paths for name, service in registry.services.items()}
    assert paths == {
        "billing": [
            "test/e2e/billing/**",
            "test/infrastructure/e2e_billing*",
            "tests/integration/test_billing*",
        ],
        "ledger": [
            "test/e2e/ledger/**",
            "test/infrastructure/e2e_ledger*",
            "tests/integration/test_ledger*",
        ],
        # The project's own file in a folder the suites share: that file, not the folder.
        "tree": ["tests/integration/.env.local"],
    }
    # Each file is its own suite's: the tree's ports agree with the proposal.
    scanned = invoke("scan", "--format", "json", cwd=root)
    assert (scanned.code, json.loads(scanned.out)["findings"]) == (0, [])
