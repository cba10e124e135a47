"""Scanning the code for hard-coded ports: scan."""

from __future__ import annotations

import sys

import click

from portreg.cli.options import (
    display_options,
    exit_statuses,
    finding_options,
    progress_option,
)


@click.command(epilog=exit_statuses("no errors", "errors found (warnings too with --strict)"))
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@finding_options("Run only these rules (codes, PR5, names).")
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=1024 * 1024,
    show_default=True,
    metavar="BYTES",
    help="Skip files larger than this.",
)
@click.option(
    "--staged",
    is_flag=True,
    help="Scan only the files staged for commit, as staged (for git hooks).",
)
@click.option(
    "--show-notes",
    is_flag=True,
    help="List the notes (ports mentioned in files of no service) too; they are always "
    "counted in the summary.",
)
@display_options
@progress_option
def scan(
    paths: tuple[str, ...],
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    max_size: int,
    staged: bool,
    show_notes: bool,
    color: str,
    concise: bool,
    quiet: bool,
    statistics: bool,
    no_progress: bool,
) -> None:
    """Find ports hard-coded in the code that disagree with the registry.

    Reads the files git tracks (and untracked files it does not ignore) under PATHS
    (default: the project root), or every file when not in git. A file belongs to the
    services whose `paths` globs match it, else, in test folders, to the service its
    folder, name or package names; a port of another service, a reserved port or a port
    bound in another's block is an error, an unregistered bound port a warning, and a port
    in working notes or in a file of no service a note. Silence a line with a comment
    `portreg: ignore[PR501]`.
    """
    from portreg.commands import scan as command
    from portreg.reporters import Display

    display = Display.from_options(color, concise, quiet, statistics, hide_notes=not show_notes)
    sys.exit(
        command.run(
            paths,
            registry,
            strict,
            output_format,
            select,
            ignore,
            max_size,
            staged,
            display,
            show_progress=not no_progress,
        )
    )


COMMANDS = (scan,)
