"""portreg render-docs --check against yamllint on the same registry file, in the same run."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from benchmarks.generate import grouped, registry
from benchmarks.harness import BUNDLED_FILE, LINTED, ROOT, Bench, Check, Done, says, tool


def run(bench: Bench) -> None:
    portreg, yamllint = tool("portreg"), tool("yamllint")
    bundled = BUNDLED_FILE
    # What pre-commit and CI run: load, check, render every section, compare with the file.
    bench.compare(
        "render-docs --check, bundled registry",
        [portreg, "render-docs", "--check", "--registry", str(bundled)],
        [yamllint, str(bundled)],
        "yamllint",
        target=2.0,
        cwd=ROOT,
        check=says("docs/port-allocation.md: up to date"),
        reference_expect=LINTED,
    )
    for services, repeat in ((500, 5), (5000, 3)):
        path = bench.workdir / f"registry-{services}.yaml"
        path.write_text(registry(services), encoding="utf-8")
        output = bench.workdir / f"render-{services}.md"
        bench.compare(
            f"render-docs, {services} services (writes the file)",
            [portreg, "render-docs", "--registry", str(path), "--output", str(output)],
            [yamllint, str(path)],
            "yamllint",
            repeat=repeat,
            note="no target: shows how rendering grows with the registry",
            check=_rendered(output, services),
            reference_expect=LINTED,
        )
    run_many_groups(bench)


def many_groups(services: int = 300, groups: int = 700) -> str:
    """Hundreds of services in hundreds of small exclusive groups: render-docs took 25 s of
    CPU on it while check took 0.16 s (the exact search's steps each looked at every suite)."""
    chosen = random.Random(7)
    members = [chosen.sample(range(services), 3) for _ in range(groups)]
    return grouped(services, members, "Many exclusive groups")


def run_many_groups(bench: Bench) -> None:
    portreg = tool("portreg")
    path = bench.workdir / "registry-many-groups.yaml"
    path.write_text(many_groups(), encoding="utf-8")
    output = bench.workdir / "render-many-groups.md"
    command = [portreg, "render-docs", "--registry", str(path), "--output", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "The suites run in " in output.read_text(encoding="utf-8")
    bench.compare(
        "render-docs, 300 services in 700 exclusive groups",
        command,
        [portreg, "check", "--registry", str(path)],
        "portreg check",
        target=10.0,
        repeat=3,
        note="was 25 s of CPU against check's 0.16 s",
    )


def _rendered(output: Path, services: int) -> Check:
    """The file holds the table of every service (the last one included)."""

    def check(done: Done) -> None:
        assert f"service-{services - 1:05d}" in output.read_text(encoding="utf-8"), output

    return check
