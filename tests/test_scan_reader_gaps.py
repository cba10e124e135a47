"""Reader gaps found on public trees: test data files (CSV, TSV, JSON lines) are skipped,
IPv6 literals are no mappings, and a code number's digit separators (``22_019``) make one
number."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result
from inprocess import invoke
from scan_tree import build_tree, git

from portreg.adopt.names import KNOWN_COMPONENTS
from portreg.scan.kind_configs import ConfigUses
from portreg.scan.sightings import Claim, TreeReader
from portreg.scan.suites import Clue
from portreg.scan.tree_reading import _vocabulary

Run = Callable[..., Result]
WE = "test/integration/workflowexecution"
# effectivenessmonitor's integration api port: foreign in a workflowexecution file.
FOREIGN = "18100"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "project")


def scan_file(run_cli: Run, tree: Path, name: str, text: str) -> list[dict[str, object]]:
    (tree / WE / name).write_text(text, "utf-8")
    result = run_cli("scan", WE, "--format", "json", cwd=tree)
    assert result.code in (0, 1), result
    findings: list[dict[str, object]] = json.loads(result.out)["findings"]
    return [finding for finding in findings if finding["file"] == f"{WE}/{name}"]


# --- test data files


@pytest.mark.parametrize("name", ["titles.csv", "rows.TSV", "events.jsonl", "dump.ndjson"])
def test_data_files_are_skipped_and_counted(run_cli: Run, tree: Path, name: str) -> None:
    (tree / WE / name).write_text(f"id,url\n1,localhost:{FOREIGN}\n", "utf-8")
    result = run_cli("scan", WE, cwd=tree)
    assert name not in result.out
    assert "1 data file" in result.out
    skipped = json.loads(run_cli("scan", WE, "--format", "json", cwd=tree).out)["scan"]["skipped"]
    assert skipped["data file"] == 1


def test_a_staged_data_file_is_skipped(tree: Path) -> None:
    (tree / WE / "titles.csv").write_text(f"url\nlocalhost:{FOREIGN}\n", "utf-8")
    git(tree, "add", f"{WE}/titles.csv")
    result = invoke("scan", "--staged", "--format", "json", cwd=tree)
    assert result.code == 0, result
    assert json.loads(result.out)["scan"]["skipped"] == {"data file": 1}


# --- IPv6 literals


@pytest.mark.parametrize(
    "line",
    [
        f"fail: '1111:2222:3333::{FOREIGN}:',\n",
        f'addr := "fe80::{FOREIGN}"\n',
        f"pass: 'fe80:0000:0000:0000:0204:61ff:{FOREIGN}:f156'\n",
        f"mapped = '::ffff:{FOREIGN}:10.0.0.1'\n",
    ],
)
def test_a_group_of_an_ipv6_address_is_no_port(run_cli: Run, tree: Path, line: str) -> None:
    assert scan_file(run_cli, tree, "addresses_test.go", line) == []


@pytest.mark.parametrize(
    "line",
    [
        f'url := "http://[::1]:{FOREIGN}/health"\n',
        f'listen := "[::]:{FOREIGN}"\n',
        f"# netstat: tcp6 0 0 :::{FOREIGN} :::* LISTEN\n",
        f'ports := "127.0.0.1:{FOREIGN}:8080"\n',
    ],
)
def test_the_port_after_an_ipv6_host_is_still_read(run_cli: Run, tree: Path, line: str) -> None:
    found = scan_file(run_cli, tree, "addresses_test.go", line)
    assert [finding["code"] for finding in found] in (["PR501"], ["PR506"])
    assert found[0]["column"] == line.index(FOREIGN) + 1


# --- digit separators (scan, then init --discover)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("audit_test.go", "const apiPort = 18_100\n"),
        ("audit.test.ts", "const url = `http://localhost:${18_100}`;\n"),
        ("test_audit.py", "API = ('localhost', 18_100)\n"),
        ("AuditTest.java", "int apiPort = 18_100;\n"),
        ("audit.rs", "let api_port = 1_8100;\n"),
    ],
)
def test_a_code_number_with_separators_is_one_number(
    run_cli: Run, tree: Path, name: str, line: str
) -> None:
    found = scan_file(run_cli, tree, name, line)
    assert [(finding["code"], finding["column"]) for finding in found] == [
        ("PR501", line.index("1_8" if "1_8" in line else "18_") + 1)
    ]
    assert "18100" in str(found[0]["message"])


def test_a_separated_port_after_a_port_key_is_read_though_unknown(run_cli: Run, tree: Path) -> None:
    found = scan_file(run_cli, tree, "audit_test.go", "redisPort := 19_456\n")
    assert [(finding["code"], finding["column"]) for finding in found] == [("PR505", 14)]
    assert "redis on 19456" in str(found[0]["message"])


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("values.yaml", "apiPort: 18_100\n"),  # YAML: a string
        ("setup.sh", "API_PORT=18_100\n"),
        ("notes.md", "The API listens on 18_100.\n"),
        ("audit_test.go", "timeout := 25_000 // 18_100x\n"),
        ("audit_test.go", "size := 2_147_483_647\n"),
    ],
)
def test_separators_elsewhere_make_no_number(
    run_cli: Run, tree: Path, name: str, line: str
) -> None:
    assert scan_file(run_cli, tree, name, line) == []


def _sightings(path: str, text: str) -> list[tuple[int, Claim]]:
    vocabulary = _vocabulary(KNOWN_COMPONENTS, [Clue("orders", "folder")])
    reader = TreeReader(vocabulary, {path: Clue("orders", "folder")}, ConfigUses([]))
    return [(found.port, found.claim) for found in reader.read(text.encode(), path).sightings]


def test_init_discover_reads_a_separated_port_in_code() -> None:
    found = _sightings("test/integration/orders/config.ts", "export const ordersPgPort = 15_433;\n")
    assert found == [(15433, Claim.DECLARED)]
    assert _sightings("test/integration/orders/env.sh", "ORDERS_PG_PORT=15_433\n") == []


@pytest.mark.parametrize(
    "test_start",
    ["it.skip('ECONNREFUSED', async () => {", "it('Connection timeout', async () => {"],
)
def test_a_separated_port_in_a_failing_connection_test_is_no_allocation(test_start: str) -> None:
    text = f"{test_start}\n  const db = connect({{ host: '127.0.0.1', port: 34_237 }});\n"
    assert _sightings("test/integration/orders/connection.test.js", text) == []


# --- ranges of host ports published


def _compose(ports: str) -> str:
    return f"services:\n  api:\n    image: example/api:1\n    ports:\n{ports}"


def _judged(found: list[dict[str, object]]) -> dict[str, tuple[object, object]]:
    """For each port a finding names: its code and column."""
    return {
        port: (finding["code"], finding["column"])
        for finding in found
        for port in ("18098", "18099", "18100", "18101")
        if re.search(rf"\b{port}\b", str(finding["message"]).split(";")[0])
    }


@pytest.mark.parametrize(
    ("ports", "column"),
    [
        ('      - "18098-18101:18098-18101"\n', 10),
        ('      - "127.0.0.1:18098-18101:8080-8083"\n', 20),
        ('      - target: 8080\n        published: "18098-18101"\n', 21),
    ],
)
def test_every_port_of_a_published_range_is_judged(
    run_cli: Run, tree: Path, ports: str, column: int
) -> None:
    judged = _judged(scan_file(run_cli, tree, "podman-compose.test.yml", _compose(ports)))
    # 18100 (effectivenessmonitor's api) and 18099 lie inside the range: judged at its start.
    assert judged["18100"] == ("PR501", column)
    assert judged["18099"][1] == column
    assert set(judged) == {"18098", "18099", "18100", "18101"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # One container port: docker binds one port of the host range, which it chooses.
        ("podman-compose.test.yml", _compose('      - "18098-18101:8080"\n')),
        ("podman-compose.test.yml", _compose('      - "18098-18101:8080-8082"\n')),  # unequal
        ("setup_test.py", "for port in range(18098, 18102):\n    pass\n"),
        ("notes.md", "Ports 18098-18101 are free; see 18098-18101:x.\n"),
        ("podman-compose.test.yml", _compose('      - "1024-65535:1024-65535"\n')),  # a pool
    ],
)
def test_ranges_that_publish_no_port_one_by_one_are_left_alone(
    run_cli: Run, tree: Path, name: str, text: str
) -> None:
    judged = _judged(scan_file(run_cli, tree, name, text))
    assert "18100" not in judged and "18099" not in judged


def test_init_discover_proposes_every_port_of_a_published_range() -> None:
    text = _compose('      - "16379-16381:16379-16381"\n').replace("example/api:1", "redis:7")
    found = _sightings("test/integration/orders/compose.yml", text)
    assert found == [(16379, Claim.BIND), (16380, Claim.BIND), (16381, Claim.BIND)]
