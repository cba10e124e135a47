"""The progress counter (portreg/progress.py): on a real terminal only, rate-limited, cleared
before output, and off with --no-progress in scan, init --discover and render-docs."""

from __future__ import annotations

import io
import os
import pty
import sys
from pathlib import Path

import pytest
from tests_data import MINIMAL

from portreg import progress as progress_module
from portreg.main import main
from portreg.progress import Progress, shows_on

ERASE = "\r\x1b[2K"


class Terminal(io.StringIO):
    """What a terminal receives; says it is one."""

    def isatty(self) -> bool:
        return True


def screen_line(received: str) -> str:
    """What the last line of the terminal shows once every erase is applied."""
    return received.rsplit("\n", 1)[-1].rsplit(ERASE, 1)[-1]


@pytest.fixture
def every_advance_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "FIRST_DRAW_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "INTERVAL", 0.0)
    monkeypatch.delenv("TERM", raising=False)


def test_a_real_terminal_shows_it_and_a_pipe_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    leader, follower = pty.openpty()
    reader, writer = os.pipe()
    with os.fdopen(follower, "w") as terminal, os.fdopen(writer, "w") as pipe:
        assert shows_on(terminal) and not shows_on(pipe)
        assert Progress("scan", stream=terminal).enabled
        assert not Progress("scan", stream=terminal, enabled=False).enabled
        assert not Progress("scan", stream=pipe).enabled
        monkeypatch.setenv("TERM", "dumb")  # a terminal that cannot erase a line
        assert not shows_on(terminal)
    os.close(leader)
    os.close(reader)


def test_counts_files_and_findings_then_clears(every_advance_draws: None) -> None:
    terminal = Terminal()
    with Progress("scan", total=10_000, stream=terminal) as progress:
        progress.advance(1203)
        progress.advance(1, finding=2)
        assert screen_line(terminal.getvalue()) == "scan: 1,204 of 10,000 files, 2 findings"
        progress.advance(0, finding=1)
        assert screen_line(terminal.getvalue()) == "scan: 1,204 of 10,000 files, 3 findings"
    assert terminal.getvalue().endswith(ERASE) and screen_line(terminal.getvalue()) == ""


def test_redraws_are_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    clock = [100.0]
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    terminal = Terminal()
    progress = Progress("scan", stream=terminal)
    for _ in range(50_000):  # all within the first half second: nothing drawn
        progress.advance()
    assert terminal.getvalue() == ""
    clock[0] += progress_module.FIRST_DRAW_AFTER
    for _ in range(50_000):  # one instant: one draw
        progress.advance()
    assert terminal.getvalue().count(ERASE) == 1
    assert screen_line(terminal.getvalue()) == "scan: 50,001 files"  # drawn at once
    clock[0] += progress_module.INTERVAL
    progress.advance()
    assert terminal.getvalue().count(ERASE) == 2


def test_a_line_never_wraps(every_advance_draws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    terminal = Terminal()
    Progress("a rather long label for the work", stream=terminal).advance()
    assert len(screen_line(terminal.getvalue())) == 19


def test_a_closed_terminal_turns_it_off(every_advance_draws: None) -> None:
    terminal = Terminal()
    progress = Progress("scan", stream=terminal)
    terminal.close()
    progress.advance()  # no error: progress is not worth failing the command
    assert not progress.enabled


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), Terminal()
    saved = sys.stdout, sys.stderr, Path.cwd()
    sys.stdout, sys.stderr = out, err
    os.chdir(cwd)
    try:
        main(args)
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        os.chdir(saved[2])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_text(
        MINIMAL
        + "services:\n  a:\n    paths: [a/**]\n    ports: {integration: {redis: 16379}}\n"
        + "docs:\n  - path: docs/ports.md\n",
        encoding="utf-8",
    )
    for number in range(5):
        (tmp_path / "a").mkdir(exist_ok=True)
        (tmp_path / "a" / f"s{number}.sh").write_text(f"REDIS_PORT=1638{number}\n")
    return tmp_path


@pytest.mark.parametrize(
    "command",
    [
        ["scan"],
        ["init", "--discover", ".", "--dry-run"],
        ["render-docs"],
    ],
)
def test_long_commands_count_on_a_terminal_and_clear_it(
    every_advance_draws: None, tree: Path, command: list[str]
) -> None:
    code, out, err = _run_on_a_terminal(command, tree)
    assert ERASE in err, err  # drawn ...
    assert screen_line(err) == ""  # ... and cleared
    assert ERASE not in out and out.strip()
    quiet_code, _, quiet_err = _run_on_a_terminal([*command, "--no-progress"], tree)
    assert ERASE not in quiet_err and quiet_code == code
