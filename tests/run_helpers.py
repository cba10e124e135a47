"""Helpers for the tests of ``portreg run``: registries around free ports, real runs, and
stand-in executables for docker, podman and kubectl.

Every port a test binds is one this machine has free when the test starts (found by
binding it), and every run uses a lock directory of its own (PORTREG_LOCK_DIR), so that
these tests never meet another checkout's concurrent test run.
"""

from __future__ import annotations

import os
import random
import socket
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT, Result

from portreg.run.judge import ephemeral_range


def free_port(taken: set[int] | None = None, ephemeral: bool = False) -> int:
    """A TCP port free on 127.0.0.1 now, outside the kernel's ephemeral range unless
    ``ephemeral`` (a port the kernel would hand out for port 0)."""
    taken = taken if taken is not None else set()
    low, high = ephemeral_range()
    for _ in range(500):
        port = random.randint(low, high) if ephemeral else random.randint(20000, low - 1)
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError("no free port found")


def write_suites(
    path: Path,
    suites: Mapping[str, Mapping[str, Any]],
    tier: str = "integration",
    **top: Any,
) -> Path:
    """A registry whose services each have ``tier`` ports ``{component: port}``; ``top``
    adds top-level keys (exclusive, shares, scopes ...), ``workers`` per service goes in
    the service."""
    components = sorted({name for ports in suites.values() for name in ports if name != "workers"})
    services: dict[str, Any] = {}
    for name, ports in suites.items():
        entry: dict[str, Any] = {
            "ports": {tier: {k: v for k, v in ports.items() if k != "workers"}}
        }
        if "workers" in ports:
            entry["workers"] = {tier: ports["workers"]}
        services[name] = entry
    document = {
        "portreg": 1,
        "title": "Run tests",
        "version": "1.0",
        "updated": "2025-01-01",
        "tiers": {tier: {}},
        "components": {name: {} for name in components},
        "services": services,
        **top,
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def run_portreg(
    *args: str, lock_dir: Path, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 60
) -> Result:
    """``portreg ARGS`` as a real process, with its own lock directory."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")
    }
    environment["PORTREG_LOCK_DIR"] = str(lock_dir)
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "portreg", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def start_portreg(
    *args: str, lock_dir: Path, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[str]:
    """``portreg ARGS`` started in the background (its output is piped)."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")
    }
    environment["PORTREG_LOCK_DIR"] = str(lock_dir)
    environment.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "portreg", *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, timeout: float = 30.0) -> None:
    """Until ``path`` exists (a child's sign that it is ready)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


def python_program(text: str) -> list[str]:
    """A command line that runs ``text`` (dedented) with this interpreter."""
    return [sys.executable, "-c", textwrap.dedent(text)]


def stand_in(directory: Path, name: str, output_file: Path, status: int = 0) -> Path:
    """An executable ``name`` in ``directory`` that prints ``output_file`` (read when it
    runs, so that a test's command can change what it prints) and exits with ``status``;
    a ``{now}`` in the file becomes the current time, as the real tool would print it."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(
            f"""\
            import datetime, pathlib, sys, time
            text = pathlib.Path({str(output_file)!r}).read_text()
            now = datetime.datetime.now(datetime.timezone.utc)
            text = text.replace("{{now_docker}}", now.strftime("%Y-%m-%d %H:%M:%S +0000 UTC"))
            text = text.replace("{{now_epoch}}", str(int(time.time())))
            text = text.replace("{{now_kube}}", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
            (sys.stdout if {status} == 0 else sys.stderr).write(text)
            sys.exit({status})
            """
        ),
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


FIXTURES = ROOT / "tests" / "fixtures" / "run"


def run_suite(
    registry: Path,
    service: str,
    *rest: str,
    tier: str = "integration",
    env: Mapping[str, str] | None = None,
) -> Result:
    """``portreg run -r REGISTRY -s SERVICE -t TIER REST...`` as a real process, in the
    registry's directory, with the lock directory ``locks`` beside it."""
    arguments = ("run", "-r", str(registry), "-s", service, "-t", tier, *rest)
    return run_portreg(*arguments, lock_dir=registry.parent / "locks", cwd=registry.parent, env=env)


def start_suite(registry: Path, service: str, *rest: str) -> subprocess.Popen[str]:
    """The same, started in the background."""
    arguments = ("run", "-r", str(registry), "-s", service, "-t", "integration", *rest)
    return start_portreg(*arguments, lock_dir=registry.parent / "locks", cwd=registry.parent)
