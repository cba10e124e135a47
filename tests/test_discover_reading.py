"""The reader ``init --discover`` reads a tree with (portreg/scan/): whose suite a path is,
the tree's own names and their aliases, Kind configs, and what a line says about a host
port. Each case is a syntax or layout as many-service repositories write it."""

from __future__ import annotations

from collections import Counter

import pytest

from portreg.adopt.components import ComponentNames
from portreg.adopt.names import KNOWN_COMPONENTS
from portreg.scan.kind_configs import ConfigUses, KindMapping, read_kind_config
from portreg.scan.sightings import Claim, Sighting, TreeReader, published_names
from portreg.scan.suites import Clue, clue_of, name_in_file, tier_of
from portreg.scan.tree_names import TreeNames, abbreviates, title_of_suite
from portreg.scan.tree_reading import _vocabulary


@pytest.mark.parametrize(
    ("path", "clue"),
    [
        # Suite folders below the test folders, whatever the tier folder.
        ("test/integration/ledger/suite_test.go", Clue("ledger", "folder")),
        ("test/e2e/route-planner/x_test.go", Clue("route-planner", "folder")),
        # A folder below a suite's folder is the suite's (its config, its sub-folders).
        ("test/integration/ledger/geocoder-config/config.yaml", Clue("ledger", "folder")),
        # The folder holding the tests of a service.
        ("geocoder-api/tests/integration/conftest.py", Clue("geocoder-api", "folder")),
        ("geocoder-api/podman-compose.test.yml", Clue("geocoder-api", "folder")),
        ("ledger/src/test/java/com/example/LedgerIT.java", Clue("ledger", "folder")),
        # Package layouts name the service, not the leaf folder.
        ("packages/web-shop/integration-test/setup.ts", Clue("web-shop", "package")),
        ("packages/web-shop/docker-compose.yml", Clue("web-shop", "package")),
        ("services/orders/test/esm/using-api/a.test.ts", Clue("orders", "package")),
        ("test/services/mock-geocoder/ports.go", Clue("mock-geocoder", "package")),
        # A shared folder: the file's name, marked when a tier or Kind word follows it.
        ("test/infrastructure/ledger_e2e_hybrid.go", Clue("ledger", "file", True)),
        ("test/infrastructure/kind-route-planner-config.yaml", Clue("route-planner", "file", True)),
        ("test/kind/kind-config-ledger.yaml", Clue("ledger", "file", True)),
        ("test/infrastructure/rp_bootstrap.go", Clue("rp", "file")),
        ("test/e2e/app_management_test.go", Clue("app-management", "file", False, True)),
        ("test/e2e/fixture/session/actions.go", Clue("actions", "file")),  # no suite below
        ("search/v7/docker-compose.yml", Clue("search", "folder")),  # a version is no suite
        ("docker-compose/kafka/docker-compose.yml", Clue("kafka", "folder")),
        ("test/infrastructure/e2e_images.go", Clue("images", "file")),
        ("tests/01_alert_processing/compose.yml", Clue("01_alert_processing", "folder")),
        # No suite's: evidence only (a root Makefile, scripts, a generic Kind config).
        ("Makefile", Clue(None, "evidence")),
        ("docker-compose.yml", Clue(None, "evidence")),
        ("test/e2e/kind-config.yaml", Clue(None, "project")),  # the project's own e2e suite
        ("hack/start-deps.sh", Clue(None, "evidence")),
        ("controller/sync_test.go", None),  # a program's unit tests, beside its code
        # Nobody's: documents, production code, other kinds of tests, tools' folders, logs.
        ("docs/ports.md", None),
        ("test/integration/ledger/README.md", None),
        ("pkg/ledger/server.go", None),
        ("cmd/ledger/main.go", None),
        ("packages/web-shop/src/esm/server.ts", None),
        ("deploy/ledger/overlays/dev/kind-config.yaml", None),
        ("test/unit/ledger/config_test.go", None),
        ("geocoder-api/tests/load/locustfile.py", None),
        ("test/infrastructure/.generated/ledger/config.yaml", None),
        ("test/llm/watch_20260115", None),
    ],
)
def test_whose_suite_a_path_is(path: str, clue: Clue | None) -> None:
    assert clue_of(path) == clue


