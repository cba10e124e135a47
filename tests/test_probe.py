"""portreg probe, with real sockets on the loopback addresses and real processes.

Every socket here is bound to 127.0.0.1 or ::1 on a port the kernel hands out, and the
registry is written around that port, so the tests never depend on what else this machine
runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import psutil
import pytest
from conftest import BUNDLED, ROOT, Result

from portreg.main import main
from portreg.probe.runtimes import proxied_target, runtime_of

WriteRegistry = Callable[..., Path]

# A child process that listens on loopback port argv[2] (0: any), says which, and holds it
# for argv[1] seconds.
LISTENER = """\
import socket, sys, time
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[2])))
server.listen()
print(server.getsockname()[1], flush=True)
time.sleep(float(sys.argv[1]))
server.close()
"""


@contextlib.contextmanager
def held_by_child(
    seconds: float, port: int = 0, program: str = sys.executable, options: Sequence[str] = ()
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """Another real process holding a loopback TCP port (any free one when port is 0)."""
    child = subprocess.Popen(
        [program, "-c", LISTENER, str(seconds), str(port), *options],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line.isdigit(), f"the child could not bind port {port}"
        yield child, int(line)
    finally:
        child.kill()
        child.wait()


# What docker-proxy's command line says about the container it forwards to.
DOCKER_PROXY_OPTIONS = ("-container-ip", "172.17.0.3", "-container-port", "6379")


def probe(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """Run ``portreg probe ARGS`` in this process (so that its sockets are this test's)."""
    with pytest.raises(SystemExit) as exited:
        main(["probe", *args])
    captured = capsys.readouterr()
    code = exited.value.code
    return Result(code if isinstance(code, int) else 1, captured.out, captured.err)


def registry_with(write_registry: WriteRegistry, *ports: tuple[str, int, str]) -> str:
    """A registry whose service ``svc`` needs the given (component, port, protocol)s."""
    lines = ["services:\n  svc:\n    ports:\n      integration:\n"]
    for component, port, protocol in ports:
        lines.append(f"        {component}: {{port: {port}, protocol: {protocol}}}\n")
    return str(write_registry("".join(lines)))


@pytest.fixture
def tcp_listener() -> Iterator[socket.socket]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server
    server.close()


def free_tcp_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return int(probe_socket.getsockname()[1])


def has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as test_socket:
            test_socket.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_a_listener_on_an_allocated_port_is_reported_with_its_pid(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    tcp_listener: socket.socket,
) -> None:
    port = tcp_listener.getsockname()[1]
    registry = registry_with(write_registry, ("redis", port, "tcp"))
    result = probe(capsys, "--registry", registry)
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith(f"{port}/tcp  held  svc integration redis: held by ")
    assert f"(pid {os.getpid()})" in first
    assert psutil.Process().name() in first
    assert "on 127.0.0.1" in first
    assert "1 held of 1 host port (by psutil)" in result.out


def test_a_free_port_is_free(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    port = free_tcp_port()
    result = probe(capsys, "--registry", registry_with(write_registry, ("redis", port, "tcp")))
    assert result.code == 0
    assert result.out.splitlines()[0] == f"{port}/tcp  free  svc integration redis"
    assert "1 free of 1 host port (by psutil and a bind test)" in result.out


def test_udp_is_held_by_a_bound_udp_socket_and_tcp_is_apart(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        registry = registry_with(write_registry, ("metrics", port, "udp"), ("api", port, "tcp"))
        result = probe(capsys, "--registry", registry, "--format", "json")
    document = json.loads(result.out)
    statuses = {(entry["protocol"], entry["port"]): entry for entry in document["ports"]}
    assert statuses[("udp", port)]["status"] == "held"
    assert statuses[("udp", port)]["holders"][0]["pid"] == os.getpid()
    assert statuses[("tcp", port)]["status"] == "free"
    assert result.code == 1


@pytest.mark.skipif(not has_ipv6_loopback(), reason="this machine has no IPv6 loopback (::1)")
def test_an_ipv6_only_listener_is_held(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    with socket.socket(socket.AF_INET6) as server:
        server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        server.bind(("::1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = probe(capsys, "--registry", registry_with(write_registry, ("api", port, "tcp")))
    assert result.code == 1
    assert f"(pid {os.getpid()}) on ::1" in result.out


def test_without_psutil_the_bind_test_finds_the_holder_and_says_so(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    tcp_listener: socket.socket,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def denied(kind: str = "inet") -> list[object]:
        raise psutil.AccessDenied()

    monkeypatch.setattr(psutil, "net_connections", denied)
    port = tcp_listener.getsockname()[1]
    free = free_tcp_port()
    registry = registry_with(write_registry, ("redis", port, "tcp"), ("api", free, "tcp"))
    result = probe(capsys, "--registry", registry)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        f"{port}/tcp  held  svc integration redis: held by a socket psutil cannot see "
        "(binding 127.0.0.1 failed)"
    )
    assert lines[1] == f"{free}/tcp  free  svc integration api"
    assert "(by a bind test)" in lines[2]
    assert lines[3].startswith("note: psutil cannot list this machine's sockets as this user")


def test_without_proc_net_tcp_the_bind_test_answers_and_says_why(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    tcp_listener: socket.socket,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # psutil reads the sockets from PROCFS_PATH (/proc); an empty one is a machine whose
    # /proc has no net/tcp (before: an internal error).
    monkeypatch.setattr(psutil, "PROCFS_PATH", str(tmp_path))
    port = tcp_listener.getsockname()[1]
    result = probe(capsys, "--registry", registry_with(write_registry, ("redis", port, "tcp")))
    assert (result.code, result.err) == (1, "")
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{port}/tcp  held") and "(binding 127.0.0.1 failed)" in lines[0]
    assert lines[2] == (
        f"note: this machine does not show its sockets ({tmp_path}/net/tcp: No such file or "
        "directory): every port was tested by binding it on 127.0.0.1 and ::1, which says "
        "whether it is taken but not by whom"
    )


def test_wait_sees_a_socket_closed_by_another_process(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    with held_by_child(1.0) as (_child, port):
        registry = registry_with(write_registry, ("redis", port, "tcp"))
        started = time.monotonic()
        result = probe(capsys, "--registry", registry, "--wait", "60")
        waited = time.monotonic() - started
    assert result.code == 0
    assert result.err == "portreg probe: waiting up to 60s for 1 held port to be freed\n"
    assert result.out.splitlines()[0] == f"{port}/tcp  free  svc integration redis"
    assert waited < 30


def test_wait_times_out_naming_the_holder(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    with held_by_child(60) as (child, port):
        registry = registry_with(write_registry, ("redis", port, "tcp"))
        result = probe(capsys, "--registry", registry, "--wait", "0.5")
    assert result.code == 1
    assert f"(pid {child.pid}) on 127.0.0.1" in result.out
    assert "still held after waiting 0.5s" in result.out


@pytest.mark.skipif(sys.platform != "linux", reason="process names from exec paths: Linux")
def test_a_container_runtime_proxy_is_named(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry, tmp_path: Path
) -> None:
    # A real process whose name is docker-proxy, with docker-proxy's options.
    proxy = tmp_path / "docker-proxy"
    proxy.symlink_to(sys.executable)
    with held_by_child(60, program=str(proxy), options=DOCKER_PROXY_OPTIONS) as (child, port):
        registry = registry_with(write_registry, ("redis", port, "tcp"))
        result = probe(capsys, "--registry", registry, "--format", "json")
    (holder,) = json.loads(result.out)["ports"][0]["holders"]
    assert holder == {
        "pid": child.pid,
        "process": "docker-proxy",
        "address": "127.0.0.1",
        "runtime": "Docker's port proxy for a container",
        "target": "172.17.0.3:6379",
        "found_by": "psutil",
    }


def test_service_tier_and_reservations(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    mine, theirs, later = free_tcp_port(), free_tcp_port(), free_tcp_port()
    registry = write_registry(
        "services:\n"
        f"  a: {{ports: {{integration: {{redis: {mine}}}, e2e: {{redis: {later}}}}}}}\n"
        f"  b: {{ports: {{integration: {{redis: {theirs}}}}}}}\n"
        f"reserved:\n  - {{port: {mine}, reason: a test reserves it}}\n"
        f"  - {{port: {theirs}, service: b, reason: only b may use it}}\n"
    )
    only_a = probe(capsys, "--registry", str(registry), "--service", "a", "--tier", "integration")
    assert only_a.code == 0
    assert only_a.out.splitlines() == [
        f"{mine}/tcp  reserved  a integration redis (the registry reserves it: a test reserves it)",
        "1 reserved of 1 host port (by psutil and a bind test)",
    ]
    everything = probe(capsys, "--registry", str(registry), "--format", "json")
    statuses = [(entry["port"], entry["status"]) for entry in json.loads(everything.out)["ports"]]
    # b's port is reserved for b alone: no reservation stands in b's way.
    assert statuses == [(mine, "reserved"), (later, "free"), (theirs, "free")]


def test_no_host_ports(capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry) -> None:
    registry = write_registry(
        "scopes: {kind-a: {kind: isolated}}\n"
        "services:\n  a: {ports: {integration: {redis: {port: 16379, scope: kind-a}}}}\n"
    )
    result = probe(capsys, "--registry", str(registry))
    assert (result.code, result.out) == (0, "no host ports needed by the chosen suites\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--service", "nope"), "portreg: usage: --service: no service nope in the registry"),
        (("--tier", "nope"), "portreg: usage: --tier: no tier nope in the registry"),
        (("--wait", "-1"), "Invalid value for '--wait'"),
        (("--wait", "86401"), "Invalid value for '--wait': 86401.0 is not in the range"),
        (("--wait", "soon"), "'soon' is not a valid number of seconds"),
        (("--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_bad_usage_is_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    args: tuple[str, ...],
    message: str,
) -> None:
    registry = write_registry("services:\n  a: {ports: {integration: {redis: 16379}}}\n")
    result = probe(capsys, "--registry", str(registry), *args)
    assert result.code == 2
    assert result.out == ""
    assert message in result.err


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "1e309", "1e20", "NaN"])
def test_a_wait_that_never_ends_is_bad_usage_at_once(
    write_registry: WriteRegistry, seconds: str
) -> None:
    # A real process, with the port held: before, `--wait nan` polled forever.
    with held_by_child(60) as (_, port):
        registry = write_registry(f"services:\n  a: {{ports: {{e2e: {{redis: {port}}}}}}}\n")
        args = ["probe", "--registry", str(registry), "--wait", seconds]
        done = subprocess.run(
            [sys.executable, "-m", "portreg", *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    assert (done.returncode, done.stdout) == (2, "")
    assert "Invalid value for '--wait'" in done.stderr


def test_an_invalid_registry_is_exit_2(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    registry = write_registry("services:\n  a: {ports: {integration: {redis: '16379'}}}\n")
    result = probe(capsys, "--registry", str(registry))
    assert result.code == 2
    assert result.out == ""
    assert "ports.yaml:" in result.err


def test_runtime_proxies_by_name_and_their_targets() -> None:
    assert runtime_of("rootlessport") == "rootless Podman's port proxy for a container"
    assert runtime_of("pasta") is not None
    assert runtime_of("conmon") is not None
    assert runtime_of("postgres") is None
    assert runtime_of(None) is None
    ipv6 = ["docker-proxy", "-proto", "tcp", "-container-ip", "fd00::2", "-container-port", "80"]
    assert proxied_target("docker-proxy", ipv6) == "[fd00::2]:80"
    assert proxied_target("docker-proxy", ["docker-proxy", "-proto", "tcp"]) is None
    assert proxied_target("rootlessport", ipv6) is None


@pytest.mark.skipif(sys.platform != "linux", reason="process names from exec paths: Linux")
def test_the_doc_examples_are_what_probe_prints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """docs/probe.md's text example and docs/output-formats.md's JSON example: the bundled
    registry's hapi redis, 16387, held by a real process named docker-proxy."""
    proxy = tmp_path / "docker-proxy"
    proxy.symlink_to(sys.executable)
    with held_by_child(60, 16387, str(proxy), DOCKER_PROXY_OPTIONS) as (child, _port):
        text = probe(capsys, "--registry", str(BUNDLED), "--service", "hapi")
        as_json = probe(
            capsys,
            "--registry",
            str(BUNDLED),
            "--service",
            "hapi",
            "--tier",
            "integration",
            "--format",
            "json",
        )
    documented_pid = "48213"
    lines = (ROOT / "docs" / "probe.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("$ portreg probe --service hapi")
    end = lines.index("$ echo $?", start)
    shown = [line.replace(documented_pid, str(child.pid)) for line in lines[start + 1 : end]]
    assert text.out.splitlines() == shown
    assert str(text.code) == lines[end + 1]
    formats = (ROOT / "docs" / "output-formats.md").read_text(encoding="utf-8")
    section = formats[formats.index("## `portreg probe` json") :]
    block = section[section.index("```json\n") + 8 : section.index("\n```\n")] + "\n"
    assert as_json.out == block.replace(f'"pid": {documented_pid}', f'"pid": {child.pid}')


def test_only_host_sides_of_mapped_allocations_are_probed(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    host, instance = free_tcp_port(), free_tcp_port()
    registry = write_registry(
        "scopes: {kind-a: {kind: nodeport}}\n"
        "services:\n"
        "  a:\n"
        "    ports:\n"
        "      e2e:\n"
        f"        api: {{port: {host}, node_port: 30080, cluster: kind-a, container_port: 8080}}\n"
        "        metrics: {node_port: 30090, cluster: kind-a}\n"
        f"        mock: [{{name: table, dynamic: true}}, {{port: {instance}, name: yaml}}]\n"
    )
    document = json.loads(probe(capsys, "--registry", str(registry), "--format", "json").out)
    assert [(entry["port"], entry["needed_by"]) for entry in document["ports"]] == [
        (host, [{"service": "a", "tier": "e2e", "component": "api"}]),
        (instance, [{"service": "a", "tier": "e2e", "component": "mock[yaml]"}]),
    ]


def test_a_socket_whose_process_psutil_cannot_name(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    tcp_listener: socket.socket,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As an unprivileged user sees another user's socket: listed, but without its pid.
    real = psutil.net_connections

    def without_pids(kind: str = "inet") -> list[object]:
        return [connection._replace(pid=None) for connection in real(kind)]

    monkeypatch.setattr(psutil, "net_connections", without_pids)
    port = tcp_listener.getsockname()[1]
    result = probe(capsys, "--registry", registry_with(write_registry, ("redis", port, "tcp")))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == (
        f"{port}/tcp  held  svc integration redis: held by a process psutil cannot name "
        "on 127.0.0.1"
    )
    assert lines[-1].startswith("note: psutil cannot name the processes of some sockets: ")
