"""The lock of ``portreg.edit``: two real processes never edit one file at the same time.

Regression test for issue 12, defect 10: two concurrent ``render-docs`` runs on different
sections of one file lost an update (15 times in 100), both exiting 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import MINIMAL, ROOT
from inprocess import invoke

from portreg.edit.lock import lock_path, locked
from portreg.render.markers import begin_marker, end_marker

SECTIONS = ("allocations", "ranges")


def _env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}


def _project(tmp_path: Path) -> tuple[Path, Path]:
    registry = tmp_path / "ports.yaml"
    registry.write_text(
        MINIMAL + "services:\n  app:\n    ports:\n      integration: {redis: 16380}\n"
    )
    doc = tmp_path / "ports.md"
    doc.write_text(
        "".join(f"{begin_marker(name)}\nold\n{end_marker(name)}\n\n" for name in SECTIONS),
        encoding="utf-8",
    )
    return registry, doc


def _render(registry: Path, doc: Path, section: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "portreg",
            "render-docs",
            "-r",
            str(registry),
            "-o",
            str(doc),
            "--section",
            section,
        ],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _region(text: str, name: str) -> str:
    return text.split(begin_marker(name) + "\n", 1)[1].split(end_marker(name), 1)[0]


def test_render_docs_waits_for_the_lock_and_keeps_the_other_update(tmp_path: Path) -> None:
    registry, doc = _project(tmp_path)
    with locked(doc):
        process = _render(registry, doc, "allocations")
        time.sleep(2.0)  # ample time for an unlocked run to read, render and write
        assert process.poll() is None, "render-docs did not wait for the lock"
        # Meanwhile another editor changes the other section (under the lock).
        text = doc.read_text(encoding="utf-8")
        doc.write_text(_replace_region(text, "ranges", "MINE\n"), encoding="utf-8")
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    final = doc.read_text(encoding="utf-8")
    assert _region(final, "ranges") == "MINE\n"
    assert "16380" in _region(final, "allocations")


def _replace_region(text: str, name: str, body: str) -> str:
    head, rest = text.split(begin_marker(name) + "\n", 1)
    return (
        head
        + begin_marker(name)
        + "\n"
        + body
        + end_marker(name)
        + rest.split(end_marker(name), 1)[1]
    )


def test_concurrent_runs_on_two_sections_lose_nothing(tmp_path: Path) -> None:
    registry, doc = _project(tmp_path)
    for _round in range(6):
        doc.write_text(
            "".join(f"{begin_marker(name)}\nold\n{end_marker(name)}\n\n" for name in SECTIONS),
            encoding="utf-8",
        )
        runs = [_render(registry, doc, name) for name in SECTIONS]
        assert [run.wait(timeout=60) for run in runs] == [0, 0]
        final = doc.read_text(encoding="utf-8")
        assert all("old" not in _region(final, name) for name in SECTIONS), final


def test_the_lock_excludes_another_process(tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    holder = textwrap.dedent(
        f"""
        import sys, time
        from portreg.edit.lock import locked
        with locked({str(target)!r}):
            print("held", flush=True)
            time.sleep(1.5)
            print("released", flush=True)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "held\n"
    started = time.monotonic()
    with locked(target, timeout=30):
        waited = time.monotonic() - started
        assert child.poll() is not None or child.stdout.readline() == "released\n"
    assert child.wait(timeout=30) == 0
    assert waited > 0.5
    # The lock file stays (removing it would break the lock); it is hidden beside the file.
    assert lock_path(target) == tmp_path / ".file.md.lock"
    assert lock_path(target).exists() and not target.exists()


def test_a_symlink_is_locked_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert lock_path(link) == lock_path(real)


def test_a_lock_held_too_long_times_out(tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    holder = (
        "import time\nfrom portreg.edit.lock import locked\n"
        f"with locked({str(target)!r}):\n    print('held', flush=True)\n    time.sleep(30)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "held\n"
        try:
            with locked(target, timeout=0.3):
                raise AssertionError("locked while another process holds the lock")
        except TimeoutError:
            pass
    finally:
        child.kill()
        child.wait()


def test_check_and_up_to_date_runs_take_no_lock(tmp_path: Path) -> None:
    registry, doc = _project(tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())
    stale = invoke("render-docs", "-r", str(registry), "-o", str(doc), "--check")
    assert stale.code == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert invoke("render-docs", "-r", str(registry), "-o", str(doc)).code == 0
    lock_path(doc).unlink()
    again = invoke("render-docs", "-r", str(registry), "-o", str(doc))
    assert again.code == 0 and "up to date" in again.out
    assert not lock_path(doc).exists()