def test_a_tree_of_one_project_reads_its_own_code_as_evidence() -> None:
    assert clue_of("internal/ports/ports.go") is None
    assert clue_of("internal/ports/ports.go", whole_project=True) == Clue(None, "evidence")
    assert clue_of("docs/ports.md", whole_project=True) is None


@pytest.mark.parametrize(
    ("path", "tier"),
    [
        ("test/e2e/ledger/x_test.go", "e2e"),
        ("test/infrastructure/ledger_e2e_hybrid.go", "e2e"),
        ("test/integration/ledger/x_test.go", "integration"),
        ("src/test/java/LedgerIT.java", "integration"),
        ("test/infrastructure/kind-ledger-config.yaml", None),
        ("Makefile", None),
    ],
)
def test_the_tier_a_path_names(path: str, tier: str | None) -> None:
    assert tier_of(path) == tier


def test_a_file_name_gives_its_suite_before_the_words_that_say_what_it_does() -> None:
    assert name_in_file("triage_api_helpers.go") == ("triage-api", False)
    assert name_in_file("kind-triage-api-config.yaml") == ("triage-api", True)
    assert name_in_file("kind_cluster_helpers.go") == (None, False)
    assert name_in_file("fleet_eaigw_it.go") == ("fleet-eaigw", True)


def _names(*clues: tuple[Clue, int], titles: dict[str, list[str]] | None = None) -> TreeNames:
    return TreeNames(Counter(dict(clues)), titles)


def test_one_service_however_many_ways_the_tree_spells_it() -> None:
    names = _names(
        (Clue("triage-api", "folder"), 9),  # test/e2e/triage-api/
        (Clue("triageapi", "folder"), 4),  # test/integration/triageapi/
        (Clue("triage", "file", True), 2),  # triage_integration.go, kind-triage-config.yaml
        (Clue("tapi", "file"), 1),  # tapi_bootstrap.go: Triage API's abbreviation
        (Clue("ledger", "folder"), 5),
        (Clue("container-management", "file"), 1),  # names no suite
        (Clue("config.app", "folder"), 3),  # words that say what a folder is, only
    )
    assert names.services() == ["ledger", "triage-api"]
    assert names.aliases() == {"triage-api": {"triageapi", "triage", "tapi"}}
    assert names.service_of(Clue("tapi", "file")) == "triage-api"
    assert names.service_of(Clue("container-management", "file")) is None
    # A marked file name seen once, that names no one else, is no suite.
    lonely = _names((Clue("ledger", "folder"), 2), (Clue("simple", "file", True), 1))
    assert lonely.services() == ["ledger"]


def test_the_suites_own_titles_give_their_abbreviations() -> None:
    names = _names(
        (Clue("datastore", "folder"), 5),
        (Clue("ds", "file"), 1),
        titles={"datastore": [title_of_suite("Data Store Integration Suite (ADR-16)")]},
    )
    assert names.titles == {"datastore": ["Data Store"]}
    assert names.service_of(Clue("ds", "file")) == "datastore"
    assert names.named_in("dsURL") == ["datastore"]
    assert names.named_in("dataStoreBaseURL") == ["datastore"]


def test_an_abbreviation_takes_a_beginning_of_every_word() -> None:
    assert abbreviates("tapi", ["triage", "api"])
    assert abbreviates("ds", ["data", "storage"])
    assert not abbreviates("ds", ["datastorage"])
    assert not abbreviates("tx", ["triage", "api"])


KIND = b"""# the ledger E2E cluster
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: ledger-e2e
networking:
  apiServerPort: 16443
nodes:
- role: control-plane
  extraPortMappings:
  # Ledger API
  - containerPort: 30090
    hostPort: 8090
  - containerPort: 30190  # Metrics NodePort
    hostPort: 9190
    protocol: UDP
  # the ingress controller
  - containerPort: 80
    hostPort: 18080
  - {containerPort: 30091}
  - {containerPort: 99999, hostPort: 18092}
- role: worker
"""


