"""After an edit is written: re-render the registry's docs and re-export its listed exports.

The same code as ``portreg render-docs`` and ``portreg export -o``, run for the targets the
registry names (``docs:`` and ``exports:``), so that the markdown tables and the constants
in code never lag the registry an edit just wrote.
"""

from __future__ import annotations

from pathlib import Path

from portreg.loading.registry import LoadedRegistry


def regenerate(loaded: LoadedRegistry, path: Path) -> int:
    """Render docs and write exports; the highest exit status of those runs."""
    registry = loaded.registry
    if registry is None:
        return 0
    status = 0
    if registry.docs:
        from portreg.commands import render_docs

        status = max(status, render_docs.run(str(path), None, False, ()))
    return max(status, _export_each(loaded, path, check=False, fail_on_change=False))


def _export_each(loaded: LoadedRegistry, path: Path, check: bool, fail_on_change: bool) -> int:
    from portreg.commands import export

    assert loaded.registry is not None
    status = 0
    for target in loaded.registry.exports:
        output = loaded.root / target.path
        if not check:
            output.parent.mkdir(parents=True, exist_ok=True)
        services = (target.service,) if target.service else ()
        package = target.package if target.format == "go" else None
        status = max(
            status,
            export.run(
                str(path),
                target.format,
                services,
                target.tier,
                package,
                str(output),
                check,
                fail_on_change,
            ),
        )
    return status


def export_listed(registry: str | None, check: bool, fail_on_change: bool, other: bool) -> int:
    """``portreg export --listed``: every export the registry lists (the pre-commit fixer)."""
    from portreg.commands.common import print_invalid
    from portreg.findings import UsageError
    from portreg.loading.registry import load_registry, resolve_registry_path

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
    return _export_each(loaded, path, check, fail_on_change)
