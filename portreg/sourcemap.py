"""Where each value of a registry came from, so that every finding names a file, line and column.

A value is addressed by its path from the document root, the same tuple of keys and list
indices that pydantic reports in its errors: ``("services", "hapi", "ports", "integration",
"redis")``.
"""

from __future__ import annotations

from collections.abc import Iterable

from portreg.findings import Location

PathKey = tuple[str | int, ...]


class SourceMap:
    def __init__(self, default: Location) -> None:
        self.default = default
        self.values: dict[PathKey, Location] = {}
        self.keys: dict[PathKey, Location] = {}
        # Why a plain scalar was left as text: "16:38 is base 60 in YAML 1.1" and the like.
        self.hints: dict[PathKey, str] = {}

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> Location:
        """The place of the value at ``path`` (or of its key), else of its nearest ancestor."""
        parts = tuple(path)
        while parts:
            found = (self.keys if key else self.values).get(parts)
            if found is None and key:
                found = self.values.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return self.values.get((), self.default)

    def hint(self, path: Iterable[str | int]) -> str | None:
        parts = tuple(path)
        while parts:
            if parts in self.hints:
                return self.hints[parts]
            parts = parts[:-1]
        return None

    def update_shifted(self, other: SourceMap, shifts: dict[str, int]) -> None:
        """Take every entry of ``other``, moving list items of top-level keys by ``shifts``.

        Used when several files are merged: the third share of the second file may become the
        seventh share of the registry.
        """
        for path, location in other.values.items():
            self.values[_shift(path, shifts)] = location
        for path, location in other.keys.items():
            self.keys[_shift(path, shifts)] = location
        for path, hint in other.hints.items():
            self.hints[_shift(path, shifts)] = hint


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
