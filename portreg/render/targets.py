"""Work out what each target file should contain, before anything is written.

Every target is planned first, and written only when all of them could be planned: a broken
marker in the second file must not leave the first one updated and the run half done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from portreg.edit.atomic import not_regular
from portreg.findings import InputError, Location
from portreg.render import SECTIONS
from portreg.render.markdown import View
from portreg.render.markers import (
    MARKER_CODE,
    MARKER_RULE,
    Region,
    begin_marker,
    end_marker,
    find_regions,
    new_document,
    replace_regions,
)
from portreg.render.sections import RENDERERS

if TYPE_CHECKING:
    from portreg.progress import Progress

UNREADABLE_CODE = "PR603"
UNREADABLE_RULE = "doc-unreadable"


@dataclass(frozen=True)
class Target:
    """A file to generate, with the sections it is declared to hold (None: all)."""

    path: Path
    name: str  # as shown to the user
    sections: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Plan:
    target: Target
    old: str | None  # None: the file does not exist yet
    new: str
    sections: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


class Renderer:
    """Renders each section at most once, however many targets use it."""

    def __init__(self, view: View, progress: Progress | None = None) -> None:
        self.view = view
        self._done: dict[str, str] = {}
        # Counts the sections rendered (a section of a big registry can take seconds).
        self.progress = progress

    def section(self, name: str) -> str:
        if name not in self._done:
            self._done[name] = RENDERERS[name](self.view)
            if self.progress is not None:
                self.progress.advance()
        return self._done[name]

    def document(self, names: Sequence[str]) -> str:
        return new_document({name: self.section(name) for name in names})


def plan(target: Target, renderer: Renderer, selected: Sequence[str] | None) -> Plan | None:
    """What the target should hold; None when none of the selected sections belong in it."""
    old = read_target(target)
    if old is None:
        names = [name for name in target.sections or SECTIONS if _wanted(name, selected)]
        if not names:
            return None
        return Plan(target, None, renderer.document(names), tuple(names))
    regions = find_regions(old, target.name, SECTIONS)
    if target.sections is not None:
        _require_declared(target, regions, target.sections)
    elif not regions:
        _marker_error(
            target,
            f"no portreg markers: put {begin_marker('NAME')} and {end_marker('NAME')} lines "
            "where each section goes, or delete the file to have it created whole",
        )
    names = [name for name in regions if _wanted(name, selected)]
    if not names:
        return None
    rendered = {name: renderer.section(name) for name in names}
    return Plan(target, old, replace_regions(old, regions, rendered), tuple(names))


def read_target(target: Target) -> str | None:
    kind = not_regular(target.path)
    if kind is not None and kind != "a directory":  # a directory: the read says so below
        raise InputError(
            f"{target.name} is {kind}, not a regular file: render-docs reads and replaces "
            "only regular files",
            Location(target.name),
            code=UNREADABLE_CODE,
            rule=UNREADABLE_RULE,
        )
    try:
        data = target.path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InputError(
            f"cannot read {target.name}: {error.strerror or error}",
            Location(target.name),
            code=UNREADABLE_CODE,
            rule=UNREADABLE_RULE,
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{target.name} is not UTF-8 (byte {error.start}); portreg writes only UTF-8",
            Location(target.name, line),
            code=UNREADABLE_CODE,
            rule=UNREADABLE_RULE,
        ) from None


def _wanted(name: str, selected: Sequence[str] | None) -> bool:
    return selected is None or name in selected


def _require_declared(
    target: Target, regions: Mapping[str, Region], declared: tuple[str, ...]
) -> None:
    missing = [name for name in declared if name not in regions]
    if missing:
        _marker_error(
            target,
            f"no markers for section {', '.join(missing)}, which the registry's docs entry "
            f"lists: add {begin_marker(missing[0])} and {end_marker(missing[0])} lines",
        )
    extra = [name for name in regions if name not in declared]
    if extra:
        _marker_error(
            target,
            f"markers for section {', '.join(extra)}, which the registry's docs entry does not "
            "list: add it to the entry's sections, or remove the markers",
            regions[extra[0]].location,
        )


def _marker_error(target: Target, message: str, location: Location | None = None) -> NoReturn:
    where = location or Location(target.name)
    raise InputError(message, where, code=MARKER_CODE, rule=MARKER_RULE)
