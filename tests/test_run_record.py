"""Records of portreg run, judged again by check --observed; records that are not records."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from inprocess import invoke
from run_helpers import FIXTURES

from portreg.run.record import read_record, to_json

REGISTRY = str(FIXTURES / "ports.yaml")
INGEST = str(FIXTURES / "ingest-record.json")
SHOP = str(FIXTURES / "shop-record.json")


def observed(*arguments: str) -> list[str]:
    done = invoke("check", "-r", REGISTRY, "--concise", "-q", *arguments)
    return [line.split(": ", 1)[1] for line in done.out.splitlines() if " PR7" in line]


def test_each_bind_of_a_worker_is_judged_against_the_registry_now() -> None:
    lines = observed("--observed", INGEST)
    located = [line.split(" observed")[0] for line in lines]
    assert located == [
        "warning PR702",  # 29001: nobody's
        "info PR705",  # 41233 and 41240: chosen by the system
        "error PR701",  # 26380: worker 0's redis, not worker 1's
        "error PR701",  # 28090: search's api
        "error PR701",  # 28999: reserved
    ]
    assert lines[2].endswith(
        "container worker0-redis (redis:7, docker) bound 26380/tcp → container port 6379 "
        "during ingest integration worker 1's run, but the registry gives it to ingest "
        "integration redis (worker 0); bind ingest's own port, or declare a share"
    )
    assert "pid 4242 (./ingest.test -test.v) bound 2 ports of the ephemeral range" in lines[1]
    assert "registry reserves it: the production gateway's port" in lines[4]
    # Its own ports (28180, and 26480 in a container) are not findings.
    assert not [line for line in lines if "28180" in line or "26480" in line]


def test_a_nodeport_kubernetes_chose_points_at_the_static_nodeports_at_risk() -> None:
    done = invoke("check", "-r", REGISTRY, "--concise", "--observed", SHOP)
    (line,) = [line for line in done.out.splitlines() if "PR703" in line]
    assert "ports.yaml:25:43: warning PR703" in line  # shop's NodePort 30500
    assert "(monitoring/grafana 31873)" in line
    assert done.code == 0  # a warning


def test_records_follow_select_and_the_exit_status_and_show_in_json() -> None:
    assert invoke("check", "-r", REGISTRY, "--observed", INGEST).code == 1
    assert observed("--select", "PR702", "--observed", INGEST) == [
        line for line in observed("--observed", INGEST) if "PR702" in line
    ]
    document = json.loads(
        invoke("check", "-r", REGISTRY, "--format", "json", "--observed", SHOP).out
    )
    assert [f["code"] for f in document["findings"] if f["code"].startswith("PR7")] == ["PR703"]


@pytest.mark.parametrize(
    ("reused", "foreign"),
    # Every port of the two suites; only search's api 28090, the one bound; only its redis.
    [
        ("", ["26380", "28999"]),
        ("    ports: [28090]\n", ["26380", "28999"]),
        ("    ports: [26390]\n", ["26380", "28090", "28999"]),
    ],
)
def test_an_exclusive_group_that_reuses_a_port_settles_it(
    tmp_path: Path, reused: str, foreign: list[str]
) -> None:
    text = (
        Path(REGISTRY)
        .read_text()
        .replace("    tiers: [e2e]\n", "")
        .replace("    reuse: false\n", "    reuse: true\n" + reused)
    )
    (tmp_path / "ports.yaml").write_text(text)
    done = invoke("check", "-r", str(tmp_path / "ports.yaml"), "--observed", INGEST, "--concise")
    pr701 = [line for line in done.out.splitlines() if "PR701" in line]
    assert [line.split(" bound ")[1].split("/")[0] for line in pr701] == foreign


def test_a_record_reads_back_as_it_was_written() -> None:
    record = read_record(INGEST)
    document = to_json(record, [])
    original = json.loads(Path(INGEST).read_text())
    assert document["binds"] == original["binds"]
    assert document["suite"] == original["suite"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not JSON: Expecting value"),
        ('{"portreg_record": 2}', "record version 2; this portreg reads version 1"),
        ("[1, 2]", "not a record of portreg run --record (no portreg_record key)"),
        ('{"portreg_record": 1, "binds": []}', "not a record of portreg run --record: no suite"),
        (
            '{"portreg_record": 1, "suite": {"service": "ingest", "tier": "integration"}, '
            '"binds": [{"source": "process", "protocol": "tcp", "port": "80"}]}',
            "not a record of portreg run --record: binds[0].port is '80'",
        ),
        (
            '{"portreg_record": 1, "suite": {"service": "gone", "tier": "integration"}, '
            '"binds": []}',
            "the record is of gone integration, which the registry does not have",
        ),
    ],
)
def test_a_file_that_is_not_a_record_is_bad_input(tmp_path: Path, text: str, says: str) -> None:
    record = tmp_path / "record.json"
    record.write_text(text)
    done = invoke("check", "-r", REGISTRY, "--observed", str(record))
    assert done.code == 2 and done.out == ""
    lines = done.err.splitlines()
    assert lines[0] == f"{record}:1:1: error PR706 unreadable-record: {says}"
    assert lines[-1].startswith("1 error, 0 warnings in ")  # check's report of bad input


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--observed"], "--observed FILE...: name the records portreg run --record wrote"),
        ([INGEST], "unexpected argument"),
        (["--fix", "--observed", INGEST], "--observed only reports"),
    ],
)
def test_observed_usage(arguments: list[str], says: str) -> None:
    done = invoke("check", "-r", REGISTRY, *arguments)
    assert done.code == 2 and says in done.err


def test_init_proposes_what_the_runs_bound(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    worker0 = json.loads(Path(INGEST).read_text())
    worker0["suite"]["worker"] = 0
    (tmp_path / "ingest.json").write_text(json.dumps(worker0))
    shutil.copy(SHOP, tmp_path / "shop.json")
    shutil.copy(INGEST, tmp_path / "ingest-worker1.json")
    records = ["ingest.json", "shop.json", "ingest-worker1.json"]
    done = invoke("init", "--observed", *records, "--concise", cwd=tmp_path)
    assert done.code == 0, done.out + done.err
    text = (tmp_path / "registry" / "ports.yaml").read_text()
    assert "from 3 records of portreg run" in text
    assert "metrics: 29001" in text and "mock-llm: 28090" in text  # processes' ports
    assert "41233" not in text  # chosen by the system
    assert "shop-api: {node_port: 30500, cluster: kind-shop}" in text  # written in the Service
    assert "grafana: {dynamic: true}" in text  # chosen by Kubernetes
    assert "kind-shop: {kind: nodeport" in text
    (aside,) = [line for line in done.out.splitlines() if "PR113" in line]
    assert aside.startswith("ingest-worker1.json:1:1: warning PR113")
    assert invoke("check", cwd=tmp_path).code == 0


def test_init_refuses_a_file_that_is_not_a_record(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}")
    done = invoke("init", "--observed", "notes.json", cwd=tmp_path)
    assert done.code == 2
    expected = "not a record of portreg run --record (no portreg_record key)"
    assert done.err == f"notes.json:1:1: error PR706 unreadable-record: {expected}\n"
    assert not (tmp_path / "registry").exists()
