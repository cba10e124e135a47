"""Write several files as one change: all of them or none, even if the process is killed.

An edit writes several files: the registry's (a split registry has several), its docs, its
exports, the code of ``move --code --apply``. Each is replaced atomically on its own, but a
run killed between two renames would leave a mix: a service renamed in one file and not in
the next. So several files are written through a journal beside the registry
(``.portreg.journal``, a redo log):

1. the journal is written, naming each target and the temporary file beside it that will
   hold its new content (state ``prepared``);
2. each temporary file is written and flushed to disk;
3. the journal is rewritten with state ``committed``: from here on the change has happened;
4. each temporary file is renamed over its target;
5. the journal is removed.

Killed before step 3, the targets are untouched and the next run removes the temporary
files (the old state); killed after it, the next run renames what is left (the new state).
Every command that reads the registry first finishes a change it finds interrupted, under
the registry's lock, so never while the writer is still at work. A step before 3 that fails
(a full disk, a folder that cannot be written) removes what it made: nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

from portreg.edit.atomic import fsync_directory, write_atomic

_PREPARED, _COMMITTED = "prepared", "committed"
_NEW_FILE_MODE = 0o666


def write_together(journal: Path | None, contents: dict[Path, bytes]) -> None:
    """Replace every file of ``contents`` (a symlink: the file it names), all or none.

    Without a ``journal`` (no place to keep one) each file is replaced atomically on its own.
    """
    targets = {Path(os.path.realpath(path)): data for path, data in contents.items()}
    if len(targets) == 1 or journal is None:  # one file is atomic on its own
        for target, data in targets.items():
            write_atomic(target, data)
        return
    created: list[Path] = []
    staged = {target: _temporary_name(target) for target in targets}
    try:
        for target in targets:
            created.extend(_make_parents(target.parent))
        _write_journal(journal, _PREPARED, staged)
        for target, data in targets.items():
            _write_staged(target, staged[target], data)
        for directory in {target.parent for target in targets}:
            fsync_directory(directory)
        _write_journal(journal, _COMMITTED, staged)
    except BaseException:
        _abort(journal, staged, created)
        raise
    _finish(journal, list(staged.items()))


def recover(journal: Path) -> str | None:
    """Finish or roll back the change that ``journal`` records (the caller holds the
    registry's lock): "finished", "rolled back", or None when there is no journal."""
    try:
        record = json.loads(journal.read_bytes())
        base = journal.parent
        pairs = [(base / item["target"], base / item["staged"]) for item in record["files"]]
        state = record["state"]
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as error:
        raise OSError(f"{journal.name} cannot be read: {error}") from None
    if state == _COMMITTED:
        _finish(journal, pairs)
        return "finished"
    _abort(journal, dict(pairs), [])
    return "rolled back"


def _write_journal(journal: Path, state: str, staged: dict[Path, Path]) -> None:
    base = journal.parent
    files = [
        {"target": os.path.relpath(target, base), "staged": os.path.relpath(temporary, base)}
        for target, temporary in staged.items()
    ]
    write_atomic(journal, json.dumps({"state": state, "files": files}, indent=1) + "\n")


def _write_staged(target: Path, temporary: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(temporary, flags, _NEW_FILE_MODE)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    with contextlib.suppress(FileNotFoundError):  # a new file keeps the default mode
        os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))


def _finish(journal: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Rename each staged file still there over its target, then drop the journal."""
    for target, staged in pairs:
        with contextlib.suppress(FileNotFoundError):  # renamed before a crash
            os.replace(staged, target)
    for directory in {target.parent for target, _ in pairs}:
        fsync_directory(directory)
    os.unlink(journal)
    fsync_directory(journal.parent)


def _abort(journal: Path, staged: dict[Path, Path], created: list[Path]) -> None:
    for temporary in staged.values():
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    with contextlib.suppress(OSError):
        os.unlink(journal)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")


def _make_parents(directory: Path) -> list[Path]:
    """Create the missing folders of ``directory`` (a new docs folder); the ones made."""
    missing = []
    for folder in (directory, *directory.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir()
    return list(reversed(missing))
