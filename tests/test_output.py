"""Text output as good as the field's: colour rules, source snippets, --concise, --quiet,
--statistics, and paths relative to the current directory."""

from __future__ import annotations

import os
import pty
import random
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import GitRepo, registry_1_8

from portreg.findings import Finding, Location, Severity
from portreg.reporters import Display, Report
from portreg.reporters.snippet import Snippets, clip, visible
from portreg.reporters.text_format import render

ANSI = "\033["


# The conflict of 1.8: hapi's Redis line, where the finding points.
LINE = (
    registry_1_8()
    .splitlines()
    .index(
        next(
            line
            for line in registry_1_8().splitlines()
            if "redis: 16387, datastorage: 18098" in line
        )
    )
    + 1
)
WHERE = f"registry/ports.yaml:{LINE}:47"


@pytest.fixture
def conflict(tmp_path: Path) -> Path:
    """A git project whose registry (1.8) has one conflict, at WHERE."""
    repo = GitRepo(tmp_path / "project")
    repo.write("registry/ports.yaml", registry_1_8())
    repo.commit("1.8")
    return repo.path


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # piped: no colour
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_options_and_environment(run_cli, conflict, args, env, coloured) -> None:
    result = run_cli("check", *args, cwd=conflict, env=env)
    assert result.code == 1
    assert (ANSI in result.out) is coloured
    if coloured:
        assert "\033[1;31merror\033[0m" in result.out


def run_in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run portreg with its stdout on a real pseudo-terminal and return what it printed."""
    leader, follower = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "portreg", *args],
        cwd=cwd,
        env={**clean, **env},
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_unless_no_color(conflict) -> None:
    assert ANSI in run_in_terminal(["check"], conflict, {})
    assert ANSI not in run_in_terminal(["check"], conflict, {"NO_COLOR": "1"})


def test_the_source_line_and_a_caret_follow_each_finding(run_cli, conflict) -> None:
    result = run_cli("check", cwd=conflict)
    source = registry_1_8().splitlines()[LINE - 1]
    assert result.out.splitlines() == [
        f"{WHERE}: error PR201 port-conflict: redis 16387 (tcp, host) is "
        "used by workflowexecution (integration) and hapi (integration); move one, or "
        "declare a share",
        "     |",
        f" {LINE} | {source}",
        "     | " + " " * 46 + "^",
        "",
        "1 error, 0 warnings in 9 services, 33 ports (registry 1.8)",
    ]
    assert source[46:51] == "16387"


def test_concise_quiet_and_statistics(run_cli, conflict) -> None:
    concise = run_cli("check", "--concise", cwd=conflict).out.splitlines()
    assert len(concise) == 2 and concise[0].startswith(f"{WHERE}: error")
    quiet = run_cli("check", "--quiet", "--concise", cwd=conflict)
    assert quiet.code == 1
    assert quiet.out.splitlines() == concise[:1]
    statistics = run_cli("check", "--statistics", cwd=conflict)
    assert statistics.out.splitlines() == [
        "1  PR201  port-conflict  error",
        "1 error, 0 warnings in 9 services, 33 ports (registry 1.8)",
    ]


def test_quiet_prints_nothing_for_a_clean_registry(run_cli) -> None:
    result = run_cli("check", "-q")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_statistics_count_per_rule_most_first() -> None:
    def finding(code: str, rule: str, line: int) -> Finding:
        return Finding(code, rule, Severity.WARNING, "m", Location("f.yaml", line))

    findings = [finding("PR301", "a", 1), finding("PR302", "b", 2), finding("PR302", "b", 3)]
    text = render(Report("check", findings, "x", display=Display(statistics=True, quiet=True)))
    assert text == "2  PR302  b  warning\n1  PR301  a  warning\n"


def test_paths_are_relative_to_the_current_directory_from_a_subdirectory(run_cli, conflict) -> None:
    (conflict / "docs").mkdir()
    result = run_cli("check", "--concise", cwd=conflict / "docs")
    assert result.out.startswith(f"../{WHERE}: error PR201")
    inside = run_cli("check", "--concise", cwd=conflict / "registry")
    assert inside.out.startswith(f"{WHERE.removeprefix('registry/')}: error PR201")


def test_snippets_escape_control_characters_and_keep_the_caret_under_the_column() -> None:
    shown, caret = visible("a\tb\x1bc: 1", 6)
    assert shown == "a    b\\x1bc: 1"
    assert shown[caret:].startswith(":")


def test_plain_lines_are_shown_as_they_are_as_the_careful_path_shows_them() -> None:
    """Printable ASCII takes a short path (most lines of code); it shows what the careful
    path, character by character, shows, caret included."""
    generator = random.Random(5)
    pieces = ["a", " ", ":", "1", "#", "#[", "[", "\\", "~", "\t", "\x1b", "é", "\u202e"]
    for _ in range(2000):
        line = "".join(generator.choices(pieces, k=generator.randint(0, 12)))
        column = generator.randint(-1, len(line) + 2)
        careful = visible(line + "é", column)  # never plain: the character-by-character path
        shown, caret = visible(line, column)
        if line.isascii() and line.isprintable() and "##[" not in line:
            assert (shown, caret) == (careful[0][:-1], min(careful[1], len(line))), line
        assert shown == careful[0][: len(shown)] and caret == min(careful[1], len(shown))


def test_a_file_that_cannot_be_read_gets_no_snippet() -> None:
    finding = Finding("PR401", "x", Severity.ERROR, "m", Location("HEAD:registry/ports.yaml", 3))
    assert Snippets().lines(finding) == []


def test_snippets_show_invisible_format_characters() -> None:
    shown, caret = visible("a\u202eb: 1", 3)  # a right-to-left override before "b"
    assert shown == "a\\u202eb: 1"
    assert shown[caret] == "b"


def test_long_lines_are_shown_as_a_window_around_the_caret() -> None:
    line = "x: " + "1" * 500 + " # the end"
    shown, caret = clip(*visible(line, 300))
    assert len(shown) == 122 and shown.startswith("…") and shown.endswith("…")
    assert caret == 61
    assert clip("short", 2) == ("short", 2)
    tail, at = clip(*visible(line, len(line)))
    assert tail.endswith("the end") and tail[at] == "d"
