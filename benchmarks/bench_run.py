"""portreg run against running the suite's command directly: what the locks, the probe and
the observers add to a suite's wall time (at most 0.3 s, issue 19).

The suite is a stand-in that binds its own port for a second and leaves a file behind; the
run is checked once before timing (exit 0, the file written, the bind in the record), so
that the figure is that of a run that did its work.
"""

from __future__ import annotations

import json
import os
import subprocess

from benchmarks.generate import registry
from benchmarks.harness import BUNDLED_FILE, Bench, tool

# argv: port, marker file. Binds the port as a server does, holds it, leaves the marker.
SUITE = """\
import pathlib, socket, sys, time
server = socket.socket()
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen()
time.sleep(1.0)
pathlib.Path(sys.argv[2]).write_text("ran")
"""
ADDED_BUDGET_S = 0.3


def run(bench: Bench) -> None:
    os.environ["PORTREG_LOCK_DIR"] = str(bench.workdir / "locks")
    generated = bench.workdir / "run-500.yaml"
    generated.write_text(registry(500), encoding="utf-8")
    for name, path in (("bundled registry", BUNDLED_FILE), ("500 services", generated)):
        service, port = _first_suite(path)
        marker = bench.workdir / f"ran-{port}"
        suite = [tool("python"), "-c", SUITE, str(port), str(marker)]
        ours = [tool("portreg"), "run", "--registry", str(path), "--service", service]
        ours += ["--tier", "integration", "--", *suite]
        _check_it_works(ours, marker, port, bench)
        timed = bench.compare(f"run, {name}: a 1 s suite", ours, suite, "the suite alone", repeat=5)
        bench.record(
            f"time run adds (s), {name}",
            timed.ours - timed.reference,
            ADDED_BUDGET_S,
            "budget (s)",
            target=1.0,
            note="portreg run's wall time minus the suite's, fastest of each: locks, probe, "
            "start-up, the observers' last look and the report",
        )


def _first_suite(path: os.PathLike[str]) -> tuple[str, int]:
    """A service's integration suite and one of its host ports."""
    from portreg.loading.registry import load_registry

    loaded = load_registry(path)  # type: ignore[arg-type]
    assert loaded.registry is not None
    use = next(
        use
        for use in loaded.registry.allocations
        if use.tier == "integration" and use.scope == "host" and not use.allocation.dynamic
    )
    return use.service, use.port


def _check_it_works(command: list[str], marker: os.PathLike[str], port: int, bench: Bench) -> None:
    record = bench.workdir / "record.json"
    done = subprocess.run(
        [*command[:2], "--record", str(record), *command[2:]], capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert os.path.exists(marker), "the suite did not run"
    binds = json.loads(record.read_text(encoding="utf-8"))["binds"]
    assert any(bind["port"] == port and bind["source"] == "process" for bind in binds), binds
    os.remove(marker)
