"""`make setup` / `make check`: a clear error on an old Python, and where portreg ends up."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from conftest import ROOT

MAKEFILE = ROOT / "Makefile"


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=120
    )


def test_an_old_python_stops_set_up_at_once_with_one_line(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # PYTHON_MIN above any real Python: the interpreter at hand is "too old".
    done = make("setup", "PYTHON_MIN=99.0", f"VENV={venv}")
    assert done.returncode != 0
    first = done.stderr.splitlines()[0]
    assert first.startswith("portreg needs Python 99.0 or newer, but python3 is 3.")
    assert "make PYTHON=python99.0" in first
    assert not venv.exists()  # stopped before creating (or installing) anything


def test_the_makefile_minimum_is_pyproject_requires_python() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    match = re.search(r"^PYTHON_MIN := (\S+)$", MAKEFILE.read_text(encoding="utf-8"), re.M)
    assert match is not None
    assert pyproject["project"]["requires-python"] == f">={match[1]}"


def test_make_check_says_how_to_run_portreg() -> None:
    # -o: do not redo the set-up (the test runs inside the .venv it made).
    done = make("check", "-o", ".venv/.installed")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("0 errors, 0 warnings in ")
    assert lines[-1] == (
        "portreg is installed in .venv: run .venv/bin/portreg, or . .venv/bin/activate "
        "and then portreg"
    )
