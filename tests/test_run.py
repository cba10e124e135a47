"""portreg run with real processes, real sockets and real locks across real runs.

Each test writes a registry around ports that are free on this machine when it starts, and
gives every run a lock directory of its own.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import pytest
from run_helpers import (
    free_port,
    python_program,
    run_suite,
    start_suite,
    wait_for,
    write_suites,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="portreg run needs POSIX")

# A program that binds TCP port argv[1] on 127.0.0.1, writes its pid to file argv[2] once
# it listens, and holds the port for argv[3] seconds.
LISTEN = """
import os, pathlib, socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen()
pathlib.Path(sys.argv[2]).write_text(str(os.getpid()))
time.sleep(float(sys.argv[3]))
"""


def two_suites(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    taken: set[int] = set()
    ports = {name: free_port(taken) for name in ("own", "theirs", "loose")}
    registry = write_suites(
        tmp_path / "ports.yaml",
        {"ingest": {"api": ports["own"]}, "search": {"api": ports["theirs"]}},
    )
    return registry, ports


def test_the_command_gets_its_ports_and_its_status_passes_through(tmp_path: Path) -> None:
    registry, ports = two_suites(tmp_path)
    program = python_program(
        """
        import os, sys
        print(os.environ["INGEST_INTEGRATION_API_PORT"], os.environ["PORTREG_SERVICE"])
        sys.exit(3)
        """
    )
    done = run_suite(registry, "ingest", "--", *program)
    assert done.code == 3
    assert done.out == f"{ports['own']} ingest\n"  # the command's output is its own
    assert "exited 3" in done.err


def test_a_child_on_another_suites_port_is_an_error_naming_it_and_the_owner(tmp_path: Path) -> None:
    registry, ports = two_suites(tmp_path)
    ready = tmp_path / "pid"
    program = python_program(LISTEN)
    done = run_suite(
        registry,
        "ingest",
        "--record",
        "record.json",
        "--",
        *program,
        str(ports["theirs"]),
        str(ready),
        "0.7",
    )
    pid = ready.read_text()
    assert done.code == 1, done.err
    (line,) = [line for line in done.err.splitlines() if "PR701" in line]
    assert line.startswith("ports.yaml:17:14: error PR701")  # search's api: the owner
    assert f"pid {pid} (" in line and f"bound {ports['theirs']}/tcp on 127.0.0.1" in line
    assert "the registry gives it to search integration api" in line
    record = json.loads((tmp_path / "record.json").read_text())
    assert record["exit_status"] == 0
    assert [(bind["port"], bind["pid"]) for bind in record["binds"]] == [
        (ports["theirs"], int(pid))
    ]


def test_own_ports_are_quiet_and_an_unregistered_bind_of_a_grandchild_is_reported(
    tmp_path: Path,
) -> None:
    registry, ports = two_suites(tmp_path)
    ready, grandchild = tmp_path / "own-pid", tmp_path / "grandchild-pid"
    program = python_program(
        f"""
        import subprocess, sys
        listen = {LISTEN!r}
        own = subprocess.Popen([sys.executable, "-c", listen, "{ports["own"]}", "{ready}", "0.8"])
        # a child that starts the grandchild and waits for it
        subprocess.run([sys.executable, "-c",
            "import subprocess, sys; subprocess.run(sys.argv[1:])",
            sys.executable, "-c", listen, "{ports["loose"]}", "{grandchild}", "0.8"])
        own.wait()
        """
    )
    done = run_suite(registry, "ingest", "--", *program)
    assert done.code == 0, done.err  # a warning fails only with --strict
    assert "PR701" not in done.err  # its own port
    (line,) = [line for line in done.err.splitlines() if "PR702" in line]
    assert f"pid {grandchild.read_text()} (" in line
    assert f"bound {ports['loose']}/tcp" in line


def test_a_daemon_in_a_session_of_its_own_whose_parent_exited_still_counts(tmp_path: Path) -> None:
    registry, ports = two_suites(tmp_path)
    ready = tmp_path / "daemon-pid"
    # A double fork: the middle process exits at once, the daemon starts a new session and
    # is re-parented; the command itself ends only once the daemon listens.
    program = python_program(
        f"""
        import os, pathlib, subprocess, sys, time
        listen = {LISTEN!r}
        if os.fork() == 0:
            os.setsid()
            subprocess.Popen([sys.executable, "-c", listen, "{ports["theirs"]}", "{ready}", "1"])
            os._exit(0)
        os.wait()
        while not pathlib.Path("{ready}").exists():
            time.sleep(0.01)
        time.sleep(0.5)
        """
    )
    done = run_suite(registry, "ingest", "--", *program)
    assert done.code == 1, done.err
    (line,) = [line for line in done.err.splitlines() if "PR701" in line]
    assert f"pid {ready.read_text()} (" in line


def intervals(log: Path) -> list[tuple[str, float, float]]:
    """(suite, start, end) of each command that logged ``suite start end``."""
    found = []
    for line in log.read_text().splitlines():
        suite, start, end = line.split()
        found.append((suite, float(start), float(end)))
    return found


# A command that logs when it ran: argv[1] is the suite, argv[2] the log, argv[3] seconds.
TIMED = """
import sys, time
start = time.time()
time.sleep(float(sys.argv[3]))
with open(sys.argv[2], "a") as log:
    log.write(f"{sys.argv[1]} {start} {time.time()}\\n")
