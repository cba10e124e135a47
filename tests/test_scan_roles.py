"""Port roles: each syntax the scan reads, the role and component it gives, in process."""

from __future__ import annotations

import pytest
from conftest import BUNDLED_FILE
from helpers import load_text

from portreg.scan.comments import Kind, Place, kind_of, place_of
from portreg.scan.matcher import PortMatcher
from portreg.scan.names import Vocabulary, words
from portreg.scan.port_reader import PortReader
from portreg.scan.roles import Flavour, PortHit, Role, flavour_of

_LOADED = load_text(BUNDLED_FILE.read_text("utf-8"))
assert _LOADED.registry is not None
VOCABULARY = Vocabulary.of(_LOADED.registry)

COMPOSE_HEAD = "services:\n  redis:\n    image: redis:7\n"
K8S_HEAD = "apiVersion: v1\nkind: Service\nspec:\n"
KIND_HEAD = "kind: Cluster\nnodes:\n  - role: control-plane\n    extraPortMappings:\n"


def hit_on_last_line(path: str, text: str, port: int) -> PortHit:
    """The hit for ``port`` on the last line of ``text`` read as the file ``path``."""
    reader = PortReader(PortMatcher([port], VOCABULARY.container_ports), VOCABULARY)
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    found = [hit for hit in reader.find(text.encode(), path) if hit.port == port]
    found = [hit for hit in found if hit.line == last]
    assert found, f"{port} not found on the last line of {text!r}"
    return found[-1]


