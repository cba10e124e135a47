"""The options several commands share, declared once. (The editing commands' own options,
--dry-run, --major, --no-bump and --no-docs, are ``portreg.edit.options.edit_options``.)"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import click


def exit_statuses(clean: str, findings: str | None = None) -> str:
    """The ``Exit status:`` paragraph of a command's --help: what 0 and 1 mean for it; 2
    and 130 mean the same for every command."""
    one = f"; 1 {findings}" if findings else ""
    return (
        f"Exit status: 0 {clean}{one}; 2 input that cannot be read or bad usage (nothing "
        "written); 130 interrupted (Ctrl-C)."
    )


# The formats of every command that reports findings (check, scan).
REPORT_FORMATS = ("text", "json", "github", "sarif")

PORT = click.IntRange(1, 65535)

ONE_DAY = 24 * 60 * 60


class Seconds(click.FloatRange):
    """A time to wait, in seconds: a number from 0 to a day. ``inf`` and ``1e309`` (read as
    infinity) are out of that range, and ``nan`` is no number: each would wait forever, so
    it is bad usage (exit 2) at once."""

    name = "number of seconds"

    def __init__(self) -> None:
        super().__init__(min=0, max=ONE_DAY)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


# --wait SECONDS (probe, run): how long to wait for held ports or locks.
WAIT_SECONDS = Seconds()

registry_option = click.option(
    "--registry",
    "-r",
    metavar="PATH",
    envvar="PORTREG_REGISTRY",
    help="Registry file or directory [env: PORTREG_REGISTRY; default: registry/ found from "
    "the current directory up to the git root].",
)

# Long work (scan, init --discover, render-docs) shows a counter on a terminal's stderr.
progress_option = click.option(
    "--no-progress",
    "no_progress",
    is_flag=True,
    help="Do not show the progress counter (shown on stderr only when it is a terminal).",
)

# Only this tier (export, probe, release).
tier_filter_option = click.option("--tier", metavar="TIER", help="Only this tier.")


def format_option(choices: Sequence[str]) -> Callable[[Any], Any]:
    """--format, one of ``choices``; the first is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def services_filter_option(help_text: str) -> Callable[[Any], Any]:
    """--service ID, repeatable, into ``services``: only these services."""
    return click.option("--service", "services", multiple=True, metavar="ID", help=help_text)


def output_option(help_text: str) -> Callable[[Any], Any]:
    """--output/-o FILE: where a generated file goes."""
    return click.option("--output", "-o", metavar="FILE", help=help_text)


def fail_on_change_option(help_text: str) -> Callable[[Any], Any]:
    """--exit-nonzero-on-change, into ``fail_on_change``: what a pre-commit fixer needs."""
    return click.option("--exit-nonzero-on-change", "fail_on_change", is_flag=True, help=help_text)


def finding_options(select_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--registry, --strict, --format, --select and --ignore: which findings a command
    reports, from which registry, in which format."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            registry_option,
            click.option("--strict", is_flag=True, help="Warnings fail too (exit 1)."),
            format_option(REPORT_FORMATS),
            click.option("--select", multiple=True, metavar="CODES", help=select_help),
            click.option(
                "--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms)."
            ),
        ]
        return _apply(options, command)

    return add


def display_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--color, --concise, --quiet, --statistics: how the text output looks."""
    options = [
        click.option(
            "--color",
            type=click.Choice(("auto", "always", "never")),
            default="auto",
            show_default=True,
            help="Colour the text output: auto is on a terminal, unless NO_COLOR is set "
            "(FORCE_COLOR forces it).",
        ),
        click.option(
            "--concise", is_flag=True, help="One line per finding, without the source line."
        ),
        click.option("--quiet", "-q", is_flag=True, help="Only the findings: no summary line."),
        click.option(
            "--statistics",
            is_flag=True,
            help="How many findings each rule has (most first), instead of the findings.",
        ),
    ]
    return _apply(options, command)


def _apply(
    options: Sequence[Callable[[Any], Any]], command: Callable[..., Any]
) -> Callable[..., Any]:
    """Add ``options`` to ``command`` so that --help lists them in this order."""
    for option in reversed(options):
        command = option(command)
    return command
