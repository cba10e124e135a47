"""Checking the registry and its docs: check, diff, render-docs, rules, schema."""

from __future__ import annotations

import sys

import click

from portreg.cli.options import (
    display_options,
    exit_statuses,
    fail_on_change_option,
    finding_options,
    format_option,
    output_option,
    progress_option,
    registry_option,
)
from portreg.render import SECTIONS


@click.command(
    epilog=exit_statuses(
        "no errors (with --fix: nothing left to fix)",
        "errors found (warnings too with --strict), or with --fix errors remain",
    )
)
@finding_options("Run only these rules: codes, code prefixes (PR2) or names; comma-separated.")
@click.option(
    "--base",
    metavar="REV",
    envvar="PORTREG_BASE",
    help="Change control: compare with the registry at git revision REV (origin/main, "
    "HEAD~1 ...): version raised, changelog kept; auto: HEAD when there is a commit, else "
    "none (the pre-commit hook) [env: PORTREG_BASE].",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Append every current conflict to known_conflicts (adopt portreg in one command).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Fix the findings marked fixable in place, then report what remains (exit 1 while "
    "errors remain).",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Show the diff --fix would make; write nothing (exit 1 when there is a fix).",
)
@click.option("--dry-run", is_flag=True, help="With --fix or --write-baseline: show the diff only.")
@click.option(
    "--observed",
    is_flag=True,
    help="Also judge the records FILE... that portreg run --record wrote (PR7xx).",
)
@click.argument("records", nargs=-1, metavar="[--observed FILE...]")
@display_options
def check(
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    base: str | None,
    write_baseline: bool,
    fix: bool,
    diff: bool,
    dry_run: bool,
    observed: bool,
    records: tuple[str, ...],
    color: str,
    concise: bool,
    quiet: bool,
    statistics: bool,
) -> None:
    """Validate the registry: schema, conflicts, shares, ranges, changelog.

    Settings may also come from [tool.portreg] in pyproject.toml or from .portreg.toml
    (registry, select, ignore, strict, base), found from the current directory up to the
    git root; options win.
    """
    if observed != bool(records):
        raise click.UsageError(
            "--observed FILE...: name the records portreg run --record wrote"
            if observed
            else f"unexpected argument {records[0]!r} (records go after --observed)"
        )
    from portreg.reporters import Display

    display = Display.from_options(color, concise, quiet, statistics)
    if write_baseline or fix or diff or dry_run:
        if observed:
            raise click.UsageError("--observed only reports: leave out --fix and --write-baseline")
        from portreg.edit import check_edits

        report = check_edits.Reporting(strict, output_format, select, ignore, display)
        sys.exit(
            check_edits.run(registry, write_baseline, fix or diff, dry_run or diff, base, report)
        )
    from portreg.commands import check as command

    sys.exit(command.run(registry, strict, output_format, select, ignore, base, display, records))


@click.command(epilog=exit_statuses("the rules, or the rule asked for, printed"))
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or explain one (by code or name)."""
    from portreg.commands import rules as command

    sys.exit(command.run(code))


@click.command(epilog=exit_statuses("the changes printed (none is not a failure)"))
@click.argument("paths", nargs=-1, metavar="[OLD NEW]")
@click.option(
    "--base",
    metavar="REV",
    help="Compare the registry with itself at git revision REV [env: PORTREG_BASE; default: HEAD].",
)
@registry_option
@format_option(("text", "json", "markdown"))
@click.option(
    "--changelog",
    is_flag=True,
    help="Print a changelog entry for the changes (next version, today's date) to paste "
    "at the top of changelog:.",
)
def diff(
    paths: tuple[str, ...],
    base: str | None,
    registry: str | None,
    output_format: str,
    changelog: bool,
) -> None:
    """What changed between two registries: ports added, removed and moved (number, scope,
    tier, NodePort), services added, removed and renamed, blocks, scopes, shares, exclusive
    groups, known conflicts, reservations, exceptions, ranges, components' defaults,
    exports, the changelog and the version.

    With OLD NEW (files or directories), compares those; otherwise compares the registry
    with itself at git revision --base (default HEAD: your uncommitted changes).
    """
    from portreg.commands import diff as command

    sys.exit(command.run(paths, base, registry, output_format, changelog))


@click.command(epilog=exit_statuses("the schema printed"))
def schema() -> None:
    """Print the registry's JSON Schema (for editors: see docs/registry-schema.md).

    The same schema ships as docs/registry.schema.json.
    """
    from portreg.commands import schema as command

    sys.exit(command.run())


@click.command(
    "render-docs",
    epilog=exit_statuses(
        "rendered, or up to date",
        "the registry has errors (nothing rendered), --check found a target stale, or "
        "--exit-nonzero-on-change wrote one",
    ),
)
@registry_option
@output_option(
    "Render into FILE instead of the registry's docs targets; - writes the whole "
    "document to stdout."
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 with a unified diff when a target is stale.",
)
@click.option(
    "--section",
    "sections",
    multiple=True,
    metavar="NAME",
    help=f"Render only this section (repeatable, or comma-separated): {', '.join(SECTIONS)}.",
)
@fail_on_change_option("Exit 1 when a file was written or created (what the pre-commit hook uses).")
@progress_option
def render_docs(
    registry: str | None,
    output: str | None,
    check_only: bool,
    sections: tuple[str, ...],
    fail_on_change: bool,
    no_progress: bool,
) -> None:
    """Generate the markdown allocation tables from the registry.

    In an existing file only the text between <!-- portreg:begin NAME --> and
    <!-- portreg:end NAME --> lines is replaced; a missing file is created whole, with
    markers. Targets come from the registry's docs entries, or from --output. A registry
    with errors is not rendered (exit 1).
    """
    from portreg.commands import render_docs as command

    sys.exit(
        command.run(
            registry, output, check_only, sections, fail_on_change, show_progress=not no_progress
        )
    )


COMMANDS = (check, rules, diff, schema, render_docs)
