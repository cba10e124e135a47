"""portreg allocate against portreg check on the same 5,000-service registry, in the same run.

An edit loads the registry, splices the change into its text, raises the version, writes the
changelog entry, loads and checks the result, prints the diff and writes the file; the
target is that all of it costs at most 3x what checking the registry costs. Each run edits a
fresh copy (the copy is part of the measured command: a few milliseconds).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from benchmarks.generate import registry
from benchmarks.harness import Bench, tool


def free_port(path: Path) -> int:
    """A host port nobody holds: the synthetic registry's component ranges are all full."""
    from portreg.edit.free_ports import FreePorts
    from portreg.loading.registry import load_registry
    from portreg.records import port_range

    registry = load_registry(path).registry
    assert registry is not None
    return FreePorts(registry, "new-service", "integration").lowest(port_range(10000, 11998))[0]


def run(bench: Bench) -> None:
    portreg = tool("portreg")
    original = bench.workdir / "edit-5000.yaml"
    original.write_text(registry(5000), encoding="utf-8")
    work = bench.workdir / "edit-5000-work.yaml"
    # Every range of the synthetic registry is full: --port takes one below them all.
    allocate = [
        portreg,
        "allocate",
        "new-service",
        "redis",
        "--tier",
        "integration",
        "--port",
        "11000",
        "--registry",
        str(work),
    ]
    bench.compare(
        "allocate (new service, bump, changelog), 5000 services",
        [
            "sh",
            "-c",
            f"cp {shlex.quote(str(original))} {shlex.quote(str(work))} && exec "
            + shlex.join(allocate),
        ],
        [portreg, "check", "--registry", str(original)],
        "portreg check",
        target=3.0,
        repeat=3,
    )
