"""portreg scan against grep -rnE of an equivalent regex, on a generated many-service tree.

The tree (benchmarks/scan_tree.py) is built in the bench work dir, nothing big committed:
5,500 files and about 90 MB shaped like the public repository issue 17 measured, with a
registry transcribed as a hand-kept table is (no ``paths``: owners come from clues). Both
tools read the tree; grep prints every line holding a number the registry knows, portreg
decides whose file each is, reads each hit's role and judges it. A second figure is the cost
of a finding: a tree whose one port is pasted 100,000 times, against a budget of 1 ms each.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import ROOT, Bench, tool
from benchmarks.scan_tree import build_tree

MANY_FINDINGS = 100_000


def grep_pattern(registry: Path) -> str:
    """The numbers portreg looks for (allocated, reserved, in a range or a block), as one
    ERE with the same boundaries."""
    sys.path.insert(0, str(ROOT))
    from portreg.loading.registry import load_registry
    from portreg.scan.judge import PortIndex

    loaded = load_registry(registry).registry
    assert loaded is not None
    numbers = "|".join(str(port) for port in sorted(PortIndex(loaded).ports()))
    return f"(^|[^0-9A-Za-z_.])({numbers})([^0-9A-Za-z_]|$)"


def did_its_work(command: list[str], cwd: Path, findings: int = 1) -> dict[str, object]:
    """Run the scan once and check it did what it is measured doing: exit status 1 (it
    found drifts), every text file read, at least ``findings`` errors and warnings."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    document: dict[str, object] = json.loads(done.stdout)
    summary = document["summary"]
    assert isinstance(summary, dict)
    assert summary["errors"] + summary["warnings"] >= findings, summary
    return document


def run(bench: Bench) -> None:
    tree = build_tree(bench.workdir)
    files = [path for path in tree.rglob("*") if path.is_file() and ".git" not in path.parts]
    size = sum(path.stat().st_size for path in files)
    scan = [tool("portreg"), "scan", "--format", "json"]
    document = did_its_work(scan, tree)
    scanned = document["scan"]
    assert isinstance(scanned, dict) and scanned["files"] >= len(files) - 100, scanned
    bench.compare(
        f"scan, many-service tree ({len(files)} files, {size / 1e6:.0f} MB, owners by clues)",
        scan,
        ["grep", "-rnIE", "--exclude-dir=.git", grep_pattern(tree / "registry"), "."],
        "grep -rnE",
        target=3.0,
        cwd=tree,
        repeat=5,
        note=(
            "20 services, 14 Kind clusters, a registry without paths; median file 7 kB, "
            "3 generated files over --max-size (portreg skips them, grep reads them), "
            "40 binary files"
        ),
        expect=(1,),  # every run, as the one checked above: it found the drifts
    )
    many = _many_findings(bench.workdir)
    command = [tool("portreg"), "scan", "--format", "json"]
    did_its_work(command, many, findings=MANY_FINDINGS)
    seconds = min(bench.time_command(command, many, expect=(1,)) for _ in range(3))
    bench.record(
        f"scan, {MANY_FINDINGS:,} findings of one port (ms per finding)",
        1000 * seconds / MANY_FINDINGS,
        1.0,
        "budget (ms)",
        target=0.5,
        note="1,000 files of 100 copies of another service's URL; JSON output, grouped",
    )


def _many_findings(work: Path) -> Path:
    """1,000 files of a suite, each with 100 lines calling another service's port."""
    tree = work / "many-findings"
    if tree.exists():
        return tree
    folder = tree / "test" / "integration" / "ledger"
    folder.mkdir(parents=True)
    line = 'url := "http://localhost:18090"  // the gateway\n'
    for number in range(MANY_FINDINGS // 100):
        (folder / f"f{number}_test.go").write_text(line * 100, encoding="utf-8")
    (tree / "registry").mkdir()
    (tree / "registry" / "ports.yaml").write_text(
        "portreg: 1\ntitle: t\nversion: '1'\nupdated: 2026-01-01\ntiers: {integration: {}}\n"
        "components: {api: {}}\nservices:\n"
        "  ledger: {ports: {integration: {api: 18080}}}\n"
        "  billing: {ports: {integration: {api: 18090}}}\n",
        encoding="utf-8",
    )
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tree"], cwd=tree, check=True)
    return tree
