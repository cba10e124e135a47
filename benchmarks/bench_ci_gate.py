"""The CI gate: change control (check --base), diff and sarif, on a real git repository.

References: ``portreg check`` alone (what --base adds on top of it) and ``git diff`` (the text
diff that ``portreg diff`` replaces in review).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from benchmarks.generate import registry
from benchmarks.harness import BUNDLED_FILE, Bench, says, tool

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True)


def _repository(bench: Bench, name: str, committed: str, working: str) -> Path:
    """A repository with ``committed`` as its registry at HEAD and ``working`` in the tree."""
    repo = bench.workdir / f"gate-{name}"
    (repo / "registry").mkdir(parents=True)
    path = repo / "registry" / "ports.yaml"
    path.write_text(committed, encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "registry")
    path.write_text(working, encoding="utf-8")
    return repo


def _move_first_redis(text: str) -> str:
    """One allocation moved: change control and diff have something to find."""
    start = text.index("redis: ") + len("redis: ")
    end = start
    while text[end].isdigit():
        end += 1
    return text[:start] + "1" + text[end:]


def run(bench: Bench) -> None:
    portreg = tool("portreg")
    bundled = BUNDLED_FILE.read_text(encoding="utf-8")
    repos = {9: _repository(bench, "bundled", bundled, _move_first_redis(bundled))}
    for services in (500, 5000):
        generated = registry(services)
        repos[services] = _repository(bench, str(services), generated, _move_first_redis(generated))
    # What --base adds to a check: git (rev-parse, ls-tree, cat-file), the lines that differ
    # read again (portreg.base_reading), the diff of the services whose record is not kept.
    for services, target in ((9, 1.5), (500, 1.4), (5000, 1.3)):
        bench.compare(
            f"check --base HEAD, {services} services",
            [portreg, "check", "--base", "HEAD"],
            [portreg, "check"],
            "portreg check",
            target=target,
            cwd=repos[services],
            repeat=5 if services == 5000 else None,
            note="what change control adds: git rev-parse, ls-tree, cat-file, the changed "
            "lines read again, their services compared",
            # The moved port without a raised version: change control finds it (exit 1).
            expect=(1,),
            check=says("error PR401 version-not-raised"),
        )
    bench.compare(
        "diff --base HEAD, 500 services",
        [portreg, "diff", "--base", "HEAD"],
        ["git", "diff", "HEAD", "--", "registry"],
        "git diff",
        cwd=repos[500],
        note="a semantic diff against git's text diff: no target, for the record",
        check=says("1 change: 1 port moved"),
    )
    bench.compare(
        "check --format sarif, 500 services",
        [portreg, "check", "--format", "sarif"],
        [portreg, "check"],
        "portreg check",
        target=1.2,
        cwd=repos[500],
        check=says('"runs"'),
    )
