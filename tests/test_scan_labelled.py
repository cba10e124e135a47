"""Precision and recall of ``portreg scan`` on a labelled tree of every syntax it reads.

``tests/fixtures/scan-labelled/`` holds compose files (short and long syntax), podman and
docker calls in Go and shell, a Kind config, Kubernetes manifests, Python, YAML config,
Makefiles, an .env file, markdown and backup copies, written for these tests. Every line
holding a number from 1024 to 65535 is labelled in ``scan-labelled.labels`` as a true
drift or not, as a reviewer reads it. A line counts as reported when the scan raises an
error or a warning on it (notes only list where ports are mentioned).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import BUNDLED_FILE, ROOT, Result
from scan_tree import git

Run = Callable[..., Result]
FIXTURES = ROOT / "tests" / "fixtures"
TREE = FIXTURES / "scan-labelled"
LABELS = FIXTURES / "scan-labelled.labels"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90
_NUMBER = re.compile(r"(?<![\w.])([0-9]{4,5})(?![\w]|\.[0-9])")


def labels() -> dict[tuple[str, int], bool]:
    found = {}
    for row in LABELS.read_text("utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        place, verdict, _why = row.split("\t")
        path, line = place.rsplit(":", 1)
        assert verdict in ("drift", "ok"), row
        found[(path, int(line))] = verdict == "drift"
    return found


def numbered_lines() -> set[tuple[str, int]]:
    """Every line of the tree holding a port-sized number: each must be labelled."""
    found = set()
    for path in TREE.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            for number, line in enumerate(text.splitlines(), start=1):
                if any(1024 <= int(n) <= 65535 for n in _NUMBER.findall(line)):
                    found.add((path.relative_to(TREE).as_posix(), number))
    return found


def reported(run_cli: Run, tmp_path: Path) -> set[tuple[str, int]]:
    tree = tmp_path / "project"
    shutil.copytree(TREE, tree)
    (tree / "registry").mkdir()
    shutil.copy(BUNDLED_FILE, tree / "registry" / "ports.yaml")
    git(tree, "init", "-q", "-b", "main")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "fixture")
    result = run_cli("scan", "--format", "json", cwd=tree)
    assert result.code in (0, 1), result.err
    findings = json.loads(result.out)["findings"]
    return {
        (finding["file"], finding["line"])
        for finding in findings
        if finding["severity"] in ("error", "warning") and finding["code"] <= "PR506"
    }


def test_every_numbered_line_is_labelled() -> None:
    assert numbered_lines() == set(labels())


def test_precision_and_recall_on_the_labelled_tree(run_cli: Run, tmp_path: Path) -> None:
    truth = labels()
    drifts = {place for place, drift in truth.items() if drift}
    found = reported(run_cli, tmp_path)
    false_alarms = sorted(found - drifts)
    misses = sorted(drifts - found)
    precision = (len(found) - len(false_alarms)) / len(found)
    recall = (len(drifts) - len(misses)) / len(drifts)
    summary = (
        f"precision {precision:.1%}, recall {recall:.1%} over {len(drifts)} drifts; "
        f"false alarms {false_alarms}, misses {misses}"
    )
    print(summary)
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, summary
    assert len(drifts) >= 25  # the tree keeps enough drifts for the ratios to mean something
