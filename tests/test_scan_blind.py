"""Precision and recall of ``portreg scan`` on a blind labelled tree, and the defects it showed.

``tests/fixtures/scan-blind/`` was written before the scan code was read, from how
many-service repositories write ports (Kubernetes manifests, Kind, Helm values, compose long
syntax, GitHub Actions services, testcontainers, Ginkgo, pytest, .env, TOML, INI, nginx,
Procfile, package.json, CSS, changelogs), with its own registry
(``scan-blind.ports.yaml``). Every line holding a number from 1024 to 65535 is labelled in
``scan-blind.labels``. As first written the scan scored precision 76.7% and recall 86.8%
there; a second batch added after the first fixes (Spring, Terraform, Skaffold, Vagrant,
tunnels ...) found 8 of its 11 drifts. Each general defect they showed has a regression test
below, read in process with the tree's registry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, ROOT, Result
from helpers import load_text
from scan_labels import InProcess, numbered_lines, read_labels, scan_score

from portreg.scan.judge import PortIndex
from portreg.scan.matcher import PortMatcher
from portreg.scan.names import Vocabulary
from portreg.scan.owners import Owners
from portreg.scan.port_reader import PortReader

Run = Callable[..., Result]
FIXTURES = ROOT / "tests" / "fixtures"
TREE = FIXTURES / "scan-blind"
LABELS = FIXTURES / "scan-blind.labels"
REGISTRY = FIXTURES / "scan-blind.ports.yaml"
# What the scan reaches on the blind tree (it started at 76.7% / 86.8%).
MIN_PRECISION = 0.97
MIN_RECALL = 0.97

verdicts = InProcess(REGISTRY).verdicts


def test_every_numbered_line_is_labelled() -> None:
    assert numbered_lines(TREE) == set(read_labels(LABELS))


def test_precision_and_recall_on_the_blind_tree(run_cli: Run, tmp_path: Path) -> None:
    found = scan_score(run_cli, TREE, REGISTRY, LABELS, tmp_path / "project")
    assert found.precision >= MIN_PRECISION and found.recall >= MIN_RECALL, found.summary()
    assert not found.misread, found.summary()  # every drift found is found by its rule
    assert found.drifts >= 35


# Each case: (file, text, line, codes expected there). Every case failed before its fix,
# except the guards (marked), which held before and keep a fix from going too far.
CASES = [
    # A comment in a TOML, INI, nginx or JS/TS file is a comment: history is not reported.
    (
        "services/search/config/a.toml",
        "[opensearch]\n# was http://localhost:19200 before the re-cut\n",
        2,
        [],
    ),
    ("services/search/config/a.ini", "[a]\n; moved from localhost:19200 in 2.0\n", 2, []),
    ("services/search/nginx.conf", "# formerly proxy_pass http://127.0.0.1:19200;\n", 1, []),
    ("web/src/a.ts", "const a = 1 // was 'http://localhost:18087' before 2.0\n", 1, []),
    ("web/src/a.ts", "/*\n * previously localhost:18087\n */\n", 2, []),
    # .env.<variant> files are shell-like: a comment there is a comment.
    ("services/search/.env.test", "# legacy: OPENSEARCH_URL=http://localhost:19200\n", 1, []),
    # An address on a line naming another service reaches it: never the file's own
    # component bound on a wrong port (PR505), whatever word ("/api/") the line holds.
    (
        "web/vite.config.ts",
        "'/api/search': { target: 'http://localhost:18087' },\n",
        1,
        ["PR503"],
    ),
    ("web/vite.config.ts", "api: { target: 'http://localhost:18087' },\n", 1, ["PR505"]),  # guard
    # An issue or pull-request number is not a port.
    ("services/search/CHANGELOG.md", "- Fix #16375: stale cache keys.\n", 1, []),
    ("services/search/a.go", "// see https://github.com/o/r/issues/16375\n", 1, []),  # guard
    # Kind's apiServerPort is the cluster's API server, not the service's API component.
    (
        "services/search/test/e2e/kind.yaml",
        "kind: Cluster\nnetworking:\n  apiServerPort: 6443\n",
        3,
        [],
    ),
    # A NodePort of another, isolated cluster is not this service's cluster's.
    (
        "deploy/k8s/search/a.yaml",
        "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 5601\n      nodePort: 30081\n",
        6,
        [],
    ),
    # A client address that names the service it reaches cites that service's port.
    ("services/ingest/a_test.go", 'const billingBroker = "localhost:19091"\n', 1, []),
    ("web/src/a.ts", "const n = 'http://localhost:18085' // the notifier API\n", 1, []),
    # ... but a bare port constant of another service is still bound: still reported.
    (
        "services/billing/a_test.go",
        "const catalogAPIPort = 18081 // catalog's port\n",
        1,
        ["PR501"],
    ),  # guard
    # lsof -i:PORT is this machine's port.
    ("services/ingest/a.sh", "kill $(lsof -t -i:18084) || true\n", 1, ["PR501"]),
    ("services/ingest/a.sh", "lsof -iTCP:18084 -sTCP:LISTEN\n", 1, ["PR501"]),
    # A TOML or INI section names the component of its `port =`.
    (
        "services/search/config/a.toml",
        '[database]\nhost = "localhost"\nport = 15433\n',
        3,
        ["PR503"],
    ),
    ("services/billing/config/a.ini", "[database]\nport = 15440\n", 2, ["PR505"]),
    # A NodePort's Service port says its component: the wrong one of the service is PR505.
    (
        "deploy/k8s/catalog/a.yaml",
        "apiVersion: v1\nkind: Service\nspec:\n  type: NodePort\n  ports:\n"
        "    - name: postgres\n      port: 5432\n      targetPort: 5432\n      nodePort: 30433\n",
        9,
        ["PR505"],
    ),
    # Prose naming a component right before a port states that component's port.
    (
        "services/notifier/tests/conftest.py",
        '"""Fixtures.\n\nStarts Redis on 16377 here.\n"""\n',
        3,
        ["PR506"],
    ),
    ("services/search/README.md", "The cache (Redis) listens on 16374.\n", 1, ["PR506"]),
    # Any published compose mapping binds its host side, whatever the container port.
    (
        "services/ingest/docker-compose.yml",
        'services:\n  minio:\n    image: minio/minio:latest\n    ports:\n      - "19011:9001"\n',
        5,
        ["PR505"],
    ),
    # ... whose host port, if nobody has it, is unregistered (issue 17): a warning.
    ("services/ingest/a.sh", "docker run -p 19011:9001 minio/minio\n", 1, ["PR512"]),
    # A component named with a third party's name before it is that party's, not ours.
    ("services/notifier/tests/a.py", 'MAILPIT_API = "http://localhost:8025/api/v1"\n', 1, []),
    # ... not a short abbreviation (often the service's own) nor a purpose word.
    ("services/catalog/a.sh", "CAT_REDIS_PORT=16381\n", 1, ["PR505"]),  # guard
    ("services/catalog/a.sh", "SESSION_REDIS_PORT=16381\n", 1, ["PR505"]),  # guard
    (
        "services/notifier/tests/a.py",
        'NOTIFIER_API = "http://localhost:18058/api/v1"\n',
        1,
        ["PR505"],
    ),  # guard
    # ... but a namespace before it in a dotted key is no owner: spring.kafka is Kafka.
    (
        "services/billing/a.properties",
        "spring.kafka.bootstrap-servers=localhost:19094\n",
        1,
        ["PR505"],
    ),
    # The host side of a pair of keys: Terraform's external/internal, Vagrant's host/guest,
    # Skaffold's localPort/port (even in a file with apiVersion and kind).
    (
        "services/billing/infra/main.tf",
        'resource "docker_container" "k" {\n  ports {\n    internal = 9092\n    external = 19095\n',
        4,
        ["PR505"],
    ),
    (
        "services/notifier/Vagrantfile",
        'config.vm.network "forwarded_port", guest: 6379, host: 16379\n',
        1,
        ["PR505"],
    ),
    (
        "services/catalog/skaffold.yaml",
        "apiVersion: skaffold/v4beta11\nkind: Config\nportForward:\n"
        "  - resourceType: service\n    port: 5432\n    localPort: 15441\n",
        6,
        ["PR505"],
    ),
    # hostPort's component: its port map key, or the containerPort beside it.
    (
        "services/billing/a_test.go",
        'pb := nat.PortMap{"9092/tcp": {{HostIP: "127.0.0.1", HostPort: "19093"}}}\n',
        1,
        ["PR505"],
    ),
    (
        "services/search/pod.yaml",
        "ports:\n  - containerPort: 6379\n    hostPort: 16374\n",
        3,
        ["PR505"],
    ),
    # socat TCP-LISTEN:N listens on this machine.
    # A port given apart from a local host name is that address's port; in JS and TS, as in
    # Go and Python, `port:` in code is an argument, not an in-container listen setting.
    (
        "services/notifier/tests/a.py",
        'cache = redis.Redis(host="localhost", port=16377, db=1)\n',
        1,
        ["PR505"],
    ),
    ("services/search/a.sh", "pg_isready -h 127.0.0.1 -p 15433\n", 1, ["PR503"]),  # guard
    ("web/vite.config.ts", "export default { server: { port: 18087 } }\n", 1, ["PR503"]),
    # ... a listen is a bind, even when the line names the port's owner.
    (
        "services/catalog/a.sh",
        "socat TCP-LISTEN:16373,fork TCP:search-redis:6379 &\n",
        1,
        ["PR501"],
    ),
    ("services/ingest/a.sh", "kill $(lsof -t -i:18084)  # search's\n", 1, ["PR501"]),
    (
        "services/catalog/e2e_test.go",
        'u := envOr("CATALOG_E2E_PG_URL", "postgres://c@localhost:25433/c")\n',
        1,
        ["PR505"],
    ),  # guard
]


def test_a_word_of_a_service_title_is_no_third_party() -> None:
    """HAPI's title is "HolmesGPT API (HAPI, Python)": HOLMESGPT_API_URL is HAPI's API."""
    loaded = load_text(BUNDLED_FILE.read_text("utf-8"))
    assert loaded.registry is not None
    vocabulary = Vocabulary.of(loaded.registry)
    assert not vocabulary.third_party("HOLMESGPT_API_URL")
    assert vocabulary.third_party("MAILPIT_API_URL")


def test_a_word_naming_a_component_and_a_service_cites_no_one_in_code() -> None:
    """In the bundled registry DataStorage is a service and every suite's component: a
    gateway test's ``dataStorageURL`` on the DataStorage service's own port is the seed's
    drift (the wrong suite's DataStorage), not a deliberate call to that service."""
    loaded = load_text(BUNDLED_FILE.read_text("utf-8"))
    assert loaded.registry is not None
    index = PortIndex(loaded.registry)
    reader = PortReader(
        PortMatcher(index.ports(), index.container_ports), Vocabulary.of(loaded.registry)
    )
    path = "test/integration/gateway/audit_test.go"
    owners = Owners(loaded.registry).of(path)

    def codes(line: str) -> list[str]:
        hits = reader.find(line.encode(), path)
        return [v.code for hit in hits if (v := index.judge(hit, owners)) is not None]

    assert codes('dataStorageURL := "http://localhost:18090"\n') == ["PR501"]
    # a service named by a word of its own is cited: gateway reaches effectivenessmonitor
    assert codes('effectivenessMonitorURL := "http://localhost:18100"\n') == []


@pytest.mark.parametrize(("path", "text", "line", "expected"), CASES)
def test_blind_tree_defects(path: str, text: str, line: int, expected: list[str]) -> None:
    assert verdicts(path, text).get(line, []) == expected
