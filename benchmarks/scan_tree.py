"""A many-service repository, generated: the tree ``portreg scan`` is benchmarked on.

Shaped like the public repository issue 17 measured (5,587 files, 70 MB; 54% Go, 28%
markdown, 11% YAML; files of a median 7.6 kB and a tail to a few MB; 41,000 lines holding a
number of four or five digits, about 2% of code lines and 3% of markdown and YAML lines):
20 services and 14 Kind clusters, a shared ``test/infrastructure/`` folder of Go files named
per service (each with its ports as constants) and ``kind-<svc>-config.yaml`` files, a
suite folder per service and tier, sub-suites, compose files, working notes, design docs
whose tables repeat every service's ports, production code in ``pkg/``, ``internal/`` and
``cmd/``, charts, generated files over ``--max-size`` and binary files. Its registry is
written as a hand-kept table is transcribed: titles, ports, blocks and clusters, and no
``paths``: every file's owner comes from the clues the scan reads.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from pathlib import Path

SEED = 17
FILES = 5500
LARGE_FILES = 2  # generated code, over scan's default --max-size
LARGE_SIZE = 1_300_000
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
        self.code = "\n".join(self._lines(_CODE, 60_000)) + "\n"
        self.prose = "\n".join(self._lines(_PROSE, 30_000)) + "\n"
        self.config = "\n".join(self._lines(_CONFIG, 20_000)) + "\n"

    def _lines(self, makers: list[tuple[int, Line]], count: int) -> list[str]:
        weights = [weight for weight, _ in makers]
        chosen = self.rng.choices([maker for _, maker in makers], weights, k=count)
        return [maker(self.rng) for maker in chosen]

    def body(self, kind: str) -> str:
        pool = {"prose": self.prose, "config": self.config}.get(kind, self.code)
        size = min(int(self.rng.lognormvariate(_SIZES.get(kind, 8.6), 1.0)), 300_000)
        start = self.rng.randrange(len(pool) - size) if size < len(pool) else 0
        return pool[start : start + size]

    def with_ports(self, body: str, lines: list[str]) -> str:
        cut = body.find("\n") + 1
        return body[:cut] + "\n".join(lines) + "\n" + body[cut:]


Line = Callable[[random.Random], str]
# The log of a file's median size, by its kind of text: markdown files run larger than code
# (18 kB on average in the measured tree, code 11 kB, YAML 7 kB).
_SIZES = {"prose": 9.4, "code": 8.6, "config": 8.3}


def _issue(r: random.Random) -> int:
    """An issue or test-plan number: four digits, never a port of the registry."""
    return r.randint(1000, 2999)


# Pools of lines as the measured tree has them, weighted: about 2% of code lines and 3% of
# prose and configuration lines hold a number of four or five digits (test ids, issues,
# years, sizes), as `grep -E '\b[0-9]{4,5}\b'` counts them there; few of them are ports.
_CODE: list[tuple[int, Line]] = [
    (16, lambda r: "\tif err != nil {\n\t\treturn nil, err\n\t}"),
    (12, lambda r: "\tExpect(err).ToNot(HaveOccurred())"),
    (12, lambda r: "\tctx, cancel := context.WithTimeout(ctx, 30*time.Second)\n\tdefer cancel()"),
    (12, lambda r: "\t// reconcile the request, then record the audit event"),
    (10, lambda r: f'\tlog.Info("processed", "items", len(items), "attempt", {r.randint(1, 9)})'),
    (10, lambda r: "func (r *Reconciler) handle(ctx context.Context, req Request) error {"),
    (8, lambda r: '\tname := fmt.Sprintf("%s/%s", req.Namespace, req.Name)'),
    (8, lambda r: "\t\tStatus:    metav1.ConditionTrue,"),
    (8, lambda r: f"\ttimeout := {r.randint(1, 900)} * time.Second"),
    (6, lambda r: ""),
    (6, lambda r: "\t})"),
    (1, lambda r: f'\tIt("IT-GW-{_issue(r)}-00{r.randint(1, 9)}: records the event", func() {{'),
    (1, lambda r: f"\t// Issue #{_issue(r)}: keep the order of events"),
    (1, lambda r: f"\tbuffer := make([]byte, {r.choice([4096, 8192, 65536])})"),
]
_PROSE: list[tuple[int, Line]] = [
    (36, lambda r: "The controller reconciles the request and records an audit event."),
    (24, lambda r: ""),
    (15, lambda r: f"- Step {r.randint(1, 40)}: run the suite ({r.randint(2, 90)} s)"),
    (12, lambda r: f"| BR-{r.randint(100, 999)} | {r.randint(1, 999)} ms | ✅ |"),
    (12, lambda r: "```bash\nmake test-integration\n```"),
    (9, lambda r: "## Why the suite runs in its own namespace"),
    (1, lambda r: f"**Date**: 2025-{r.randint(10, 12)}-{r.randint(10, 28)}"),
    (1, lambda r: f"| UT-AF-{_issue(r)}-001 | rejects an unsigned token | Happy Path |"),
    (1, lambda r: f"See issue #{_issue(r)} for the triage."),
]
_CONFIG: list[tuple[int, Line]] = [
    (12, lambda r: "  labels:\n    app.kubernetes.io/part-of: platform"),
    (10, lambda r: f"  replicas: {r.randint(1, 3)}"),
    (10, lambda r: "    image: quay.io/org/app:v1.4.2"),
    (8, lambda r: f"      memory: {r.choice([128, 256, 512])}Mi"),
    (8, lambda r: "    - name: LOG_LEVEL\n      value: info"),
    (6, lambda r: ""),
    (1, lambda r: f"        runAsUser: {r.choice([1001, 65532])}"),
    (1, lambda r: f'  created: "2026-0{r.randint(1, 9)}-1{r.randint(0, 9)}T10:00:05Z"'),
]


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


def _constants(index: int) -> str:
    """A suite's Go constants: every port it uses, one per line."""
    service = SERVICES[index]
    name = "".join(part.capitalize() for part in service.split("-"))
    lines = [f"package infrastructure\n\n// {title_of(service)} ports (DD-TEST-001)\nconst ("]
    for key, port in ports_of(index).items():
        if index < CLUSTERS or not key.startswith(("e2e", "node")):
            label = "".join(part.capitalize() for part in key.split("_"))
            lines.append(f"\t{name}{label}Port = {port}")
    return "\n".join([*lines, ")", ""])