"""


@pytest.mark.parametrize("kept_apart_by", ["a shared port", "an exclusive group"])
def test_suites_that_may_not_run_together_take_turns(tmp_path: Path, kept_apart_by: str) -> None:
    taken: set[int] = set()
    first, second = free_port(taken), free_port(taken)
    if kept_apart_by == "a shared port":
        suites = {"ingest": {"redis": first}, "search": {"redis": first}}
        conflict = {"port": first, "services": ["ingest", "search"], "reason": "one at a time"}
        top = {"known_conflicts": [conflict]}
    else:
        suites = {"ingest": {"redis": first}, "search": {"redis": second}}
        group = {"services": ["ingest", "search"], "reason": "one runner", "reuse": False}
        top = {"exclusive": [group]}
    registry = write_suites(tmp_path / "ports.yaml", suites, **top)
    log = tmp_path / "log"
    runs = [
        start_suite(registry, service, "--", *python_program(TIMED), service, str(log), "0.6")
        for service in ("ingest", "search")
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    (first_suite, _, first_end), (second_suite, second_start, _) = sorted(
        intervals(log), key=lambda row: row[1]
    )
    assert first_suite != second_suite
    assert first_end <= second_start  # never at the same time
    waited = [err for _, err in outputs if "waiting for" in err]
    assert len(waited) == 1
    assert f"held by {first_suite} integration (pid " in waited[0]


def test_a_killed_holder_frees_its_ports_and_a_time_out_names_the_holder(tmp_path: Path) -> None:
    taken: set[int] = set()
    port = free_port(taken)
    registry = write_suites(
        tmp_path / "ports.yaml", {"ingest": {"redis": port}, "search": {"redis": port}}
    )
    started = tmp_path / "started"
    sleeper = python_program(
        "import pathlib, sys, time; pathlib.Path(sys.argv[1]).touch(); time.sleep(60)"
    )
    holder = start_suite(registry, "ingest", "--", *sleeper, str(started))
    try:
        wait_for(started)
        timed_out = run_suite(
            registry, "search", "--wait", "0.3", "--", sys.executable, "-c", "open('ran', 'w')"
        )
        assert timed_out.code == 1
        assert not (tmp_path / "ran").exists()
        assert (
            f"still waiting after 0.3 s for {port}/tcp (host), held by ingest integration "
            f"(pid {holder.pid}," in timed_out.err
        )
        os.kill(holder.pid, signal.SIGKILL)  # portreg itself: its child sleeps on
        holder.wait()
        begun = time.monotonic()
        freed = run_suite(
            registry, "search", "--wait", "20", "--", sys.executable, "-c", "open('ran', 'w')"
        )
        assert freed.code == 0, freed.err
        assert (tmp_path / "ran").exists()
        # The killed holder's note, which named nobody any more, is gone too.
        assert not list((tmp_path / "locks").glob(f"holder-{holder.pid}-*.json"))
        assert time.monotonic() - begun < 10
    finally:
        holder.kill()
        holder.wait()
        _kill_sleepers(started)


def _kill_sleepers(marker: Path) -> None:
    """The killed holder's command, orphaned: end it."""
    import psutil

    for process in psutil.process_iter(["cmdline"]):
        if str(marker) in " ".join(process.info["cmdline"] or []):
            process.kill()


