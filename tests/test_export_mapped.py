"""portreg export with the issue-8 keys: instances, NodePorts, container ports, dynamic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from dotenv import dotenv_values
from inprocess import invoke
from test_export import assert_gofmt_shape

REGISTRY = ("-r", "tests/fixtures/real-sized/registry")
CHAT = ("--service", "chat-assistant")


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def export(*args: str) -> str:
    result = invoke("export", *REGISTRY, *args, cwd=ROOT)
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def test_go_names_instances_and_sides() -> None:
    text = export("--format", "go", *CHAT, "--tier", "e2e")
    assert_gofmt_shape(text)
    body = text.split("// chat-assistant: Chat Assistant.\n")[1]
    assert body.splitlines()[:3] == [
        "// ChatAssistantE2EAPINodePort: cluster kind-chat.",
        "// ChatAssistantE2EPostgreSQLNodePort: cluster kind-chat.",
        "// ChatAssistantE2ERedisNodePort: cluster kind-chat.",
    ]
    assert (
        "// ChatAssistantE2EMCPServerScratchPort: dynamic: chosen at run time, no constant.\n"
        in (body)
    )
    constants = [line.split() for line in body.splitlines() if line.startswith("\t")]
    assert ["ChatAssistantE2EMCPServerTablePort", "=", "28525"] in constants
    assert ["ChatAssistantE2EMCPServerTableNodePort", "=", "30105"] in constants
    assert ["ChatAssistantE2EHealthContainerPort", "=", "8086"] in constants
    assert ["ChatAssistantE2EMCPServerScratchContainerPort", "=", "8000"] in constants
    # The dynamic instance has no host port constant; the component's default container
    # port (api: 8080) is not repeated for every allocation.
    assert not [c for c in constants if c[0] in ("ChatAssistantE2EMCPServerScratchPort",)]
    assert not [c for c in constants if c[0] == "ChatAssistantE2EAPIContainerPort"]
    assert len(constants) == 18


def test_a_service_with_only_dynamic_ports_gets_no_empty_const_block() -> None:
    text = export("--format", "go", "--service", "catalog", "--tier", "integration")
    assert_gofmt_shape(text)
    assert text.count("const (") == 1
    assert "// CatalogIntegrationMockPort: dynamic: chosen at run time, no constant, payment " in (
        text
    )


def test_python_and_env_comment_dynamic_allocations(tmp_path: Path) -> None:
    python = export("--format", "python", *CHAT)
    assert "CHAT_ASSISTANT_INTEGRATION_MCP_SERVER_TABLE_PORT: Final = 18122\n" in python
    assert "CHAT_ASSISTANT_E2E_MCP_SERVER_TABLE_NODE_PORT: Final = 30105\n" in python
    assert (
        "# CHAT_ASSISTANT_E2E_MCP_SERVER_SCRATCH_PORT: dynamic: chosen at run time, no constant\n"
        in python
    )
    namespace: dict[str, object] = {}
    exec(compile(python, "ports.py", "exec"), namespace)
    assert namespace["CHAT_ASSISTANT_E2E_MCP_SERVER_SCRATCH_CONTAINER_PORT"] == 8000
    assert "CHAT_ASSISTANT_E2E_MCP_SERVER_SCRATCH_PORT" not in namespace
    env = tmp_path / "ports.env"
    env.write_text(export("--format", "env", *CHAT), encoding="utf-8")
    values = dotenv_values(env)
    assert values["CHAT_ASSISTANT_E2E_HEALTH_CONTAINER_PORT"] == "8086"
    assert values["CHAT_ASSISTANT_INTEGRATION_MCP_SERVER_DOCS_PORT"] == "18124"
    assert len(values) == 27


def test_json_lists_sides_instances_and_dynamic_apart() -> None:
    document = json.loads(export("--format", "json", *CHAT, "--tier", "e2e"))
    by_name = {entry["name"]: entry for entry in document["ports"]}
    assert by_name["ChatAssistantE2EMCPServerTableNodePort"] == {
        "service": "chat-assistant",
        "tier": "e2e",
        "component": "mcp-server",
        "instance": "table",
        "side": "node_port",
        "protocol": "tcp",
        "scope": "kind-chat",
        "note": None,
        "name": "ChatAssistantE2EMCPServerTableNodePort",
        "env": "CHAT_ASSISTANT_E2E_MCP_SERVER_TABLE_NODE_PORT",
        "port": 30105,
    }
    assert by_name["ChatAssistantE2EHealthContainerPort"]["scope"] == "container"
    assert [entry["name"] for entry in document["dynamic"]] == [
        "ChatAssistantE2EMCPServerScratchPort"
    ]
    assert "port" not in document["dynamic"][0]


def test_the_whole_real_sized_registry_exports_without_clashes() -> None:
    document = json.loads(export("--format", "json"))
    names = [entry["name"] for entry in document["ports"] + document["dynamic"]]
    # 279 host ports and NodePorts (a cluster's own port once for each of its suites), 22
    # container ports written on allocations, 3 dynamic.
    assert len(names) == len(set(names)) == 304
    assert len(document["dynamic"]) == 3
    assert sum(entry["side"] == "container_port" for entry in document["ports"]) == 22
