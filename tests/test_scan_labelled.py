"""Precision and recall of ``portreg scan`` on a labelled tree of every syntax it reads.

``tests/fixtures/scan-labelled/`` holds compose files (short and long syntax), podman and
docker calls in Go and shell, a Kind config, Kubernetes manifests, Python, YAML config,
Makefiles, an .env file, markdown and backup copies, written for these tests, checked
against the bundled registry. Every line holding a number from 1024 to 65535 is labelled in
``scan-labelled.labels`` as a true drift or not, as a reviewer reads it; the scoring is
``tests/scan_labels.py``'s, shared with the blind tree (``test_scan_blind.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import BUNDLED_FILE, ROOT, Result
from scan_labels import numbered_lines, read_labels, scan_score

Run = Callable[..., Result]
FIXTURES = ROOT / "tests" / "fixtures"
TREE = FIXTURES / "scan-labelled"
LABELS = FIXTURES / "scan-labelled.labels"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90


def test_every_numbered_line_is_labelled() -> None:
    assert numbered_lines(TREE) == set(read_labels(LABELS))


def test_precision_and_recall_on_the_labelled_tree(run_cli: Run, tmp_path: Path) -> None:
    found = scan_score(run_cli, TREE, BUNDLED_FILE, LABELS, tmp_path / "project")
    assert found.precision >= MIN_PRECISION and found.recall >= MIN_RECALL, found.summary()
    assert not found.misread, found.summary()  # every drift found is found by its rule
    assert found.drifts >= 25  # the tree keeps enough drifts for the ratios to mean something