def _port_table(services: range) -> str:
    """A port document's table: one row per service, every port of it."""
    rows = [
        "| Service | PostgreSQL | Redis | API | Data Storage | E2E API | NodePort | Metrics |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for index in services:
        ports = ports_of(index)
        e2e = (
            f"{ports['e2e_api']} | {ports['node_api']} | {ports['e2e_metrics']}"
            if index < CLUSTERS
            else "- | - | -"
        )
        rows.append(
            f"| {title_of(SERVICES[index])} | {ports['postgresql']} | {ports['redis']} "
            f"| {ports['api']} | {ports['datastorage']} | {e2e} |"
        )
    return "\n".join(rows) + "\n"


def _port_document(rng: random.Random, writer: _Writer, tables: int) -> str:
    """A design document about port allocation: prose, then tables of every service's
    ports (per tier, per revision), as such documents repeat them."""
    parts = ["# Port allocation strategy\n"]
    for number in range(tables):
        parts.append(writer.body("prose")[:3000])
        parts.append(f"\n## Revision {number + 1}\n\n{_port_table(range(len(SERVICES)))}\n")
    return "".join(parts)


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


# Port documents of no service (design records, references), and how many tables of
# every service's ports each repeats: the measured tree has one of 650 ports, a few of 50-90.
PORT_DOCUMENTS = {
    "docs/architecture/decisions/DD-TEST-001-port-allocation-strategy.md": 4,
    "docs/architecture/decisions/DD-TEST-001-QUICK-REFERENCE.md": 1,
    "docs/architecture/PORT_STANDARD.md": 1,
    "docs/services/SERVICE_IMPLEMENTATION_PLAN_TEMPLATE.md": 1,
}


def _layout(rng: random.Random) -> list[tuple[str, str, int | None]]:
    """(path, kind of text, service index or None) for every text file, in proportions of
    the measured tree: 54% Go, 28% markdown, the rest YAML, shell and JSON."""
    files: list[tuple[str, str, int | None]] = []
    for index, service in enumerate(SERVICES):
        files.append((f"test/infrastructure/{service}_integration.go", "code", index))
        if index < CLUSTERS:
            files.append((f"test/infrastructure/{service}_e2e_hybrid.go", "code", index))
        for tier in ("integration", "e2e"):
            for number in range(20):
                files.append((f"test/{tier}/{service}/t{number}_test.go", "code", index))
            files.append((f"test/{tier}/{service}/README.md", "prose", index))
        files.append((f"test/integration/{service}/podman-compose.test.yml", "config", index))
        files.append((f"test/integration/{service}/lane/suite_test.go", "code", index))
    kinds = [("go", 0.55), ("md", 0.29), ("yaml", 0.11), ("sh", 0.03), ("json", 0.02)]
    text_of = {"md": "prose", "yaml": "config", "json": "config"}
    roots = ["pkg", "internal", "cmd", "docs", "docs/handoff", "deploy", "charts/app/templates"]
    others = LARGE_FILES + BINARY_FILES + CLUSTERS + len(PORT_DOCUMENTS)
    while len(files) < FILES - others:
        suffix = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        root = "docs" if suffix == "md" else rng.choice(roots)
        about = SERVICES[rng.randrange(len(SERVICES))]
        name = f"{about}_{len(files)}.{suffix}"
        if root == "docs" and rng.random() < 0.2:
            name = f"{about.upper()}_STATUS_{len(files)}.md"
        files.append((f"{root}/{about}/{name}", text_of.get(suffix, "code"), None))
    return files


def build_tree(work: Path) -> Path:
    """The generated tree under ``work`` (built once), a git repository with its registry."""
    tree = work / "scan-tree"
    if tree.exists():
        return tree
    rng = random.Random(SEED)
    writer = _Writer(rng)
    for relative, kind, suite in _layout(rng):
        body = writer.body(kind)
        owner = suite if suite is not None else rng.randrange(len(SERVICES))
        # As measured: a third of a suite's files hold ports, one file in six elsewhere.
        if rng.random() < (0.35 if suite is not None else 0.16):
            body = writer.with_ports(body, _port_lines(rng, owner, kind == "prose"))
        if relative.endswith("_integration.go") and suite is not None:
            body = _constants(suite) + body
        _write(tree / relative, body)
    for relative, tables in PORT_DOCUMENTS.items():
        _write(tree / relative, _port_document(rng, writer, tables))
    for index, name in enumerate(SERVICES[:CLUSTERS]):
        _write(tree / f"test/infrastructure/kind-{name}-config.yaml", _kind_config(index))
    for number in range(LARGE_FILES):
        _write(tree / "pkg" / "generated" / f"zz_generated_{number}.go", writer.code[:LARGE_SIZE])
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
