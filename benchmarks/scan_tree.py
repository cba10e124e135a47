"""A many-service repository, generated: the tree ``portreg scan`` is benchmarked on.

Shaped like the public repository issue 17 measured (5,586 files, 84 MB; 54% Go, 28%
markdown, 11% YAML; files of a median 7.6 kB and a tail to a few MB): 20 services and 14
Kind clusters, a shared ``test/infrastructure/`` folder of Go files named per service and
``kind-<svc>-config.yaml`` files, a suite folder per service and tier, sub-suites, compose
files, working notes and design docs full of ports, production code in ``pkg/``,
``internal/`` and ``cmd/``, charts, generated files over ``--max-size`` and binary files.
Its registry is written as a hand-kept table is transcribed: titles, ports, blocks and
clusters, and no ``paths``: every file's owner comes from the clues the scan reads.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from pathlib import Path

SEED = 17
FILES = 5500
LARGE_FILES = 3  # generated code of a few MB, over scan's default --max-size
BINARY_FILES = 40
SERVICES = (
    "gateway", "datastorage", "ledger", "dispatch", "notification", "billing", "catalog",
    "search", "ingest", "scheduler", "auditor", "planner", "tracker", "geocoder", "mailer",
    "exporter", "importer", "reporter", "webhook", "frontend",
)  # fmt: skip
CLUSTERS = 14  # the first 14 services have an E2E Kind cluster


def title_of(service: str) -> str:
    return f"{service.capitalize()} Service"


def ports_of(index: int) -> dict[str, int]:
    """A service's ports, laid out as such tables lay them out: a block per service."""
    return {
        "postgresql": 15433 + index,
        "redis": 16379 + index,
        "api": 18080 + 10 * index,
        "datastorage": 18081 + 10 * index,
        "e2e_api": 8080 + index if index else 8100,
        "node_api": 30080 + index,
        "e2e_metrics": 9180 + index,
        "node_metrics": 30180 + index,
    }


def registry_text() -> str:
    lines = [
        "portreg: 1",
        "title: Test port allocation",
        'version: "1.0"',
        "updated: 2026-01-01",
        "tiers: {integration: {}, e2e: {}}",
        "scopes:",
    ]
    for service in SERVICES[:CLUSTERS]:
        config = f"test/infrastructure/kind-{service}-config.yaml"
        lines.append(f"  kind-{service}: {{kind: nodeport, config: {config}}}")
    lines += [
        "components:",
        "  postgresql: {title: PostgreSQL, container_port: 5432, "
        "ranges: {integration: 15433-15460}}",
        "  redis: {title: Redis, container_port: 6379, ranges: {integration: 16379-16399}}",
        "  api: {title: API, container_port: 8080}",
        "  datastorage: {title: Data Storage, container_port: 8080}",
        "  metrics: {title: Metrics, container_port: 9090}",
        "services:",
    ]
    for index, service in enumerate(SERVICES):
        ports = ports_of(index)
        block = f"{ports['api']}-{ports['api'] + 9}"
        lines += [
            f"  {service}:",
            f"    title: {title_of(service)}",
            f"    blocks: {{integration: {block}}}",
            "    ports:",
            f"      integration: {{postgresql: {ports['postgresql']}, redis: {ports['redis']}, "
            f"api: {ports['api']}, datastorage: {ports['datastorage']}}}",
        ]
        if index < CLUSTERS:
            cluster = f"kind-{service}"
            lines += [
                "      e2e:",
                f"        api: {{port: {ports['e2e_api']}, node_port: {ports['node_api']}, "
                f"cluster: {cluster}}}",
                f"        metrics: {{port: {ports['e2e_metrics']}, "
                f"node_port: {ports['node_metrics']}, cluster: {cluster}}}",
            ]
    return "\n".join(lines) + "\n"