def test_a_kind_config_with_nodeports_an_ingress_and_labels() -> None:
    config = read_kind_config(KIND)
    assert config is not None
    assert config.name == "ledger-e2e"
    assert config.api_server_port == (16443, 6, 18)
    assert config.mappings == (
        KindMapping(8090, 30090, None, "tcp", 12, 15, "Ledger API"),
        KindMapping(9190, 30190, None, "udp", 14, 15, "Metrics NodePort"),
        # Outside the NodePort range: the node's own port, not a NodePort.
        KindMapping(18080, None, 80, "tcp", 18, 15, "the ingress controller"),
        KindMapping(None, 30091, None, "tcp", 19, 21, ""),
    )
    # Not a Kind config (a ClusterRole, a document about Kind), or YAML that does not load.
    assert read_kind_config(b"apiVersion: rbac/v1\nkind: ClusterRole\n") is None
    assert read_kind_config(b"# see kind.x-k8s.io for Cluster configs\nkind: Pod\n") is None
    assert read_kind_config(b"kind: Cluster\napiVersion: kind.x-k8s.io/v1\nx: [\n") is None


def test_a_kind_configs_own_nodeport_range() -> None:
    config = read_kind_config(
        KIND.replace(
            b"nodes:",
            b"kubeadmConfigPatches:\n- |\n  apiServer:\n    extraArgs:\n"
            b'      service-node-port-range: "8000-32767"\nnodes:',
        )
    )
    assert config is not None
    assert config.mappings[2].node_port is None  # 80 is still outside it
    assert [mapping.node_port for mapping in config.mappings[:2]] == [30090, 30190]


def test_the_suites_that_use_a_kind_config_are_found_by_its_name_or_its_clusters() -> None:
    uses = ConfigUses(
        [
            ("test/infrastructure/kind-ledger-config.yaml", "ledger-e2e"),
            ("test/e2e/kind-config.yaml", None),
            ("test/kind/kind-config.yaml", "kind"),  # too common a name to say anything
        ]
    )
    go = b'CreateKindCluster("ledger-e2e", "test/infrastructure/kind-ledger-config.yaml")'
    assert uses.used_in(go) == {"test/infrastructure/kind-ledger-config.yaml"}
    # Two configs share a name: the folder tells them apart.
    assert uses.used_in(b"kind create cluster --config test/e2e/kind-config.yaml") == {
        "test/e2e/kind-config.yaml"
    }
    assert uses.used_in(b"the config is kind-config.yaml") == set()
    assert uses.used_in(b"no mention of clusters: kind-ledger-config.yaml") == {
        "test/infrastructure/kind-ledger-config.yaml"
    }
    assert uses.used_in(b"ledger-e2e without the word") == set()
    # Regression: two names one space apart are both found (the match of the first took
    # the space the second needed before it).
    both = b"for config in kind-ledger-config.yaml e2e/kind-config.yaml; do kind create"
    assert uses.used_in(both) == {
        "test/infrastructure/kind-ledger-config.yaml",
        "test/e2e/kind-config.yaml",
    }
    # A name inside a longer one is not it.
    assert uses.used_in(b"kind: old-kind-ledger-config.yaml kind-ledger-config.yaml-x") == set()
    assert uses.used_in(b'kind("ledger-e2e").') == {"test/infrastructure/kind-ledger-config.yaml"}


def _read(path: str, text: str, clue: Clue | None = None) -> list[Sighting]:
    vocabulary = _vocabulary(KNOWN_COMPONENTS, [Clue("orders", "folder")])
    clues = {path: clue or Clue("orders", "folder")}
    reader = TreeReader(vocabulary, clues, ConfigUses([]))
    return reader.read(text.encode(), path).sightings


