"""Ctrl-C and standard output that cannot be written, for every command: exit 130 on
Ctrl-C, one line and exit 2 for a closed or full output, quiet and exit 141 when the reader
of a pipe went away; never a traceback, never "internal error", nothing written by an edit
that could not say what it did.

The process boundary is what these test (descriptors, signals), so commands run in real
processes: a fresh interpreter where Python's own start-up matters (a closed descriptor),
else a fork of this one with its descriptors set up as a shell would (fast: no start-up).
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Result
from doc_states import build_state
from inprocess import invoke
from tests_data import MINIMAL

from portreg.main import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, main

# Every command, with arguments that make it print something in the bundled state.
COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["rules"],
    ["rules", "PR201"],
    ["schema"],
    ["diff", "--base", "HEAD"],
    ["render-docs", "--output", "-"],
    ["who", "16387"],
    ["next", "redis", "--tier", "integration"],
    ["export", "--format", "env"],
    ["plan"],
    ["probe", "--service", "hapi"],
    ["scan", "--show-notes"],
    ["allocate", "searchindex", "redis", "--tier", "integration"],
    ["release", "hapi"],
    ["rename", "hapi", "holmes"],
    ["move", "hapi", "redis", "--tier", "integration", "--next"],
    ["init", "--output", "new/ports.yaml"],
    ["--help"],
    ["check", "--help"],
]
ID = [" ".join(command) for command in COMMANDS]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_state("bundled", tmp_path_factory.mktemp("output-errors"))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but git's own and the edits' lock files (which an edit
    leaves in place whatever happens): what an edit must not have changed."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and ".git" not in path.relative_to(root).parts
        and not path.name.endswith(".lock")
    }


def run_forked(args: list[str], cwd: Path, stdout: str) -> tuple[int, str]:
    """``portreg ARGS`` in a fork of this process whose standard output is ``full``
    (/dev/full) or ``gone`` (a pipe nobody reads any more): exit status and stderr."""
    err_read, err_write = os.pipe()
    out_read, out_write = os.pipe()
    if stdout == "gone":
        # The reader goes away before the fork, so before a line is written: closed after
        # the fork, a short output (--help) could fit in the pipe first on a busy machine.
        os.close(out_read)
    pid = os.fork()
    if pid == 0:  # the child: descriptors as the shell sets them, then portreg's main()
        status = 99
        try:
            os.chdir(cwd)
            os.dup2(err_write, 2)
            if stdout == "full":
                os.dup2(os.open("/dev/full", os.O_WRONLY), 1)
            else:
                os.dup2(out_write, 1)
            sys.stdout = sys.__stdout__ = io.TextIOWrapper(
                io.FileIO(1, "w", closefd=False), encoding="utf-8"
            )
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
            main(args)
            status = 0
        except SystemExit as done:
            status = done.code if isinstance(done.code, int) else 98
        finally:
            with open(2, "w", closefd=False) as last:
                last.flush()
            os._exit(status)
    os.close(err_write)
    os.close(out_write)
    if stdout != "gone":
        os.close(out_read)
    with os.fdopen(err_read, encoding="utf-8", errors="replace") as errors:
        stderr = errors.read()
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status), stderr


@pytest.mark.parametrize("args", COMMANDS, ids=ID)
def test_a_full_output_is_one_line_and_exit_2_with_nothing_written(
    project: Path, args: list[str]
) -> None:
    before = snapshot(project)
    code, stderr = run_forked(args, project, "full")
    assert (code, stderr) == (
        2,
        "portreg: cannot write to standard output: No space left on device\n",
    )
    assert snapshot(project) == before


@pytest.mark.parametrize("args", COMMANDS, ids=ID)
def test_a_reader_that_went_away_ends_the_command_quietly(project: Path, args: list[str]) -> None:
    before = snapshot(project)
    code, stderr = run_forked(args, project, "gone")
    assert (code, stderr) == (EXIT_BROKEN_PIPE, "")
    assert snapshot(project) == before


def test_a_closed_output_is_one_line_and_exit_2(project: Path) -> None:
    # A fresh interpreter: Python itself sees the closed descriptor at start-up.
    for command in ("check", "allocate searchindex redis --tier integration"):
        done = subprocess.run(
            ["bash", "-c", f"exec '{sys.executable}' -m portreg {command} >&-"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr == (
            "portreg: standard output is closed: nothing done (redirect it to a file)\n"
        )


def _interrupted(*args: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "args", [["check"], ["who", "16387"], ["allocate", "x", "redis", "--tier", "e2e"]]
)
def test_ctrl_c_anywhere_is_exit_130_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from portreg.loading import validation  # imported by name at each call: patched for all

    monkeypatch.setattr(validation, "validate", _interrupted)
    assert invoke(*args, cwd=project) == Result(EXIT_INTERRUPTED, "", "portreg: interrupted\n")


def test_ctrl_c_while_a_file_is_replaced_leaves_the_old_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portreg.edit import atomic

    before = snapshot(project)
    monkeypatch.setattr(atomic.os, "replace", _interrupted)
    args = ["allocate", "searchindex", "redis", "--tier", "integration", "--no-docs"]
    result = invoke(*args, cwd=project)
    assert result.code == EXIT_INTERRUPTED and result.err.endswith("portreg: interrupted\n")
    assert snapshot(project) == before  # the temporary file is gone too


@pytest.fixture
def held_port() -> Iterator[int]:
    """A port of this machine held by a listening socket (an ephemeral one: no collision
    with another test run)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_ctrl_c_during_probe_wait_exits_130(tmp_path: Path, held_port: int) -> None:
    registry = tmp_path / "ports.yaml"
    registry.write_text(
        MINIMAL + f"services:\n  a:\n    ports: {{e2e: {{redis: {held_port}}}}}\n",
        encoding="utf-8",
    )
    waiting = subprocess.Popen(
        [sys.executable, "-m", "portreg", "probe", "--registry", str(registry), "--wait", "30"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stderr is not None
    first = waiting.stderr.readline()  # printed once it is waiting
    assert "waiting up to 30s for 1 held port" in first
    started = time.monotonic()
    waiting.send_signal(signal.SIGINT)
    out, err = waiting.communicate(timeout=20)
    assert waiting.returncode == EXIT_INTERRUPTED
    assert err == "portreg: interrupted\n" and out == ""
    assert time.monotonic() - started < 5
