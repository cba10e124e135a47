"""A whole tree read for ``init --discover``, with the scan's file selection and reading:
which files are whose suite's, what each says about host ports, and which Kind clusters it
configures. Nothing here knows a registry: the services are the tree's own
(:mod:`portreg.scan.tree_names`).

Files whose path names no suite and that are no evidence (documents, production code,
other kinds of tests) are not opened. Kind configs are read first, so that the reading of
every other file can say which of them it names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.scan.comments import is_dockerfile
from portreg.scan.files import ExcludeFilter, FileToScan, read, select_files
from portreg.scan.kind_configs import ConfigUses, KindConfig, read_kind_config
from portreg.scan.names import Vocabulary, words
from portreg.scan.search import read_files
from portreg.scan.sightings import FileReading, TreeReader
from portreg.scan.suites import TIERS, Clue, clue_of
from portreg.scan.tree_names import TreeNames, title_of_suite

if TYPE_CHECKING:
    from portreg.progress import Progress

NOT_A_SUITE = "no suite's (documents, production code, other kinds of tests)"


@dataclass
class TreeReading:
    """What the tree said, file by file, and the services it names."""

    files: list[tuple[str, Clue, FileReading]]  # relative path, its clue, what it gave
    names: TreeNames
    selected: int  # files the selection held
    read: int  # files opened and read
    skipped: Counter[str] = field(default_factory=Counter)  # why -> files left unread


def read_tree(
    root: Path,
    components: Mapping[str, tuple[int | None, Iterable[str]]],
    progress: Progress | None = None,
) -> TreeReading:
    """Read the tree under ``root`` (paths relative to it); ``components`` are the names
    and container ports a port's component is told by (``redis``: 6379, ``redis``,
    ``valkey``)."""
    selection = select_files([root], root, ExcludeFilter([]), utf8_names=True)
    selected = len(selection.files)
    clues = {file.relative: clue for file in selection.files if (clue := clue_of(file.relative))}
    if not any(clue.how in ("folder", "package") or clue.marked for clue in clues.values()):
        # No suite in the layout: one project, whose own code says its ports too.
        clues = {
            file.relative: clue
            for file in selection.files
            if (clue := clue_of(file.relative, whole_project=True))
        }
    unread = selected - len(clues)
    dockerfiles = [file for file in selection.files if is_dockerfile(file.relative)]
    selection.files = [file for file in selection.files if file.relative in clues]
    configs = _kind_configs(selection.files)
    uses = ConfigUses((relative, config.name) for relative, config in configs.items())
    images = {
        file.relative.rsplit("/", 1)[0] if "/" in file.relative else ""
        for file in dockerfiles
        if clue_of(file.relative, whole_project=True) is not None  # not in docs/, vendor/
    }
    reader = TreeReader(_vocabulary(components, clues.values()), clues, uses, images)
    if progress is not None:
        progress.set_total(len(selection.files))
    outcomes = read_files(selection, reader, progress)
    files = [(file.relative, clues[file.relative], reading) for file, reading in outcomes]
    titles: dict[str, list[str]] = {}
    for _, clue, reading in files:
        if clue.name and reading.suite and clue.how in ("folder", "package"):
            title = title_of_suite(reading.suite)
            if title:
                titles.setdefault(clue.name, []).append(title)
    counts = Counter(clue for _, clue, _ in files)
    skipped = Counter(selection.skipped)
    if unread:
        skipped[NOT_A_SUITE] += unread
    return TreeReading(files, TreeNames(counts, titles), selected, selection.read, skipped)


def _kind_configs(files: list[FileToScan]) -> dict[str, KindConfig]:
    """The Kind configs among the files whose names say Kind (read now, once more later:
    a few small files), by path."""
    found = {}
    for file in files:
        name = file.relative.rsplit("/", 1)[-1].lower()
        if not name.endswith((".yaml", ".yml")) or "kind" not in words(name):
            continue
        data, _ = read(file)
        config = read_kind_config(data) if data is not None else None
        if config is not None:
            found[file.relative] = config
    return found


def _vocabulary(
    components: Mapping[str, tuple[int | None, Iterable[str]]], clues: Iterable[Clue]
) -> Vocabulary:
    """The words ports are told by: the components', and the tree's own names (a key
    qualified by one, ``ORDERS_PG_PORT``, is that suite's PostgreSQL, not a third party's)."""
    names = sorted({clue.name for clue in clues if clue.name})
    container_ports = {port: name for name, (port, _) in components.items() if port}
    vocabulary = Vocabulary(
        {name: list(spellings) for name, (_, spellings) in components.items()},
        container_ports,
        {name: [] for name in names},
        names,
    )
    vocabulary.tiers = {tier: TIERS[tier] for tier in ("integration", "e2e", "system")}
    return vocabulary
