"""portreg allocate against portreg check (and render-docs) on the same registry, same run.

An edit loads the registry once, splices the change into its text, raises the version,
writes the changelog entry, reads the changed parts again and checks the result with every
rule, prints the diff and writes the files (with its docs, rendered once). The targets: at
5,000 services an allocation costs at most 1.5x a check (1.5x a check plus a render-docs
with its docs), in time and in memory; at the size cap, memory within 1.5x a check's.

Every run allocates a port nobody holds, on a fresh copy of the registry (the copy is part
of the measured command: a few milliseconds), and is checked: exit status 0, the new service
and the raised version in the file (and its port in the docs).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from benchmarks.generate import registry
from benchmarks.harness import Bench, Check, Done, tool

SERVICES = 5000
CAP_SERVICES = 50_000
DOCS = "docs:\n  - path: ports.md\n"


def free_port(path: Path) -> int:
    """A host port nobody holds: the synthetic registry's component ranges are all full."""
    from portreg.edit.free_ports import FreePorts
    from portreg.loading.registry import load_registry
    from portreg.records import port_range

    loaded = load_registry(path).registry
    assert loaded is not None
    return FreePorts(loaded, "new-service", "integration").lowest(port_range(10000, 11998))[0]


def run(bench: Bench) -> None:
    portreg = tool("portreg")
    edit, reference = bench.workdir / "edit", bench.workdir / "reference"
    edit.mkdir()
    reference.mkdir()
    original = edit / "original.yaml"
    original.write_text(registry(SERVICES), encoding="utf-8")
    port = free_port(original)
    work = edit / "ports.yaml"
    allocate = [portreg, "allocate", "new-service", "redis", "--tier", "integration"]
    allocate += ["--port", str(port), "--registry", str(work)]

    def fresh_copy_then(*command: str) -> list[str]:
        copy = f"cp {shlex.quote(str(original))} {shlex.quote(str(work))}"
        return ["sh", "-c", f"{copy} && exec {shlex.join(command)}"]

    check = [portreg, "check", "--registry", str(original)]
    bench.compare(
        f"allocate --no-docs (new service, bump, changelog), {SERVICES} services",
        fresh_copy_then(*allocate, "--no-docs"),
        check,
        "portreg check",
        target=1.5,
        repeat=5,
        check=_allocated(work, port),
    )
    peak, _ = bench.resources(fresh_copy_then(*allocate, "--no-docs"))
    checked, _ = bench.resources(check)
    bench.record(
        f"peak memory (MiB), allocate --no-docs, {SERVICES} services",
        peak,
        checked,
        "portreg check",
        target=1.5,
    )
    _with_docs(bench, original, edit, reference, allocate, port)
    _at_the_cap(bench, portreg)


def _with_docs(
    bench: Bench, original: Path, edit: Path, reference: Path, allocate: list[str], port: int
) -> None:
    """The edit with its docs against what a person would run: check, then render-docs."""
    portreg = tool("portreg")
    text = original.read_text(encoding="utf-8").replace("reserved:", DOCS + "reserved:", 1)
    with_docs = edit / "with-docs.yaml"
    with_docs.write_text(text, encoding="utf-8")
    (reference / "ports.yaml").write_text(text, encoding="utf-8")
    work, docs = edit / "ports.yaml", edit / "ports.md"
    edit_run = [
        "sh",
        "-c",
        f"cp {shlex.quote(str(with_docs))} {shlex.quote(str(work))} && rm -f "
        f"{shlex.quote(str(docs))} && exec {shlex.join(allocate)}",
    ]
    registry_file, rendered = reference / "ports.yaml", reference / "ports.md"
    by_hand = (
        f"rm -f {shlex.quote(str(rendered))} && "
        f"{shlex.join([portreg, 'check', '--registry', str(registry_file)])} && "
        f"exec {shlex.join([portreg, 'render-docs', '--registry', str(registry_file)])}"
    )
    allocated = _allocated(work, port)

    def with_its_docs(done: Done) -> None:
        allocated(done)
        assert str(port) in docs.read_text(encoding="utf-8"), "the docs lack the new port"

    bench.compare(
        f"allocate with docs, {SERVICES} services",
        edit_run,
        ["sh", "-c", by_hand],
        "check + render-docs",
        target=1.5,
        repeat=5,
        check=with_its_docs,
    )


def _at_the_cap(bench: Bench, portreg: str) -> None:
    """allocate --dry-run on the largest registries against check: memory and time."""
    path = bench.workdir / f"edit-{CAP_SERVICES}.yaml"
    path.write_text(registry(CAP_SERVICES), encoding="utf-8")
    port = free_port(path)
    dry_run = [portreg, "allocate", "new-service", "redis", "--tier", "integration"]
    dry_run += ["--port", str(port), "--registry", str(path), "--dry-run"]
    check = [portreg, "check", "--registry", str(path)]
    peak, cpu = bench.resources(dry_run)
    checked_peak, checked_cpu = bench.resources(check)
    bench.record(
        f"peak memory (MiB), allocate --dry-run, {CAP_SERVICES} services",
        peak,
        checked_peak,
        "portreg check",
        target=1.5,
    )
    bench.record(
        f"CPU time (s), allocate --dry-run, {CAP_SERVICES} services",
        cpu,
        checked_cpu,
        "portreg check",
        target=None,
        note="for the record: the whole edit, printed diff included, against a check",
    )


def _allocated(work: Path, port: int) -> Check:
    """The file has the new service on ``port`` and the raised version."""

    def check(done: Done) -> None:
        text = work.read_text(encoding="utf-8")
        assert f"  new-service:\n    ports:\n      integration: {{redis: {port}}}" in text, (
            "the new service is not in the file"
        )
        assert 'version: "1.1"' in text, "the version was not raised"

    return check
