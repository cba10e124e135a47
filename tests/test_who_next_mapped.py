"""portreg who and next with the issue-8 keys: mapped sides, blocks, groups, NodePorts."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from helpers import REAL_SIZED
from inprocess import invoke

FILE = "tests/fixtures/real-sized/registry/ports.yaml"
REGISTRY = ("-r", "tests/fixtures/real-sized/registry")


def at(snippet: str, occurrence: int = 0) -> str:
    """``FILE:LINE``: where the fixture holds ``snippet`` (its ``occurrence``-th time)."""
    lines = REAL_SIZED.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if snippet in line]
    return f"{FILE}:{found[occurrence]}"


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # locations are shown relative to the current directory
    assert REAL_SIZED.is_file()


def test_who_shows_the_three_sides_and_the_exclusive_group() -> None:
    result = invoke("who", "28009", *REGISTRY)
    assert result.code == 0
    assert result.out.splitlines() == [
        f"{at('port: 28009')}:21: 28009/tcp search e2e api (host 28009 → NodePort 30080 in "
        "kind-search → container 8080)",
        f"{at('port: 28009', 1)}:21: 28009/tcp search-lane-b e2e api (host 28009 → NodePort "
        "30080 in kind-search → container 8080)",
        f"{at('[search, search-lane-b]')}:15: exclusive: search, search-lane-b (e2e) may reuse "
        "ports: the two lanes run on separate CI runners, with the same Kind cluster config",
        f"{at('e2e: 28000-28199')}:45: 28009 is in the api e2e range 28000-28199",
    ]


def test_who_finds_a_node_port_in_its_cluster_with_its_known_conflict() -> None:
    result = invoke("who", "30082", "--scope", "kind-platform", *REGISTRY)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == (
        f"{at('node_port: 30082')}:43: 30082/tcp auth-gateway e2e metrics (host 29010 → "
        "NodePort 30082 in kind-platform → container 9090)"
    )
    assert lines[2].startswith(
        f"{at('- port: 30082')}:5: known conflict on 30082/tcp (kind-platform) between "
        "auth-gateway, feature-flags (tracked in https://tracker.example.org/lumen/LUM-431): "
        "both metrics"
    )
    assert len(lines) == 3
    host = invoke("who", "30082", "--scope", "host", *REGISTRY)
    assert (host.code, host.out) == (1, "30082: nobody owns it in scope host\n")


def test_who_a_port_in_a_block_is_owned() -> None:
    result = invoke("who", "18125", *REGISTRY, "--format", "json")
    assert result.code == 0
    document = json.loads(result.out)
    assert document["owned"] is True
    assert document["facts"][0] == {
        "kind": "block",
        "text": "18125 is in chat-assistant's integration block 18120-18129",
        "location": f"{at('integration: 18120-18129')}:20",
    }


def test_who_container_ports_are_shown_but_owned_by_nobody() -> None:
    result = invoke("who", "9443", *REGISTRY)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{at('webhook: {container_port')}:35: 9443 is the container port of ingest e2e "
        "webhook (in the cluster only); container ports never conflict",
        f"{at('webhook: {container_port', 1)}:35: 9443 is the container port of billing e2e "
        "webhook (in the cluster only); container ports never conflict",
        f"{at('webhook: {container_port', 2)}:35: 9443 is the container port of auth-gateway "
        "e2e webhook (in the cluster only); container ports never conflict",
        "9443: nobody owns it",
    ]


def test_who_names_instances_and_reservations_kept_for_a_service() -> None:
    instance = invoke("who", "18122", *REGISTRY).out
    assert (
        "18122/tcp chat-assistant integration mcp-server[table] (host 18122 → container 8000)"
        in (instance)
    )
    reserved = invoke("who", "18080", *REGISTRY).out
    assert "18080 reserved (any protocol, scope host) (kept for auth-gateway): the gateway's" in (
        reserved
    )


def test_next_from_a_service_block() -> None:
    args = ("next", *REGISTRY, "--service", "chat-assistant", "--tier", "integration")
    result = invoke(*args, "mcp-server", "-n", "3")
    assert (result.code, result.out) == (0, "18125\n18126\n18127\n")
    # A component's own block: the e2e mcp-server block 28525-28529 (28525, 28526 used).
    component = invoke(
        "next", *REGISTRY, "--service", "chat-assistant", "--tier", "e2e", "mcp-server"
    )
    assert component.out == "28527\n"


def test_next_from_a_full_service_block() -> None:
    result = invoke(
        "next", *REGISTRY, "--service", "chat-assistant", "--tier", "e2e", "mock", "-n", "9"
    )
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "portreg: the chat-assistant e2e block 28520-28524 has only 4 free ports (28521, 28522, "
        "28523, 28524) for the 9 asked for: 1 of 5 taken (1 allocated)\n"
    )


def test_next_block_skips_ports_and_other_blocks() -> None:
    result = invoke("next", *REGISTRY, "--block", "10", "--tier", "integration", "api", "-n", "11")
    assert result.code == 0
    # 18001-18017 and 18080 are allocated, and 18025 and 18045 to ledger's second and third
    # workers (18005 + i × 20); 18120-18129 is chat-assistant's block.
    assert result.out.split() == [
        "18026-18035",
        "18046-18055",
        "18056-18065",
        "18066-18075",
        "18081-18090",
        "18091-18100",
        "18101-18110",
        "18130-18139",
        "18140-18149",
        "18150-18159",
        "18160-18169",
    ]
    tier = invoke("next", *REGISTRY, "--block", "10", "--tier", "integration")
    assert tier.out == "15000-15009\n"  # the tier's range when no component is named


def test_next_block_that_does_not_fit() -> None:
    result = invoke("next", *REGISTRY, "--block", "300", "--tier", "integration", "api")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "portreg: the api integration range 18000-18199 has no free block of 300 ports for the "
        "1 asked for: 28 of 200 taken (23 allocated, 5 in a block)\n"
    )


def test_next_node_ports_are_counted_per_cluster() -> None:
    # kind-chat's range is 30100-30199 and 30100-30107 are its NodePorts; the other clusters'
    # NodePorts (30032, 30042, 30070 ...) and host ports do not count in kind-platform.
    chat = invoke("next", *REGISTRY, "--scope", "kind-chat", "-n", "2")
    assert chat.out == "30108\n30109\n"
    platform = invoke("next", *REGISTRY, "--scope", "kind-platform", "-n", "2")
    assert platform.out == "30000\n30001\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--block", "5"], "--block needs --tier TIER"),
        (["--block", "5", "--tier", "e2e", "mock"], "no mock e2e range is declared"),
        (["--block", "5", "--tier", "e2e", "--service", "search"], "--block hands out a new"),
        (["--block", "5", "--tier", "e2e", "--scope", "kind-chat"], "--block: blocks are host"),
        (["--service", "search", "--tier", "e2e"], "search has no e2e block"),
        (["--service", "nobody", "--tier", "e2e"], "--service: no service nobody"),
        (["--service", "chat-assistant", "--tier", "e2e", "api"], "chat-assistant has no e2e"),
        (["--tier", "integration"], "name the COMPONENT whose range to search"),
        (["api", "--tier", "nightly"], "--tier: no tier nightly (known: integration, e2e)"),
    ],
)
def test_next_bad_usage_is_exit_2(args: list[str], message: str) -> None:
    result = invoke("next", *REGISTRY, *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"portreg: usage: {message}"), result.err
    assert result.err.count("\n") == 1
