"""``portreg diff``: the semantic difference between two registries."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from portreg.clock import today
from portreg.diff import diff_registries
from portreg.diff.render import DiffReport, Side, changelog_entry, get_renderer
from portreg.findings import InputError, UsageError
from portreg.loading.registry import LoadedRegistry, load_registry, resolve_registry_path
from portreg.loading.sourcemap import SourceMap

if TYPE_CHECKING:
    from portreg.models import Registry


def run(
    paths: tuple[str, ...],
    base: str | None,
    registry: str | None,
    output_format: str,
    changelog: bool,
) -> int:
    if len(paths) not in (0, 2):
        raise UsageError("give two registries (OLD NEW), or none to compare with --base REV")
    if paths and base is not None:
        raise UsageError("OLD NEW compare two registries; --base does not apply")
    old_loaded: LoadedRegistry | None
    if paths:
        old_loaded = load_registry(resolve_registry_path(paths[0]))
        new_loaded = load_registry(resolve_registry_path(paths[1]))
        old_name = ", ".join(old_loaded.files)
    else:
        from portreg.base_revision import chosen_base
        from portreg.gitrev import load_at_revision

        # An empty --base or PORTREG_BASE is refused, as check's is, never taken for HEAD: it
        # is nearly always a CI variable that is not set. No settings file: diff's default
        # is HEAD (your uncommitted changes), not the CI gate's base.
        revision_name = chosen_base(base, None) or "HEAD"
        path = resolve_registry_path(registry)
        # The base is read as an edit of this reading (portreg.base_reading): keep its nodes.
        new_loaded = load_registry(path, keep_nodes=True)
        old_loaded, revision = load_at_revision(path, revision_name, new_loaded)
        old_name = ", ".join(old_loaded.files) if old_loaded else f"{revision.name}: no registry"
    old, new = _valid(old_loaded), _valid(new_loaded)
    assert new is not None  # a registry on disk always exists
    changes = diff_registries(old, new)
    sources: SourceMap = new_loaded.sources
    report = DiffReport(
        Side(old_name, old.version if old else None),
        Side(", ".join(new_loaded.files), new.version),
        changes,
        [sources.locate(change.path) for change in changes],
    )
    if changelog:
        from portreg.diff import Kind
        from portreg.diff.render import next_version

        if not any(change.kind is not Kind.VERSION for change in changes):
            # An entry with an empty summary would only be rejected by check (PR101).
            sys.stderr.write(f"portreg: no change since {old_name}: no changelog entry to add\n")
            return 0
        date = today()
        sys.stdout.write(changelog_entry(report, date))
        version = next_version(report.old.version, report.new.version, date)
        sys.stderr.write(
            f'portreg: paste it at the top of changelog:, and set version: "{version}" '
            f"and updated: {date}\n"
        )
    else:
        sys.stdout.write(get_renderer(output_format)(report))
    return 0


def _valid(loaded: LoadedRegistry | None) -> Registry | None:
    """The registry, or stop: a registry with errors has no meaning to compare."""
    if loaded is None:
        return None
    if loaded.registry is None:
        first = min(loaded.findings, key=lambda finding: finding.sort_key())
        raise InputError(
            f"cannot compare a registry with errors ({len(loaded.findings)}; run portreg "
            f"check): {first.message}",
            first.location,
            first.code,
            first.rule,
        )
    return loaded.registry
