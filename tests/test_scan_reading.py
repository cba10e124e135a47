"""How the reader reads the files of a real many-service tree: each case is a general rule,
found wrong on a public repository's tree (with its hand-kept port document transcribed as
the registry) and stated in docs/scan.md. Read in process with the scan-faithful registry,
in files its ``paths`` give to dispatch (owned before and after each fix); each case failed
before its fix, except the guards (marked)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import load_text
from scan_labels import InProcess
from test_scan_faithful import SCAN, verdicts

from portreg.scan.documents import is_working_notes
from portreg.scan.owners import Owners
from portreg.scan.roles import Role
from portreg.scan.wording import computed_by, computed_stride

DISPATCH = "test/integration/dispatch"

CASES = [
    # A chart value set with helm --set is the cluster's; its nodePort keeps its role.
    (f"{DISPATCH}/x.go", '"--set", "networkPolicies.idp.port=18120",\n', 1, []),
    # A command run with kubectl/podman exec runs inside the container.
    (f"{DISPATCH}/x.sh", "kubectl exec redis-0 -- redis-cli -p 16383 ping\n", 1, []),
    (f"{DISPATCH}/x.sh", "redis-cli -p 16383 ping\n", 1, ["PR501"]),  # guard
    # Everything in a Dockerfile happens in the image.
    (
        f"{DISPATCH}/Dockerfile.e2e",
        "HEALTHCHECK --interval=30s \\\n  CMD curl -f http://localhost:18120/health\n",
        2,
        [],
    ),
    # "(in-cluster)", "inside the pod" name the container side.
    (f"{DISPATCH}/kind.yaml", "#   Metrics Port: 18120 (in-cluster)\n", 1, []),
    # A component's own container port, held by its key, is that port (metrics: 9090 in
    # a registry where Prometheus listens on 9090 too).
    (f"{DISPATCH}/config.yaml", "server:\n  metricsPort: 9090\n", 2, []),  # guard
    # An environment default is a developer's local default: the component's own port.
    (
        f"{DISPATCH}/settings.py",
        'DB = os.environ.get("DB_URL", "postgres://u@localhost:5432/d")\n',
        1,
        [],
    ),  # guard
    # ... but localhost:6379 in a suite's script is the host's Redis.
    (f"{DISPATCH}/start.sh", 'echo "Redis is ready (localhost:6379)"\n', 1, ["PR505"]),
    # A range quoted in prose cites ports, whatever word comes before it.
    (f"{DISPATCH}/README.md", "Redis 16383-16388.\n", 1, []),
    # History: stale, outdated, "not N", examples.
    (f"{DISPATCH}/x.go", "// the fallback (localhost:18120) is stale\n", 1, []),
    (f"{DISPATCH}/x.go", "// Base 18133 (not 18120): CI RCA\n", 1, []),
    (f"{DISPATCH}/x.go", '// baseURL: the API (e.g., "http://localhost:18120")\n', 1, []),
    # A documented port-forward of a port to itself is a developer's step.
    (f"{DISPATCH}/README.md", "kubectl port-forward svc/redis 16383:16383\n", 1, []),
    (f"{DISPATCH}/README.md", "kubectl port-forward svc/api 18120:8080\n", 1, ["PR506"]),  # guard
    # An owner is cited by its name as a possessive or the subject of a verb of owning, and
    # by an upper-case abbreviation (RP, OI); a title alone is what the line runs.
    (f"{DISPATCH}/x.go", "// No collisions: Event Store uses 18090\n", 1, []),
    (f"{DISPATCH}/x.go", "// (8090=OI, 8091=RP)\n", 1, []),
    # Numbers under a line about NodePorts are NodePorts when in a NodePort range.
    (f"{DISPATCH}/x.go", "// NodePorts\n// (30084 api, 30184 metrics) are unique\n", 2, []),
]


@pytest.mark.parametrize(("path", "text", "line", "expected"), CASES)
def test_real_tree_rules(path: str, text: str, line: int, expected: list[str]) -> None:
    assert verdicts(path, text).get(line, []) == expected


@pytest.mark.parametrize(
    ("relative", "head", "notes"),
    [
        ("test/integration/x/STATUS_2026-01-14.md", b"", True),
        ("test/integration/x/PORT_FIX_SUCCESS.md", b"", True),
        ("docs/handoff/notes.md", b"", True),
        ("docs/architecture/decisions/DD-E2E-001-isolation.md", b"", True),
        ("docs/adr/0007-ports.md", b"", True),
        ("test/e2e/x/OPTIMAL_PROCESS_COUNT.md", b"# Title\n\n**Date**: Nov 24, 2025\n", True),
        ("test/x/QUICKSTART.md", b"> **Historical Note (v1.2):** storm ...\n", True),
        ("test/integration/x/README.md", b"# Suite\n", False),  # guard: a living doc
        ("test/integration/x/suite_test.go", b"**Date**: 2025", False),  # guard: code
    ],
)
def test_working_notes(relative: str, head: bytes, notes: bool) -> None:
    assert is_working_notes(relative, head) is notes


NAMES_FILE = ROOT / "tests" / "fixtures" / "scan-names.ports.yaml"
NAMES = load_text(NAMES_FILE.read_text("utf-8"))
assert NAMES.registry is not None


def test_suites_are_named_by_their_own_words_in_any_order() -> None:
    """A suite "KA Custom Tools" of "Kestrel Agent (KA)" owns ``.../kestrelagent/tools/
    custom/``: its words without its parent's, in any order, below its parent's folder."""
    owners = Owners(NAMES.registry)  # type: ignore[arg-type]
    base = "test/integration/kestrelagent"
    assert owners.of(f"{base}/tools/custom/suite_test.go") == ("ka-custom-tools",)
    assert owners.of(f"{base}/mcp/config/config.yaml") == ("ka-mcp",)
    assert owners.of(f"{base}/suite_test.go") == ("kestrel-agent",)
    # The abbreviation a title gives names the service in a file name.
    assert owners.of("test/infrastructure/ka_e2e_helpers.go") == ("kestrel-agent",)
    # Clues are read where suites live: unit tests and production code are no suite's.
    assert owners.of("test/unit/kestrelagent/x_test.go") == ()
    assert owners.of("pkg/kestrelagent/x.go") == ()


def test_a_refusing_glob_gives_a_file_to_no_one() -> None:
    owners = Owners(NAMES.registry)  # type: ignore[arg-type]
    assert owners.of("test/e2e/ledger/suite_test.go") == ("ledger",)
    assert owners.of("test/e2e/ledger/legacy/old_test.go") == ()


def test_a_title_alone_cites_no_owner() -> None:
    """The Triage suite starting "Harbor Planning API" on HAPI's port runs it there: a
    title names what a line runs. HAPI's id, abbreviation or a possessive cite the owner."""
    names = InProcess(NAMES_FILE)
    path = "test/integration/triage/README.md"
    assert names.verdicts(path, "Harbor Planning API starts (port 18121)\n") == {1: ["PR506"]}
    assert names.verdicts(path, "HAPI listens on 18121\n") == {}
    assert names.verdicts(path, "Harbor Planning API's port is 18121\n") == {}


