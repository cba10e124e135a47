"""An edit that writes several files is one transaction: a crash leaves the old state or the
new one, and the next command finishes or rolls back (issue 21, defects 3 and 12).

Regression: in 176 SIGKILL trials on a 3-file registry, 30 ended with old and new files
mixed (a renamed service in one file, the old id in another). Here every moment of the write
is crashed at (a real process that dies, deterministically, before its Nth rename), and real
processes are killed at random moments; after each, the next portreg command leaves exactly
the old files or exactly the new ones.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from edit_helpers import EDIT_ENV, EDIT_FIXTURES
from inprocess import invoke

SPLIT = EDIT_FIXTURES / "split-registry"
# A rename that touches every registry file, the docs (a page and a port map) and the
# exports: six files.
RENAME = ("rename", "alpha", "alfa")
# Python that runs portreg in a process that dies (as if killed) before its Nth os.replace.
CRASHING = """
import os, sys
limit = int(sys.argv[1])
calls = [0]
real = os.replace
def replace(source, target):
    calls[0] += 1
    if calls[0] == limit:
        os._exit(137)
    return real(source, target)
os.replace = replace
from portreg.main import main
main(sys.argv[2:])
"""
WRITTEN = 6
KILLS = int(os.environ.get("PORTREG_KILL_TRIALS", "4"))


def project(directory: Path) -> Path:
    root = directory / "project"
    shutil.copytree(SPLIT, root)
    (root / ".git").mkdir()  # the project's root, as git marks it
    return root


def state(root: Path) -> dict[str, bytes]:
    """Every file of the project but lock files and the temporary file of a journal being
    written when the process died (the next edit removes it; no command reads it)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not path.name.endswith(".lock")
        and not path.name.startswith("..portreg.journal.")
    }


def leftovers(root: Path) -> list[str]:
    return [path.name for path in root.rglob("*") if path.name.endswith((".tmp", ".journal"))]


def env() -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}
    return {**clean, **EDIT_ENV, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The project before the rename and after it (run without a crash)."""
    root = project(tmp_path_factory.mktemp("reference"))
    before = state(root)
    done = invoke(*RENAME, cwd=root, env=EDIT_ENV)
    assert (done.code, done.err) == (0, ""), done.out
    after = state(root)
    changed = [name for name in after if after[name] != before.get(name)]
    assert len(changed) == WRITTEN, changed  # three registry files, two docs, the exports
    return before, after


def crash(root: Path, replaces: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CRASHING, str(replaces), *RENAME],
        cwd=root,
        env=env(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    return done.returncode


def test_a_crash_at_any_step_leaves_the_old_state_or_the_new(
    tmp_path: Path, outcomes: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    before, after = outcomes
    # The journal is written twice (prepared, committed) and six files are renamed: a
    # crash before each of those eight renames, and none (the ninth never comes).
    seen = set()
    last = WRITTEN + 3
    for replaces in range(1, last + 1):
        root = project(tmp_path / str(replaces))
        code = crash(root, replaces)
        left = state(root)
        assert code == (137 if replaces < last else 0)
        if 2 < replaces < last:  # committed: the journal says so, the next run finishes it
            assert "registry/.portreg.journal" in left
        if 3 < replaces < last:  # half renamed: on disk a mix, which no command may read
            assert any(left.get(name) not in (before.get(name), None) for name in after)
        checked = invoke("check", cwd=root)  # any command finishes or rolls back first
        assert checked.code == 0, checked.out + checked.err
        final = state(root)
        assert final in (before, after), sorted(
            name for name in final if final[name] not in (before.get(name), after.get(name))
        )
        assert not [name for name in final if name.endswith((".tmp", ".journal"))]
        seen.add("new" if final == after else "old")
        # The next edit (here one with nothing to change) clears what the crash left.
        assert invoke("check", "--fix", cwd=root, env=EDIT_ENV).code == 0
        assert leftovers(root) == []
    assert seen == {"old", "new"}


def test_a_journal_is_finished_before_an_edit_reads_the_registry(
    tmp_path: Path, outcomes: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    _, after = outcomes
    root = project(tmp_path)
    assert crash(root, 4) == 137  # committed, two files renamed
    again = invoke(*RENAME, "--dry-run", cwd=root, env=EDIT_ENV)
    assert again.code == 2  # the rename is already done: "no service alpha"
    assert "no service alpha" in again.err
    assert state(root) == after


def test_killed_edits_leave_the_old_registry_or_the_new(
    tmp_path: Path, outcomes: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    before, after = outcomes
    timing = project(tmp_path / "timing")
    start = time.monotonic()
    assert crash(timing, 0) == 0  # never crashes: how long a whole run takes
    whole = time.monotonic() - start
    randomly = random.Random(21)
    seen = {"old": 0, "new": 0}
    for trial in range(KILLS):
        root = project(tmp_path / f"kill{trial}")
        process = subprocess.Popen(
            [sys.executable, "-m", "portreg", *RENAME],
            cwd=root,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Late in the run, where the files are written.
        time.sleep(whole * randomly.uniform(0.6, 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert invoke("check", cwd=root).code == 0
        final = state(root)
        assert final in (before, after), trial
        seen["new" if final == after else "old"] += 1
        assert invoke("check", "--fix", cwd=root, env=EDIT_ENV).code == 0
        assert leftovers(root) == []
    print(f"\nkilled edits: {KILLS}, left the old registry: {seen['old']}, the new: {seen['new']}")
