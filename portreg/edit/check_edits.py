"""``portreg check --write-baseline`` and ``portreg check --fix``: the check command's edits.

Both go through the one editor (lock, splice, validate, diff, atomic write). Neither raises
the version: the baseline only adds lines, and the fixes repair the file as it is (the fix
for a change not recorded against ``--base`` writes the bump itself).
"""

from __future__ import annotations

from portreg.base_revision import chosen_base
from portreg.config import find_config
from portreg.edit.editor import EditOptions, Session, apply_edit
from portreg.findings import UsageError


def run(
    registry: str | None,
    write_baseline: bool,
    fix: bool,
    dry_run: bool,
    base: str | None,
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

    # The base that plain ``check`` compares with (so that --fix repairs what check
    # reported); an empty one is refused before anything is read, as check and diff refuse
    # it: it would otherwise skip the version fixes (PR401, PR402) without a word.
    base = chosen_base(base, find_config().base)

    def fix_change(session: Session) -> None:
        fix_all(session, base)

    return apply_edit(registry, "check --fix", fix_change, options)
