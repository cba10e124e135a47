"""portreg check against yamllint on the same files: start-up, growth with registry size, and
what the largest registries cost in time and memory."""

from __future__ import annotations

from benchmarks.generate import registry
from benchmarks.harness import BUNDLED_FILE, LINTED, Bench, says, tool
from portreg.loading.loader import MAX_FILE_BYTES, MAX_NODES

# The least a command that validates with pydantic_core can cost: start Python, import
# pydantic_core and PyYAML, validate one one-field schema. Measured beside the start-up
# figure to show how much of it is portreg's own.
CORE_FLOOR = """\
import yaml
from pydantic_core import SchemaValidator
SchemaValidator({"type": "int", "strict": True}).validate_python(16388)
"""
MEMORY_BUDGET_MIB = 150  # at 5,000 services (issue 12)
TIME_BUDGET_S = 10.0  # for a registry at the size cap
# The most values per byte YAML allows: a flow list of one-digit numbers. At the byte cap it
# would be 6.4 million values; the value cap (MAX_NODES) stops it first.
DENSEST_HEAD = "portreg: 1\ntitle: densest\nversion: '1.0'\nx: ["


def _largest_under_cap() -> int:
    """The number of services whose generated registry is just under the size cap."""
    low, high = 50_000, 70_000
    while low < high:
        middle = (low + high + 1) // 2
        if len(registry(middle).encode()) <= MAX_FILE_BYTES:
            low = middle
        else:
            high = middle - 1
    return low


def run(bench: Bench) -> None:
    portreg, yamllint = tool("portreg"), tool("yamllint")
    bundled = BUNDLED_FILE
    bench.compare(
        "check, bundled registry (start-up)",
        [portreg, "check", "--registry", str(bundled)],
        [yamllint, str(bundled)],
        "yamllint",
        target=1.5,
        check=says("0 errors, 0 warnings in 9 services"),
        reference_expect=LINTED,
    )
    bench.compare(
        "floor: Python + PyYAML + pydantic_core + a one-field schema, nothing else",
        [tool("python"), "-c", CORE_FLOOR],
        [yamllint, str(bundled)],
        "yamllint",
        note="no target: the part of the start-up figure that any such validator pays",
        reference_expect=LINTED,
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
            target=0.2 if services == 5000 else None,
            repeat=3 if services == 5000 else 5,
            check=says(f"0 errors, 0 warnings in {services} services"),
            reference_expect=LINTED,
        )
    bench.record(
        "check growth, 500 → 5000 services (10× the services)",
        sizes[5000].ours,
        sizes[500].ours,
        "check at 500",
        target=12.0,
        note="portreg's own time at 5000 services over its time at 500; linear is 10×",
    )
    five_thousand = bench.workdir / "registry-5000.yaml"
    bench.record(
        "peak memory (MiB), check 5000 services",
        bench.resources([portreg, "check", "--registry", str(five_thousand)])[0],
        MEMORY_BUDGET_MIB,
        "budget (MiB)",
        target=1.0,
        note="resident set size at its peak, against the 150 MiB budget",
    )
    for services, label in ((50_000, "50000 services"), (_largest_under_cap(), "the size cap")):
        path = bench.workdir / f"registry-{services}.yaml"
        text = registry(services)
        path.write_text(text, encoding="utf-8")
        command = [portreg, "check", "--registry", str(path)]
        megabytes = len(text.encode()) / 1024 / 1024
        peak, cpu = bench.resources(command)
        wall = bench.time_once(command)
        bench.record(
            f"CPU time (s), check {label} ({services} services, {megabytes:.1f} MiB)",
            cpu,
            TIME_BUDGET_S,
            "budget (s)",
            target=1.0 if label == "the size cap" else None,
            note=f"wall time {wall:.1f} s in the same run; no reference tool (yamllint would "
            "take minutes); a registry at the size cap must check in under 10 s",
        )
        bench.record(
            f"peak memory (MiB), check {services} services",
            peak,
            MEMORY_BUDGET_MIB,
            "5000-service budget (MiB)",
            target=None,
            note="for the record: what the largest registries cost",
        )
    _densest(bench, portreg)


def _densest(bench: Bench, portreg: str) -> None:
    """The costliest file under the caps: a flow list of ones, just under the value cap."""
    path = bench.workdir / "densest.yaml"
    values = MAX_NODES - 9  # less the root, the four keys with their three values, the list
    path.write_text(DENSEST_HEAD + "1," * (values - 1) + "1]\n", encoding="utf-8")
    command = [portreg, "check", "--registry", str(path)]
    # Read to its last value, then refused by the schema (a registry has no key x): exit 1.
    peak, cpu = bench.resources(command, expect=(1,))
    bench.record(
        f"CPU time (s), check the value cap ({MAX_NODES:,} one-digit values)",
        cpu,
        TIME_BUDGET_S,
        "budget (s)",
        target=1.0,
        note=f"a flow list of ones, the most values per byte; peak memory {peak:.0f} MiB. "
        "One value more is refused before it is read further",
    )
