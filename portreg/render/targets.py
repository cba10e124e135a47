"""Work out what each target file should contain, before anything is written.

Every target is planned first, and written only when all of them could be planned: a broken
marker in the second file must not leave the first one updated and the run half done.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NoReturn

from portreg.edit.atomic import not_regular
from portreg.escaping import escape_control
from portreg.findings import InputError, Location
from portreg.render import SECTIONS, maps
from portreg.render.markdown import EVERYTHING, Options, View
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
from portreg.render.options import marker_options
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
    # The port-map pictures the file links to: where each is written, and its name.
    pictures: tuple[tuple[Path, str], ...] = ()

    @property
    def changed(self) -> bool:
        return self.old != self.new


class Renderer:
    """Renders each section at most once per set of marker options, however many targets
    use it, and each port-map picture once.

    ``maps_at`` is where pictures go: a path with ``{name}`` (from an ``.svg`` docs entry),
    or None for ``port-map-<name>.svg`` beside each markdown file that links them.
    """

    def __init__(
        self, view: View, maps_at: Path | None = None, progress: Progress | None = None
    ) -> None:
        self.view = view
        self.maps_at = maps_at
        self._done: dict[tuple[str, Options, Path | None], str] = {}
        self._drawings: dict[str, str] | None = None
        # Counts the sections rendered (a section of a big registry can take seconds).
        self.progress = progress

    def section(self, name: str, options: Options = EVERYTHING, page: Path | None = None) -> str:
        key = (name, options, page.parent if name == "map" and page is not None else None)
        if key not in self._done:
            if name == "map":
                self._done[key] = maps.render(self.view, options, self._links(options, page))
            else:
                self._done[key] = RENDERERS[name](self.view, options)
            if self.progress is not None:
                self.progress.advance()
        return self._done[key]

    def document(self, names: Sequence[str], page: Path | None = None) -> str:
        return new_document({name: self.section(name, EVERYTHING, page) for name in names})

    def picture_paths(self, options: Options, page: Path) -> dict[str, Path]:
        """Where each picture a page's map section links to is written."""
        return {name: self.picture_path(page, name) for name in maps.pictures(self.view, options)}

    def picture_path(self, page: Path, name: str) -> Path:
        if self.maps_at is None:
            return page.parent / f"{maps.MAP_PREFIX}{name}.svg"
        return Path(str(self.maps_at).replace("{name}", name))

    def drawing(self, name: str) -> str:
        if self._drawings is None:
            self._drawings = maps.drawings(self.view)
        return self._drawings[name]

    def _links(self, options: Options, page: Path | None) -> dict[str, str] | None:
        if page is None:
            return None
        return {
            name: Path(os.path.relpath(path, page.parent)).as_posix()
            for name, path in self.picture_paths(options, page).items()
        }


def plan(target: Target, renderer: Renderer, selected: Sequence[str] | None) -> Plan | None:
    """What the target should hold; None when none of the selected sections belong in it."""
    old = read_target(target)
    if old is None:
        names = [name for name in target.sections or SECTIONS if _wanted(name, selected)]
        if not names:
            return None
        document = renderer.document(names, target.path)
        pictures = _pictures(renderer, target, EVERYTHING) if "map" in names else ()
        return Plan(target, None, document, tuple(names), pictures)
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
    chosen = {name: marker_options(renderer.view, regions[name]) for name in names}
    rendered = {name: renderer.section(name, chosen[name], target.path) for name in names}
    pictures = _pictures(renderer, target, chosen["map"]) if "map" in chosen else ()
    return Plan(target, old, replace_regions(old, regions, rendered), tuple(names), pictures)


def _pictures(renderer: Renderer, target: Target, options: Options) -> tuple[tuple[Path, str], ...]:
    return tuple(
        (path, name) for name, path in renderer.picture_paths(options, target.path).items()
    )


def picture_plans(plans: Sequence[Plan], renderer: Renderer) -> list[Plan]:
    """A plan for every picture the markdown plans link to, each file once, named as its
    page is (``docs/port-map-e2e.svg`` beside ``docs/ports.md``)."""
    found: dict[Path, Plan] = {}
    for item in plans:
        for path, name in item.pictures:
            if path in found:
                continue
            beside = Path(os.path.relpath(path, item.target.path.parent)).as_posix()
            shown = (PurePosixPath(item.target.name).parent / beside).as_posix()
            target = Target(path, escape_control(shown), ("map",))
            found[path] = Plan(target, read_target(target), renderer.drawing(name), ("map",))
    return list(found.values())


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