# (file, text whose last line holds the port, port, role, component)
ROLES = [
    # mappings: host side, container side, with an address, ranges
    ("a.yml", COMPOSE_HEAD + '    ports: ["16387:6379"]', 16387, Role.HOST, "redis"),
    ("a.yml", COMPOSE_HEAD + '    ports: ["16387:6379"]', 6379, Role.CONTAINER, None),
    ("a.yml", COMPOSE_HEAD + '      - "127.0.0.1:16387:6379"', 16387, Role.HOST, "redis"),
    ("a.yml", COMPOSE_HEAD + '      - "16380-16382:6379-6381"', 16382, Role.HOST, "redis"),
    ("a.yml", COMPOSE_HEAD + '      - "16380-16382:6379-6381"', 6381, Role.CONTAINER, None),
    ("a.yml", COMPOSE_HEAD + '      - "18097:8080"', 18097, Role.HOST, "datastorage"),
    ("a.yml", COMPOSE_HEAD + '      - "18097:8080"', 8080, Role.CONTAINER, None),
    # compose long syntax, the component from target or from the image
    (
        "a.yml",
        COMPOSE_HEAD + "      - target: 6379\n        published: 16390",
        16390,
        Role.HOST,
        "redis",
    ),
    ("a.yml", COMPOSE_HEAD + "      - target: 6379", 6379, Role.CONTAINER, None),
    ("a.yml", COMPOSE_HEAD + '      - "16390:9000"', 16390, Role.HOST, "redis"),
    # a healthcheck runs inside the container
    (
        "a.yml",
        COMPOSE_HEAD + '    healthcheck:\n      test: ["CMD", "curl", "http://localhost:18097"]',
        18097,
        Role.CONTAINER,
        None,
    ),
    # docker / podman in shell and Go
    ("run.sh", "docker run -p 16387:6379 redis", 16387, Role.HOST, "redis"),
    ("run.sh", 'podman run -p "${REDIS_PORT}:6379" redis', 6379, Role.CONTAINER, None),
    ("a.go", 'args := []string{"-p", fmt.Sprintf("%d:8080", port)}', 8080, Role.CONTAINER, None),
    # arrows in docs
    ("a.md", "Redis: 16388 → 6379", 16388, Role.HOST, "redis"),
    ("a.md", "Redis: 16388 -> 6379", 6379, Role.CONTAINER, None),
    # Kind and Kubernetes
    ("kind.yaml", KIND_HEAD + "      - containerPort: 30080", 30080, Role.NODE_PORT, None),
    ("kind.yaml", KIND_HEAD + "        hostPort: 18080", 18080, Role.HOST, None),
    ("svc.yaml", K8S_HEAD + "      nodePort: 30080", 30080, Role.NODE_PORT, None),
    ("svc.yaml", K8S_HEAD + "      targetPort: 8080", 8080, Role.CONTAINER, None),
    ("svc.yaml", K8S_HEAD + "      port: 18097", 18097, Role.CONTAINER, None),
    ("pod.yaml", K8S_HEAD + "        - containerPort: 8080", 8080, Role.CONTAINER, None),
    ("pod.yaml", K8S_HEAD + "        - hostPort: 18097", 18097, Role.HOST, None),
    (
        "pod.yaml",
        K8S_HEAD + '        - name: REDIS_PORT\n          value: "16387"',
        16387,
        Role.CONTAINER,
        "redis",
    ),
    # URLs: the machine, or a container network
    ("a.go", 'url := "http://localhost:18100/api"', 18100, Role.HOST, "api"),
    ("a.py", 'URL = "http://127.0.0.1:18100"', 18100, Role.HOST, None),
    ("a.py", 'BIND = "0.0.0.0:18100"', 18100, Role.HOST, None),
    ("a.go", '"AUDIT=http://host.containers.internal:18094"', 18094, Role.HOST, None),
    ("a.go", '"AUDIT=http://host.docker.internal:18094"', 18094, Role.HOST, None),
    ("a.py", 'URL = "http://datastorage:18097"', 18097, Role.CONTAINER, None),
    ("a.py", 'DSN = "postgres://u:p@localhost:15437/db"', 15437, Role.HOST, "postgresql"),
    ("a.py", 'CACHE = "redis://localhost:16385/0"', 16385, Role.HOST, "redis"),
    ("a.go", 'dataStorageBaseURL = "http://localhost:18100"', 18100, Role.HOST, "datastorage"),
    ("Makefile", "\t-lsof -ti tcp:18100 | xargs kill", 18100, Role.HOST, None),
    ("a.sh", "until nc -z localhost 16384; do sleep 1; done", 16384, Role.HOST, None),
    ("a.go", 'net.JoinHostPort("localhost", "16387")', 16387, Role.HOST, None),
    # environment defaults and assignments
    ("a.sh", 'REDIS_PORT="${REDIS_PORT:-16387}"', 16387, Role.HOST, "redis"),
    ("a.py", 'PORT = int(os.getenv("REDIS_PORT", "16389"))', 16389, Role.HOST, "redis"),
    ("a.py", 'os.environ.get("POSTGRES_PORT", 15443)', 15443, Role.HOST, "postgresql"),
    ("a.go", 'getEnvOr("DATA_STORAGE_PORT", "18100")', 18100, Role.HOST, "datastorage"),
    ("a.sh", 'POSTGRES_PORT="15443"', 15443, Role.HOST, "postgresql"),
    ("a.sh", "PORT=18097", 18097, Role.CONTAINER, None),
    ("a.sh", "SERVICE_PORT=18097", 18097, Role.CONTAINER, None),
    ("a.sh", "POSTGRES_PORT=5432", 5432, Role.CONTAINER, "postgresql"),
    ("Makefile", "WE_REDIS_PORT ?= 16388", 16388, Role.HOST, "redis"),
    ("a.go", "WERedisIntegrationPort = 16388", 16388, Role.HOST, "redis"),
    # a port argument is unknown, unless the line gives it a local host: then it is that
    # address's (the blind tree's pattern, tests/test_scan_blind.py)
    ("a.py", "redis.Redis(host=redis_host, port=16385)", 16385, Role.UNKNOWN, "redis"),
    ("a.py", "redis.Redis(host='localhost', port=16385)", 16385, Role.HOST, "redis"),
    # YAML keys: the parent names the component; listen keys are inside the container
    ("c.yaml", "redis:\n  addr: localhost:16387", 16387, Role.HOST, "redis"),
    ("c.yaml", "database:\n  host: localhost\n  port: 15441", 15441, Role.HOST, "postgresql"),
    ("c.yaml", "server:\n  port: 18097", 18097, Role.CONTAINER, None),
    ("c.yaml", "sessions: {redis: {addr: 'localhost:16389'}}", 16389, Role.HOST, "redis"),
    ("c.yaml", "server.port: 18097", 18097, Role.CONTAINER, None),
    # not ports at all
    ("c.yaml", "limits:\n  maxConnections: 18100", 18100, Role.OTHER, None),
    ("a.go", "buf := make([]byte, 16384)", 16384, Role.OTHER, None),
    ("a.go", "time.Duration(18100) * time.Millisecond", 18100, Role.OTHER, None),
    ("a.py", "seconds = 18100 / 1000", 18100, Role.OTHER, None),
    ("Dockerfile", "EXPOSE 18097", 18097, Role.CONTAINER, None),
    # bare numbers stay unknown: judged like host ports
    ("a.sh", "fuser -k 16387/tcp", 16387, Role.UNKNOWN, None),
    ("a.go", 'fmt.Println("port", 18100)', 18100, Role.UNKNOWN, None),
]


