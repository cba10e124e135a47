"""Read the selected files and find the port numbers in them.

Python's regex engine holds the GIL, so threads would not help a large scan; forked worker
processes do, one per core, each taking every n-th file. They start only when the selection
is large (a pre-commit hook on a few files stays in one process: a fork costs more than it
saves there), and only as many as there are idle cores, judged by the load average as
``make -l`` does: on cores that other work keeps busy, workers only add their own cost
(docs/performance.md). ``PORTREG_SCAN_JOBS`` sets the number of processes (1: never fork).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeAlias

from portreg.findings import UsageError
from portreg.scan.files import FileToScan, Selection, read
from portreg.scan.port_reader import PortReader
from portreg.scan.roles import PortHit

if TYPE_CHECKING:
    from portreg.progress import Progress

JOBS_ENV = "PORTREG_SCAN_JOBS"
PARALLEL_MIN_BYTES = 32 * 1024 * 1024
MAX_JOBS = 8

# What one file gave (a scan: its owners and hits), or why it was skipped.
FileOutcome: TypeAlias = "Any | str"
# What one process found: per file index, what the file gave; and how many files it read.
Outcome: TypeAlias = "tuple[dict[int, FileOutcome], int]"


class Searched(NamedTuple):
    """A file that was read: whose it is, whether it is working notes, its ports (a named
    tuple: one per file of a tree)."""

    file: FileToScan
    owners: tuple[str, ...]
    notes: bool
    hits: list[PortHit]
    mentions: int = 0  # in a file of no service, when notes are only counted


class FileReader(Protocol):
    """What reads one file's bytes: a scan's :class:`PortReader`, or discovery's reader.
    Its answer crosses process boundaries (pickled) when the reading is forked."""

    def read(self, data: bytes, path: str) -> Any: ...


def search(
    selection: Selection, matcher: PortReader, progress: Progress | None = None
) -> list[Searched]:
    """Every file read, in selection order; skipped files are counted (and the files read
    on ``progress``)."""
    return [Searched(file, *reading) for file, reading in read_files(selection, matcher, progress)]


def read_files(
    selection: Selection, reader: FileReader, progress: Progress | None = None
) -> list[tuple[FileToScan, Any]]:
    """Each file read with what ``reader`` made of it, in selection order; skipped files
    are counted (and the files read on ``progress``). Large selections are read by forked
    processes (see the module)."""
    files = selection.files
    jobs = _jobs(files)
    if jobs > 1:
        outcomes = _forked(files, reader, jobs, progress)
    else:
        outcomes = [_scan(files, 0, 1, reader, progress)]
    merged: dict[int, FileOutcome] = {}
    for found, read_count in outcomes:
        merged.update(found)
        selection.read += read_count
    result = []
    for index in sorted(merged):
        outcome = merged[index]
        if isinstance(outcome, str):
            selection.skipped[outcome] += 1
        else:
            result.append((files[index], outcome))
    return result


def _scan(
    files: Sequence[FileToScan],
    first: int,
    step: int,
    matcher: FileReader,
    progress: Progress | None = None,
) -> Outcome:
    found: dict[int, FileOutcome] = {}
    read_count = 0
    batch = _Batch(files, matcher, found)
    for index in range(first, len(files), step):
        if progress is not None:  # this process's share stands for every process's
            progress.advance(min(step, len(files) - progress.done))
        data, why = read(files[index])
        if data is None:
            found[index] = why or "unreadable"
            continue
        read_count += 1
        batch.add(index, data)
    batch.settle()
    return found, read_count


# Files are handed to a reader that reads several at once (``read_many``) up to this many
# bytes at a time: a search per small file costs more than its bytes.
BATCH_BYTES = 1024 * 1024


class _Batch:
    """Files read, waiting to be handed to the reader together (one by one to a reader
    without ``read_many``)."""

    def __init__(
        self, files: Sequence[FileToScan], reader: FileReader, found: dict[int, FileOutcome]
    ) -> None:
        self.files = files
        self.reader = reader
        self.many = getattr(reader, "read_many", None)
        self.found = found
        self.waiting: list[tuple[int, bytes]] = []
        self.size = 0

    def add(self, index: int, data: bytes) -> None:
        if self.many is None:
            self.found[index] = self.reader.read(data, self.files[index].relative)
            return
        self.waiting.append((index, data))
        self.size += len(data)
        if self.size >= BATCH_BYTES:
            self.settle()

    def settle(self) -> None:
        if not self.waiting or self.many is None:
            return
        readings = self.many([(data, self.files[index].relative) for index, data in self.waiting])
        self.found.update(zip((index for index, _ in self.waiting), readings, strict=True))
        self.waiting, self.size = [], 0


def _jobs(files: Sequence[FileToScan]) -> int:
    given = os.environ.get(JOBS_ENV)
    if given:
        try:
            jobs = int(given)
        except ValueError:
            jobs = 0
        if not 1 <= jobs <= 64:
            raise UsageError(f"{JOBS_ENV}={given}: give a number of processes from 1 to 64")
    elif sum(file.size for file in files) >= PARALLEL_MIN_BYTES:
        jobs = min(idle_cores(), MAX_JOBS)
    else:
        jobs = 1
    return min(jobs, len(files)) if hasattr(os, "fork") else 1


def idle_cores() -> int:
    """Cores that no other work is using now (at least 1).

    Linux says how many tasks are runnable at this instant (``/proc/loadavg``, this process
    among them): the 1-minute load average lags, so right after a heavy job it would keep a
    free core idle. Elsewhere: the cores less the load average.
    """
    cores = os.cpu_count() or 1
    runnable = runnable_tasks()
    if runnable is not None:
        return max(1, min(cores, cores - (runnable - 1)))
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this system: assume the cores are free
        return cores
    return max(1, min(cores, round(cores - load)))


def runnable_tasks() -> int | None:
    """Tasks runnable right now, this one included (the 4th field of /proc/loadavg: R/T)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as stream:
            fields = stream.read().split()
        return max(1, int(fields[3].split("/")[0]))
    except (OSError, IndexError, ValueError):
        return None


def _forked(
    files: Sequence[FileToScan], matcher: FileReader, jobs: int, progress: Progress | None
) -> list[Outcome]:
    """This process takes every ``jobs``-th file from 0, each child from its own offset."""
    import pickle  # only forked readings cross a pipe

    children = []
    for offset in range(1, jobs):
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: scan, send the outcome, leave without cleanup handlers
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "wb") as out:
                    pickle.dump(_scan(files, offset, jobs, matcher), out)
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        children.append((offset, pid, reader))
    outcomes = [_scan(files, 0, jobs, matcher, progress)]
    for offset, pid, reader in children:
        with os.fdopen(reader, "rb") as handle:
            try:
                outcome: Outcome = pickle.load(handle)
            except (EOFError, pickle.UnpicklingError):
                outcome = _scan(files, offset, jobs, matcher)  # the child died: do its share
        os.waitpid(pid, 0)
        outcomes.append(outcome)
    return outcomes
