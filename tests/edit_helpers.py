"""Helpers for the tests of the editing commands: fixture copies and line-level diffs."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDIT_FIXTURES = ROOT / "tests" / "fixtures" / "edit"
COMMENTED = EDIT_FIXTURES / "commented.yaml"

# A fixed date and no git identity: the changelog entry is the same on every machine.
EDIT_ENV = {
    "PORTREG_TODAY": "2026-02-01",
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
    """The kinds of line ending in ``data``: {b"\\r\\n"} for a clean CRLF file."""
    found = set()
    for index, byte in enumerate(data):
        if byte == 0x0A:
            found.add(b"\r\n" if index and data[index - 1] == 0x0D else b"\n")
    return found