@pytest.mark.parametrize(("path", "text", "port", "role", "component"), ROLES)
def test_roles(path: str, text: str, port: int, role: Role, component: str | None) -> None:
    hit = hit_on_last_line(path, text, port)
    assert (hit.role, hit.component_hint) == (role, component), hit.why


def test_a_hit_keeps_its_position_and_suppression() -> None:
    hit = hit_on_last_line("a.sh", "x=1\nREDIS_PORT=16387 # portreg: ignore[PR501]", 16387)
    assert (hit.line, hit.column, hit.offset) == (2, 12, 15)
    assert hit.suppressed == {"PR501"}
    assert hit.why == "key REDIS_PORT"


# (file, text, port, place, reference)
PLACES = [
    ("a.go", "// Redis runs on 16387", 16387, Place.COMMENT, False),
    ("a.go", 'x := "// not a comment 16387"', 16387, Place.CODE, False),
    ("a.go", "/* Redis\n   on 16387 */", 16387, Place.COMMENT, False),
    ("a.go", '/* a */ x := "vendor/**"\ny := 16387', 16387, Place.CODE, False),
    ("a.go", "x := `\n16387:6379`", 16387, Place.CODE, False),
    ("a.py", "# Redis moved from 16387 to 16388", 16387, Place.COMMENT, True),
    ("a.py", 'def f():\n    """Redis on 16387."""', 16387, Place.COMMENT, False),
    ("a.py", 'def f():\n    """Redis\n    on 16387.', 16387, Place.COMMENT, False),
    ("a.py", 'T = """\nredis: 16387', 16387, Place.CODE, False),
    ("a.py", "x = '#'; y = 16387", 16387, Place.CODE, False),
    ("a.sh", "echo a#b 16387", 16387, Place.CODE, False),
    ("a.sh", "echo ok # was 16387", 16387, Place.COMMENT, True),
    ("a.yaml", "url: 'http://x/#a' # Redis 16387", 16387, Place.COMMENT, False),
    ("Makefile", "X = 1 \\# 16387", 16387, Place.CODE, False),
    ("Makefile", "# it avoids HAPI's 16387", 16387, Place.COMMENT, True),
    ("a.md", "Redis is on 16387.", 16387, Place.DOC, False),
    ("a.md", "Ranges: 16379-16387.", 16387, Place.DOC, True),
    ("a.md", "Allocated right after HAPI's ports: 16387.", 16387, Place.DOC, True),
    ("a.md", "## Before (deprecated)\n\n```yaml\nports: ['16387:6379']", 16387, Place.DOC, True),
    ("a.md", "Previously:\n```\nredis: 16387", 16387, Place.DOC, True),
    ("notes.txt", "# 16387", 16387, Place.CODE, False),
]


@pytest.mark.parametrize(("path", "text", "port", "place", "reference"), PLACES)
def test_places_and_references(
    path: str, text: str, port: int, place: Place, reference: bool
) -> None:
    hit = hit_on_last_line(path, text, port)
    assert (hit.place, hit.reference) == (place, reference)


def test_a_range_in_code_is_a_reference_but_a_mapping_range_is_not() -> None:
    assert hit_on_last_line("a.go", 'r := "16379-16388"', 16388).reference
    assert not hit_on_last_line("a.yml", '- "16380-16382:6379-6381"', 16382).reference


def test_a_comment_names_the_services_it_cites() -> None:
    hit = hit_on_last_line("a.py", "# ours is 16387; 16388 is WorkflowExecution's", 16388)
    assert hit.mentions == {"workflowexecution"}
    # In code too, but there only an address that names its owner cites it (the judge).
    in_code = hit_on_last_line("a.py", "x = 16388  # workflowexecution", 16388)
    assert in_code.mentions == {"workflowexecution"} and not in_code.address
    url = hit_on_last_line("a.py", 'we_url = "http://localhost:16388"  # WorkflowExecution', 16388)
    assert url.address and url.mentions == {"workflowexecution"}


