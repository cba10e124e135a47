"""Change control: ``portreg check --base REV`` compares the registry with itself at REV.

The real table changed allocations without a version bump, and its header disagreed with its
own history. These rules take the registry at the base revision and the one being checked;
their findings point at the line in the registry being checked. They are declared in the
catalogue (docs, ``--select``, ``--ignore``) and run by :func:`check_changes`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.findings import Finding, Severity
from portreg.records import version_key
from portreg.rules import RULES, Context, Problem, declare

if TYPE_CHECKING:  # the diff is needed only with --base: keep it off plain check's start-up
    from portreg.diff import Change
    from portreg.loading.registry import LoadedRegistry
    from portreg.models import Registry

GROUP = "change"


@dataclass(frozen=True)
class ChangeContext:
    old: Registry
    new: Registry
    base: str
    changes: list[Change]

    @property
    def governed(self) -> list[Change]:
        """The changes that alter what suites may bind: they need a new version."""
        return [change for change in self.changes if change.governed]


ChangeCheck = Callable[[ChangeContext], Iterable[Problem]]
CHANGE_CHECKS: dict[str, ChangeCheck] = {}


def change_rule(code: str, name: str, severity: Severity) -> Callable[[ChangeCheck], ChangeCheck]:
    """Declare a change-control rule (its docstring is its docs) and remember its check."""

    def register(check: ChangeCheck) -> ChangeCheck:
        declare(code, name, severity, inspect.cleandoc(check.__doc__ or ""), group=GROUP)
        CHANGE_CHECKS[code] = check
        return check

    return register


declare(
    "PR400",
    "base-unreadable",
    Severity.ERROR,
    """
    ``--base REV`` cannot be used: git is missing, the registry is not in a git repository,
    or REV is not a commit there (a shallow CI clone often lacks ``origin/main``: fetch it).

    The command stops with exit status 2. A registry that did not exist at REV is fine: it
    is new, and there is nothing to compare.
    """,
    group=GROUP,
)
declare(
    "PR405",
    "base-invalid",
    Severity.INFO,
    """
    The registry at the base revision has errors of its own, so it is not compared: the
    change that fixes a broken registry is not held to the history of the broken one.
    """,
    group=GROUP,
)


def _summary(changes: list[Change]) -> str:
    first = changes[0].text
    more = len(changes) - 1
    return first if not more else f"{first}, and {more} more"


@change_rule("PR401", "version-not-raised", Severity.ERROR)
def version_not_raised(context: ChangeContext) -> Iterator[Problem]:
    """What suites may bind changed, but ``version`` did not.

    Such a change (``governed`` in ``portreg diff --format json``) is one of: an allocation,
    block or parallel workers of a service; a cluster's own ports, or the suites that use
    them (its ``services``); a range or NodePort band (a component's ``ranges`` and
    ``nodeport_ranges``, a tier's ``range``, a cluster's ``ranges``); a scope's kind or
    NodePort range; a share, exclusive group, known conflict, reservation or exception.
    Everyone who reads the registry (or the markdown made from it) by its version must be
    able to tell that ports moved: raise ``version`` and add a changelog entry
    (``portreg diff --base REV --changelog`` writes one).

    What only describes needs no new version: titles, descriptions, notes, reasons, the
    header, a service's ``purpose``, ``status``, ``config_files``, ``urls`` and ``paths``,
    its ``production`` ports (information, never bound by a suite), container ports, docs
    and export targets, and the changelog itself.
    """
    changes = context.governed
    if changes and context.new.version == context.old.version:
        yield Problem(
            ("version",),
            f"the allocation changed since {context.base} ({_summary(changes)}) but version "
            f"is still {context.new.version}; raise it and add a changelog entry",
        )


@change_rule("PR402", "changelog-missing", Severity.ERROR)
def changelog_missing(context: ChangeContext) -> Iterator[Problem]:
    """``version`` was raised, but the changelog has no entry for the new version."""
    old, new = context.old.version, context.new.version
    if version_key(new) <= version_key(old):
        return
    if not any(entry.version == new for entry in context.new.changelog):
        yield Problem(
            ("version",),
            f"version raised from {old} to {new} since {context.base}, but the changelog "
            f"has no {new} entry (portreg diff --changelog writes one)",
        )


@change_rule("PR403", "changelog-rewritten", Severity.ERROR)
def changelog_rewritten(context: ChangeContext) -> Iterator[Problem]:
    """A changelog entry that existed at the base revision was edited or removed.

    The changelog is history: correct it with a new entry, not by rewriting an old one.
    """
    current = {entry.version: index for index, entry in enumerate(context.new.changelog)}
    for entry in context.old.changelog:
        index = current.get(entry.version)
        if index is None:
            yield Problem(
                ("changelog",),
                f"changelog entry {entry.version} ({entry.date}) was removed since {context.base}",
                at_key=True,
            )
            continue
        now = context.new.changelog[index]
        edited = [
            field
            for field in ("date", "summary", "changes")
            if getattr(entry, field) != getattr(now, field)
        ]
        if edited:
            yield Problem(
                ("changelog", index, edited[0]),
                f"changelog entry {entry.version} was edited since {context.base} "
                f"({', '.join(edited)} changed); add a new entry instead",
            )


@change_rule("PR404", "version-lowered", Severity.ERROR)
def version_lowered(context: ChangeContext) -> Iterator[Problem]:
    """``version`` is lower than at the base revision: versions only go up."""
    old, new = context.old.version, context.new.version
    if version_key(new) < version_key(old):
        yield Problem(("version",), f"version went down from {old} to {new} since {context.base}")


def check_changes(
    old: LoadedRegistry | None,
    new: LoadedRegistry,
    base: str,
    enabled: Callable[[str], bool] = lambda code: True,
) -> list[Finding]:
    """The change-control findings for ``new`` against ``old`` (None: it did not exist)."""
    from portreg.diff import diff_registries

    if new.registry is None or old is None:
        return []
    context = Context(new.registry, new.sources)
    if old.registry is None:
        if not enabled("PR405"):
            return []
        first = old.findings[0] if old.findings else None
        detail = f" (first: {first.location}: {first.code} {first.message})" if first else ""
        problem = Problem(
            ("version",), f"the registry at {base} has errors, so it was not compared{detail}"
        )
        return [_finding("PR405", problem, context)]
    change_context = ChangeContext(
        old.registry, new.registry, base, diff_registries(old.registry, new.registry)
    )
    findings: list[Finding] = []
    for code, check in CHANGE_CHECKS.items():
        if enabled(code):
            findings.extend(_finding(code, problem, context) for problem in check(change_context))
    return findings


def _finding(code: str, problem: Problem, context: Context) -> Finding:
    from portreg.checker import to_finding

    return to_finding(RULES[code], problem, context)