def _claims(path: str, text: str) -> list[tuple[int, Claim, str | None, str]]:
    return [(s.port, s.claim, s.component, s.label) for s in _read(path, text)]


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        # Binds: what publishes a port on this machine.
        (
            "test/integration/orders/compose.yml",
            'services:\n  db:\n    image: postgres:16\n    ports:\n      - "15433:5432"\n',
            [(15433, Claim.BIND, "postgresql", "db")],
        ),
        (
            "test/integration/orders/run.sh",
            "podman run -d -p 16380:6379 redis:7\n",
            [(16380, Claim.BIND, "redis", "")],
        ),
        (
            "test/integration/orders/server_test.go",
            'srv := &http.Server{Addr: ":18080"}\n',
            [(18080, Claim.BIND, None, "Addr")],
        ),
        (
            "test/integration/orders/OrdersIT.java",
            "pg.withFixedExposedPort(15441, 5432);\n",
            [(15441, Claim.BIND, None, "")],
        ),
        (
            "test/integration/orders/conftest.py",
            "redis = RedisContainer().with_bind_ports(6379, 16377)\n",
            [(16377, Claim.BIND, None, "redis")],  # named by what the line assigns
        ),
        (
            "test/integration/orders/compose.yml",
            'services:\n  cache:\n    image: redis:7\n    ports: ["${REDIS_PORT:-16381}:6379"]\n',
            [(16381, Claim.BIND, "redis", "REDIS_PORT")],
        ),
        (
            "test/e2e/orders/manifest.yaml",
            "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - name: api\n"
            "      port: 8080\n      nodePort: 30180\n",
            [(30180, Claim.NODE_PORT, None, "api")],
        ),
        # Declarations: a constant or setting named for a port.
        (
            "test/infrastructure/orders_integration.go",
            "const OrdersPostgresPort = 15433\nvar apiPort int = 18090\n",
            [
                (15433, Claim.DECLARED, "postgresql", "OrdersPostgresPort"),
                (18090, Claim.DECLARED, None, "apiPort"),
            ],
        ),
        (
            "test/integration/orders/env.sh",
            "export ORDERS_API_PORT=18091\n",
            [(18091, Claim.DECLARED, None, "ORDERS_API_PORT")],
        ),
        # Clients: an address, an environment default.
        (
            "test/integration/orders/conftest.py",
            'PG_PORT = int(os.environ.get("ORDERS_PG_PORT", "15433"))\n'
            'URL = os.getenv("ORDERS_URL", "http://localhost:18092/health")\n',
            [
                (15433, Claim.CLIENT, "postgresql", "ORDERS_PG_PORT"),
                (18092, Claim.CLIENT, None, "ORDERS_URL"),
            ],
        ),
        # Nothing about the host: container ports, manifests, comments, sizes.
        (
            "test/integration/orders/compose.yml",
            "services:\n  api:\n    image: orders:1\n    environment:\n      PORT: 8080\n"
            "    healthcheck:\n      test: curl localhost:8080/health\n",
            [],
        ),
        (
            "test/e2e/orders/deploy.yaml",
            'apiVersion: v1\nkind: ConfigMap\ndata:\n  addr: ":18081"\n  url: localhost:18082\n',
            [],
        ),
        (
            "test/integration/orders/x_test.go",
            "// the old port was localhost:18093\nbuf := make([]byte, 16384)\n",
            [],
        ),
        (  # a manifest in a Go raw string: the cluster's ports, but its NodePort
            "test/infrastructure/orders_e2e.go",
            "const cm = `\napiVersion: v1\nkind: ConfigMap\ndata:\n  config.yaml: |\n"
            '    healthProbeAddr: ":18081"\n`\n',
            [],
        ),
        (  # a constant named for a NodePort is one
            "test/infrastructure/orders_e2e.go",
            "const OrdersNodePortAPI int32 = 30082\n",
            [(30082, Claim.NODE_PORT, None, "OrdersNodePortAPI")],
        ),
    ],
)
def test_what_a_line_says_about_a_host_port(
    path: str, text: str, expected: list[tuple[int, Claim, str | None, str]]
) -> None:
    assert _claims(path, text) == expected


def test_a_port_in_a_file_of_no_suite_keeps_the_name_that_says_whose_it_is() -> None:
    (sighting,) = _read("Makefile", "LEDGER_API_PORT ?= 18090\n", Clue(None, "evidence"))
    assert (sighting.port, sighting.claim, sighting.label) == (
        18090,
        Claim.DECLARED,
        "LEDGER_API_PORT",
    )


def test_the_names_a_tree_publishes_ports_by() -> None:
    bound, assigned = published_names(
        b'args := []string{"-p", fmt.Sprintf("%d:6379", cfg.RedisPort)}\n'
        b"cfg := Config{RedisPort: OrdersRedisPort}\n"
        b'hostPort := strconv.Itoa(apiPort) + ":8080"\n'
        b"podman run -p ${PG_PORT}:5432 postgres\n"
        b'ports = f"{cache_port}:6379"\n'
    )
    assert bound == {"RedisPort", "apiPort", "PG_PORT", "cache_port"}
    assert assigned == (("RedisPort", "OrdersRedisPort"),)


