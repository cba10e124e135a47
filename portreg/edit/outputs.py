"""What is made from the registry and written with it: its docs and its exports.

An edit renders the docs the registry lists (``docs:``, as ``portreg render-docs`` does) and
the constants it lists (``exports:``, as ``portreg export -o`` does) from the edited
registry in memory, and writes them in the same transaction as the registry: docs that
cannot be written leave the registry unwritten too. ``portreg export --listed`` (the
``portreg-exports`` hook) writes the exports the same way. Every path comes from the
registry, so each must stay inside the project (PR604).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from portreg import confinement
from portreg.findings import UsageError
from portreg.loading.registry import LoadedRegistry, display_name


@dataclass(frozen=True)
class Output:
    """A file made from the registry: where it goes, what it holds now and will hold."""

    path: Path
    old: bytes | None  # None: it does not exist yet
    new: bytes
    status: str  # the line printed once it is written

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def announce(self, stream: TextIO | None = None) -> None:
        from portreg.escaping import terminal_line

        print(terminal_line(self.status), file=stream or sys.stdout)


def generated(loaded: LoadedRegistry, registry_path: Path) -> list[Output]:
    """The docs and exports of ``loaded`` (the registry at ``registry_path``), planned."""
    assert loaded.registry is not None
    outputs = []
    if loaded.registry.docs:
        from portreg.commands.render_docs import planned_docs, status_line

        for plan in planned_docs(loaded, registry_path):
            old = plan.old.encode("utf-8") if plan.old is not None else None
            outputs.append(
                Output(plan.target.path, old, plan.new.encode("utf-8"), status_line(plan))
            )
    return outputs + planned_exports(loaded, registry_path)


def planned_exports(loaded: LoadedRegistry, registry_path: Path) -> list[Output]:
    """Each ``exports`` entry's file as it should be (not written)."""
    from portreg.commands.export import current, exported, require_directory_path, require_regular

    assert loaded.registry is not None
    outputs = []
    for index, target in enumerate(loaded.registry.exports):
        where = loaded.sources.locate(("exports", index, "path"))
        path = confinement.require_inside(loaded.root, target.path, "exports path", where)
        shown = display_name(path)
        require_regular(str(path))
        require_directory_path(shown, path.parent)
        services = (target.service,) if target.service else ()
        package = target.package if target.format == "go" else None
        text, count = exported(loaded, registry_path, target.format, services, target.tier, package)
        old = current(path, shown, unreadable_is_missing=True)
        status = (
            f"{shown}: up to date ({count} ports)"
            if old == text
            else f"wrote {shown} ({count} ports)"
        )
        encoded = old.encode("utf-8") if old is not None else None
        outputs.append(Output(path, encoded, text.encode("utf-8"), status))
    return outputs


def export_listed(registry: str | None, check: bool, fail_on_change: bool, other: bool) -> int:
    """``portreg export --listed``: every export the registry lists (the pre-commit fixer)."""
    from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, print_invalid
    from portreg.loading.registry import load_registry, registry_files, resolve_registry_path

    if other:
        raise UsageError("--listed takes what to write from the registry's exports: entries")
    path = resolve_registry_path(registry)
    loaded = load_registry(path)
    if loaded.registry is None:
        return print_invalid(loaded, "export")
    if not loaded.registry.exports:
        raise UsageError(
            "the registry lists no exports: add an exports entry "
            "(exports: [{path: internal/ports/ports_gen.go, format: go}])"
        )
    outputs = planned_exports(loaded, path)
    if check:
        from portreg.commands.export import compare_with_file

        return max(
            compare_with_file(output.path, display_name(output.path), output.new.decode("utf-8"))
            for output in outputs
        )
    if any(output.changed for output in outputs):
        from portreg.edit.registry_lock import holding_registry, writable_journal

        files = registry_files(path)
        with holding_registry(files, for_reading=True):  # an edit does not land in between
            outputs = planned_exports(load_registry(path), path)
            write_outputs(writable_journal(files), outputs)
    for output in outputs:  # stdout is for the constants, as with `portreg export -o`
        output.announce(sys.stderr)
    changed = any(output.changed for output in outputs)
    return EXIT_FINDINGS if fail_on_change and changed else EXIT_CLEAN


def write_outputs(
    journal: Path | None, outputs: list[Output], also: dict[Path, bytes] | None = None
) -> None:
    """Write the outputs that changed (and ``also``: the registry's files ...) together."""
    from portreg.edit.registry_lock import unwritable
    from portreg.edit.transaction import write_together

    contents = dict(also or {})
    contents.update({output.path: output.new for output in outputs if output.changed})
    if not contents:
        return
    try:
        write_together(journal, contents)
    except OSError as error:
        name = display_name(next(iter(contents)))
        raise unwritable(
            name if len(contents) == 1 else f"{name} and the rest of the change", error
        ) from None
