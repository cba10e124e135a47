"""Atomic writes: killed at any moment, a writer leaves the old file or the new one."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, Result

from portreg.edit.atomic import write_atomic

RunCli = Callable[..., Result]


def leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))


def test_writes_text_and_bytes_without_translating_line_endings(tmp_path: Path) -> None:
    target = tmp_path / "f.md"
    write_atomic(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"
    write_atomic(str(target), b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert leftovers(tmp_path) == []


def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "f.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    target.chmod(0o755)
    write_atomic(target, "newer")
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_a_symlink_stays_a_link_to_the_new_content(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "dir.md"
    target.mkdir()
    with pytest.raises(OSError):
        write_atomic(target, "x")
    assert target.is_dir()
    assert leftovers(tmp_path) == []


# A writer that replaces the file over and over with one of two large contents, as fast as it
# can, so that a kill at a random moment lands mid-write nearly every time.
WRITER = textwrap.dedent(
    """\
    import sys
    from portreg.edit.atomic import write_atomic
    path, old, new = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
    print("ready", flush=True)
    turn = 0
    while True:
        write_atomic(path, new if turn % 2 == 0 else old)
        turn += 1
    """
)


def test_killed_writer_never_leaves_a_torn_file(tmp_path: Path) -> None:
    old = b"".join(b"old line %07d\n" % number for number in range(400_000))  # ~6 MB
    new = b"".join(b"NEW %07d line\r\n" % number for number in range(420_000))
    (tmp_path / "old").write_bytes(old)
    (tmp_path / "new").write_bytes(new)
    work = tmp_path / "out"
    work.mkdir()
    target = work / "doc.md"
    target.write_bytes(old)
    rng = random.Random(3)
    seen = {old: 0, new: 0}
    deadline = time.monotonic() + 10
    iterations = 0
    while iterations < 80 and (iterations < 40 or time.monotonic() < deadline):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(target),
                str(tmp_path / "old"),
                str(tmp_path / "new"),
            ],
            stdout=subprocess.PIPE,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.12))
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        child.stdout.close()
        content = target.read_bytes()
        assert content in seen, f"torn file after kill {iterations}: {len(content)} bytes"
        seen[content] += 1
        iterations += 1
    # The kills did land mid-write: a temporary file left behind by a killed writer shows it.
    assert leftovers(work), "no kill landed during a write; the test proved nothing"
    assert seen[new] > 0


def big_registry(services: int, version: str) -> str:
    lines = [
        MINIMAL.replace('version: "1.0"', f'version: "{version}"').replace(
            "15433-15442", f"15433-{15433 + services}"
        ),
        "services:\n",
    ]
    for number in range(services):
        lines.append(
            f"  service-{number:04d}:\n    title: Service {number} of {version}\n"
            f"    ports: {{integration: {{postgresql: {15433 + number}, "
            f"datastorage: {40000 + number}}}, e2e: {{datastorage: {50000 + number}}}}}\n"
        )
    return "".join(lines)


def test_killed_render_docs_leaves_the_old_or_the_new_document(tmp_path: Path) -> None:
    registries = {}
    documents = {}
    for version in ("1.0", "2.0"):
        path = tmp_path / f"registry-{version}.yaml"
        path.write_text(big_registry(600, version), encoding="utf-8")
        registries[version] = path
        done = subprocess.run(
            [sys.executable, "-m", "portreg", "render-docs", "-r", str(path), "-o", "-"],
            capture_output=True,
            check=True,
            cwd=tmp_path,
        )
        documents[version] = done.stdout
    assert documents["1.0"] != documents["2.0"]
    target = tmp_path / "doc.md"
    target.write_bytes(documents["1.0"])
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "portreg",
            "render-docs",
            "-r",
            str(registries["2.0"]),
            "-o",
            "doc.md",
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    duration = time.monotonic() - started
    assert target.read_bytes() == documents["2.0"]
    rng = random.Random(7)
    current = "2.0"
    deadline = time.monotonic() + 10
    iterations = 0
    while iterations < 40 and (iterations < 15 or time.monotonic() < deadline):
        other = "1.0" if current == "2.0" else "2.0"
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "portreg",
                "render-docs",
                "-r",
                str(registries[other]),
                "-o",
                "doc.md",
            ],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Most kills land late in the run, where the document is being written.
        time.sleep(duration * rng.uniform(0.5, 1.1))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        content = target.read_bytes()
        assert content in (documents["1.0"], documents["2.0"]), f"torn document at {iterations}"
        current = "1.0" if content == documents["1.0"] else "2.0"
        iterations += 1
