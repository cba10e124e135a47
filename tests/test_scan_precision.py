"""General rules found judging every error and warning of ``portreg scan`` on a public
many-service tree, with its team's port document transcribed as the registry (issue 17's
measurement). Each case is read in process with ``scan-precision.ports.yaml``, a registry
without ``paths`` (owners come from the clues); each failed before its fix, except the
guards (marked), which keep a fix from going too far."""

from __future__ import annotations

import pytest
from conftest import ROOT
from scan_labels import InProcess

SCAN = InProcess(ROOT / "tests" / "fixtures" / "scan-precision.ports.yaml")
INFRA = "test/infrastructure"
LEDGER = "test/integration/ledger"

CASES = [
    # A NodePort named by an identifier's word (FailoverNodePortAPI) is a NodePort: the
    # courier's, in a cluster the ledger's file has nothing to do with.
    (f"{INFRA}/ledger_e2e.go", "// Container port is FailoverNodePortAPI (30086)\n", 1, []),
    # A NodePort the words name (an argument of DeployWithNodePort) is the shared cluster's,
    # as a bare number is: the web frontend's suite runs in the ledger's Kind cluster.
    (f"{INFRA}/webfrontend_e2e.go", "err := DeployEventStoreWithNodePort(ctx, 30089)\n", 1, []),
    # ... a NodePort its own manifest declares still clashes with its cluster mate's (guard).
    (
        "test/e2e/webfrontend/service.yaml",
        "kind: Service\nspec:\n  type: NodePort\n  ports:\n  - port: 8080\n    nodePort: 30089\n",
        6,
        ["PR501"],
    ),
    # An abbreviation two titles share (Workflow Runner, Warehouse Reporter: WR) still cites
    # the one owning the port, in a comment.
    (f"{INFRA}/ledger_integration.go", "// after the others (18092=WR, 18093=WR)\n", 1, []),
    (f"{INFRA}/ledger_integration.go", "// after (18092, 18093)\n", 1, ["PR506"] * 2),  # guard
    # A comment's sentence begun on the lines above names the owner: a citation.
    (
        f"{INFRA}/ledger_integration.go",
        "// Catalog: the same pinned pattern as above, for\n// tests that dial localhost:18130\n",
        2,
        [],
    ),
    (
        f"{INFRA}/ledger_integration.go",
        "// the same pinned pattern as above, for\n// tests that dial localhost:18130\n",
        2,
        ["PR506"],
    ),  # guard
    (
        f"{INFRA}/ledger_integration.go",
        "// Catalog: the same pinned pattern.\n\n// tests dial localhost:18130\n",
        3,
        ["PR506"],
    ),  # guard: another comment
    # ... but a sentence ended on the line above is another sentence: it cites no owner.
    (
        f"{INFRA}/ledger_integration.go",
        "// Catalog owns 18130.\n// we dial localhost:18130\n",
        2,
        ["PR506"],
    ),
    (
        f"{INFRA}/ledger_integration.go",
        "// Ask Catalog first!\n// we dial localhost:18130\n",
        2,
        ["PR506"],
    ),
    (
        f"{INFRA}/ledger_integration.go",
        "// Catalog owns 18130, and\n// we dial localhost:18130\n",
        2,
        [],
    ),  # guard: a sentence going on
    (
        f"{INFRA}/ledger_integration.go",
        "// This starts: Redis, Catalog\n// Ports 16380, 18130\n",
        2,
        ["PR506"],
    ),  # guard: a line saying what the suite runs names no owner
    # A sub-suite's tests reach its parent as clients: the parent's port is no clash there.
    (f"{LEDGER}/audit/x_test.go", 'const baseURL = "http://localhost:18120"\n', 1, []),
    (f"{LEDGER}/audit/x_test.go", 'auditURL := "http://localhost:18130"\n', 1, ["PR501"]),  # guard
    (f"{LEDGER}/audit/x_test.go", '"-p", "18120:8080",\n', 1, ["PR501"]),  # guard: a bind
    # A URL's path alone (/api/v1/audit, /health) is an endpoint many services have: it does
    # not make an unknown port the file's own API on a wrong port.
    (f"{LEDGER}/x_test.go", 'get("http://localhost:8091/api/v1/audit")\n', 1, []),
    (f"{LEDGER}/x_test.go", 'apiURL := "http://localhost:8091/api/v1"\n', 1, ["PR505"]),  # guard
    # A command run with kubectl exec, its arguments going on over the next lines.
    (
        f"{LEDGER}/x_test.go",
        'cmd := exec.Command("kubectl",\n\t"exec", "deploy/api", "--",\n\t"curl", "http://localhost:18130")\n',
        3,
        [],
    ),
    (
        f"{LEDGER}/x_test.go",
        'cmd := exec.Command("kubectl",\n\t"logs", "deploy/api")\ncurl("http://localhost:18130")\n',
        3,
        ["PR501"],
    ),  # guard
    # A suite's make target names that suite as the owner of the ports listed beside it.
    (
        "test/integration/catalog/README.md",
        "make test-integration-event-store &  # Uses ports 15433, 16379, 18090\n",
        1,
        [],
    ),
    ("test/integration/catalog/README.md", "make test-unit &  # Uses ports 16379\n", 1, ["PR506"]),
    # A code block in a Go doc comment (gofmt indents it with a tab) is an example of a call.
    (
        f"{INFRA}/ledger_integration.go",
        '// Usage:\n//\n//\tc := New("http://localhost:18130")\n',
        3,
        [],
    ),
    (
        f"{INFRA}/ledger_integration.go",
        '// Usage: New("http://localhost:18130")\n',
        1,
        ["PR506"],
    ),  # guard
    # A service's block holds the ports of the components it has none for elsewhere: its
    # Redis, allocated outside the block, is bound in the wrong place inside it.
    (f"{LEDGER}/x_test.go", '"-p", "18125:6379",\n', 1, ["PR505"]),
    (f"{LEDGER}/x_test.go", "ledgerMetricsPort = 18125\n", 1, []),  # guard: no metrics port
    # A well-known component is named by its usual spellings, which a transcribed registry
    # does not list (pg, postgres: PostgreSQL).
    ("test/integration/eventstore/x_test.go", 'pgPort = "15439"\n', 1, ["PR505"]),
    ("test/integration/eventstore/x_test.go", 'pgPort = "15433"\n', 1, []),  # guard: its own
    # A port map in code: a port mapped to itself binds it, docker's SDK's value is the host's.
    (f"{LEDGER}/x_test.go", "cfg.Ports = map[int]int{18132: 18132}\n", 1, ["PR511"]),
    (f"{LEDGER}/x_test.py", 'c = run("redis", ports={"6379/tcp": 16379})\n', 1, ["PR501"]),
    (f"{LEDGER}/x_test.go", "sizes := map[int]int{18132: 18132}\n", 1, []),  # guard
    (f"{LEDGER}/x_test.go", "cfg.Ports = map[int]int{18132: 8080}\n", 1, []),  # guard
]


@pytest.mark.parametrize(("path", "text", "line", "expected"), CASES)
def test_reviewer_rules(path: str, text: str, line: int, expected: list[str]) -> None:
    assert SCAN.verdicts(path, text).get(line, []) == expected


def test_a_number_ending_a_host_name_is_no_port() -> None:
    """``invalid-host-12345:99999`` is a host name in an error test (once read as the
    mapping 12345:99999); the same number on its own, or after a word and a hyphen with
    no port after it ("port-16379"), still counts (guards)."""
    text = 'url = "http://invalid-host-16379:99999"\nredis = "localhost:16379"\n'
    assert SCAN.verdicts(f"{LEDGER}/x_test.py", text) == {2: ["PR501"]}
    assert SCAN.verdicts(f"{LEDGER}/README.md", "Redis on port-16379.\n") == {1: ["PR506"]}