def test_a_port_held_at_the_start_stops_the_command(tmp_path: Path) -> None:
    registry, ports = two_suites(tmp_path)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", ports["own"]))
        squatter.listen()
        done = run_suite(
            registry, "ingest", "--wait", "0.2", "--", sys.executable, "-c", "open('ran', 'w')"
        )
    assert done.code == 1
    assert not (tmp_path / "ran").exists()
    (line,) = [line for line in done.err.splitlines() if "PR704" in line]
    assert line.startswith("ports.yaml:13:14: error PR704")  # ingest's api
    assert f"{ports['own']}/tcp (api) was held by " in line
    assert f"pid {os.getpid()}" in line and "the command was not started" in line


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--wait", "inf"], "inf is not in the range 0<=x<=86400"),
        (["--wait", "nan"], "'nan' is not a number of seconds"),
        (["--wait", "-1"], "-1.0 is not in the range 0<=x<=86400"),
        (["--worker", "1"], "--worker 1: the registry declares no workers for ingest"),
        (["--service", "nobody"], "--service: no service nobody"),
    ],
)
def test_bad_usage_runs_nothing(tmp_path: Path, arguments: list[str], says: str) -> None:
    registry, _ = two_suites(tmp_path)
    done = run_suite(registry, "ingest", *arguments, "--", sys.executable, "-c", "open('ran', 'w')")
    assert done.code == 2
    assert len([line for line in done.err.splitlines() if says in line]) == 1
    assert "Traceback" not in done.err
    assert not (tmp_path / "ran").exists()


def test_a_record_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    registry, _ = two_suites(tmp_path)
    record = tmp_path / "no-such-folder" / "record.json"
    done = run_suite(registry, "ingest", "--record", str(record), "--", sys.executable, "-c", "")
    assert done.code == 2
    [line] = [line for line in done.err.splitlines() if "cannot write the record:" in line]
    assert f"{record}:" in line and "PR002" in line
    assert "Traceback" not in done.err
    assert not record.parent.exists()


def test_strict_fails_on_a_warning_and_json_reports_the_run(tmp_path: Path) -> None:
    registry, ports = two_suites(tmp_path)
    ready = tmp_path / "pid"
    listen = [*python_program(LISTEN), str(ports["loose"]), str(ready), "0.6"]
    done = run_suite(registry, "ingest", "--strict", "--format", "json", "--", *listen)
    assert done.code == 1  # the command passed; a warning fails with --strict
    document = json.loads(done.err[done.err.index("{") :])
    assert document["command"] == "run"
    assert [f["code"] for f in document["findings"]] == ["PR702"]
    assert document["run"]["suite"] == {"service": "ingest", "tier": "integration", "worker": None}
    assert document["run"]["binds"][0]["pid"] == int(ready.read_text())


def test_sigterm_for_portreg_reaches_the_command_and_its_status_passes_through(
    tmp_path: Path,
) -> None:
    registry, _ = two_suites(tmp_path)
    ready, got = tmp_path / "ready", tmp_path / "got-term"
    program = python_program(
        f"""
        import pathlib, signal, sys, time
        def stop(number, frame):
            pathlib.Path("{got}").touch()
            sys.exit(7)
        signal.signal(signal.SIGTERM, stop)
        pathlib.Path("{ready}").touch()
        time.sleep(30)
        """
    )
    run = start_suite(registry, "ingest", "--", *program)
    wait_for(ready)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert got.exists()
    assert run.returncode == 7, err


@pytest.mark.parametrize(
    ("arguments", "environment", "says"),
    [
        (["-t", "smoke", "--", "true"], {}, "--tier: no tier smoke in the registry"),
        ([], {}, "give the command to run after --"),
        (["--", "no-such-command-here"], {}, "cannot run no-such-command-here: no such program"),
        (["--", "true"], {"PORTREG_LOCK_DIR": "ports.yaml"}, "is not a directory this user"),
    ],
)
def test_what_cannot_run_is_bad_input(
    tmp_path: Path, arguments: list[str], environment: dict[str, str], says: str
) -> None:
    registry, _ = two_suites(tmp_path)
    environment = {key: str(tmp_path / value) for key, value in environment.items()}
    done = run_suite(registry, "ingest", *arguments, env=environment)
    assert done.code == 2, done.err
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0]
