"""Exclusive groups: suites that never run at the same time."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity
from portreg.rules import Context, Problem, rule


@rule("PR307", "unneeded-reuse", Severity.WARNING)
def unneeded_reuse(context: Context) -> Iterator[Problem]:
    """An ``exclusive`` group with ``reuse: true`` (the default) whose suites reuse no port
    or block of each other.

    The group still records that its suites run apart (the docs and ``portreg plan`` say
    so, with the reason), but the permission to reuse ports is unused, and a later overlap
    between them would pass unnoticed. Write ``reuse: false`` to keep such overlaps errors.
    """
    used = context.clashes.groups_used
    for index, group in enumerate(context.registry.exclusive):
        if not group.reuse or index in used:
            continue
        path = ("exclusive", index, "reuse")
        if path not in context.sources.values:
            path = ("exclusive", index, "services")
        yield Problem(
            path,
            f"exclusive group of {', '.join(dict.fromkeys(group.services))} reuses no port; write "
            "reuse: false (the group still records that they run apart)",
        )
