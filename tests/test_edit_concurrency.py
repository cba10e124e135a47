"""Two ``portreg allocate`` processes on one registry at the same time: neither update is
lost; an edit and ``render-docs`` at the same time leave docs that match the registry.

Real processes, because the lock is an OS lock between processes; several rounds, because a
lost update shows only when the two runs overlap, and they do not every time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from edit_helpers import EDIT_ENV, EDIT_FIXTURES, copy_fixture
from inprocess import invoke

from portreg.edit.registry_lock import holding_registry
from portreg.loading.registry import load_registry, registry_files

ROUNDS = 20


def portreg(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """``portreg ARGS`` in a process of its own, started now (its output piped)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTREG_")}
    env.update(EDIT_ENV)
    return subprocess.Popen(
        [sys.executable, "-m", "portreg", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start(path: Path, service: str) -> subprocess.Popen[str]:
    allocate = ("allocate", service, "redis", "--tier", "e2e")
    return portreg(path.parent, *allocate, "--registry", str(path), "--no-docs")


def test_two_concurrent_allocations_both_land(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    # Room for every allocation of every round.
    path.write_text(path.read_text().replace("e2e: 26379-26388", "e2e: 26379-26499"))
    for round_number in range(ROUNDS):
        runs = [start(path, f"r{round_number}-{side}") for side in ("a", "b")]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert (run.returncode, err) == (0, ""), out
    loaded = load_registry(path)
    registry = loaded.registry
    assert registry is not None
    new = [name for name in registry.services if name.startswith("r")]
    assert len(new) == 2 * ROUNDS
    ports = [registry.services[name].flat_ports()["e2e"]["redis"].port for name in new]
    assert len(set(ports)) == len(ports)
    # Each run raised the version once and wrote its own changelog entry.
    assert registry.version == f"2.{3 + 2 * ROUNDS}"
    assert len(registry.changelog) == 2 + 2 * ROUNDS


SPLIT = EDIT_FIXTURES / "split-registry"
RACES = int(os.environ.get("PORTREG_RACE_ROUNDS", "4"))


def test_render_docs_reads_the_registry_under_the_edits_lock(tmp_path: Path) -> None:
    # Regression (issue 21, defect 6): render-docs read the registry without the lock, then
    # locked only the docs; an edit landing in between had its docs undone, and both said
    # "updated". Here the registry's lock is held while the registry changes: render-docs
    # must wait, then render what is there once the lock is released.
    root = tmp_path / "project"
    shutil.copytree(SPLIT, root)
    (root / ".git").mkdir()
    team = root / "registry" / "team-c.yaml"
    with holding_registry(registry_files(root / "registry")):
        render = portreg(root, "render-docs")
        time.sleep(1.0)  # ample time for a run that does not wait to read, render and write
        assert render.poll() is None, "render-docs did not wait for the registry's lock"
        team.write_text(team.read_text().replace("16381", "16383"), encoding="utf-8")
    out, err = render.communicate(timeout=120)
    assert (render.returncode, err) == (0, ""), out
    assert "16383" in (root / "docs" / "ports.md").read_text(encoding="utf-8")


def test_edits_and_render_docs_racing_leave_current_docs(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(SPLIT, root)
    (root / ".git").mkdir()
    for race in range(RACES):
        runs = [
            # A port of its own each round: the range would fill up over many rounds.
            portreg(
                root,
                "allocate",
                f"new{race}",
                "redis",
                "--tier",
                "integration",
                "--port",
                str(17000 + race),
            ),
            portreg(root, "render-docs"),
        ]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert (run.returncode, err) == (0, ""), out
        assert invoke("render-docs", "--check", cwd=root).code == 0, race
