"""portreg init --discover against portreg scan, on the same generated many-service tree.

Discovery reads a tree with the scan's reader, and adds what only adoption needs (whose
suite each file is without a registry, what each line claims, the Kind configs and their
uses, a proposal). Issue 18's target: a registry proposed within 2x the time of a scan of
the tree. The tree is benchmarks/scan_tree.py's (5,500 files, 20 services, 14 Kind
clusters), the scan is bench_scan's (``--format json``, every finding judged).

One run writes the registry (checked: it loads, with the tree's suites and clusters), then
the timed runs use ``--dry-run``, which does all the same work and prints the registry
instead of writing it (``init`` never replaces a registry, so a written one would stop the
next run).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.harness import Bench, Done, tool
from benchmarks.scan_tree import CLUSTERS, SERVICES, build_tree

PROPOSED = "registry/discovered.yaml"


def did_its_work(tree: Path) -> None:
    """Write a proposal once and check it: exit status 0 or 1 (collisions are errors), a
    registry that loads, every generated suite a service, every Kind cluster a scope."""
    import sys

    from benchmarks.harness import ROOT

    sys.path.insert(0, str(ROOT))
    from portreg.loading.registry import load_registry

    ignore = tree / ".gitignore"
    kept = ignore.read_bytes() if ignore.exists() else None
    command = [tool("portreg"), "init", "--discover", ".", "-o", PROPOSED, "--no-progress"]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    try:
        assert done.returncode in (0, 1), (done.returncode, done.stderr[-500:])
        registry = load_registry(tree / PROPOSED).registry
        assert registry is not None, done.stdout[-500:]
        assert set(SERVICES) <= set(registry.services), sorted(registry.services)
        assert len(registry.scopes) >= CLUSTERS, sorted(registry.scopes)
    finally:
        (tree / PROPOSED).unlink(missing_ok=True)
        if kept is None:
            ignore.unlink(missing_ok=True)
        else:
            ignore.write_bytes(kept)


def run(bench: Bench) -> None:
    tree = build_tree(bench.workdir)
    did_its_work(tree)
    files = sum(1 for path in tree.rglob("*") if path.is_file() and ".git" not in path.parts)
    bench.compare(
        f"init --discover, many-service tree ({files} files)",
        [tool("portreg"), "init", "--discover", ".", "--dry-run", "--no-progress"],
        [tool("portreg"), "scan", "--format", "json"],
        "portreg scan",
        target=2.0,
        cwd=tree,
        repeat=5,
        note=(
            "the scan benchmark's tree; a proposal of 20 services and 14 Kind clusters "
            "(written and loaded once, then timed with --dry-run)"
        ),
        # Every run: a proposal without errors. Each suite declares its ports as constants
        # (test/infrastructure/<suite>_integration.go), which outrank the addresses other
        # suites reach them by, so those are no collisions.
        expect=(0,),
        check=printed_a_registry,
        reference_expect=(1,),  # the scan finds the tree's drifts
    )


def printed_a_registry(done: Done) -> None:
    """A timed run (``--dry-run``) printed the whole proposal: every generated suite."""
    text = done.stdout.decode("utf-8", "replace")
    missing = [service for service in SERVICES if f"\n  {service}:\n" not in text]
    if "\nservices:\n" not in text or missing:
        raise AssertionError(f"no proposal printed (missing: {missing[:3]})")
