"""portreg check against yamllint on the same files: start-up and growth with registry size."""

from __future__ import annotations

from benchmarks.generate import registry
from benchmarks.harness import BUNDLED_FILE, Bench, tool

# The least any pydantic-based command can cost: start Python, import pydantic, validate one
# one-field model. Measured beside the start-up figure to show how much of it is portreg's.
PYDANTIC_FLOOR = """\
from pydantic import BaseModel, ConfigDict
class Floor(BaseModel):
    model_config = ConfigDict(strict=True, defer_build=True)
    port: int
Floor.model_validate({"port": 16388})
"""


def run(bench: Bench) -> None:
    portreg, yamllint = tool("portreg"), tool("yamllint")
    bundled = BUNDLED_FILE
    bench.compare(
        "check, bundled registry (start-up)",
        [portreg, "check", "--registry", str(bundled)],
        [yamllint, str(bundled)],
        "yamllint",
        target=1.5,
    )
    bench.compare(
        "floor: Python + pydantic + a one-field model, nothing else",
        [tool("python"), "-c", PYDANTIC_FLOOR],
        [yamllint, str(bundled)],
        "yamllint",
        note="no target: the part of the start-up figure that any pydantic model pays",
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
