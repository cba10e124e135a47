"""The command line: wiring only. Each command's work lives in ``portreg.commands.<name>``,
imported when the command runs, so that ``portreg check`` does not pay for the others.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from portreg import __version__
from portreg.findings import InputError, UsageError
from portreg.render import SECTIONS

REPORT_FORMATS = ("text", "json", "github")

registry_option = click.option(
    "--registry",
    "-r",
    metavar="PATH",
    envvar="PORTREG_REGISTRY",
    help="Registry file or directory [env: PORTREG_REGISTRY; default: registry/ found from "
    "the current directory up to the git root].",
)


def format_option(choices: Sequence[str]) -> Callable[[Any], Any]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="portreg")
def cli() -> None:
    """portreg: a port-allocation registry and conflict linter.

    Exit status: 0 clean, 1 findings, 2 unreadable input or bad usage.
    """


@cli.command()
@registry_option
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@format_option(REPORT_FORMATS)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules: codes, code prefixes (PR2) or names; comma-separated.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms).")
def check(
    registry: str | None,
    strict: bool,
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Validate the registry: schema, conflicts, shares, ranges, changelog."""
    from portreg.commands import check as command

    sys.exit(command.run(registry, strict, output_format, select, ignore))


@cli.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or explain one (by code or name)."""
    from portreg.commands import rules as command

    sys.exit(command.run(code))


@cli.command("render-docs")
@registry_option
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="Render into FILE instead of the registry's docs targets; - writes the whole "
    "document to stdout.",
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
def render_docs(
    registry: str | None, output: str | None, check_only: bool, sections: tuple[str, ...]
) -> None:
    """Generate the markdown allocation tables from the registry.

    In an existing file only the text between <!-- portreg:begin NAME --> and
    <!-- portreg:end NAME --> lines is replaced; a missing file is created whole, with
    markers. Targets come from the registry's docs entries, or from --output. A registry
    with errors is not rendered (exit 1).
    """
    from portreg.commands import render_docs as command

    sys.exit(command.run(registry, output, check_only, sections))


def main(argv: Sequence[str] | None = None, prog_name: str = "portreg") -> None:
    """Run the CLI; every failure ends as one line on stderr, never a traceback."""
    # portreg uses no pydantic plugins: skip their entry-point scan at every start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name=prog_name)
    except InputError as error:
        # Same shape as a finding (file:line:col first) so editors and CI can jump to it.
        click.echo(str(error) if error.location else f"portreg: {error}", err=True)
        sys.exit(2)
    except UsageError as error:
        click.echo(f"portreg: usage: {error}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("PORTREG_DEBUG"):
            raise
        click.echo(
            f"portreg: internal error: {type(error).__name__}: {error} "
            "(set PORTREG_DEBUG=1 to see the traceback, and please report it)",
            err=True,
        )
        sys.exit(2)
