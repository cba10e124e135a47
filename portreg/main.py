"""The command line's entry point: the top-level ``portreg`` group and ``main()``, which turns
every failure into one line on stderr.

The commands are wired in ``portreg.cli``, one module per kind of work (``COMMAND_MODULES``
below says which); the options several commands share are in ``portreg.cli.options``. Each
command's work lives in ``portreg.commands.<name>``, imported when the command runs, so that
``portreg check`` does not pay for the others."""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

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

    # click ends a broken pipe with status 1, the findings status: main() decides instead.
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:  # --help is printed here
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError as error:
            raise ReaderGone() from error

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise ReaderGone() from error
        except KeyboardInterrupt as error:  # click would print an empty line first
            raise Interrupted() from error


class ReaderGone(Exception):
    """The reader of standard output went away (``portreg rules | head -1``)."""


class Interrupted(Exception):
    """Ctrl-C while a command ran."""


@click.group(
    cls=CommandGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="portreg")
def cli() -> None:
    """portreg: a port-allocation registry and conflict linter.

    Exit status, for every command: 0 clean; 1 findings (what they are: the command's
    --help); 2 input that cannot be read or bad usage (nothing written); 130 interrupted
    (Ctrl-C); 141 the reader of standard output went away (| head).
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


# Stopped by a signal, the status shells give a command the signal ended: 128 + its number.
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)
EXIT_BROKEN_PIPE = 141  # the reader of a pipe went away (SIGPIPE), as for `yes | head -1`


def main(argv: Sequence[str] | None = None, prog_name: str = "portreg") -> None:
    """Run the CLI; every failure ends as one line on stderr, never a traceback."""
    # portreg uses no pydantic plugins: skip their entry-point scan at every start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.stdout is None:  # started with standard output closed (`portreg check >&-`)
        _fail("portreg: standard output is closed: nothing done (redirect it to a file)")
    if sys.stdout is sys.__stdout__ and isinstance(sys.stdout, io.TextIOWrapper):
        # The process's own standard output (not a caller's capture of it).
        sys.stdout = StandardOutput.replacing(sys.stdout)
        sys.__stdout__ = sys.stdout  # type: ignore[misc]  # final to typeshed, not to Python
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors="backslashreplace")
    if argv is None:  # the portreg process itself, not a caller's process running a command
        tune_garbage_collector()
    try:
        status = _run(argv, prog_name)
        sys.stdout.flush()  # the last lines: a full disk shows here, not at interpreter exit
    except (KeyboardInterrupt, click.exceptions.Abort, Interrupted):
        _fail("portreg: interrupted", EXIT_INTERRUPTED)
    except click.ClickException as error:  # bad usage, as click words it
        error.show()
        sys.exit(error.exit_code)
    except InputError as error:
        # Same shape as a finding (file:line:col first) so editors and CI can jump to it.
        _fail(str(error) if error.location else f"portreg: {error}")
    except UsageError as error:
        _fail(f"portreg: usage: {error}")
    except (OSError, ReaderGone) as error:
        _output_failed(error)
    except Exception as error:
        _internal_error(error)
    sys.exit(status)


class StandardOutput(io.TextIOWrapper):
    """Standard output that remembers a failed write, so that a full disk or a closed
    descriptor is told apart from a failure of another file.

    A file name that is not UTF-8 is printed escaped, never a crash mid-output; each line
    is written at once, so that a full or closed output stops the command at its first
    line, before an edit writes anything.
    """

    failed = False

    @classmethod
    def replacing(cls, stream: io.TextIOWrapper) -> StandardOutput:
        encoding = stream.encoding
        return cls(stream.detach(), encoding, errors="backslashreplace", line_buffering=True)

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError:
            self.failed = True
            raise

    def flush(self) -> None:
        try:
            super().flush()
        except OSError:
            self.failed = True
            raise


def _run(argv: Sequence[str] | None, prog_name: str) -> int | str | None:
    """The command's exit status (commands end with sys.exit; --help returns 0)."""
    args = list(argv) if argv is not None else None
    try:
        status: int | str | None = cli.main(args=args, prog_name=prog_name, standalone_mode=False)
    except SystemExit as done:
        status = done.code
    return status


def _output_failed(error: OSError | ReaderGone) -> NoReturn:
    """Standard output that cannot be written: quiet for a reader that stopped (``| head``),
    one line for a full disk or a closed descriptor; any other OSError is a bug."""
    reader_gone = isinstance(error, (BrokenPipeError, ReaderGone))
    if not reader_gone and not getattr(sys.stdout, "failed", False):
        _internal_error(error)
    # What is still buffered goes nowhere: the interpreter's last flush must not fail again.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if isinstance(error, (BrokenPipeError, ReaderGone)):
        sys.exit(EXIT_BROKEN_PIPE)
    _fail(f"portreg: cannot write to standard output: {error.strerror or error}")


def _internal_error(error: Exception) -> NoReturn:
    """A bug: say so in one line, keep the traceback for debugging."""
    if os.environ.get("PORTREG_DEBUG"):
        raise error
    _fail(
        f"portreg: internal error: {type(error).__name__}: {error} "
        "(set PORTREG_DEBUG=1 to see the traceback, and please report it)"
    )


def _fail(line: str, status: int = 2) -> NoReturn:
    """One line on stderr, exit status 2 (or ``status``); control characters (a file
    name's newline) escaped, so that the line stays one line."""
    from portreg.escaping import terminal_line

    with contextlib.suppress(OSError, ValueError):  # stderr closed or full too: the status says it
        click.echo(terminal_line(line), err=True)
    sys.exit(status)
