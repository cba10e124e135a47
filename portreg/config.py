"""Project settings: ``[tool.portreg]`` in pyproject.toml, or the same keys in .portreg.toml.

Looked for from the current directory up to the git root (as ruff and yamllint do); the
nearest directory holding either file wins, and there .portreg.toml wins over pyproject.toml.
A pyproject.toml without a ``[tool.portreg]`` table is not a portreg configuration, and the
search goes on above it. Command-line options and environment variables override it.

    [tool.portreg]
    registry = "ports/"          # relative to the file's directory
    select = ["PR2", "PR4"]      # or "PR2,PR4"
    ignore = ["PR304"]
    strict = true
    base = "origin/main"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portreg.findings import UsageError

PYPROJECT = "pyproject.toml"
DOTFILE = ".portreg.toml"
KEYS = ("registry", "select", "ignore", "strict", "base")


@dataclass(frozen=True)
class Config:
    """Settings as found; ``source`` is the file they came from (None: no file found)."""

    source: Path | None = None
    registry: Path | None = None
    select: tuple[str, ...] = field(default_factory=tuple)
    ignore: tuple[str, ...] = field(default_factory=tuple)
    strict: bool = False
    base: str | None = None


def find_config(start: Path | None = None) -> Config:
    """The settings for ``start`` (default: the current directory)."""
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        dotfile = candidate / DOTFILE
        if dotfile.is_file():
            return _parse(dotfile, _read(dotfile))
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _mentions_portreg(pyproject):
            table = _read(pyproject).get("tool", {}).get("portreg")
            if table is not None:
                return _parse(pyproject, table)
        if (candidate / ".git").exists():
            break
    return Config()


def _mentions_portreg(path: Path) -> bool:
    """Whether the file can hold a portreg table at all: most pyproject.toml files do not,
    and parsing TOML would cost every run of check a few milliseconds."""
    try:
        data = path.read_bytes()
    except OSError:
        return True  # let _read report it
    if b"portreg" not in data:
        return False
    import re

    # [tool.portreg], [tool."portreg"], tool.portreg.x = ..., or portreg = {...} under [tool]
    return bool(re.search(rb'tool\."?portreg\b|^\s*"?portreg"?\s*=', data, re.MULTILINE))


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file: keeps start-up cheap

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot read the configuration: {error}") from None


def _parse(path: Path, table: Any) -> Config:
    where = f"{path}" + (" [tool.portreg]" if path.name == PYPROJECT else "")
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table of settings")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(
            f"{where}: unknown setting {', '.join(unknown)} (known: {', '.join(KEYS)})"
        )
    registry = table.get("registry")
    if registry is not None and not isinstance(registry, str):
        raise UsageError(f"{where}: registry must be a path (a string)")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError(f"{where}: strict must be true or false")
    base = table.get("base")
    if base is not None and not isinstance(base, str):
        raise UsageError(f"{where}: base must be a git revision (a string)")
    return Config(
        source=path,
        registry=path.parent / registry if registry is not None else None,
        select=_codes(table.get("select"), "select", where),
        ignore=_codes(table.get("ignore"), "ignore", where),
        strict=strict,
        base=base,
    )


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where}: {key} must be a list of rule codes or names")
    return tuple(item.strip() for item in value if item.strip())
