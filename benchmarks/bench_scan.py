"""portreg scan against grep -rnE of an equivalent regex, on a generated many-service tree.

The tree (benchmarks/scan_tree.py) is built in the bench work dir, nothing big committed:
5,500 files and about 85 MB shaped like the public repository issue 17 measured (its
density of numbers per file, port tables in markdown, Go constants, YAML), with a registry
transcribed as a hand-kept table is (no ``paths``: owners come from clues). Both tools read
the tree: grep prints every line holding a number of four or five digits, portreg decides
whose file each is, reads each port's role and judges it, and prints what hooks see (the
text output; the JSON output is a second row). A second figure is the cost
of a finding: a tree whose one port is pasted 100,000 times, against a budget of 1 ms each.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from benchmarks.harness import Bench, Check, Done, tool
from benchmarks.scan_tree import build_tree

MANY_FINDINGS = 100_000


# What the scan is measured against: every line holding a number of four or five digits,
# printed (to a pipe: GNU grep stops at the first match when its output is /dev/null).
GREP = ["grep", "-rnE", r"\b[0-9]{4,5}\b", "--exclude-dir=.git", "."]
_SUMMARY = re.compile(
    r"^(\d+) errors?, (\d+) warnings?, (\d+) notes? \(shown with --show-notes\) "
    r"in (\d+) files"
)


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


def summed_up(files: int, notes: int) -> Check:
    """A check of a text run (what hooks run): its last line is the summary, with errors
    found, every file read but those skipped, and the notes a JSON run listed."""

    def check(done: Done) -> None:
        last = done.stdout.decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
        found = _SUMMARY.match(last)
        assert found is not None, f"no summary line: {last[-200:]!r}"
        errors, _, counted, read = (int(number) for number in found.groups())
        assert errors >= 1 and read >= files - 100 and counted == notes, last

    return check


def run(bench: Bench) -> None:
    tree = build_tree(bench.workdir)
    files = [path for path in tree.rglob("*") if path.is_file() and ".git" not in path.parts]
    size = sum(path.stat().st_size for path in files)
    scan = [tool("portreg"), "scan"]
    document = did_its_work([*scan, "--format", "json"], tree)
    scanned, summary = document["scan"], document["summary"]
    assert isinstance(scanned, dict) and scanned["files"] >= len(files) - 100, scanned
    assert isinstance(summary, dict)
    lines = subprocess.run(GREP, cwd=tree, capture_output=True, check=True).stdout.count(b"\n")
    shape = (
        f"{len(files)} files, {size / 1e6:.0f} MB, {lines / 1000:.0f}k lines of 4-5 digit "
        "numbers, owners by clues"
    )
    note = (
        f"20 services, 14 Kind clusters, a registry without paths; {summary['notes']:,} "
        "notes counted; 2 generated files over --max-size (portreg skips them, grep reads "
        "them), 40 binary files; the reference is grep -rnE '\\b[0-9]{4,5}\\b' into a pipe"
    )
    bench.compare(
        f"scan, many-service tree ({shape})",
        scan,
        GREP,
        "grep -rnE",
        target=3.0,
        cwd=tree,
        repeat=5,
        note=f"text output, as hooks run it; {note}",
        expect=(1,),  # every run, as the one checked above: it found the drifts
        check=summed_up(len(files), int(summary["notes"])),
    )
    bench.compare(
        "scan --format json, the same tree",
        [*scan, "--format", "json"],
        GREP,
        "grep -rnE",
        cwd=tree,
        repeat=3,
        note="every note described and every finding written as JSON",
        expect=(1,),
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
    _output_memory(bench, many)


# What a scan's machine output may hold in memory at 100,000 findings (the findings
# themselves included): it was 816 MiB in JSON and 2.3 GiB in SARIF when the reporters
# built the whole document.
OUTPUT_MEMORY_BUDGET_MIB = 200.0


def _output_memory(bench: Bench, tree: Path) -> None:
    """Peak memory of ``scan --format json`` and ``sarif`` at 100,000 findings; each measured
    run's output is read back: every finding written, as one document."""
    for output_format, listed in (("json", "findings"), ("sarif", "results")):
        output = bench.workdir / f"many-findings.{output_format}"
        command = [tool("portreg"), "scan", "--format", output_format]
        peak, _ = bench.resources(command, tree, expect=(1,), output=output)
        document = json.loads(output.read_text(encoding="utf-8"))
        found = document[listed] if listed in document else document["runs"][0][listed]
        assert len(found) == MANY_FINDINGS, (output_format, len(found))
        bench.record(
            f"peak memory (MiB), scan --format {output_format}, {MANY_FINDINGS:,} findings",
            peak,
            OUTPUT_MEMORY_BUDGET_MIB,
            "budget (MiB)",
            target=0.75,
            note="resident set size at its peak; written as it is made (was 816 MiB in JSON, "
            "2.3 GiB in SARIF); the same tree as the row above",
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
