"""The process tree's view of sockets: /proc on Linux and psutil's per-process view, with a
real child that listens on TCP (IPv4 and IPv6) and UDP and holds a client's UDP socket."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from run_helpers import python_program, wait_for

from portreg.run.processes import ProcessTree

# Binds TCP on 127.0.0.1 and ::1 (when the machine has IPv6), UDP on 127.0.0.1, connects a
# UDP client, prints the ports, and holds them until its stdin closes.
SOCKETS = """
import json, socket, sys, pathlib
found = {}
tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); tcp.listen()
found["tcp"] = tcp.getsockname()[1]
try:
    six = socket.socket(socket.AF_INET6); six.bind(("::1", 0)); six.listen()
    found["tcp6"] = six.getsockname()[1]
except OSError:
    pass
udp = socket.socket(type=socket.SOCK_DGRAM); udp.bind(("127.0.0.1", 0))
found["udp"] = udp.getsockname()[1]
client = socket.socket(type=socket.SOCK_DGRAM); client.connect(("127.0.0.1", found["udp"]))
found["client"] = client.getsockname()[1]
pathlib.Path(sys.argv[1] + ".tmp").write_text(json.dumps(found))
pathlib.Path(sys.argv[1] + ".tmp").rename(sys.argv[1])  # whole, for the test that waits
sys.stdin.read()
"""


@pytest.fixture
def child(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, int]]]:
    import json

    ready = tmp_path / "ports.json"
    process = subprocess.Popen(
        [*python_program(SOCKETS), str(ready)], stdin=subprocess.PIPE, text=True
    )
    try:
        wait_for(ready)
        yield process, json.loads(ready.read_text())
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait()


@pytest.mark.parametrize("view", ["proc", "psutil"])
def test_listening_sockets_of_a_real_process(
    child: tuple[subprocess.Popen[str], dict[str, int]], view: str
) -> None:
    if view == "proc" and not Path("/proc/self/net/tcp").exists():
        pytest.skip("this machine has no /proc socket tables")
    process, ports = child
    tree = ProcessTree(process.pid, adopts=False)
    tree._linux = view == "proc"  # the view under test, whatever this machine is
    found = {(bind.protocol, bind.address, bind.port) for bind in tree.poll(0.0)}
    expected = {("tcp", "127.0.0.1", ports["tcp"]), ("udp", "127.0.0.1", ports["udp"])}
    if "tcp6" in ports:
        expected.add(("tcp", "::1", ports["tcp6"]))
    assert found == expected  # the connected UDP client is not a listener
    assert all(bind.pid == process.pid for bind in tree.poll(0.1))
    assert sys.executable.split("/")[-1] in " ".join(tree.poll(0.2)[0].command)


def test_a_process_that_has_exited_is_tracked_no_more() -> None:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    tree = ProcessTree(finished.pid, adopts=False)
    assert finished.pid in tree.tracked
    finished.wait()
    assert tree.poll(0.0) == []
    assert tree.tracked == {}
