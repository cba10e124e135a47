"""portreg who and portreg next, on the bundled registry, the fixture tree and small ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, Result
from scan_tree import build_tree

Run = Callable[..., Result]


QUOTE = '"'  # a changelog line is a quoted scalar: its place is its opening quote


def position(needle: str, after: str) -> str:
    """``registry/ports.yaml:L:C`` of ``needle`` on the first line containing ``after``."""
    for number, line in enumerate(BUNDLED_FILE.read_text("utf-8").splitlines(), 1):
        if after in line and needle in line:
            return f"registry/ports.yaml:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle} not found")


def test_who_names_the_owner_and_its_registry_line(run_cli: Run) -> None:
    result = run_cli("who", "16387")
    assert result.code == 0
    assert result.out.splitlines() == [
        f"{position('16387', 'redis: 16387')}: "
        "16387/tcp hapi integration redis (host 16387 → container 6379)",
        f"{position('16379-16388', 'integration: 16379-16388')}: "
        "16387 is in the redis integration range 16379-16388",
        # Its past: the changelog line that moved workflowexecution off it.
        f"{position(QUOTE + 'workflowexecution', '16387 → 16388')}: 16387 in changelog 1.9 "
        "(2025-12-25): workflowexecution integration redis: 16387 → 16388 (16387 is hapi's)",
    ]


def test_who_shows_shares_reservations_and_hazards(run_cli: Run) -> None:
    shared = run_cli("who", "15439").out
    assert "15439/tcp notification integration postgresql (host 15439 → container 5432)" in shared
    assert "15439/tcp hapi integration postgresql (host 15439 → container 5432)" in shared
    assert "15439/tcp shared by notification, hapi: HAPI's integration suite" in shared
    reserved = run_cli("who", "8080")
    assert reserved.code == 0
    assert reserved.out.splitlines() == [
        f"{position('8080', '- port: 8080')}: 8080 reserved (any protocol, scope host) "
        "(kept for gateway): production Gateway",
        # One line for the component's default container port, not one per allocation.
        f"{position('8080', 'container_port: 8080')}: 8080 is the container port of "
        "datastorage (11 allocations); container ports never conflict",
        f"{position(QUOTE + 'postgresql', 'container_port (5432')}: 8080 in changelog 1.10 "
        "(2025-12-26): postgresql, redis, datastorage: container_port (5432, 6379, 8080) and names",
        f"{position(QUOTE + 'reserved', 'reserved 8080')}: 8080 in changelog 1.10 (2025-12-26): "
        "reserved 8080: service gateway (the production Gateway's own config may use it)",
        "8080 is HTTP alternate's default port; avoid it for host ports",
    ]


def test_who_exits_1_when_nobody_owns_the_port(run_cli: Run) -> None:
    result = run_cli("who", "16389")
    assert (result.code, result.out) == (1, "16389: nobody owns it\n")
    ranged = run_cli("who", "16383")
    assert ranged.code == 1
    assert ranged.out.splitlines()[-1] == "16383: nobody owns it"
    assert "16383 is in the redis integration range 16379-16388" in ranged.out


def test_who_narrowed_by_protocol_and_scope(run_cli: Run) -> None:
    udp = run_cli("who", "16387", "--protocol", "udp")
    assert udp.code == 1
    assert udp.out.splitlines()[-1] == "16387: nobody owns it in protocol udp"
    scoped = run_cli("who", "16387", "--scope", "kind-e2e")
    assert scoped.code == 1
    assert run_cli("who", "16387", "--scope", "host").code == 0


def test_who_json(run_cli: Run) -> None:
    result = run_cli("who", "18100", "--format", "json")
    document = json.loads(result.out)
    assert document["port"] == 18100
    assert document["owned"] is True
    assert document["facts"][0] == {
        "kind": "allocation",
        "text": "18100/tcp effectivenessmonitor integration api (scope host)",
        "location": position("18100", "api: 18100"),
    }


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_who_rejects_what_is_not_a_port(run_cli: Run, port: str) -> None:
    result = run_cli("who", port)
    assert (result.code, result.out) == (2, "")
    assert "PORT" in result.err


def test_who_on_the_fixture_tree(run_cli: Run, tmp_path: Path) -> None:
    tree = build_tree(tmp_path / "project")
    result = run_cli("who", "18100", cwd=tree)
    assert result.out.startswith(position("18100", "api: 18100"))
    assert "effectivenessmonitor integration api" in result.out


def test_next_gives_the_lowest_free_ports(run_cli: Run) -> None:
    assert run_cli("next", "redis", "--tier", "integration").out == "16383\n"
    result = run_cli("next", "redis", "--tier", "integration", "--count", "2")
    assert (result.code, result.out) == (0, "16383\n16386\n")
    assert run_cli("next", "datastorage", "--tier", "integration", "-n", "2").out == (
        "18093\n18099\n"
    )


def test_next_says_how_full_every_range_is_when_it_cannot(run_cli: Run) -> None:
    result = run_cli("next", "redis", "--tier", "integration", "--count", "3")
    assert (result.code, result.out) == (1, "")
    lines = result.err.splitlines()
    assert lines[0] == (
        "portreg: the redis integration range 16379-16388 has only 2 free ports "
        "(16383, 16386) for the 3 asked for: 8 of 10 taken (8 allocated)"
    )
    assert lines[1] == "other ranges:"
    assert "  postgresql integration 15433-15442: 7 of 10 taken (6 allocated, 1 shared)" in lines
    assert "  redis e2e 26379-26388: 2 of 10 taken (2 allocated)" in lines
    assert len(lines) == 2 + 5


def test_next_skips_reserved_shared_and_hazardous_ports(
    run_cli: Run, write_registry: Callable[..., Path]
) -> None:
    path = write_registry(
        "components:\n"
        "  redis: {ranges: {integration: 6377-6382, e2e: 32765-32770}}\n"
        "  postgresql: {ranges: {integration: 15433-15436}}\n"
        "services:\n"
        "  a: {ports: {integration: {redis: 6377, postgresql: 15433}}}\n"
        "  b: {ports: {integration: {postgresql: 15434}}}\n"
        "reserved:\n"
        "  - {port: 6378, reason: a local tool}\n"
        "shares:\n"
        "  - {port: 15435, services: [a, b], reason: one container}\n",
        base="portreg: 1\ntitle: t\nversion: '1.0'\nupdated: 2025-01-01\n"
        "tiers: {integration: {}, e2e: {}}\n",
    )
    registry = ("-r", str(path))
    # 6377 allocated, 6378 reserved, 6379 is Redis's default port: 6380 is the first free.
    assert run_cli("next", *registry, "redis", "--tier", "integration", "-n", "3").out == (
        "6380\n6381\n6382\n"
    )
    # 32768 and above is the Linux ephemeral range.
    assert run_cli("next", *registry, "redis", "--tier", "e2e", "-n", "3").out == (
        "32765\n32766\n32767\n"
    )
    assert run_cli("next", *registry, "postgresql", "--tier", "integration").out == "15436\n"
    full = run_cli("next", *registry, "postgresql", "--tier", "integration", "-n", "2")
    assert full.code == 1
    assert "has only 1 free port (15436) for the 2 asked for: 3 of 4 taken" in full.err


def test_next_on_a_full_range(run_cli: Run, write_registry: Callable[..., Path]) -> None:
    path = write_registry("services: {a: {ports: {integration: {redis: 16379}}}}\n").parent
    registry = path / "ports.yaml"
    text = registry.read_text("utf-8").replace("16379-16388", "16379-16379")
    registry.write_text(text, "utf-8")
    result = run_cli("next", "-r", str(registry), "redis", "--tier", "integration")
    assert result.code == 1
    assert result.err.startswith(
        "portreg: the redis integration range 16379 is full: 1 of 1 taken (1 allocated)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--tier", "integration"], "no component nope (known: postgresql, redis"),
        (["api", "--tier", "integration"], "api declares no range for tier integration"),
        (["redis", "--tier", "integration", "--scope", "nope"], "--scope: no scope nope"),
    ],
)
def test_next_bad_usage(run_cli: Run, args: list[str], message: str) -> None:
    result = run_cli("next", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"portreg: usage: {message}")
    assert run_cli("next", "redis").code == 2  # --tier is required
    assert run_cli("next", "redis", "--tier", "integration", "-n", "0").code == 2


def test_next_on_the_fixture_tree(run_cli: Run, tmp_path: Path) -> None:
    tree = build_tree(tmp_path / "project")
    assert run_cli("next", "postgresql", "--tier", "e2e", cwd=tree).out == "25434\n"


@pytest.mark.parametrize("command", [["who", "16379"], ["next", "redis", "--tier", "integration"]])
def test_an_invalid_registry_is_exit_2_with_its_findings(
    run_cli: Run, write_registry: Callable[..., Path], command: list[str]
) -> None:
    path = write_registry("services: {a: {ports: {integration: {redis: '16379'}}}}\n")
    result = run_cli(*command, "-r", str(path))
    assert (result.code, result.out) == (2, "")
    assert "error PR101 schema" in result.err


def test_who_shows_the_note_on_one_line(run_cli: Run, write_registry: Callable[..., Path]) -> None:
    path = write_registry(
        "services:\n  a: {ports: {integration: {redis: {port: 16379, note: 'first\n    line'}}}}\n"
    )
    result = run_cli("who", "16379", "-r", str(path))
    assert result.code == 0
    assert result.out.splitlines()[0].endswith(
        ": 16379/tcp a integration redis (scope host): first line"
    )
