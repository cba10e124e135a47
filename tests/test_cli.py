"""The command line as users meet it: real processes, exit codes, formats, discovery."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED, BUNDLED_FILE, ROOT
from tests_data import MINIMAL_TEXT

CONFLICT = MINIMAL_TEXT + (
    "services:\n  hapi:\n    ports:\n      integration: {redis: 16387}\n"
    "  workflowexecution:\n    ports:\n      integration: {redis: 16387}\n"
)
WARNING_ONLY = MINIMAL_TEXT + "services:\n  a:\n    ports:\n      integration: {api: 6379}\n"


def write(tmp_path: Path, text: str, name: str = "ports.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_bundled_registry_is_clean(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("check", "--strict")
    assert result.code == 0, result.out + result.err
    assert result.out == "0 errors, 0 warnings in 9 services, 33 ports (registry 1.10)\n"


def test_conflict_exits_1_with_file_line_col(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, CONFLICT)
    result = run_cli("check", "--registry", str(path))
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith(f"{path}:20:28: error PR201 port-conflict: redis 16387")
    assert result.out.splitlines()[-1].startswith("1 error, 0 warnings in 2 services, 2 ports")


def test_warnings_pass_unless_strict(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, WARNING_ONLY)
    assert run_cli("check", "-r", str(path)).code == 0
    assert run_cli("check", "-r", str(path), "--strict").code == 1


def test_registry_from_environment(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, CONFLICT)
    result = run_cli("check", cwd=tmp_path, env={"PORTREG_REGISTRY": str(path)})
    assert result.code == 1 and "PR201" in result.out


def test_registry_found_from_a_subdirectory_up_to_the_git_root(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(BUNDLED, tmp_path / "registry")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    deep = tmp_path / "test" / "integration" / "hapi"
    deep.mkdir(parents=True)
    result = run_cli("check", cwd=deep)
    assert result.code == 0, result.err
    assert "(registry 1.10)" in result.out


def test_no_registry_found_is_exit_2_one_line(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert "no registry found" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"portreg: 1\ntitle: [unclosed\n", "PR001"),
        (b"portreg: 1\ntitle: \xff\n", "PR003"),
        (b"portreg: 1\ntitle: !!python/object/apply:os.system [echo hacked]\n", "PR004"),
    ],
)
def test_unreadable_input_is_exit_2_one_line(run_cli, tmp_path, content: bytes, code: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ports.yaml"
    path.write_bytes(content)
    result = run_cli("check", "-r", str(path))
    assert result.code == 2
    assert result.out == ""
    # One line says it all; the source line under it (when it can be read) and a summary.
    line, *frame = result.err.strip().splitlines()
    assert frame[-1] == f"1 error, 0 warnings in {path} (not read further until this is fixed)"
    assert len(frame) == (1 if code == "PR003" else 5)  # bar, line, caret, blank, summary
    assert line.startswith(f"{path}:") and f"error {code}" in line
    assert int(line[len(f"{path}:") :].split(":")[0]) >= 2
    assert "hacked" not in result.out + result.err or code == "PR004"


def test_missing_registry_path_is_exit_2(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("check", "-r", str(tmp_path / "nope.yaml"))
    assert result.code == 2 and "does not exist" in result.err


def test_bad_usage_is_exit_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("check", "--format", "xml").code == 2
    assert run_cli("check", "--no-such-option").code == 2
    unknown = run_cli("check", "--select", "PR999")
    assert unknown.code == 2 and "no rule matches PR999" in unknown.err


def test_json_format(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, CONFLICT)
    result = run_cli("check", "-r", str(path), "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    assert document["summary"] == {"errors": 1, "warnings": 0, "notes": 0}
    (finding,) = document["findings"]
    assert finding["code"] == "PR201" and finding["rule"] == "port-conflict"
    assert (finding["line"], finding["column"]) == (20, 28)
    assert finding["related"] == [{"file": str(path), "line": 17, "column": 28}]
    assert document["registry"]["services"] == 2


def test_github_format(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, CONFLICT)
    result = run_cli("check", "-r", str(path), "--format", "github")
    first = result.out.splitlines()[0]
    assert first.startswith(f"::error file={path},line=20,col=28,title=PR201 port-conflict::")
    assert "redis 16387 (tcp%2C host)" not in first  # commas are escaped in properties only


def test_select_and_ignore_on_the_command_line(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, WARNING_ONLY)
    assert run_cli("check", "-r", str(path), "--strict", "--ignore", "PR304").code == 0
    assert run_cli("check", "-r", str(path), "--strict", "--select", "PR2,PR301").code == 0
    assert run_cli("check", "-r", str(path), "--strict", "--select", "well-known-port").code == 1


def test_rules_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    listing = run_cli("rules")
    assert listing.code == 0 and "PR201  port-conflict" in listing.out
    one = run_cli("rules", "port-conflict")
    assert one.code == 0 and one.out.startswith("PR201 port-conflict (error)")
    assert run_cli("rules", "PR999").code == 2


def test_console_script_matches_python_m(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = Path(sys.executable).parent / "portreg"
    assert script.exists(), "the portreg console script is installed"
    done = subprocess.run(
        [str(script), "check", "-r", str(BUNDLED_FILE)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0 and "(registry 1.10)" in done.stdout


BROKEN_COMMAND = (
    "import portreg.commands.check as command\n"
    "def broken(*args):\n"
    "    raise ZeroDivisionError('a bug')\n"
    "command.run = broken\n"
    "from portreg.main import main\n"
    "main(['check'])\n"
)


@pytest.mark.parametrize("debug", [False, True])
def test_internal_errors_are_one_line_unless_debugging(debug: bool) -> None:
    env = {
        key: value
        for key, value in __import__("os").environ.items()
        if not key.startswith("PORTREG_")
    }
    if debug:
        env["PORTREG_DEBUG"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_COMMAND], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == (1 if debug else 2)
    if debug:
        assert "Traceback" in done.stderr
    else:
        assert done.stderr.splitlines() == [
            "portreg: internal error: ZeroDivisionError: a bug (set PORTREG_DEBUG=1 to see "
            "the traceback, and please report it)"
        ]
