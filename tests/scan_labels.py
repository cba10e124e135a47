"""Score ``portreg scan`` against a labelled tree: precision, recall and misread rules.

A labels file lists every line of its tree holding a number from 1024 to 65535 as
``path:line <tab> drift|ok <tab> why``; in the blind tree the why of a drift starts with
the rule code a reviewer expects. A line counts as reported when the scan raises an error
or a warning on it (notes only list where ports are mentioned).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scan_tree import git

_NUMBER = re.compile(r"(?<![\w.])([0-9]{4,5})(?![\w]|\.[0-9])")
_CODE = re.compile(r"PR5[0-9]{2}\b")

Place = tuple[str, int]


@dataclass(frozen=True)
class Label:
    drift: bool
    why: str

    @property
    def code(self) -> str | None:
        found = _CODE.match(self.why)
        return found.group(0) if found else None


def read_labels(path: Path) -> dict[Place, Label]:
    found = {}
    for row in path.read_text("utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        place, verdict, why = row.split("\t")
        file, line = place.rsplit(":", 1)
        assert verdict in ("drift", "ok"), row
        assert (file, int(line)) not in found, f"labelled twice: {place}"
        found[(file, int(line))] = Label(verdict == "drift", why)
    return found


def numbered_lines(tree: Path) -> set[Place]:
    """Every line of the tree holding a port-sized number: each must be labelled."""
    found = set()
    for path in tree.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            for number, line in enumerate(text.splitlines(), start=1):
                if any(1024 <= int(n) <= 65535 for n in _NUMBER.findall(line)):
                    found.add((path.relative_to(tree).as_posix(), number))
    return found


def build_project(tree: Path, registry: Path, target: Path) -> Path:
    """The labelled tree as a git project with ``registry`` at registry/ports.yaml."""
    shutil.copytree(tree, target)
    (target / "registry").mkdir()
    shutil.copy(registry, target / "registry" / "ports.yaml")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "fixture")
    return target


@dataclass
class Score:
    truth: dict[Place, Label]
    reported: dict[Place, set[str]]
    false_alarms: list[Place] = field(init=False)
    misses: list[Place] = field(init=False)

    def __post_init__(self) -> None:
        drifts = {place for place, label in self.truth.items() if label.drift}
        self.false_alarms = sorted(set(self.reported) - drifts)
        self.misses = sorted(drifts - set(self.reported))

    @property
    def drifts(self) -> int:
        return sum(label.drift for label in self.truth.values())

    @property
    def precision(self) -> float:
        return 1 - len(self.false_alarms) / len(self.reported) if self.reported else 1.0

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / self.drifts

    @property
    def misread(self) -> list[tuple[Place, str, list[str]]]:
        """Drifts found under another rule than the label's."""
        return [
            (place, code, sorted(self.reported[place]))
            for place, label in sorted(self.truth.items())
            if label.drift
            and (code := label.code) is not None
            and place in self.reported
            and code not in self.reported[place]
        ]

    def summary(self) -> str:
        return (
            f"precision {self.precision:.1%}, recall {self.recall:.1%} over {self.drifts} "
            f"drifts; false alarms {self.false_alarms}, misses {self.misses}, "
            f"other rule than labelled {self.misread}"
        )


def score(scan_json: str, truth: dict[Place, Label]) -> Score:
    reported: dict[Place, set[str]] = {}
    for finding in json.loads(scan_json)["findings"]:
        # PR507 is about the registry's paths, not a line of the tree.
        if finding["severity"] in ("error", "warning") and finding["code"] != "PR507":
            place = (finding["file"], finding["line"])
            reported.setdefault(place, set()).add(finding["code"])
    return Score(truth, reported)


class InProcess:
    """A scan's reader and judge for one registry, run on a text read as a file."""

    def __init__(self, registry: Path) -> None:
        from helpers import load_text

        from portreg.scan.judge import PortIndex
        from portreg.scan.owners import Owners, TierNames
        from portreg.scan.port_reader import PortReader

        loaded = load_text(registry.read_text("utf-8"))
        assert loaded.registry is not None
        self.registry = loaded.registry
        self.index = PortIndex(loaded.registry)
        self.owners = Owners(loaded.registry)
        self.tiers = TierNames(loaded.registry)
        self.reader = PortReader.of(loaded.registry, self.index, self.owners)

    def verdicts(self, path: str, text: str) -> dict[int, list[str]]:
        """Line -> the codes the scan reports there, for ``text`` read as the file ``path``."""
        reading = self.reader.read(text.encode(), path)
        cluster, tier = self.owners.cluster_of(path), self.tiers.of(path)
        found: dict[int, list[str]] = {}
        for hit in reading.hits:
            verdict = self.index.judge(hit, reading.owners, cluster, tier, reading.notes)
            if verdict is not None:
                found.setdefault(hit.line, []).append(verdict.code)
        return found


def scan_score(
    run: Callable[..., Any], tree: Path, registry: Path, labels: Path, target: Path
) -> Score:
    """Scan the labelled ``tree`` as a git project with ``registry`` (``run``: the run_cli
    fixture, a real process) and score the findings against ``labels``."""
    project = build_project(tree, registry, target)
    result = run("scan", "--format", "json", cwd=project)
    assert result.code in (0, 1), result.err
    found = score(result.out, read_labels(labels))
    print(found.summary())
    return found
