"""Known conflicts: the baseline of conflicts accepted for now, while a team adopts portreg."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity
from portreg.rules import Context, Problem, rule


@rule("PR308", "known-conflict", Severity.WARNING)
def known_conflict(context: Context) -> Iterator[Problem]:
    """A conflict (PR201) or block conflict (PR207) that a ``known_conflicts`` entry accepts.

    An entry matches a conflict with the same ``scope``, ``protocol`` and ``port`` (for two
    overlapping blocks: the first port they share) when its ``services`` list every party.
    It stays visible as a warning until the conflict is fixed (``--strict`` fails on it);
    a new party on that port is an error again.
    """
    for clash in context.clashes.accepted():
        if clash.known is None:
            continue
        entry = context.registry.known_conflicts[clash.known]
        line = context.sources.locate(("known_conflicts", clash.known)).line
        tracked = f", tracked in {entry.tracked}" if entry.tracked else ""
        yield Problem(
            clash.path,
            f"{clash.what}: a known conflict (line {line}{tracked})",
            related=clash.related,
        )


@rule("PR208", "stale-known-conflict", Severity.ERROR)
def stale_known_conflict(context: Context) -> Iterator[Problem]:
    """A ``known_conflicts`` entry that matches no conflict any more.

    The conflict was fixed (or settled by a share or an exclusive group): delete the entry,
    so that the same conflict coming back is an error again.
    """
    used = context.clashes.known_used
    for index, entry in enumerate(context.registry.known_conflicts):
        if index in used:
            continue
        yield Problem(
            ("known_conflicts", index, "port"),
            f"known conflict on {entry.port} ({entry.protocol}, {entry.scope}) between "
            f"{', '.join(entry.services)} matches no conflict any more; delete it",
        )