class _Writer:
    """Cuts files of realistic sizes out of pools of lines, and sprinkles ports in."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.code = "\n".join(self._code_lines(40_000)) + "\n"
        self.prose = "\n".join(self._prose_lines(20_000)) + "\n"

    def _lines(self, makers: list[Callable[[random.Random], str]], count: int) -> list[str]:
        return [self.rng.choice(makers)(self.rng) for _ in range(count)]

    def _code_lines(self, count: int) -> list[str]:
        """Code full of numbers that are not ports (sizes, counts, timeouts, versions)."""
        return self._lines(
            [
                lambda r: f"\tbuffer := make([]byte, {r.choice([512, 4096, 65536])})",
                lambda r: f"\ttimeout := {r.randint(1, 900)} * time.Second // retry",
                lambda r: f'\tlog.Info("processed", "items", {r.randint(0, 99999)})',
                lambda r: f'\tversion := "1.{r.randint(0, 40)}.{r.randint(0, 9)}"',
                lambda r: "",
                lambda r: '\tif err != nil { return fmt.Errorf("failed: %w", err) }',
            ],
            count,
        )

    def _prose_lines(self, count: int) -> list[str]:
        """Prose with steps, durations and tables of requirements."""
        return self._lines(
            [
                lambda r: f"- Step {r.randint(1, 40)}: run the suite ({r.randint(2, 90)} s)",
                lambda r: f"| BR-{r.randint(100, 999)} | {r.randint(1, 2000)} ms | ✅ |",
                lambda r: "",
                lambda r: "The controller reconciles the request and records an audit event.",
                lambda r: "The controller reconciles the request and records an audit event.",
            ],
            count,
        )

    def body(self, prose: bool) -> str:
        pool = self.prose if prose else self.code
        size = min(int(self.rng.lognormvariate(8.9, 1.0)), 300_000)
        start = self.rng.randrange(len(pool) - size) if size < len(pool) else 0
        return pool[start : start + size]

    def with_ports(self, body: str, lines: list[str]) -> str:
        cut = body.find("\n") + 1
        return body[:cut] + "\n".join(lines) + "\n" + body[cut:]


def _port_lines(rng: random.Random, index: int, prose: bool) -> list[str]:
    """A few lines naming ports: mostly the service's own, sometimes another's."""
    own = ports_of(index)
    other = ports_of(rng.randrange(len(SERVICES)))
    if prose:
        return [
            f"The suite's Redis runs on {own['redis']} and its API on {own['api']}.",
            f"| PostgreSQL | {own['postgresql']} → 5432 |",
            f"Before v2 the API was on {other['api']}.",
        ]
    return [
        f"\tRedisPort = {own['redis']}",
        f'\tapiURL := "http://localhost:{own["api"]}"',
        f'\t"-p", "{own["postgresql"]}:5432",',
        f'\tdsURL := "http://127.0.0.1:{other["datastorage"]}"',
    ]


def _kind_config(index: int) -> str:
    ports = ports_of(index)
    return (
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n"
        "  extraPortMappings:\n"
        f"  - containerPort: {ports['node_api']}  # API NodePort\n"
        f"    hostPort: {ports['e2e_api']}\n"
        f"  - containerPort: {ports['node_metrics']}  # metrics NodePort\n"
        f"    hostPort: {ports['e2e_metrics']}\n"
    )


def _layout(rng: random.Random) -> list[tuple[str, bool, int | None]]:
    """(path, prose, service index or None) for every text file, in proportions of the
    measured tree: 54% Go, 28% markdown, the rest YAML, shell and JSON."""
    files: list[tuple[str, bool, int | None]] = []
    for index, service in enumerate(SERVICES):
        files.append((f"test/infrastructure/{service}_integration.go", False, index))
        if index < CLUSTERS:
            files.append((f"test/infrastructure/{service}_e2e_hybrid.go", False, index))
        for tier in ("integration", "e2e"):
            for number in range(20):
                files.append((f"test/{tier}/{service}/t{number}_test.go", False, index))
            files.append((f"test/{tier}/{service}/README.md", True, index))
        files.append((f"test/integration/{service}/podman-compose.test.yml", False, index))
        files.append((f"test/integration/{service}/lane/suite_test.go", False, index))
    kinds = [("go", 0.55), ("md", 0.29), ("yaml", 0.11), ("sh", 0.03), ("json", 0.02)]
    roots = ["pkg", "internal", "cmd", "docs", "docs/handoff", "deploy", "charts/app/templates"]
    while len(files) < FILES - LARGE_FILES - BINARY_FILES - CLUSTERS:
        suffix = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        root = "docs" if suffix == "md" else rng.choice(roots)
        about = SERVICES[rng.randrange(len(SERVICES))]
        name = f"{about}_{len(files)}.{suffix}"
        if root == "docs" and rng.random() < 0.2:
            name = f"{about.upper()}_STATUS_{len(files)}.md"
        files.append((f"{root}/{about}/{name}", suffix == "md", None))
    return files


def build_tree(work: Path) -> Path:
    """The generated tree under ``work`` (built once), a git repository with its registry."""
    tree = work / "scan-tree"
    if tree.exists():
        return tree
    rng = random.Random(SEED)
    writer = _Writer(rng)
    for relative, prose, suite in _layout(rng):
        body = writer.body(prose)
        owner = suite if suite is not None else rng.randrange(len(SERVICES))
        # As measured: a third of a suite's files hold ports, one file in six elsewhere.
        if rng.random() < (0.35 if suite is not None else 0.16):
            body = writer.with_ports(body, _port_lines(rng, owner, prose))
        _write(tree / relative, body)
    for index, name in enumerate(SERVICES[:CLUSTERS]):
        _write(tree / f"test/infrastructure/kind-{name}-config.yaml", _kind_config(index))
    for number in range(LARGE_FILES):
        _write(tree / "pkg" / "generated" / f"zz_generated_{number}.go", writer.code * 2)
    for number in range(BINARY_FILES):
        path = tree / "docs" / "images" / f"diagram{number}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG\r\n\x1a\n\0" + rng.randbytes(rng.randrange(2_000, 200_000)))
    _write(tree / "registry" / "ports.yaml", registry_text())
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tree"], cwd=tree, check=True)
    return tree


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
