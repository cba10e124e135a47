"""Build the scan fixture tree (tests/fixtures/scan-tree) as a project with its own registry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import BUNDLED_FILE, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "scan-tree"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def build_tree(target: Path, registry_text: str | None = None, init_git: bool = True) -> Path:
    """Copy the fixture tree to ``target`` with the bundled registry (or the given text)."""
    shutil.copytree(FIXTURE, target)
    (target / "registry").mkdir()
    text = registry_text if registry_text is not None else BUNDLED_FILE.read_text("utf-8")
    (target / "registry" / "ports.yaml").write_text(text, encoding="utf-8")
    if init_git:
        git(target, "init", "-q", "-b", "main")
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", "fixture")
    return target