def test_file_kinds() -> None:
    assert [
        kind_of(path)
        for path in ("a/b.go", "x.py", "Makefile", "rules.mk", "Dockerfile.dev", ".env", "a.txt")
    ] == [Kind.GO, Kind.PYTHON, Kind.MAKEFILE, Kind.MAKEFILE, Kind.SHELL, Kind.SHELL, Kind.OTHER]
    assert kind_of("docs/README.md") is Kind.MARKDOWN
    assert kind_of("compose.yml") is Kind.YAML
    assert place_of(b"x", 0, 0, Kind.OTHER) is Place.CODE


def test_yaml_flavours() -> None:
    assert flavour_of(KIND_HEAD.encode(), Kind.YAML) is Flavour.KIND
    assert flavour_of(K8S_HEAD.encode(), Kind.YAML) is Flavour.KUBERNETES
    assert flavour_of(COMPOSE_HEAD.encode(), Kind.YAML) is Flavour.COMPOSE
    assert flavour_of(b"a: 1", Kind.YAML) is Flavour.PLAIN
    assert flavour_of(COMPOSE_HEAD.encode(), Kind.GO) is Flavour.PLAIN


def test_names_are_whole_words() -> None:
    assert words("WERedisIntegrationPort") == ["we", "redis", "integration", "port"]
    assert words("dataStorageBaseURL") == ["data", "storage", "base", "url"]
    assert VOCABULARY.component_in("PG_PORT") == "postgresql"
    assert VOCABULARY.component_in("upgradePort") is None
    assert VOCABULARY.component_in("DATA_STORAGE_URL") == "datastorage"
    # The rightmost name wins: the port belongs to the last thing named before it.
    assert VOCABULARY.component_in("redisPostgresPort") == "postgresql"
    assert VOCABULARY.services_in("after HAPI's ports") == {"hapi"}
    assert VOCABULARY.services_in("after the others") == frozenset()


def test_a_file_of_no_service_is_read_for_allocated_ports_only() -> None:
    matcher = PortMatcher([16387, 16383], VOCABULARY.container_ports)

    def owners(path: str, _data: bytes) -> tuple[str, ...]:
        return ("s",) if path.startswith("owned/") else ()

    reader = PortReader(matcher, VOCABULARY, owners, {16387})
    text = b'REDIS_PORT="16389"\nA=16383\nB=16387\n'
    assert [hit.port for hit in reader.find(text, "owned/a.sh")] == [16389, 16383, 16387]
    assert [hit.port for hit in reader.find(text, "other/a.sh")] == [16387]


@pytest.mark.parametrize(
    ("text", "flavour"),
    [
        (KIND_HEAD, Flavour.KIND),
        ("nodes:\n  - role: control-plane\n    extraPortMappings:\n", Flavour.KIND),  # a fragment
        # Regressions: a ClusterRole is no Kind cluster, nor is a Deployment whose comment
        # speaks of extraPortMappings (their ports were read as NodePorts).
        ("apiVersion: rbac/v1\nkind: ClusterRole\n---\n" + K8S_HEAD, Flavour.KUBERNETES),
        (
            "apiVersion: apps/v1\nkind: Deployment\n# reached through extraPortMappings\n",
            Flavour.KUBERNETES,
        ),
    ],
)
def test_the_flavour_of_a_yaml_file(text: str, flavour: Flavour) -> None:
    assert flavour_of(text.encode(), Kind.YAML) is flavour


def test_a_manifest_beside_a_cluster_role_keeps_its_container_ports() -> None:
    text = "apiVersion: rbac/v1\nkind: ClusterRole\n---\n" + K8S_HEAD + "  - containerPort: 18095"
    assert hit_on_last_line("deploy.yaml", text, 18095).role is Role.CONTAINER


def test_a_compose_service_without_an_image_takes_no_other_services_image() -> None:
    # Regression: the image of the service above named this one's port (redis).
    text = COMPOSE_HEAD + '    ports: ["16387:6379"]\n  api:\n    build: .\n    ports:\n'
    hit = hit_on_last_line("compose.yml", text + '      - "16390:9000"', 16390)
    assert (hit.role, hit.component_hint) == (Role.HOST, None)
    # The image may come after the ports, within the same service.
    below = 'services:\n  cache:\n    ports:\n      - "16391:9000"\n    image: redis:7\n'
    reader = PortReader(PortMatcher([16391], VOCABULARY.container_ports), VOCABULARY)
    (found,) = [hit for hit in reader.find(below.encode(), "c.yml") if hit.port == 16391]
    assert found.component_hint == "redis"