@pytest.mark.parametrize(
    ("label", "service", "loose", "component"),
    [
        ("OrdersPostgresPort", "orders", True, "postgresql"),
        ("ORDERS_PG_PORT", "orders", True, "postgresql"),
        ("OIIntegrationRedisPort", "orders", True, "redis"),  # OI: the suite's initials
        ("dataStoreBaseURL", "orders", True, "datastore"),  # another service of the tree
        ("dsURL", "orders", True, "datastore"),
        ("OrdersPort", "orders", True, None),  # the suite's own port
        ("GatewayPort", "gateway", True, None),
        ("metricsPort", "orders", True, "metrics"),
        ("APIPort", "orders", True, "api"),
        ("quotaTablePort", "orders", True, "quota-table"),
        # Comments are read from their start, and name known things only.
        ("Metrics (for Prometheus scraping)", "orders", False, "metrics"),
        ("Data Store API Port (for audit queries)", "orders", False, "datastore"),
        ("API Port (if needed in future)", "orders", False, "api"),
        ("the port nobody remembers", "orders", False, None),
    ],
)
def test_a_ports_component_from_the_words_it_is_held_by(
    label: str, service: str, loose: bool, component: str | None
) -> None:
    tree = {"orders": "orders", "oi": "orders", "datastore": "datastore", "ds": "datastore"}
    tree |= {"gateway": "gateway"}

    def named(text: str) -> list[str]:
        from portreg.adopt.names import words

        split = words(text)
        joined = "".join(split)
        if joined in tree:
            return [tree[joined]]
        return [tree[word] for word in split if word in tree]

    assert ComponentNames(named).of(label, service, loose) == component


def test_a_program_built_into_an_image_binds_nothing_on_the_host() -> None:
    vocabulary = _vocabulary(KNOWN_COMPONENTS, [])
    clue = Clue("apps", "folder")
    reader = TreeReader(vocabulary, {}, ConfigUses([]), images=["tests/apps", "geocoder"])
    listen = b'http.ListenAndServe(":3000", nil)\n'
    reader.clues = {path: clue for path in ("tests/apps/echo/app.go", "geocoder/tests/x_test.go")}
    # Below a Dockerfile's folder: the container's port.
    assert reader.read(listen, "tests/apps/echo/app.go").sightings == []
    # A service's tests beside its Dockerfile run on the host.
    (sighting,) = reader.read(listen, "geocoder/tests/x_test.go").sightings
    assert (sighting.port, sighting.claim) == (3000, Claim.BIND)


def test_a_suites_tests_beside_its_fakes_dockerfile_run_on_the_host() -> None:
    # Regression: only folders below the Dockerfile's were looked at, so a fake's
    # Dockerfile in a suite folder put that suite's own x_test.go in the image.
    vocabulary = _vocabulary(KNOWN_COMPONENTS, [])
    suite = "test/integration/ledger"
    reader = TreeReader(vocabulary, {}, ConfigUses([]), images=[suite])
    listen = b'http.ListenAndServe(":18090", nil)\n'
    tests = (f"{suite}/suite_test.go", f"{suite}/test_ledger.py", f"{suite}/ledger.spec.ts")
    reader.clues = {path: Clue("ledger", "folder") for path in (*tests, f"{suite}/fake.go")}
    for path in tests:
        (sighting,) = reader.read(listen, path).sightings
        assert (sighting.port, sighting.claim) == (18090, Claim.BIND), path
    # The fake the Dockerfile builds listens inside its container.
    assert reader.read(listen, f"{suite}/fake.go").sightings == []


def test_a_documents_components_name_the_codes_ports_the_same_way() -> None:
    def nobody(text: str) -> list[str]:
        return []

    assert ComponentNames(nobody).of("DATA_STORAGE_PORT", "orders") == "data-storage"
    named = ComponentNames(nobody, ["DataStorage", "Event Store (audit)"])
    assert named.of("DATA_STORAGE_PORT", "orders") == "datastorage"
    assert named.of("eventStoreURL", "orders") == "event-store"
