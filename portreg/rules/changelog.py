"""The registry's own version and its changelog must tell one story."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity
from portreg.records import version_key
from portreg.rules import Context, Problem, rule


@rule("PR210", "version-mismatch", Severity.ERROR)
def version_mismatch(context: Context) -> Iterator[Problem]:
    """The registry's ``version`` is not the version of the newest changelog entry.

    The real table's header said 1.8 while its own revision history already had 1.9: the
    header and the history must move together.
    """
    registry = context.registry
    if not registry.changelog:
        return
    newest = registry.changelog[0]
    if registry.version != newest.version:
        line = context.sources.locate(("changelog", 0, "version")).line
        yield Problem(
            ("version",),
            f"version {registry.version} is not the newest changelog entry's "
            f"version {newest.version} (line {line})",
        )


@rule("PR211", "changelog-order", Severity.ERROR)
def changelog_order(context: Context) -> Iterator[Problem]:
    """Changelog versions are duplicated, or do not decrease from the top (newest first)."""
    entries = context.registry.changelog
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        path = ("changelog", index, "version")
        if entry.version in seen:
            first = context.sources.locate(("changelog", seen[entry.version], "version")).line
            yield Problem(
                path, f"changelog version {entry.version} appears twice (also at line {first})"
            )
            continue
        seen[entry.version] = index
        if index and version_key(entries[index - 1].version) < version_key(entry.version):
            yield Problem(
                path,
                f"changelog is newest first, but {entry.version} comes after "
                f"{entries[index - 1].version}",
            )


@rule("PR212", "changelog-date-order", Severity.ERROR)
def changelog_date_order(context: Context) -> Iterator[Problem]:
    """A changelog entry is dated after the entry above it (dates must not go backwards)."""
    entries = context.registry.changelog
    for index in range(1, len(entries)):
        newer, older = entries[index - 1], entries[index]
        if older.date > newer.date:
            yield Problem(
                ("changelog", index, "date"),
                f"{older.version} is dated {older.date}, after {newer.version} "
                f"({newer.date}) above it",
            )


@rule("PR213", "updated-mismatch", Severity.ERROR)
def updated_mismatch(context: Context) -> Iterator[Problem]:
    """The registry's ``updated`` date is not the date of the newest changelog entry.

    After a correct version bump the generated docs said "Version 1.10, last updated
    2025-12-25" beside a 1.10 entry dated that day: ``updated`` is the day of the newest
    change, so it moves with the changelog. Set ``updated`` to the newest entry's date.
    """
    registry = context.registry
    if not registry.changelog:
        return
    newest = registry.changelog[0]
    if registry.updated != newest.date:
        line = context.sources.locate(("changelog", 0, "date")).line
        yield Problem(
            ("updated",),
            f"updated is {registry.updated}, but the newest changelog entry ({newest.version}) "
            f"is dated {newest.date} (line {line}); set updated: {newest.date}",
        )
