"""How ``portreg init --from-table`` reads the layouts real port documents have.

tests/fixtures/adoption/tables/ holds three documents written for these tests after the
shapes of public port documents (never their text): ``host-map.md`` (a compose stack's
host map: sections of host/container tables, URL columns, group rows, ``host:container``
cells, spare and shared rows, a production table, ranges by purpose, a table of API docs
that restates ports under other names), ``suite-ports.md`` (test suites' ports: named
port lists in a "Port Range" column, test classes with base ports and counts, Dev/Test/CI
columns, a table with headers in Chinese and a continued row, bullet lists) and
``kind-lab.md`` (Kind tables with the host port first, a "Service Port" column, a table
of ports inside the pod, prose tables). tests/test_init_table.py checks that each gives
exactly its ``NAME.expected``; the tests here check what each rule does besides.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from inprocess import invoke

from portreg.adopt.cells import read_cell
from portreg.adopt.columns import Role, classify
from portreg.adopt.evidence import Evidence
from portreg.adopt.merge import component_id
from portreg.adopt.names import environment_in, known_component
from portreg.adopt.table import read_document
from portreg.loading.registry import load_registry
from portreg.models import Registry

TABLES = ROOT / "tests" / "fixtures" / "adoption" / "tables"
TODAY = {"PORTREG_TODAY": "2026-03-01"}


def _adopt(name: str, tmp_path: Path) -> tuple[Registry, str]:
    shutil.copy(TABLES / f"{name}.md", tmp_path / f"{name}.md")
    result = invoke("init", "--from-table", f"{name}.md", "--concise", cwd=tmp_path, env=TODAY)
    assert result.code == 0, result.out + result.err
    registry = load_registry(tmp_path / "registry" / "ports.yaml").registry
    assert registry is not None
    return registry, result.out


def _ports(registry: Registry) -> set[int]:
    return {use.port for use in registry.allocations}


def _document(text: str) -> Evidence:
    return read_document(text, "PORTS.md")


def test_a_host_map_reads_what_each_table_says_and_nothing_it_restates(tmp_path: Path) -> None:
    registry, out = _adopt("host-map", tmp_path)
    ports = _ports(registry)
    # Production deployment and spare (*Available*) rows are no allocations.
    assert not {443, 8080, 18120, 18121} & ports
    # An internal URL (http://tickets:8080) is the container's port; an external one
    # restates the host port.
    tickets = registry.services["tickets-service"].ports["integration"]["app"]
    assert not isinstance(tickets, list)
    assert (tickets.port, tickets.container_port) == (18100, 8080)
    # "Tickets API" and "Notifier API" in the docs table are the services stated above.
    assert set(registry.services) >= {"tickets-service", "notifier"}
    assert not {"tickets-api", "notifier-api"} & set(registry.services)
    # A port of several services stated nowhere else is said, at its cell.
    assert "host-map.md:49:3: warning PR113 unplaced-port: 18140: a port of several" in out
    assert out.count("PR113") == 1
    # Ranges by purpose ("18000-18999: HTTP APIs") hold several services' ports: no
    # reservation, and nothing to report.
    assert registry.reserved == []
    assert "PR110" not in out


def test_host_and_container_cells_give_both_numbers(tmp_path: Path) -> None:
    registry, _ = _adopt("host-map", tmp_path)
    relay = registry.services["smtp-relay"].ports["integration"]["app"]
    agent = registry.services["metrics-agent"].ports["integration"]["app"]
    assert not isinstance(relay, list) and not isinstance(agent, list)
    assert (relay.port, relay.container_port) == (11025, 25)
    assert (agent.port, agent.container_port, agent.protocol) == (19125, 9125, "udp")
    # An application protocol (HTTP, gRPC) is TCP; the component is what the row says.
    assert set(registry.services["ingest"].ports["integration"]) == {"http", "grpc"}


def test_suite_ports_read_named_lists_environments_and_lists(tmp_path: Path) -> None:
    registry, out = _adopt("suite-ports", tmp_path)
    # Counts and range ends are no ports: Max Offset, Max Port, Nodes.
    assert not {20, 40, 6122, 6174, 3, 5} & _ports(registry)
    # A sentence in a list is prose: its 28081 is no allocation.
    assert 28081 not in _ports(registry)
    assert set(registry.tiers) == {"integration", "dev", "test", "ci"}
    assert "suite-ports.md:27:30: warning PR113 unplaced-port: ?: no port yet" in out
    # "N.A. (unit tests only)" is nothing, and says nothing.
    assert "sdk-core" not in registry.services and out.count("PR113") == 1


def test_a_kind_lab_takes_its_cluster_from_the_lead_and_skips_pod_ports(tmp_path: Path) -> None:
    registry, out = _adopt("kind-lab", tmp_path)
    assert registry.scopes["kind-obs"].config == "lab/kind-obs.yaml"
    # "Service Port" is the Kubernetes Service's port, inside the cluster (the component's
    # default container port, or the allocation's own where it differs).
    default = registry.components["app"].container_port
    for service, port in (("trace-ui", 16686), ("trace-api", 14268)):
        trace = registry.services[service].ports["e2e"]["app"]
        assert not isinstance(trace, list)
        assert (trace.container_port or default) == port
    # Ports inside the pod, a PVC's "5 Gi" and "~120 lines" are no allocations, and no
    # findings either.
    assert not {8080, 8081, 5, 120, 10} & _ports(registry)
    assert "PR113" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("58084:8080", [(58084, 8080, "tcp")]),
        ("`59200:9200`  `55601:5601`", [(59200, 9200, "tcp"), (55601, 5601, "tcp")]),
        ("127.0.0.1:15432:5432/udp", [(15432, 5432, "udp")]),
        ("18081 → 8081", [(18081, 8081, "tcp")]),
    ],
)
def test_a_cell_mapping_host_to_container(text: str, expected: list[object]) -> None:
    ports = read_cell(text).ports
    assert [(p.port, p.container, p.protocol or "tcp") for p in ports] == expected


def test_urls_in_cells_say_where_a_port_is() -> None:
    local = read_cell("http://localhost:3000/health").ports
    inside = read_cell("postgresql://app:secret@db:5432/tickets").ports
    assert [(p.port, p.internal) for p in local] == [(3000, False)]
    assert [(p.port, p.internal) for p in inside] == [(5432, True)]
    assert [p.port for p in read_cell("`localhost:3307` (see `.env`)").ports] == [3307]


def test_cells_that_measure_or_count_hold_no_port() -> None:
    for text in ("`data` PVC (2 Gi)", "~150 lines", "30s", "512 MB", "3 nodes", "8000+"):
        assert read_cell(text).ports == [], text
    assert read_cell("N.A. (no integration tests)").empty
    assert read_cell("?").pending


def test_a_cell_of_named_ports() -> None:
    value = read_cell("app under test: 4215, mock back end: 9443, proxy 4128, NATS: 4222, 4223")
    assert value.named_list
    assert [(p.port, p.label) for p in value.ports] == [
        (4215, "app under test"),
        (9443, "mock back end"),
        (4128, "proxy"),
        (4222, "NATS"),
        (4223, None),  # takes the name before it
    ]
    assert read_cell("proxy: N.A. (no proxy tests)").ports == []


@pytest.mark.parametrize(
    ("header", "role", "component", "tier"),
    [
        ("Service Port", Role.CONTAINER, None, None),
        ("Internal URL (app-net)", Role.URL, None, None),
        ("Dev Port", Role.HOST, None, "dev"),
        ("CI Port", Role.HOST, None, "ci"),
        ("Local default", Role.IGNORED, None, None),
        ("Max Offset", Role.IGNORED, None, None),
        ("Max Cluster Port", Role.IGNORED, None, None),
        ("Nodes", Role.IGNORED, None, None),
        ("Port Keep", Role.IGNORED, None, None),
        ("hostPort", Role.HOST, None, None),
        ("Ports (host:container)", Role.HOST, None, None),
        ("Base Mgmt Port", Role.HOST, "mgmt", None),
        ("Default Host Port (9999 stack)", Role.HOST, None, None),
        (".NET Api Services", Role.SERVICE, None, None),
        ("Test Class", Role.SERVICE, None, None),
        ("ClusterIP 포트", Role.CONTAINER, None, None),
        ("외부 포트", Role.HOST, None, None),
        ("服務", Role.SERVICE, None, None),
        ("協定", Role.PROTOCOL, None, None),
    ],
)
def test_a_header_says_what_its_column_holds(
    header: str, role: Role, component: str | None, tier: str | None
) -> None:
    column = classify(header)
    assert (column.role, column.component, column.tier) == (role, component, tier)


def test_a_kind_containerport_column_holds_nodeports() -> None:
    # Kind's extraPortMappings call the node's port containerPort: a NodePort, or the
    # node's own 80/443 for an ingress (proposed as the container's port).
    evidence = _document(
        "## Kind extraPortMappings\n\n| Service | hostPort | containerPort |\n|---|---|---|\n"
        "| gateway | 8080 | 30080 |\n| web | 8443 | 443 |\n"
    )
    assert [(p.service, p.port, p.node_port) for p in evidence.ports] == [
        ("gateway", 8080, 30080),
        ("web", 8443, 443),
    ]


def test_one_service_on_several_rows_is_several_ports() -> None:
    evidence = _document(
        "| Service | Port | Purpose |\n|---|---|---|\n"
        "| MinIO (API) | 9000 | |\n| MinIO (Console) | 9001 | |\n"
        "| grafana | 3000 | dashboards |\n| grafana | 3001 | image renderer |\n"
        "| proxy | 8085 | internal |\n| proxy | 8086 | internal |\n"
    )
    found = {(p.service, p.component, p.instance, p.port) for p in evidence.ports}
    # MinIO is a well-known component: its own port is a MinIO, these two its API and console.
    assert found == {
        ("MinIO", "MinIO API", None, 9000),
        ("MinIO", "MinIO Console", None, 9001),
        ("grafana", "dashboards", None, 3000),
        ("grafana", "image renderer", None, 3001),
        ("proxy", "internal", "internal-1", 8085),
        ("proxy", "internal", "internal-2", 8086),
    }


def test_a_table_of_a_services_ports_by_role_under_its_heading() -> None:
    # "| 4100 | API |", "| 4190 | Metrics |" under "#### Janus — 4100-4199" are Janus's
    # ports; a DB-number column and an example column are no ports.
    evidence = _document(
        "# Port map\n\n#### Janus (identity) — 4100-4199\n\n"
        "| Port | Service | Purpose |\n|---|---|---|\n"
        "| 4100 | API | backend |\n| 4101 | Dashboard | UI |\n| 4190 | Metrics | scrape |\n\n"
        "## Redis databases\n\n| DB | Service |\n|---|---|\n| 0 | Janus |\n| 1 | Atlas |\n"
        "| 2 | Vega |\n\n## Offsets\n\n| Offset | Purpose | Example (Janus = 4100) |\n"
        "|---|---|---|\n| +00 | API | 4100 → janus-api |\n| +30 | gRPC | 4130 → grpc |\n"
    )
    found = sorted((p.service, p.component, p.port) for p in evidence.ports)
    assert found == [
        ("Janus", "API", 4100),
        ("Janus", "Dashboard", 4101),
        ("Janus", "Metrics", 4190),
    ]


def test_an_empty_service_cell_continues_the_service_above() -> None:
    evidence = _document(
        "| Service | Port | Notes |\n|---|---|---|\n"
        "| **tempo** | 3200 | query API |\n| | 4317 | OTLP gRPC |\n| ngrok | 4040 | |\n"
    )
    assert [(p.service, p.port) for p in evidence.ports] == [
        ("tempo", 3200),
        ("tempo", 4317),
        ("ngrok", 4040),
    ]


def test_a_row_of_several_services_restates_or_is_not_placed() -> None:
    evidence = _document(
        "| Service | Port |\n|---|---|\n| api | 8080 |\n\n## Conflicts\n\n"
        "| Port | Services |\n|---|---|\n| 8080 | api, worker |\n| 9000 | api, worker |\n"
    )
    assert [(p.service, p.port) for p in evidence.ports] == [("api", 8080)]
    (unplaced,) = evidence.unplaced
    assert (unplaced.text, unplaced.place.line) == ("9000", 10)


def test_ports_in_bullet_lists() -> None:
    evidence = _document(
        "# Stack\n\n## Test ports\n\n- PostgreSQL: 15433\n- **Redis** (16379)\n"
        "- gateway → 18080\n- 9090 - metrics\n- The API starts at 9696 and increments.\n"
        "- All database ports (15433, 16379)\n\n"
        "## Production\n\n- gateway: 8080\n\n## Exposed ports\n\n- Kafka\n  - 19092\n  - 19093\n"
    )
    found = sorted((p.service, p.component, p.port) for p in evidence.ports)
    assert found == [
        ("Kafka", "Kafka", 19092),
        ("Kafka", "Kafka", 19093),
        ("PostgreSQL", "PostgreSQL", 15433),
        ("Redis", "Redis", 16379),
        ("gateway", "app", 18080),
        ("metrics", "app", 9090),
    ]


def test_every_item_of_a_list_has_its_lead() -> None:
    # Regression: only a list's first item had the paragraph before it, so the second
    # item of "**Port conflict resolution**:" was read as an allocation (a service
    # "current" colliding with the port the document gives elsewhere).
    evidence = _document(
        "## Gateway ports\n\n**Port conflict resolution (2025-12-25)**:\n"
        "- **Previous (WRONG)**: Port 18094 (belonged to another suite)\n"
        "- **Current (CORRECT)**: Port 18098 (next free)\n"
    )
    assert evidence.ports == []


def test_two_rows_of_one_table_are_two_suites_whatever_their_names() -> None:
    # A second spelling of a service is merged when another table restates its port;
    # two rows of one table ("FMC E2E" and "FMC E2E — variant") stay two suites.
    evidence = _document(
        "| Suite | Host port |\n|---|---|\n| Cache E2E | 8150 |\n| Cache E2E — variant | 8150 |\n"
        "\n## Docs\n\n| Service | URL |\n|---|---|\n| Cache E2E API | http://localhost:8150 |\n"
    )
    assert sorted({p.service for p in evidence.ports}) == ["Cache", "Cache — variant"]


def test_items_under_a_service_heading_are_its_components() -> None:
    evidence = _document(
        "# Ports\n\n## Ledger\n\n### Integration ports\n\n- PostgreSQL: 15610\n- Redis: 16610\n"
        "\n## Billing\n\n- PostgreSQL: 15620\n- Kafka: 19620\n"
        "\n## Security\n\n- Admin APIs (8001, 8181)\n- Metrics endpoints (9090, 9100, etc.)\n"
    )
    found = sorted((p.service, p.tier, p.component, p.port) for p in evidence.ports)
    # A list under a heading that does not say "ports" is read only when every item is a
    # name and its ports (the Security list is prose).
    assert found == [
        ("Billing", "integration", "Kafka", 19620),
        ("Billing", "integration", "PostgreSQL", 15620),
        ("Ledger", "integration", "PostgreSQL", 15610),
        ("Ledger", "integration", "Redis", 16610),
    ]


@pytest.mark.parametrize(
    ("heading", "environment"),
    [
        ("Test Environment (docker-compose.test.yml)", "test"),
        ("Development Environment", "dev"),
        ("Local dev (envtest / make run)", "local"),
        ("CI runners", "ci"),
        ("Production/Main Environment", None),
        ("Ports declared in .kb/devservices.dev.yaml", None),
        ("Test and dev environments", None),
    ],
)
def test_a_heading_names_an_environment(heading: str, environment: str | None) -> None:
    assert environment_in(heading) == environment


def test_postgresql_spelled_as_a_product_is_a_well_known_component() -> None:
    # Regression: "PostgreSQL" splits into the words "postgre" and "sql", neither a
    # spelling of postgresql, so a list of "PostgreSQL: 15610" items was no component list.
    assert known_component("PostgreSQL") == "postgresql"
    assert known_component("PostgreSQL (warehouse)") == "postgresql"


def test_a_name_of_filler_words_is_no_well_known_component() -> None:
    # Regression: "cache" (a filler of "Redis cache") was read as postgresql, the first
    # well-known component, because all its words were fillers.
    assert component_id("cache") == "cache"
    assert component_id("database") == "database"
    assert component_id("Redis cache") == "redis"
    assert component_id("Postgres DB") == "postgresql"


_HEADERS = [
    "Service",
    "Component",
    "Port",
    "Host Port",
    "NodePort",
    "Container Port",
    "Service Port",
    "Dev Port",
    "Integration",
    "E2E",
    "Production",
    "Notes",
    "URL",
    "Port Range",
    "Max Port",
    "Nodes",
    "DB",
    "Cluster",
    "Kind config",
    "Protocol",
    "服務",
    "포트",
    "Dependencies",
    "",
]
_CELLS = [
    "",
    "—",
    "N/A",
    "TBD",
    "?",
    "dynamic",
    "15433",
    "**15433**",
    "18625¹",
    "30188*",
    "15432:5432",
    "127.0.0.1:8080:80/udp",
    "18081 → 8081",
    "http://localhost:3000",
    "http://db:5432/x",
    "18080-18089",
    "app under test: 4215, proxy 4128",
    "Kafka: 9092 and 29092",
    "api, worker",
    "*Available*",
    "~~18095~~",
    "0",
    "1",
    "²",
    "2 Gi",
    "65536",
    "99999-1",
    "kind-a-config.yaml",
    "UDP",
    "→ Prometheus",
    "MinIO (API)",
    "`a|b`",
    "¹ a footnote",
]


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(
    headers=st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=5),
    rows=st.lists(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=5), max_size=5),
    heading=st.sampled_from(["Ports", "Ledger", "Production", "Test environment", "端口", ""]),
)
def test_any_table_is_read_or_refused_never_an_internal_error(
    headers: list[str], rows: list[list[str]], heading: str
) -> None:
    lines = [f"## {heading}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join((row + [""] * len(headers))[: len(headers)]) + " |" for row in rows]
    lines += ["", "- Redis: 16379", "- Kafka", "  - 19092"]
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "PORTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = invoke("init", "--from-table", "PORTS.md", "--dry-run", cwd=Path(scratch))
    assert result.code in (0, 1, 2), result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
