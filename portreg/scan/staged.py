"""The files a ``--staged`` scan reads: what the index holds, read from git itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from portreg.findings import InputError
from portreg.scan.files import (
    ExcludeFilter,
    FileToScan,
    Selection,
    git,
    relative_to,
    skip_by_name,
)


def staged_files(
    top: Path,
    targets: list[Path],
    root: Path,
    excluded: ExcludeFilter,
    max_size: int,
    selection: Selection,
) -> None:
    """Files added, copied, modified or renamed in the index, with their staged content.

    What the index holds decides, not the work tree: a file staged as a regular file is
    scanned as staged even if its work-tree copy is now a symlink. Names travel NUL-separated
    and are never sent back to git, so no name (a newline in it, bytes that are not UTF-8)
    can shift one file's content onto another.
    """
    specs = [relative_to(target, top) or str(target) for target in targets]
    out = git(
        [
            "diff",
            "--cached",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--no-ext-diff",
            "--diff-filter=ACMT",
            "--",
            *specs,
        ],
        top,
    )
    if out is None:
        raise InputError(f"git diff --cached failed in {top}", code="PR002", rule="unreadable-file")
    entries = []
    for mode, object_id, name in _raw_entries(out):
        path = top / name
        relative = relative_to(path, root) or path.as_posix()
        if excluded(relative):
            selection.skipped["excluded"] += 1
        elif by_name := skip_by_name(relative):
            selection.skipped[by_name] += 1
        elif mode == _GITLINK_MODE:
            selection.skipped["submodule"] += 1
        elif mode == _SYMLINK_MODE:  # its blob is the link's target, not a file to read
            selection.skipped["symlink"] += 1
        else:
            entries.append((object_id, path, relative))
    entries = _small_blobs(top, entries, max_size, selection)
    if not entries:
        return
    request = "".join(f"{object_id}\n" for object_id, _path, _relative in entries).encode()
    blobs = git(["cat-file", "--batch"], top, request)
    if blobs is None:
        raise InputError("git cat-file could not read the staged files")
    position = 0
    for _object_id, path, relative in entries:
        header_end = blobs.index(b"\n", position)
        header = blobs[position:header_end].split()
        position = header_end + 1
        if len(header) < 3 or header[1] != b"blob":
            selection.skipped["unreadable"] += 1
            continue
        size = int(header[2])
        content = blobs[position : position + size]
        position += size + 1
        selection.files.append(FileToScan(path.as_posix(), relative, content, size, max_size))


def _small_blobs(
    top: Path, entries: list[tuple[str, Path, str]], max_size: int, selection: Selection
) -> list[tuple[str, Path, str]]:
    """The staged entries whose blob is within ``max_size``, from their sizes alone
    (``git cat-file --batch-check``): a large blob is refused without being read."""
    request = "".join(f"{object_id}\n" for object_id, _path, _relative in entries).encode()
    out = git(["cat-file", "--batch-check"], top, request)
    if out is None:
        raise InputError("git cat-file could not read the staged files")
    kept = []
    for entry, line in zip(entries, out.splitlines(), strict=False):
        header = line.split()
        if len(header) >= 3 and header[1] == b"blob" and int(header[2]) > max_size:
            selection.skipped["too large"] += 1
        else:
            kept.append(entry)
    return kept


_GITLINK_MODE = "160000"
_SYMLINK_MODE = "120000"


def _raw_entries(out: bytes) -> Iterator[tuple[str, str, str]]:
    """(new mode, new object id, path) of ``git diff --raw -z`` output."""
    fields = out.split(b"\0")
    index = 0
    while index < len(fields) and fields[index].startswith(b":"):
        meta = fields[index].decode("ascii").split()
        _old_mode, new_mode, _old_id, new_id, status = meta[:5]
        paths = 2 if status[:1] in ("R", "C") else 1
        name = os.fsdecode(fields[index + paths])
        index += 1 + paths
        yield new_mode, new_id, name
