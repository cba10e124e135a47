"""The command line: wiring only. Each command's work lives in ``portreg.commands.<name>``,
imported when the command runs, so that ``portreg check`` does not pay for the others.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from portreg import __version__
from portreg.edit.options import edit_options, to_options
from portreg.findings import InputError, UsageError
from portreg.render import SECTIONS

REPORT_FORMATS = ("text", "json", "github", "sarif")

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
    for option in reversed(options):
        command = option(command)
    return command


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
@click.option("--fix", is_flag=True, help="Fix the mechanical findings in place (see docs).")
@click.option("--dry-run", is_flag=True, help="With --fix or --write-baseline: show the diff only.")
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
    dry_run: bool,
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
    if write_baseline or fix or dry_run:
        from portreg.edit import check_edits

        sys.exit(check_edits.run(registry, write_baseline, fix, dry_run, base or None))
    from portreg.commands import check as command
    from portreg.reporters import Display

    display = Display.from_options(color, concise, quiet, statistics)
    sys.exit(command.run(registry, strict, output_format, select, ignore, base, display))


@cli.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or explain one (by code or name)."""
    from portreg.commands import rules as command

    sys.exit(command.run(code))


@cli.command()
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
    groups, known conflicts, reservations, exceptions, ranges, the changelog and the version.

    With OLD NEW (files or directories), compares those; otherwise compares the registry
    with itself at git revision --base (default HEAD: your uncommitted changes).
    """
    from portreg.commands import diff as command

    sys.exit(command.run(paths, base, registry, output_format, changelog))


@cli.command()
def schema() -> None:
    """Print the registry's JSON Schema (for editors: see docs/registry-schema.md).

    The same schema ships as docs/registry.schema.json.
    """
    from portreg.commands import schema as command

    sys.exit(command.run())


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
@click.option(
    "--exit-nonzero-on-change",
    "fail_on_change",
    is_flag=True,
    help="Exit 1 when a file was written or created (what the pre-commit hook uses).",
)
def render_docs(
    registry: str | None,
    output: str | None,
    check_only: bool,
    sections: tuple[str, ...],
    fail_on_change: bool,
) -> None:
    """Generate the markdown allocation tables from the registry.

    In an existing file only the text between <!-- portreg:begin NAME --> and
    <!-- portreg:end NAME --> lines is replaced; a missing file is created whole, with
    markers. Targets come from the registry's docs entries, or from --output. A registry
    with errors is not rendered (exit 1).
    """
    from portreg.commands import render_docs as command

    sys.exit(command.run(registry, output, check_only, sections, fail_on_change))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@registry_option
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@format_option(REPORT_FORMATS)
@click.option(
    "--select", multiple=True, metavar="CODES", help="Run only these rules (codes, PR5, names)."
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms).")
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
) -> None:
    """Find ports hard-coded in the code that disagree with the registry.

    Reads the files git tracks (and untracked files it does not ignore) under PATHS
    (default: the project root), or every file when not in git. A file belongs to the
    services whose `paths` globs match it; a port of another service or a reserved port in
    it is an error, an unallocated port of a declared range a warning, and a port mentioned
    in a file of no service a note. Silence a line with a comment `portreg: ignore[PR501]`.
    """
    from portreg.commands import scan as command
    from portreg.reporters import Display

    display = Display.from_options(color, concise, quiet, statistics, hide_notes=not show_notes)
    sys.exit(
        command.run(
            paths, registry, strict, output_format, select, ignore, max_size, staged, display
        )
    )


@cli.command()
@registry_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("go", "python", "env", "json")),
    help="What to write: Go constants, a Python module, an env file or JSON.",
)
@click.option(
    "--listed",
    is_flag=True,
    help="Write every file the registry's exports: entries list (no other option needed).",
)
@click.option("--service", "services", multiple=True, metavar="ID", help="Only this service.")
@click.option("--tier", metavar="TIER", help="Only this tier.")
@click.option("--package", metavar="NAME", help="Go package name [default: ports].")
@click.option("--output", "-o", metavar="FILE", help="Write here (atomically), not to stdout.")
@click.option(
    "--check",
    is_flag=True,
    help="Do not write: exit 1 with a diff when FILE differs from what would be written.",
)
@click.option(
    "--exit-nonzero-on-change",
    "fail_on_change",
    is_flag=True,
    help="Exit 1 when FILE was written or created (what the pre-commit fixer uses).",
)
def export(
    registry: str | None,
    output_format: str | None,
    listed: bool,
    services: tuple[str, ...],
    tier: str | None,
    package: str | None,
    output: str | None,
    check: bool,
    fail_on_change: bool,
) -> None:
    """Write the registry's ports as constants for code.

    Names come from the service, tier and component symbols (or their ids):
    WorkflowExecutionIntegrationRedisPort in Go, WORKFLOWEXECUTION_INTEGRATION_REDIS_PORT
    in Python and env files. The output starts with a generated-file header naming the
    registry and its version.
    """
    if listed:
        from portreg.edit.regenerate import export_listed

        given = output_format or services or tier or package or output
        sys.exit(export_listed(registry, check, fail_on_change, bool(given)))
    if output_format is None:
        raise click.UsageError("Missing option '--format' (or --listed).")
    from portreg.commands import export as command

    sys.exit(
        command.run(registry, output_format, services, tier, package, output, check, fail_on_change)
    )


@cli.command()
@registry_option
@click.argument("port", type=click.IntRange(1, 65535))
@click.option("--protocol", type=click.Choice(("tcp", "udp")), help="Only this protocol.")
@click.option("--scope", metavar="SCOPE", help="Only this scope (host, a cluster ...).")
@format_option(("text", "json"))
def who(
    registry: str | None, port: int, protocol: str | None, scope: str | None, output_format: str
) -> None:
    """Who owns PORT: service, tier, component, scope, shares, reservations, ranges.

    What the registry says comes with its file:line:col. Exit 0 when a service or a
    reservation has the port, 1 when nobody owns it.
    """
    from portreg.commands import who as command

    sys.exit(command.run(registry, port, protocol, scope, output_format))


@cli.command("next")
@registry_option
@click.argument("component", required=False)
@click.option("--tier", metavar="TIER", help="Whose range: integration, e2e ...")
@click.option(
    "--count",
    "-n",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="How many ports (or blocks).",
)
@click.option(
    "--scope",
    default="host",
    show_default=True,
    metavar="SCOPE",
    help="Whose allocations count: the host, or a cluster (a nodeport scope: its NodePort range).",
)
@click.option("--service", metavar="SERVICE", help="Allocate from this service's block.")
@click.option(
    "--block",
    type=click.IntRange(min=1),
    metavar="SIZE",
    help="Hand out the lowest free whole block of SIZE ports of the range.",
)
def next_port(
    registry: str | None,
    component: str | None,
    tier: str | None,
    count: int,
    scope: str,
    service: str | None,
    block: int | None,
) -> None:
    """The lowest free ports of COMPONENT's range for a tier, one per line.

    Skips ports that are allocated, shared, reserved or in another service's block in the
    scope, and (for host ports) privileged, well-known or ephemeral ones. With --service,
    the ports come from that service's block for the tier (its COMPONENT's block if it has
    one). With --block SIZE, the lowest free run of SIZE ports of COMPONENT's range (or the
    tier's range), printed START-END. With --scope CLUSTER of kind nodeport, the lowest free
    NodePorts of that cluster. Exit 1 when there are too few free ports; the message says
    how full the range (and every other range) is.
    """
    from portreg.commands import next_port as command

    sys.exit(command.run(registry, component, tier, count, scope, service, block))


@cli.command()
@registry_option
@click.option(
    "--service", "services", multiple=True, metavar="ID", help="Only this service (repeatable)."
)
@click.option("--tier", metavar="TIER", help="Only this tier.")
@format_option(("text", "json"))
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Wait up to SECONDS for held ports to be freed (after a previous job's teardown).",
)
def probe(
    registry: str | None,
    services: tuple[str, ...],
    tier: str | None,
    output_format: str,
    wait: float | None,
) -> None:
    """Who holds the host ports the suites need, on this machine, now.

    For every host port of the chosen suites (default: all): free, held by a listening
    socket (pid, process, and whether it is a container runtime's proxy such as
    docker-proxy or rootlessport), or reserved by the registry. Exit 0 when none is held,
    1 when one is (with --wait: still held at the time-out).
    """
    from portreg.commands import probe as command

    sys.exit(command.run(registry, services, tier, output_format, wait))


# -- commands that edit the registry (portreg.edit: lock, validate, diff, write) -----------


@cli.command()
@registry_option
@click.argument("service")
@click.argument("components", nargs=-1, required=True, metavar="COMPONENT...")
@click.option("--tier", required=True, metavar="TIER", help="The tier: integration, e2e ...")
@click.option("--port", type=click.IntRange(1, 65535), help="This port, not the lowest free one.")
@click.option("--in-block", is_flag=True, help="Take the port from the service's own block.")
@click.option("--title", help="Title of a new service.")
@click.option("--paths", multiple=True, metavar="GLOB", help="Code of a new service (repeatable).")
@edit_options
def allocate(
    registry: str | None,
    service: str,
    components: tuple[str, ...],
    tier: str,
    port: int | None,
    in_block: bool,
    title: str | None,
    paths: tuple[str, ...],
    **edit: bool,
) -> None:
    """Give SERVICE the lowest free port of each COMPONENT's range for a tier.

    Creates the service when it is new. Raises the version, writes the changelog entry,
    re-renders the docs and re-exports constants; prints the diff of the registry.
    """
    from portreg.commands import allocate as command

    sys.exit(
        command.run(
            registry, service, tier, components, port, in_block, title, paths, to_options(**edit)
        )
    )


@cli.command()
@registry_option
@click.option(
    "--tier", "tiers", multiple=True, metavar="TIER", help="Only this tier's suites (repeatable)."
)
@click.option(
    "--runners",
    type=click.IntRange(min=1),
    metavar="N",
    help="Spread the waves over N machines, evenly; each runs its waves in turn.",
)
@format_option(("text", "json", "github-matrix"))
def plan(
    registry: str | None, tiers: tuple[str, ...], runners: int | None, output_format: str
) -> None:
    """The fewest CI waves of suites (service x tier) that can run at the same time.

    Two suites are kept apart when they need the same (scope, protocol, port), including
    known conflicts and shares that are not `concurrent: true`, or when an exclusive group
    says they never run together. The colouring is exact when proven within about 2 s, a
    heuristic beyond (the output says which). Exit 0 when a plan is printed.
    """
    from portreg.commands import plan as command

    sys.exit(command.run(registry, tiers, runners, output_format))


@cli.command()
@registry_option
@click.argument("service")
@click.argument("component", required=False)
@click.option("--tier", metavar="TIER", help="Only this tier.")
@edit_options
def release(
    registry: str | None, service: str, component: str | None, tier: str | None, **edit: bool
) -> None:
    """Remove SERVICE's allocations: one COMPONENT, one --tier, or the whole service.

    Shares, exclusive groups and known conflicts that become stale go with them.
    """
    from portreg.commands import release as command

    sys.exit(command.run(registry, service, tier, component, to_options(**edit)))


@cli.command()
@registry_option
@click.argument("old")
@click.argument("new")
@edit_options
def rename(registry: str | None, old: str, new: str, **edit: bool) -> None:
    """Rename service OLD to NEW everywhere in the registry (shares, exceptions, groups ...)."""
    from portreg.commands import rename as command

    sys.exit(command.run(registry, old, new, to_options(**edit)))


@cli.command()
@registry_option
@click.argument("service")
@click.argument("component")
@click.option("--tier", required=True, metavar="TIER", help="The tier of the allocation.")
@click.option("--to", "to_port", type=click.IntRange(1, 65535), help="The new port.")
@click.option("--next", "next_free", is_flag=True, help="The lowest free port of the range.")
@click.option("--code", is_flag=True, help="Also show the code that hard-codes the old port.")
@click.option("--apply", "apply_code", is_flag=True, help="With --code: rewrite that code.")
@edit_options
def move(
    registry: str | None,
    service: str,
    component: str,
    tier: str,
    to_port: int | None,
    next_free: bool,
    code: bool,
    apply_code: bool,
    **edit: bool,
) -> None:
    """Move SERVICE's COMPONENT in a tier to another port (--to N or --next).

    One of several instances is named COMPONENT[NAME] (mcp-server[table]).
    """
    from portreg.commands import move as command

    sys.exit(
        command.run(
            registry,
            service,
            tier,
            component,
            to_port,
            next_free,
            code,
            apply_code,
            to_options(**edit),
        )
    )


@cli.command()
@click.option(
    "--discover",
    metavar="PATH",
    type=click.Path(exists=True, file_okay=False),
    help="Propose a registry from the ports found in the tree at PATH.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="Where to write the registry [default: registry/ports.yaml in PATH, or here].",
)
@click.option("--title", default=None, help="The registry's title.")
@click.option("--dry-run", is_flag=True, help="Print the registry; write nothing.")
def init(discover: str | None, output: str | None, title: str | None, dry_run: bool) -> None:
    """Write a starter registry; with --discover, one proposed from the tree's ports."""
    from portreg.commands import init as command

    sys.exit(command.run(discover, output, title, dry_run))


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
