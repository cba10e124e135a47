"""The command line's entry point: the top-level ``portreg`` group and ``main()``, which turns
every failure into one line on stderr.

The commands are wired in ``portreg.cli``, one module per kind of work (``COMMAND_MODULES``
below says which); the options several commands share are in ``portreg.cli.options``. Each
command's work lives in ``portreg.commands.<name>``, imported when the command runs, so that
``portreg check`` does not pay for the others."""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from portreg import __version__
from portreg.findings import InputError, UsageError

# Every command, and the module of portreg.cli that wires it (checking, looking_up, scanning,
# editing). Only the module of the command that runs is imported: `portreg check`, run by git
# hooks, does not load the editing commands' wiring.
COMMAND_MODULES = {
    "check": "checking",
    "diff": "checking",
    "render-docs": "checking",
    "rules": "checking",
    "schema": "checking",
    "who": "looking_up",
    "next": "looking_up",
    "export": "looking_up",
    "plan": "looking_up",
    "probe": "looking_up",
    "run": "running",
    "scan": "scanning",
    "allocate": "editing",
    "release": "editing",
    "rename": "editing",
    "move": "editing",
    "init": "editing",
}


class CommandGroup(click.Group):
    """The top-level group: imports a command's wiring module (``portreg.cli.<module>``)
    when the command is asked for; --help lists every command, alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMAND_MODULES:
            self._load(COMMAND_MODULES[cmd_name])
        else:  # an unknown name: load them all, so that click's "Did you mean" sees every one
            for module in sorted(set(COMMAND_MODULES.values())):
                self._load(module)
        return self.commands.get(cmd_name)

    def _load(self, module: str) -> None:
        for command in importlib.import_module(f"portreg.cli.{module}").COMMANDS:
            self.add_command(command)


@click.group(
    cls=CommandGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="portreg")
def cli() -> None:
    """portreg: a port-allocation registry and conflict linter.

    Exit status: 0 clean, 1 findings, 2 unreadable input or bad usage.
    """


def tune_garbage_collector() -> None:
    """Run without Python's cyclic garbage collector (reference counting still frees
    everything that is not part of a cycle).

    A registry is loaded into a tree of a few million containers that lives until the
    process exits and holds no cycles. The collector examines every container allocated
    while it is young, however high its threshold: with the defaults it was half of check's
    time at 5,000 services, with a threshold of 100,000 still a fifth. Disabled, the peak
    memory measured the same at 500, 5,000 and 50,000 services (docs/performance.md): a
    short-lived command leaves too few cycles to matter, and the process frees them all
    when it exits.
    """
    gc.disable()


def main(argv: Sequence[str] | None = None, prog_name: str = "portreg") -> None:
    """Run the CLI; every failure ends as one line on stderr, never a traceback."""
    # portreg uses no pydantic plugins: skip their entry-point scan at every start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # A file name that is not UTF-8 is printed escaped, never a crash mid-output.
            stream.reconfigure(errors="backslashreplace")
    if argv is None:  # the portreg process itself, not a caller's process running a command
        tune_garbage_collector()
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name=prog_name)
    except InputError as error:
        # Same shape as a finding (file:line:col first) so editors and CI can jump to it.
        _fail(str(error) if error.location else f"portreg: {error}")
    except UsageError as error:
        _fail(f"portreg: usage: {error}")
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("PORTREG_DEBUG"):
            raise
        _fail(
            f"portreg: internal error: {type(error).__name__}: {error} "
            "(set PORTREG_DEBUG=1 to see the traceback, and please report it)"
        )


def _fail(line: str) -> NoReturn:
    """One line on stderr, exit status 2; control characters (a file name's newline)
    escaped, so that the line stays one line."""
    from portreg.escaping import escape_control

    click.echo(escape_control(line), err=True)
    sys.exit(2)
