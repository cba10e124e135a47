"""portreg render-docs --check against yamllint on the same registry file, in the same run."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import registry
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


def _rendered(output: Path, services: int) -> Check:
    """The file holds the table of every service (the last one included)."""

    def check(done: Done) -> None:
        assert f"service-{services - 1:05d}" in output.read_text(encoding="utf-8"), output

    return check
