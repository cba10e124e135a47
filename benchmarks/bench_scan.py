"""portreg scan against grep -rnE of an equivalent regex, on a real-shaped git checkout.

The tree is generated in the bench work dir (nothing big is committed): about 5,400 files
and 100 MB, shaped like a real repository rather than a pile of equal files. Most files are
small (a few kB of code, docs and config), sizes spread over three orders of magnitude, a
few generated files are megabytes (over scan's default --max-size, which portreg skips and
grep reads), and a few are binary (images, archives). Numbers are everywhere, ports in few
files. Both tools read the tree; grep prints every matching line, portreg judges each hit.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import BUNDLED_FILE, ROOT, Bench, says, tool

SEED = 5
TEXT_FILES = 5300
BINARY_FILES = 60
LARGE_FILES = 3  # generated code of a few MB
SUFFIXES = (".go", ".go", ".go", ".py", ".ts", ".md", ".yaml", ".json", ".sh")
SERVICE_DIRS = (
    "test/integration/workflowexecution",
    "test/integration/gateway",
    "test/integration/datastorage",
    "holmesgpt-api/tests/integration",
    "pkg/controller",
    "internal/store",
    "cmd/tool",
    "docs",
    "deploy/helm/templates",
    "web/src/components",
)
PORTS = ("16387", "16388", "18100", "18097", "15441", "16383", "8080", "18093")


def _lines(rng: random.Random, count: int) -> list[str]:
    """Code-like lines full of numbers that are not ports (sizes, counts, timeouts)."""
    lines = []
    for index in range(count):
        kind = rng.randrange(6)
        if kind == 0:
            lines.append(f"\tbuffer := make([]byte, {rng.choice([512, 4096, 65536])})")
        elif kind == 1:
            lines.append(f"\ttimeout := {rng.randint(1, 900)} * time.Second // retry {index}")
        elif kind == 2:
            lines.append(f'\tlog.Info("processed", "items", {rng.randint(0, 99999)})')
        elif kind == 3:
            lines.append(f'\tversion := "1.{rng.randint(0, 40)}.{rng.randint(0, 9)}"')
        elif kind == 4:
            lines.append("")
        else:
            lines.append('\tif err != nil { return fmt.Errorf("failed: %w", err) }')
    return lines


def _text_size(rng: random.Random) -> int:
    """Bytes of one source file: median ~9 kB, a long tail to a few hundred kB."""
    return min(int(rng.lognormvariate(9.1, 1.1)), 400_000)


def build_tree(work: Path) -> Path:
    tree = work / "scan-tree"
    if tree.exists():
        return tree
    rng = random.Random(SEED)
    pool = "\n".join(_lines(rng, 60_000)) + "\n"  # 2.5 MB to cut files from
    directories = [
        f"{base}/{'/'.join(f'd{rng.randrange(8)}' for _ in range(rng.randrange(1, 4)))}"
        for base in SERVICE_DIRS
        for _ in range(40)
    ]
    for number in range(TEXT_FILES):
        size = _text_size(rng)
        start = rng.randrange(len(pool) - size) if size < len(pool) else 0
        body = pool[start : start + size]
        if number % 12 == 0:  # one file in twelve mentions a port
            cut = body.find("\n") + 1
            body = body[:cut] + f'\taddr := "localhost:{rng.choice(PORTS)}"\n' + body[cut:]
        path = tree / rng.choice(directories) / f"file{number}{rng.choice(SUFFIXES)}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    for number in range(LARGE_FILES):
        path = tree / "gen" / f"zz_generated_{number}.go"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pool, encoding="utf-8")  # 2.5 MB each
    for number in range(BINARY_FILES):
        path = tree / "web" / "assets" / f"image{number}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG\r\n\x1a\n\0" + rng.randbytes(rng.randrange(2_000, 200_000)))
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
    from portreg.loading.registry import load_registry
    from portreg.scan.judge import PortIndex

    registry = load_registry(BUNDLED_FILE).registry
    assert registry is not None
    numbers = "|".join(str(port) for port in sorted(PortIndex(registry).ports()))
    return f"(^|[^0-9A-Za-z_.])({numbers})([^0-9A-Za-z_]|$)"


def run(bench: Bench) -> None:
    tree = build_tree(bench.workdir)
    files = [path for path in tree.rglob("*") if path.is_file() and ".git" not in path.parts]
    size = sum(path.stat().st_size for path in files)
    portreg = tool("portreg")
    bench.compare(
        f"scan, real-shaped tree ({len(files)} files, {size / 1e6:.0f} MB)",
        [portreg, "scan", "--format", "json"],
        ["grep", "-rnIE", "--exclude-dir=.git", grep_pattern(), "."],
        "grep -rnE",
        target=3.0,
        cwd=tree,
        repeat=5,
        note=(
            "median file 9 kB, 3 generated files of 2.5 MB (over --max-size: portreg skips "
            "them, grep reads them), 60 binary files; portreg lists files with git ls-files"
        ),
        expect=(0, 1),  # 1: the tree's code has drifted from the registry, as real code does
        check=says('"findings"'),
    )
