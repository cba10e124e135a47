"""portreg scan against grep -rnE of an equivalent regex, on a large synthetic git tree.

The tree (thousands of files, ~100 MB, in the bench work dir) mixes the bundled registry's
service directories with unowned code; most files hold numbers but few hold ports, as in a
real repository. Both tools read every file; grep prints every matching line, portreg judges
each hit against the registry.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import BUNDLED_FILE, ROOT, Bench, tool

FILES = 4000
FILE_SIZE = 25_000  # bytes: 4000 x 25 kB = 100 MB
SERVICE_DIRS = [
    "test/integration/workflowexecution",
    "test/integration/gateway",
    "test/integration/datastorage",
    "holmesgpt-api/tests/integration",
    "pkg/controller",
    "internal/store",
    "cmd/tool",
    "docs",
]


def _filler(rng: random.Random) -> str:
    """Code-like lines full of numbers that are not ports (sizes, counts, timeouts)."""
    lines = []
    for index in range(400):
        kind = index % 5
        if kind == 0:
            lines.append(f"\tbuffer := make([]byte, {rng.choice([512, 4096, 65536])})")
        elif kind == 1:
            lines.append(f"\ttimeout := {rng.randint(1, 900)} * time.Second // retry {index}")
        elif kind == 2:
            lines.append(f'\tlog.Info("processed", "items", {rng.randint(0, 99999)})')
        elif kind == 3:
            lines.append(f'\tversion := "1.{rng.randint(0, 40)}.{rng.randint(0, 9)}"')
        else:
            lines.append('\tif err != nil { return fmt.Errorf("failed: %w", err) }')
    return "\n".join(lines) + "\n"


def build_tree(work: Path) -> Path:
    tree = work / "scan-tree"
    if tree.exists():
        return tree
    rng = random.Random(5)
    chunks = [_filler(rng) for _ in range(16)]
    ports = ["16387", "16388", "18100", "18097", "15441", "16383", "8080", "18093"]
    for number in range(FILES):
        directory = tree / SERVICE_DIRS[number % len(SERVICE_DIRS)] / f"pkg{number % 50}"
        directory.mkdir(parents=True, exist_ok=True)
        body = []
        size = 0
        while size < FILE_SIZE:
            chunk = chunks[rng.randrange(len(chunks))]
            body.append(chunk)
            size += len(chunk)
        if number % 10 == 0:  # one file in ten mentions a port
            body.insert(1, f'\taddr := "localhost:{rng.choice(ports)}"\n')
        (directory / f"file{number}.go").write_text("".join(body)[: FILE_SIZE + 200], "utf-8")
    (tree / "registry").mkdir()
    shutil.copy(BUNDLED_FILE, tree / "registry" / "ports.yaml")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tree"], cwd=tree, check=True)
    return tree


def grep_pattern() -> str:
    """The numbers portreg looks for (allocated, reserved, in a range), as one ERE."""
    sys.path.insert(0, str(ROOT))
    from portreg.registry import load_registry
    from portreg.scan.judge import PortIndex

    registry = load_registry(BUNDLED_FILE).registry
    assert registry is not None
    numbers = "|".join(str(port) for port in sorted(PortIndex(registry).ports()))
    return f"(^|[^0-9A-Za-z_.])({numbers})([^0-9A-Za-z_]|$)"


def run(bench: Bench) -> None:
    tree = build_tree(bench.workdir)
    size = sum(path.stat().st_size for path in tree.rglob("*.go"))
    portreg = tool("portreg")
    bench.compare(
        "scan, 4000 files / 100 MB git tree",
        [portreg, "scan", "--format", "json"],
        ["grep", "-rnIE", "--exclude-dir=.git", grep_pattern(), "."],
        "grep -rnE",
        target=3.0,
        cwd=tree,
        repeat=3,
        note=f"{FILES} files, {size / 1e6:.0f} MB; portreg lists files with git ls-files",
    )
