"""``portreg export``: write the registry's ports as constants, or check a written file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from portreg.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INPUT,
    cannot_write,
    load_or_defer,
    print_invalid,
    write_stdout,
)
from portreg.edit.atomic import is_stdout, not_regular, write_atomic
from portreg.escaping import escape_control
from portreg.export import collect, get_renderer, registry_source
from portreg.findings import InputError, UsageError
from portreg.loading.registry import LoadedRegistry, resolve_registry_path
from portreg.textdiff import unified_diff

_GO_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*$")


def run(
    registry: str | None,
    output_format: str,
    services: tuple[str, ...],
    tier: str | None,
    package: str | None,
    output: str | None,
    check: bool,
    fail_on_change: bool = False,
    worker: int | None = None,
) -> int:
    to_stdout = output is None or is_stdout(output)
    if check and to_stdout:
        raise UsageError("--check compares with a file: give it with -o FILE")
    if output is not None and not to_stdout:
        require_regular(output)
    if package is not None and output_format != "go":
        raise UsageError("--package names the Go package: it only goes with --format go")
    if worker is not None and output_format != "env":
        raise UsageError(
            "--worker writes one worker's ports under the usual names: it goes with --format "
            "env (Go and Python get a function per port that takes the worker)"
        )
    if package is not None and not _GO_PACKAGE.match(package):
        raise UsageError(f"--package {package!r} is not a Go package name (like ports)")
    path = resolve_registry_path(registry)
    loaded = load_or_defer(path)
    if loaded is None:
        return EXIT_INPUT
    if loaded.registry is None:
        return print_invalid(loaded, "export")
    known = loaded.registry
    unknown = [service for service in services if service not in known.services]
    if unknown:
        raise UsageError(
            f"--service: no service {', '.join(unknown)} (known: {', '.join(known.services)})"
        )
    if tier is not None and tier not in known.tiers:
        raise UsageError(f"--tier: no tier {tier} (known: {', '.join(known.tiers)})")
    text, ports = exported(loaded, path, output_format, services, tier, package, worker)
    if output is None or to_stdout:
        write_stdout(text)
        return EXIT_CLEAN
    target = Path(output)
    if check:
        return compare_with_file(target, escape_control(output), text)
    require_directory_path(output, target.parent)
    count = f"{ports} ports"
    if current(target, escape_control(output), unreadable_is_missing=True) == text:
        # Not rewritten: the file's time stays, and the pre-commit fixer passes.
        sys.stderr.write(f"{escape_control(output)}: up to date ({count})\n")
        return EXIT_CLEAN
    try:
        # Like render-docs: a new generated file may be the first in its directory.
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    except OSError as error:
        raise cannot_write(output, output, error) from None
    sys.stderr.write(f"wrote {escape_control(output)} ({count})\n")
    return EXIT_FINDINGS if fail_on_change else EXIT_CLEAN


def exported(
    loaded: LoadedRegistry,
    path: Path,
    output_format: str,
    services: tuple[str, ...],
    tier: str | None,
    package: str | None,
    worker: int | None = None,
) -> tuple[str, int]:
    """The text of the export, and how many ports it holds."""
    assert loaded.registry is not None
    source = registry_source(path, loaded.root)
    export = collect(loaded.registry, source, services, tier, package or "ports", worker)
    return get_renderer(output_format)(export), len(export.constants)


def require_regular(output: str) -> None:
    """Refuse, before anything is read or written, a target that is not a regular file."""
    kind = not_regular(output)
    if kind == "a directory":
        raise UsageError(f"-o {output} is a directory; name the file to write")
    if kind is not None:
        raise UsageError(
            f"-o {output} is {kind}, not a regular file: export replaces only regular files "
            "(-o - writes to standard output)"
        )


def require_directory_path(output: str, parent: Path) -> None:
    """Missing directories are created; a file where one should be is bad input."""
    for ancestor in (parent, *parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise UsageError(
                    f"cannot write {escape_control(output)}: "
                    f"{escape_control(str(ancestor))} is not a directory"
                )
            return


def current(target: Path, name: str, unreadable_is_missing: bool = False) -> str | None:
    """The file's text, or None when it does not exist (or, before a write, cannot be read:
    the write then reports what is wrong with the target)."""
    try:
        return target.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as error:
        if unreadable_is_missing:
            return None
        raise InputError(
            f"cannot read {name}: {error}", code="PR002", rule="unreadable-file"
        ) from error


def compare_with_file(target: Path, name: str, text: str) -> int:
    """--check: exit status 1 with a diff when ``target`` does not hold ``text``."""
    written = current(target, name) or ""
    if written == text:
        return EXIT_CLEAN
    sys.stdout.write(
        unified_diff(written, text, f"{name} (on disk)", f"{name} (from the registry)")
    )
    state = "is stale" if written or target.exists() else "does not exist"
    sys.stderr.write(f"portreg: {name} {state}: run portreg export with the same options\n")
    return EXIT_FINDINGS
