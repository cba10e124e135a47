"""services.<s>.workers: every worker's ports seen by the rules and the commands, exported
with their count and stride, and refused where they copy nothing."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from dotenv import dotenv_values
from helpers import RULE_FIXTURES, fixture_findings, load_text, message_at, places
from inprocess import invoke

from portreg.probe import needed_ports

WORKERS = RULE_FIXTURES / "workers.yaml"
# The fixture without its deliberate mistakes: two suites with workers, no conflict.
CLEAN = """\
portreg: 1
title: Parallel workers
version: "1.0"
updated: 2025-01-01
tiers:
  integration: {}
components:
  api: {}
  redis:
    ranges: {integration: 16380-16399}
services:
  ingest:
    paths: [ingest/**]
    ports:
      integration: {redis: 16380, api: 18080}
    workers:
      integration: {count: 4, stride: 1}
  search:
    ports:
      integration: {redis: 16390, api: 18090}
    workers:
      integration:
        count: 3
        stride: {redis: 2, api: 0}
"""


def test_findings_of_the_workers_fixture() -> None:
    assert places(fixture_findings("workers")) == [
        ("PR201", "workers.yaml:20:39"),  # ingest's worker 3 redis on billing's
        ("PR201", "workers.yaml:27:49"),  # search's worker 1 api on its own mockllm
        ("PR201", "workers.yaml:27:62"),  # search's worker 2 mockllm on billing's
        ("PR107", "workers.yaml:35:7"),  # workers for e2e, but no e2e ports
        ("PR203", "workers.yaml:36:7"),  # an undeclared tier
        ("PR107", "workers.yaml:39:9"),  # no stride for api
        ("PR107", "workers.yaml:40:11"),  # a stride for a port it does not have
    ]


def test_a_computed_port_on_another_suites_is_an_error_at_its_stride() -> None:
    message = message_at(fixture_findings("workers"), "PR201", "workers.yaml:20:39")
    assert message == (
        "port 16383 (tcp, host) is used by billing (integration redis) and ingest "
        "(integration redis[worker 3]: 16380 + 3 × 1); move one, or declare a share"
    )


def test_every_workers_port_is_the_suites_own() -> None:
    registry = load_text(CLEAN).registry
    assert registry is not None
    ports = sorted((use.service, use.port, use.worker) for use in registry.allocations)
    assert ("ingest", 16383, 3) in ports and ("search", 16394, 2) in ports
    assert [p for p in ports if p[0] == "search" and p[1] == 18090] == [("search", 18090, 0)]
    needed = needed_ports(registry, ("ingest",))
    assert sorted(port for _, port in needed) == [*range(16380, 16384), *range(18080, 18084)]
    assert registry.services["search"].worker_offsets("integration", "redis") == [0, 2, 4]
    assert registry.services["search"].worker_offsets("integration", "api") == [0]


def write(tmp_path: Path, text: str = CLEAN) -> str:
    path = tmp_path / "ports.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_who_next_and_the_docs_show_the_span(tmp_path: Path) -> None:
    registry = write(tmp_path)
    who = invoke("who", "16382", "-r", registry)
    assert who.code == 0
    expected = "16382/tcp ingest integration redis[worker 2] (scope host), worker 2 of 4: "
    assert expected + "16380 + 2 × 1" in who.out
    assert "4 workers: 16380-16383" in invoke("who", "16380", "-r", registry).out
    free = invoke("next", "redis", "--tier", "integration", "-n", "3", "-r", registry)
    assert free.out == "16384\n16385\n16386\n"  # 16380-16383: ingest's workers'
    docs = invoke("render-docs", "-r", registry, "--output", "-", "--section", "allocations")
    assert "| ingest | 18080-18083 (4 workers) | 16380-16383 (4 workers) |" in docs.out
    assert "| search | 18090 | 16390, 16392, 16394 (3 workers) |" in docs.out


def test_a_file_of_the_service_may_use_any_workers_port(tmp_path: Path) -> None:
    registry = write(tmp_path)
    (tmp_path / "ingest").mkdir()
    (tmp_path / "ingest" / "setup.sh").write_text("REDIS_PORT=16383\nREDIS_PORT=16384\n")
    scan = invoke("scan", "--concise", "-r", registry, str(tmp_path / "ingest"), cwd=tmp_path)
    assert "setup.sh:1:" not in scan.out  # worker 3's redis
    assert "ingest/setup.sh:2:12: error PR505" in scan.out  # nobody's


def test_go_export_has_the_count_the_strides_and_a_function_per_port(tmp_path: Path) -> None:
    go = invoke("export", "--format", "go", "--service", "search", "-r", write(tmp_path)).out
    assert "\tSearchIntegrationWorkers         = 3\n" in go
    assert "\tSearchIntegrationRedisPortStride = 2\n" in go
    assert "func SearchIntegrationRedisPortFor(worker int) int {\n" in go
    assert "SearchIntegrationApiPortFor" not in go  # stride 0: every worker shares it
    assert 'import "fmt"' in go and "func workerPort(base, stride, workers, worker int) int" in go


def test_python_export_computes_each_workers_port_and_refuses_others(tmp_path: Path) -> None:
    text = invoke("export", "--format", "python", "-r", write(tmp_path)).out
    module_file = tmp_path / "ports_gen.py"
    module_file.write_text(text)
    spec = importlib.util.spec_from_file_location("ports_gen", module_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.INGEST_INTEGRATION_WORKERS == 4
    assert module.ingest_integration_redis_port_for(3) == 16383
    assert module.search_integration_redis_port_for(2) == 16394
    with pytest.raises(ValueError, match="worker 4: the port registry declares workers 0-3"):
        module.ingest_integration_redis_port_for(4)


def test_env_export_of_one_worker_keeps_the_names(tmp_path: Path) -> None:
    registry = write(tmp_path)
    whole = tmp_path / "all.env"
    whole.write_text(invoke("export", "--format", "env", "-r", registry).out)
    assert dotenv_values(whole)["INGEST_INTEGRATION_REDIS_PORT_STRIDE"] == "1"
    one = tmp_path / "one.env"
    one.write_text(invoke("export", "--format", "env", "--worker", "2", "-r", registry).out)
    values = dotenv_values(one)
    assert values["INGEST_INTEGRATION_REDIS_PORT"] == "16382"
    assert values["SEARCH_INTEGRATION_REDIS_PORT"] == "16394"
    assert values["SEARCH_INTEGRATION_API_PORT"] == "18090"
    assert "INGEST_INTEGRATION_WORKERS" not in values
    document = json.loads(invoke("export", "--format", "json", "-r", registry).out)
    redis = next(e for e in document["ports"] if e["name"] == "IngestIntegrationRedisPort")
    assert (redis["workers"], redis["stride"]) == (4, 1)


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--format", "env", "--worker", "3"], "--worker 3: search integration has workers 0-2"),
        (["--format", "go", "--worker", "1"], "--worker writes one worker's ports"),
    ],
)
def test_a_worker_the_registry_does_not_declare_is_refused(
    tmp_path: Path, arguments: list[str], says: str
) -> None:
    done = invoke("export", *arguments, "-r", write(tmp_path))
    assert done.code == 2 and done.out == ""
    assert done.err.count("\n") == 1 and says in done.err


def test_diff_says_when_workers_change(tmp_path: Path) -> None:
    old = write(tmp_path)
    new = tmp_path / "new.yaml"
    new.write_text(CLEAN.replace("{count: 4, stride: 1}", "{count: 6, stride: 1}"))
    done = invoke("diff", old, str(new))
    assert "~ ingest integration workers: count 4, stride 1 → count 6, stride 1" in done.out


def test_allocate_leaves_room_for_every_worker(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    text = CLEAN.replace(
        "  api: {}\n", "  api: {}\n  cache:\n    ranges: {integration: 17000-17099}\n"
    )
    text += "  billing:\n    ports:\n      integration: {cache: 17002}\n"
    registry = write(tmp_path, text)
    arguments = ("allocate", "ingest", "cache", "--tier", "integration", "--no-docs")
    done = invoke(*arguments, "-r", registry, cwd=tmp_path)
    assert done.code == 0, done.err
    # 17000-17003 would put worker 2 on billing's 17002: the first room for four is 17003.
    assert "allocated ingest integration cache: 17003" in done.out
