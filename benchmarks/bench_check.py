"""portreg check against yamllint on the same files: start-up and growth with registry size."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.generate import registry
from benchmarks.harness import Bench

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(bench: Bench) -> None:
    portreg, yamllint = str(BIN / "portreg"), str(BIN / "yamllint")
    bundled = ROOT / "registry" / "ports.yaml"
    bench.compare(
        "check, bundled registry (start-up)",
        [portreg, "check", "--registry", str(bundled)],
        [yamllint, str(bundled)],
        "yamllint",
        target=1.5,
    )
    sizes = {}
    for services in (500, 5000):
        path = bench.workdir / f"registry-{services}.yaml"
        path.write_text(registry(services), encoding="utf-8")
        sizes[services] = bench.compare(
            f"check, {services} services",
            [portreg, "check", "--registry", str(path)],
            [yamllint, str(path)],
            "yamllint",
            target=0.5 if services == 5000 else None,
            repeat=3 if services == 5000 else 5,
        )
    bench.record(
        "check growth, 500 → 5000 services (10× the services)",
        sizes[5000].ours,
        sizes[500].ours,
        "check at 500",
        target=12.0,
        note="portreg's own time at 5000 services over its time at 500; linear is 10×",
    )
