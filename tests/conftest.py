"""Shared fixtures: the bundled registry, a way to run the real CLI, and registry builders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests_data import MINIMAL

__all__ = ["BUNDLED", "BUNDLED_FILE", "MINIMAL", "ROOT", "Result"]

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "registry"
BUNDLED_FILE = BUNDLED / "ports.yaml"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run ``python -m portreg`` as a user would: a real process, real exit status."""

    def run(
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> Result:
        full_env = {
            key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")
        }
        full_env.update(env or {})
        done = subprocess.run(
            [sys.executable, "-m", "portreg", *args],
            cwd=cwd or ROOT,
            env=full_env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def write_registry(tmp_path: Path) -> Callable[..., Path]:
    """Write MINIMAL plus ``extra`` YAML to a file and return its path."""

    def write(extra: str = "", name: str = "ports.yaml", base: str = MINIMAL) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base + extra, encoding="utf-8")
        return path

    return write