def test_a_kind_config_named_for_a_cluster_is_that_clusters() -> None:
    """No scope gives it as ``config``: the file name names the cluster (kind-ledger), whose
    services own the file."""
    owners = SCAN.owners
    assert owners.cluster_of("test/kind/kind-ledger-config.yaml") == "kind-ledger"
    assert owners.of("test/kind/kind-ledger-config.yaml") == ("ledger",)


def test_a_bare_number_that_is_a_shared_container_port_is_that_port() -> None:
    """8080 is the API's and the Event Store's port in their containers: a bare 8080 is
    in a container, unless syntax makes it the host's."""
    (bare,) = SCAN.reader.read(b"// listens on 8080\n", f"{DISPATCH}/x.go").hits
    assert bare.role is Role.CONTAINER
    (host,) = SCAN.reader.read(b'u := "localhost:8080"\n', f"{DISPATCH}/x.go").hits
    assert host.role is Role.HOST


def test_integration_tests_abbreviated_it_name_the_integration_tier() -> None:
    """``fleet_it.go``, ``LedgerIT.java``, ``itest/``: the tier a fix's port comes from."""
    tiers = SCAN.tiers
    assert tiers.of("test/infrastructure/ledger_it.go") == "integration"
    assert tiers.of("src/test/java/org/example/LedgerIT.java") == "integration"
    assert tiers.of("ledger/itest/suite.go") == "integration"
    assert tiers.of("test/infrastructure/ledger_e2e.go") == "e2e"
    assert tiers.of("test/infrastructure/iterate.go") is None  # guard: a word, not a part


def test_a_script_named_for_another_kind_of_test_is_no_suites() -> None:
    """Performance, load or smoke tests run apart from the suites the registry is about:
    named so outside a test folder, a file is no suite's; inside a suite's folder, a file's
    name (load_config_test.go) does not take it from the suite."""
    owners = Owners(NAMES.registry)  # type: ignore[arg-type]
    assert owners.of("scripts/run-kestrelagent-integration-tests.sh") == ("kestrel-agent",)
    assert owners.of("scripts/run-kestrelagent-performance-tests.sh") == ()
    assert owners.of("scripts/kestrelagent_load_test.sh") == ()
    base = "test/integration/kestrelagent"
    assert owners.of(f"{base}/load_config_test.go") == ("kestrel-agent",)  # guard


@pytest.mark.parametrize(
    ("text", "expression", "stride"),
    [
        ("18120 + GinkgoParallelProcess()", "GinkgoParallelProcess()", 1),
        ("28092 + (processID * 100)", "(processID * 100)", 100),
        ("18200 + (processNum-1)*10", "(processNum-1)*10", 10),
        ("16379 + worker_id", "worker_id", 1),
    ],
)
def test_a_computed_port_keeps_its_expression(text: str, expression: str, stride: int) -> None:
    """The stride is what a ``workers`` declaration is checked against."""
    found = computed_by(text, 5)
    assert found == expression
    assert computed_stride(found) == stride
