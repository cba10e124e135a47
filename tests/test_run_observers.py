"""portreg run's container and Kubernetes observers: the tools' documented JSON read from
stand-in executables on PATH, and the real tools where this machine has them."""

from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from run_helpers import FIXTURES, free_port, run_suite, stand_in, write_suites

import portreg
import portreg.models
from portreg.run.containers import Runtime, docker_ports, docker_time, parse_podman
from portreg.run.kubernetes import Clusters, parse_services

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="portreg run needs POSIX")


def fill(name: str, target: Path, **values: int) -> Path:
    """A fixture of tests/fixtures/run with its {placeholders} filled in (the {now_...}
    ones are left for the stand-in, which fills them when it runs)."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    target.write_text(text, encoding="utf-8")
    return target


def on_path(directory: Path) -> dict[str, str]:
    return {"PATH": f"{directory}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("0.0.0.0:16387->6379/tcp", [("0.0.0.0", 16387, 6379, "tcp")]),
        ("[::]:16387->6379/tcp", [("::", 16387, 6379, "tcp")]),  # docker 25 and later
        (":::16387->6379/tcp", [("::", 16387, 6379, "tcp")]),  # docker before 25
        ("127.0.0.1:5353->53/udp", [("127.0.0.1", 5353, 53, "udp")]),
        (
            "0.0.0.0:8000-8001->8000-8001/tcp",
            [("0.0.0.0", 8000, 8000, "tcp"), ("0.0.0.0", 8001, 8001, "tcp")],
        ),
        ("6379/tcp", []),  # exposed, not published
        ("", []),
    ],
)
def test_docker_ports_column(column: str, expected: list[tuple[str, int, int, str]]) -> None:
    found = [(p.address, p.host, p.container, p.protocol) for p in docker_ports(column)]
    assert found == expected


def test_docker_creation_time_with_its_zone() -> None:
    assert docker_time("2020-03-04 05:06:07 +0100 CET") == 1583294767.0
    assert docker_time("about an hour ago") is None


def test_podman_ports_of_podman_4_and_3() -> None:
    four = {"host_ip": "", "container_port": 53, "host_port": 5353, "range": 2, "protocol": "udp"}
    three = {"hostIP": "127.0.0.1", "containerPort": 6379, "hostPort": 16387, "protocol": "tcp"}
    (first,) = parse_podman(json.dumps([{"Names": ["a"], "Image": "i", "Ports": [four]}]))
    assert [(p.host, p.container, p.protocol) for p in first.ports] == [
        (5353, 53, "udp"),
        (5354, 54, "udp"),
    ]
    (second,) = parse_podman(json.dumps([{"Names": ["b"], "Image": "i", "Ports": [three]}]))
    assert [(p.address, p.host) for p in second.ports] == [("127.0.0.1", 16387)]
    assert parse_podman("null") == [] and parse_podman("") == []


def test_kubectl_services_say_who_chose_each_nodeport() -> None:
    text = (FIXTURES / "kubectl-get-svc.json").read_text(encoding="utf-8")
    services = parse_services(text.replace("{now_kube}", "2026-01-15T10:00:00Z"))
    found = [(s.name, p.node_port, p.assigned, s.created) for s in services for p in s.ports]
    assert found == [
        ("web-api", 30010, False, 1768471200.0),  # f:nodePort: the client wrote it
        ("web-metrics", 31234, True, 1768471200.0),  # nobody's: the API server chose it
    ]
    applied = {
        "kind": "Service",
        "metadata": {
            "name": "x",
            "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": json.dumps(
                    {"spec": {"ports": [{"port": 80, "nodePort": 30080}, {"port": 81}]}}
                )
            },
        },
        "spec": {"ports": [{"port": 80, "nodePort": 30080}, {"port": 81, "nodePort": 31081}]},
    }
    (service,) = parse_services(json.dumps(applied))
    assert [(p.node_port, p.assigned) for p in service.ports] == [(30080, False), (31081, True)]
    del applied["metadata"]["annotations"]  # type: ignore[attr-defined]
    (service,) = parse_services(json.dumps(applied))
    assert [p.assigned for p in service.ports] == [None, None]  # nothing says


def test_no_class_outside_the_models_takes_a_registry_models_name() -> None:
    """A reader who meets ``Service`` expects the registry's service (a suite and its ports),
    not, say, a Kubernetes Service seen in a cluster."""
    models = {
        name
        for name, value in vars(portreg.models).items()
        if isinstance(value, type) and value.__module__.startswith("portreg.models")
    }
    package = Path(portreg.__file__).parent
    taken = [
        f"{path.relative_to(package)}: {node.name}"
        for path in package.rglob("*.py")
        if "models" not in path.relative_to(package).parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name in models
    ]
    assert "Service" in models and taken == []


def test_containers_started_during_the_run_are_judged_by_their_published_ports(
    tmp_path: Path,
) -> None:
    taken: set[int] = set()
    own, theirs, loose, old = (free_port(taken) for _ in range(4))
    registry = write_suites(
        tmp_path / "ports.yaml", {"ingest": {"redis": own}, "search": {"redis": theirs}}
    )
    tools = tmp_path / "bin"
    stand_in(
        tools, "docker", fill("docker-ps.jsonl", tmp_path / "docker.out", theirs=theirs, old=old)
    )
    stand_in(tools, "podman", fill("podman-ps.json", tmp_path / "podman.out", loose=loose))
    done = run_suite(
        registry,
        "ingest",
        "--record",
        "r.json",
        "--",
        sys.executable,
        "-c",
        "pass",
        env=on_path(tools),
    )
    assert done.code == 1, done.err
    (foreign,) = [line for line in done.err.splitlines() if "PR701" in line]
    assert "container ingest-redis-1 (redis:7, docker) bound " in foreign
    assert f"{theirs}/tcp → container port 6379" in foreign
    assert "search integration redis" in foreign
    (loose_line,) = [line for line in done.err.splitlines() if "PR702" in line]
    assert "container ingest-cache (docker.io/library/redis:7, podman)" in loose_line
    record = json.loads((tmp_path / "r.json").read_text())
    ports = sorted((bind["runtime"], bind["port"], bind["address"]) for bind in record["binds"])
    # The container created in 2020 is not the run's; an exposed port is bound nowhere.
    assert ports == [
        ("docker", theirs, "0.0.0.0"),
        ("docker", theirs, "::"),
        ("podman", loose, "127.0.0.1"),
    ]
    states = {observer["name"]: observer["state"] for observer in record["observers"]}
    assert states == {"processes": "ok", "docker": "ok", "podman": "ok"}


def test_nodeports_kubernetes_chose_are_held_against_the_static_band(tmp_path: Path) -> None:
    registry = write_suites(
        tmp_path / "ports.yaml",
        {
            "web": {"api": {"node_port": 30010, "cluster": "e2e-web"}},
            "shop": {"api": {"node_port": 30500, "cluster": "e2e-web"}},
        },
        tier="e2e",
        scopes={"e2e-web": {"kind": "nodeport"}},
    )
    tools = tmp_path / "bin"
    stand_in(tools, "kubectl", fill("kubectl-get-svc.json", tmp_path / "kubectl.out"))
    config = fill("kubeconfig.yaml", tmp_path / "kubeconfig", api_port=free_port())
    done = run_suite(
        registry,
        "web",
        "--record",
        "r.json",
        "--",
        sys.executable,
        "-c",
        "pass",
        tier="e2e",
        env={**on_path(tools), "KUBECONFIG": str(config)},
    )
    assert done.code == 0, done.err  # a warning: fails only with --strict
    (line,) = [line for line in done.err.splitlines() if "PR703" in line]
    assert line.startswith("ports.yaml:20:22: warning PR703")  # shop's NodePort 30500
    assert (
        "Kubernetes chose NodePorts in e2e-web during web e2e's run (web/web-metrics 31234)" in line
    )
    assert "above the static band 30000-30085" in line
    record = json.loads((tmp_path / "r.json").read_text())
    assert sorted((b["name"], b["port"], b["assigned"]) for b in record["binds"]) == [
        ("web-api", 30010, False),
        ("web-metrics", 31234, True),
    ]


def test_the_real_docker_client_without_a_daemon_is_reported_not_ignored() -> None:
    if shutil.which("docker") is None:
        pytest.skip("docker's client is not installed on this machine")
    runtime = Runtime("docker", time.time())
    runtime.poll(0.0)
    if runtime.status.state == "ok":
        pytest.skip("docker's daemon answers here: there is no silent daemon to report")
    assert runtime.status.state == "failed"
    assert runtime.status.note and "docker" in runtime.status.note.lower()


def test_the_real_docker_lists_a_running_container_s_ports() -> None:
    if shutil.which("docker") is None:
        pytest.skip("docker's client is not installed on this machine")
    runtime = Runtime("docker", 0.0)
    runtime.poll(0.0)
    if runtime.status.state != "ok":
        pytest.skip(f"docker does not work here: {runtime.status.note}")
    # Whatever runs, every published port read back is a real port number.
    assert all(1 <= bind.port <= 65535 for bind in runtime.poll(0.0))


def test_the_real_kubectl_reports_a_cluster_that_does_not_answer(tmp_path: Path) -> None:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed on this machine")
    config = fill("kubeconfig.yaml", tmp_path / "kubeconfig", api_port=free_port())
    saved = os.environ.get("KUBECONFIG")
    os.environ["KUBECONFIG"] = str(config)
    try:
        clusters = Clusters(["e2e-web"], time.time())
        assert clusters.poll(0.0) == []
    finally:
        if saved is None:
            del os.environ["KUBECONFIG"]
        else:
            os.environ["KUBECONFIG"] = saved
    assert clusters.status.state == "failed"
    assert clusters.status.note and clusters.status.note.startswith("kind-e2e-web: ")
