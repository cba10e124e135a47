"""``portreg check --write-baseline`` and ``portreg check --fix`` / ``--diff``: the check
command's edits.

Both go through the one editor (lock, splice, validate, diff, atomic write). Neither raises
the version: the baseline only adds lines, and the fixes repair the file as it is (the fix
for a change not recorded against ``--base`` writes the bump itself, and only when nothing
else keeps the registry from passing). After ``--fix`` the registry is checked again and
what remains is reported as ``portreg check`` reports it: exit status 1 while errors remain,
as ruff does. ``--diff`` (``--fix --dry-run``) shows the fix and writes nothing; it exits 1
when there is something to fix.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field

from portreg.base_revision import chosen_base
from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS
from portreg.config import find_config
from portreg.edit.editor import apply_edit
from portreg.edit.session import EditOptions, Session
from portreg.findings import UsageError
from portreg.reporters import Display


@dataclass(frozen=True)
class Reporting:
    """How to report what remains after --fix: the options plain ``check`` takes."""

    strict: bool = False
    output_format: str = "text"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    display: Display = field(default_factory=Display)


def run(
    registry: str | None,
    write_baseline: bool,
    fix: bool,
    dry_run: bool,
    base: str | None,
    reporting: Reporting | None = None,
) -> int:
    if not (write_baseline or fix):
        raise UsageError("--dry-run shows what --fix or --write-baseline would change: add one")
    if write_baseline and fix:
        raise UsageError("--write-baseline and --fix are separate steps: run one, then the other")
    options = EditOptions(dry_run=dry_run, bump="none", docs=False, repair_text=fix)
    if write_baseline:
        from portreg.edit.baseline import write_baseline as change

        return apply_edit(registry, "check --write-baseline", change, options)
    from portreg.edit.fixes import fix_all

    reporting = reporting or Reporting()
    # The base that plain ``check`` compares with (so that --fix repairs what check
    # reported); an empty one is refused before anything is read, as check and diff refuse
    # it: it would otherwise skip the version fixes (PR401, PR402) without a word.
    base = chosen_base(base, find_config().base)
    sessions: list[Session] = []

    def fix_change(session: Session) -> None:
        fix_all(session, base)
        sessions.append(session)

    # In a machine format, stdout is the report of what remains: the diff goes to stderr.
    human = sys.stdout if reporting.output_format == "text" else sys.stderr
    with contextlib.redirect_stdout(human):
        status = apply_edit(registry, "check --fix", fix_change, options)
    if status != EXIT_CLEAN:
        return status  # the fix would add errors: nothing written, the findings shown
    fixed = bool(sessions) and sessions[0].changed
    if dry_run:
        return EXIT_FINDINGS if fixed else EXIT_CLEAN
    from portreg.commands import check

    return check.run(
        registry,
        reporting.strict,
        reporting.output_format,
        reporting.select,
        reporting.ignore,
        base,
        reporting.display,
    )
