"""Where export and render-docs write: stdout, regular files, and what they refuse.

Regression tests for issue 12, defects 1 (a non-regular target replaced by a regular
file), 3 (a FIFO hangs the run), 7 (write failures ended as "internal error") and 11
(render-docs writing outside the project through a symlinked docs target).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, MINIMAL, ROOT, Result
from inprocess import invoke

RunCli = Callable[..., Result]
# A run that hangs is a failure, and must not hang the test suite with it.
HANG = 20


def run_bounded(*args: str, cwd: Path | None = None, **streams: object) -> Result:
    """A real ``portreg`` process that must end within HANG seconds."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "portreg", *args],
            cwd=cwd or ROOT,
            env=env,
            capture_output=not streams,
            timeout=HANG,
            **streams,  # type: ignore[call-overload]
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"portreg {' '.join(args)} did not end within {HANG} s")
    return Result(done.returncode, _text(done.stdout), _text(done.stderr))


def _text(data: bytes | None) -> str:
    return data.decode() if data else ""


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def export(*args: str) -> tuple[str, ...]:
    return ("export", "-r", str(BUNDLED_FILE), "--format", "env", *args)


# --- defect 1: `-o -` and `-o /dev/stdout` are stdout; other non-regular targets refused


def test_dash_writes_to_stdout_not_a_file_named_dash(tmp_path: Path) -> None:
    result = invoke(*export("-o", "-"), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "WORKFLOWEXECUTION_INTEGRATION_REDIS_PORT=16388" in result.out
    assert not (tmp_path / "-").exists()


def test_dev_stdout_appends_to_the_log_stdout_goes_to(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("earlier line\n", encoding="utf-8")
    inode = log.stat().st_ino
    with log.open("ab") as stream:
        result = run_bounded(*export("-o", "/dev/stdout"), stdout=stream, stderr=subprocess.PIPE)
    assert result.code == 0, result.err
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n")
    assert "WORKFLOWEXECUTION_INTEGRATION_REDIS_PORT=16388" in text
    assert log.stat().st_ino == inode  # appended to, not replaced


@pytest.mark.parametrize("kind", ["fifo", "unix_socket"])
def test_a_non_regular_target_is_refused_and_kept(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    target: Path = request.getfixturevalue(kind)
    for args in (export("-o", str(target)), export("--check", "-o", str(target))):
        result = run_bounded(*args)
        assert result.code == 2, result
        assert "not a regular file" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert not stat.S_ISREG(target.lstat().st_mode)


def test_a_symlink_to_a_fifo_is_refused_and_both_are_kept(fifo: Path, tmp_path: Path) -> None:
    link = tmp_path / "ports.env"
    link.symlink_to(fifo)
    result = run_bounded(*export("-o", str(link)))
    assert result.code == 2
    assert "not a regular file" in result.err
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)


def test_render_docs_refuses_a_fifo_with_and_without_check(fifo: Path) -> None:
    for extra in ((), ("--check",)):
        result = run_bounded("render-docs", "-r", str(BUNDLED_FILE), "-o", str(fifo), *extra)
        assert result.code == 2, result
        assert "not a regular file" in result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_render_docs_dev_stdout_is_stdout(tmp_path: Path) -> None:
    result = invoke("render-docs", "-r", str(BUNDLED_FILE), "-o", "/dev/stdout", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "<!-- portreg:begin allocations -->" in result.out


# --- defect 3: a FIFO as the registry


def test_a_fifo_as_registry_is_refused(fifo: Path) -> None:
    for command in ("check", "export --format env", "render-docs -o -"):
        result = run_bounded(*command.split(), "-r", str(fifo))
        assert result.code == 2, result
        assert "not a regular file" in result.err


# --- defect 7: write failures are one clean line, exit 2


def test_export_write_failures_are_clean_errors(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for target in (str(loop), "/proc/portreg-cannot-write-here"):
        result = invoke(*export("-o", target))
        assert result.code == 2, result
        assert "internal error" not in result.err
        assert "cannot write" in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_export_read_only_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores directory permissions: fail the write the way a read-only mount does.
    import portreg.edit.atomic as atomic

    def read_only(*args: object, **kwargs: object) -> int:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(atomic.os, "open", read_only)
    result = invoke(*export("-o", str(tmp_path / "ports.env")))
    assert result.code == 2
    assert "cannot write" in result.err and "Read-only file system" in result.err
    assert "internal error" not in result.err


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_export_to_a_closed_stdout(target: str) -> None:
    script = f"exec {sys.executable} -m portreg {' '.join(export('-o', target))} >&-"
    result = _shell(script)
    assert result.code == 2, result
    assert "internal error" not in result.err
    assert "standard output" in result.err


def _shell(script: str) -> Result:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}
    done = subprocess.run(
        ["sh", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=HANG,
        check=False,
    )
    return Result(done.returncode, "", done.stderr.decode())


# --- defect 11: render-docs never writes outside the project through a symlink


def _project_with_linked_docs(tmp_path: Path) -> tuple[Path, Path]:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / ".git").mkdir(parents=True)
    outside.mkdir()
    (project / "docs").symlink_to(outside, target_is_directory=True)
    registry = project / "registry" / "ports.yaml"
    registry.parent.mkdir()
    registry.write_text(MINIMAL + "docs:\n  - path: docs/ports.md\n", encoding="utf-8")
    return project, outside


def test_render_docs_refuses_a_docs_target_that_resolves_outside(tmp_path: Path) -> None:
    # The confinement rule (PR604) makes it an error of the registry: check reports it at
    # the entry, and render-docs renders nothing, as for any registry error.
    project, outside = _project_with_linked_docs(tmp_path)
    checked = invoke("check", cwd=project)
    assert checked.code == 1
    assert "registry/ports.yaml:13:11: error PR604 path-outside-project: docs path " in checked.out
    for extra in ((), ("--check",)):
        result = invoke("render-docs", *extra, cwd=project)
        assert result.code == 1, result
        assert "outside the project, through a symbolic link" in result.out
        assert "nothing rendered" in result.out
    assert list(outside.iterdir()) == []


def test_an_explicit_output_outside_the_project_stays_allowed(tmp_path: Path) -> None:
    project, outside = _project_with_linked_docs(tmp_path)
    (project / "registry" / "ports.yaml").write_text(MINIMAL, encoding="utf-8")
    result = invoke("render-docs", "-o", str(outside / "mine.md"), cwd=project)
    assert result.code == 0, result.err
    assert (outside / "mine.md").is_file()


# --- defect 12: a name with a newline stays on one line


def test_error_and_status_lines_escape_control_characters(tmp_path: Path) -> None:
    odd = tmp_path / "x\nportreg: forged" / "ports.env"
    # A file where the directory should be: missing directories are created (issue 13).
    odd.parent.write_text("not a directory\n", "utf-8")
    result = invoke(*export("-o", str(odd)))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "x\\nportreg: forged" in result.err
    made = tmp_path / "a\rb.md"
    result = invoke("render-docs", "-r", str(BUNDLED_FILE), "-o", str(made))
    assert result.code == 0, result
    (page, *pictures) = result.out.splitlines()
    assert "a\\rb.md: created" in page and "\r" not in result.out
    assert all(line.endswith(".svg: created (port map)") for line in pictures)


def test_a_docs_target_in_a_symlink_loop_is_a_clean_error(tmp_path: Path) -> None:
    project, _outside = _project_with_linked_docs(tmp_path)
    (project / "docs").unlink()
    (project / "docs").symlink_to("docs")
    result = invoke("render-docs", cwd=project)
    assert result.code == 2, result
    assert "internal error" not in result.err


# --- found by the fuzzing harness: a control character in registry text


def test_a_control_character_in_a_title_cannot_hide_a_row(tmp_path: Path) -> None:
    # tabulate draws a row whose first cell is "\x01" as a separator line: the service's
    # ports vanished from the generated tables.
    registry = tmp_path / "ports.yaml"
    registry.write_text(
        MINIMAL + 'services:\n  app: {title: "\\x01", ports: {integration: {redis: 16380}}}\n',
        encoding="utf-8",
    )
    result = invoke("render-docs", "-r", str(registry), "-o", "-")
    assert result.code == 0, result
    allocations = result.out.split("portreg:begin allocations")[1].split("portreg:end")[0]
    assert "16380" in allocations
    assert "\x01" not in result.out
