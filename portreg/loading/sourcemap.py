"""Where each value of a registry came from, so that every finding names a file, line and column.

A value is addressed by its path from the document root, the same tuple of keys and list
indices that pydantic reports in its errors: ``("services", "hapi", "ports", "integration",
"redis")``.

Positions are stored packed, one int each (file, line, column; see ``pack``): a registry of
50,000 services has 1.7 million of them, and an object apiece cost more time and memory than
reading the YAML. They become ``Location`` objects only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from portreg.findings import Location

PathKey = tuple[str | int, ...]

_FILE_SHIFT = 64
# ``line << LINE_SHIFT | column`` is ``pack(line, column)`` for the first file; the loader
# writes it inline, as a call per value costs a tenth of its walk.
LINE_SHIFT = 32
_FIELD_MASK = (1 << 32) - 1


def pack(line: int, column: int, file_index: int = 0) -> int:
    """A position as one int: 0-based line and column (as YAML marks count them), file index."""
    return file_index << _FILE_SHIFT | line << LINE_SHIFT | column


class SourceMap:
    def __init__(self, default: Location) -> None:
        self.default = default
        # The files that positions refer to, by index; one unless files were merged.
        self.files: list[str] = [default.file]
        self.values: dict[PathKey, int] = {}
        self.keys: dict[PathKey, int] = {}
        # Why a plain scalar was left as text: "16:38 is base 60 in YAML 1.1" and the like.
        self.hints: dict[PathKey, str] = {}

    def location(self, position: int) -> Location:
        return Location(
            self.files[position >> _FILE_SHIFT],
            (position >> LINE_SHIFT & _FIELD_MASK) + 1,
            (position & _FIELD_MASK) + 1,
        )

    def value_location(self, path: PathKey) -> Location | None:
        """Where the value at exactly ``path`` was written, if it was."""
        position = self.values.get(path)
        return None if position is None else self.location(position)

    def key_location(self, path: PathKey) -> Location | None:
        """Where the mapping key that leads to ``path`` was written, if it was."""
        position = self.keys.get(path)
        return None if position is None else self.location(position)

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Location:
        """The place of the value at ``path`` (or of its key), else of its nearest ancestor."""
        parts = tuple(path)
        while parts:
            found = (self.keys if key else self.values).get(parts)
            if found is None and key:
                found = self.values.get(parts)
            if found is not None:
                return self.location(found)
            parts = parts[:-1]
        root = self.values.get(())
        return self.default if root is None else self.location(root)

    def hint(self, path: Iterable[str | int]) -> str | None:
        parts = tuple(path)
        while parts:
            if parts in self.hints:
                return self.hints[parts]
            parts = parts[:-1]
        return None

    def take_new(self, other: SourceMap, shifts: dict[str, int]) -> None:
        """Take the entries of ``other`` that this map lacks, moving list items of top-level
        keys by ``shifts``.

        Used when several files are merged: the third share of the second file may become the
        seventh share of the registry. What was defined first keeps its place.
        """
        offsets = []
        for name in other.files:
            if name not in self.files:
                self.files.append(name)
            offsets.append(self.files.index(name) << _FILE_SHIFT)
        low_bits = (1 << _FILE_SHIFT) - 1
        for mine, theirs in ((self.values, other.values), (self.keys, other.keys)):
            for path, position in theirs.items():
                moved = offsets[position >> _FILE_SHIFT] | position & low_bits
                mine.setdefault(_shift(path, shifts), moved)
        for path, hint in other.hints.items():
            self.hints.setdefault(_shift(path, shifts), hint)


def _shift(path: PathKey, shifts: dict[str, int]) -> PathKey:
    if len(path) >= 2 and isinstance(path[1], int):
        offset = shifts.get(str(path[0]), 0)
        if offset:
            return (path[0], path[1] + offset, *path[2:])
    return path


def dotted(path: Iterable[str | int]) -> str:
    """``services.hapi.ports[0]``: a path as a user reads it in messages."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"
