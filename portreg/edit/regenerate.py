"""After an edit is written: re-render the registry's docs and re-export its listed exports.

The same code as ``portreg render-docs`` and ``portreg export -o``, run for the targets the
registry names (``docs:`` and ``exports:``), so that the markdown tables and the constants
in code never lag the registry an edit just wrote.
"""

from __future__ import annotations

from pathlib import Path

from portreg.registry import LoadedRegistry


def regenerate(loaded: LoadedRegistry, path: Path) -> int:
    """Render docs and write exports; the highest exit status of those runs."""
    registry = loaded.registry
    if registry is None:
        return 0
    status = 0
    if registry.docs:
        from portreg.commands import render_docs

        status = max(status, render_docs.run(str(path), None, False, ()))
    for target in registry.exports:
        from portreg.commands import export

        output = loaded.root / target.path
        output.parent.mkdir(parents=True, exist_ok=True)
        services = (target.service,) if target.service else ()
        package = target.package if target.format == "go" else None
        status = max(
            status,
            export.run(
                str(path), target.format, services, target.tier, package, str(output), False
            ),
        )
    return status
