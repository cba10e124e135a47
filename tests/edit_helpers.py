"""Helpers for the tests of the editing commands: fixture copies and line-level diffs."""

from __future__ import annotations

import difflib
import errno
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDIT_FIXTURES = ROOT / "tests" / "fixtures" / "edit"
COMMENTED = EDIT_FIXTURES / "commented.yaml"

# A fixed date and no git identity: the changelog entry is the same on every machine. Every
# edit re-reads its changed parts and the whole file, and stops if the two disagree.
EDIT_ENV = {
    "PORTREG_TODAY": "2026-02-01",
    "PORTREG_CHECK_RELOAD": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def copy_fixture(directory: Path, newline: str = "\n", source: Path = COMMENTED) -> Path:
    """The fixture in ``directory``/ports.yaml, with ``newline`` line endings."""
    text = source.read_text(encoding="utf-8")
    path = directory / "ports.yaml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def line_changes(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The original lines that were removed or replaced, and the lines that were added.

    Lines keep their endings, so a line that only lost its ``\\r`` counts as replaced.
    """
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(old[old_start:old_end])
        if tag in ("replace", "insert"):
            added.extend(new[new_start:new_end])
    return removed, added


def endings(data: bytes) -> set[bytes]:
    """The kinds of line ending in ``data``: {b"\\r\\n"} for a clean CRLF file, {b"\\r"}
    for one saved with old Mac line ends."""
    return set(re.findall(rb"\r\n|\r|\n", data))


def deny_writes(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """Make ``directory`` refuse new files, renames and new folders in it (EACCES), as a
    read-only folder does. Tests run as root here, which the kernel lets write anywhere:
    the refusal is made where the kernel makes it, at the system calls."""
    inside = os.path.realpath(directory)

    def refused(path: str | os.PathLike[str]) -> bool:
        return os.path.dirname(os.path.realpath(path)) == inside

    def denied(path: str | os.PathLike[str]) -> OSError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    real_open, real_replace, real_mkdir, real_access = os.open, os.replace, os.mkdir, os.access

    def open_(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if flags & os.O_CREAT and refused(path) and not os.path.lexists(path):
            raise denied(path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if refused(target):
            raise denied(target)
        real_replace(source, target)

    def mkdir(path: str | os.PathLike[str], *args: int, **kwargs: object) -> None:
        if refused(path):
            raise denied(path)
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    def access(path: str | os.PathLike[str], mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and os.path.realpath(path) == inside:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "access", access)


def fill_disk(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Make the disk full: every flush to disk after the first ``after`` fails with ENOSPC,
    as it does when the blocks a write needs cannot be allocated."""
    real_fsync = os.fsync
    calls = [0]

    def fsync(descriptor: int) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
