"""Editing the registry: allocate, release, rename, move (through ``portreg.edit``: lock,
validate, diff, write), and init, which writes a new one."""

from __future__ import annotations

import sys

import click

from portreg.cli.options import (
    PORT,
    REPORT_FORMATS,
    display_options,
    exit_statuses,
    format_option,
    output_option,
    progress_option,
    registry_option,
    tier_filter_option,
)
from portreg.edit.options import edit_options, to_options

# What an edit's exit status says (allocate, release, rename, move).
EDIT_STATUSES = exit_statuses(
    "changed (or nothing to change, or shown with --dry-run)",
    "the change would add an error: nothing written, the findings shown",
)


@click.command(epilog=EDIT_STATUSES)
@registry_option
@click.argument("service")
@click.argument("components", nargs=-1, required=True, metavar="COMPONENT...")
@click.option("--tier", required=True, metavar="TIER", help="The tier: integration, e2e ...")
@click.option("--port", type=PORT, help="This port, not the lowest free one.")
@click.option("--in-block", is_flag=True, help="Take the port from the service's own block.")
@click.option(
    "--cluster",
    metavar="CLUSTER",
    help="NodePorts in this cluster (a nodeport scope), not host ports: the lowest free of its "
    "static band first.",
)
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
    cluster: str | None,
    title: str | None,
    paths: tuple[str, ...],
    **edit: bool,
) -> None:
    """Give SERVICE the lowest free port of each COMPONENT's range for a tier.

    Creates the service when it is new. Raises the version, writes the changelog entry,
    re-renders the docs and re-exports constants; prints the diff of the registry. With
    --cluster, a NodePort in that cluster instead: from the band the cluster keeps for
    static NodePorts (where Kubernetes hands out none while it has others).
    """
    from portreg.commands import allocate as command

    options = to_options(**edit)
    sys.exit(
        command.run(
            registry, service, tier, components, port, in_block, title, paths, options, cluster
        )
    )


@click.command(epilog=EDIT_STATUSES)
@registry_option
@click.argument("service")
@click.argument("component", required=False)
@tier_filter_option
@edit_options
def release(
    registry: str | None, service: str, component: str | None, tier: str | None, **edit: bool
) -> None:
    """Remove SERVICE's allocations: one COMPONENT, one --tier, or the whole service.

    Shares, exclusive groups and known conflicts that become stale go with them.
    """
    from portreg.commands import release as command

    sys.exit(command.run(registry, service, tier, component, to_options(**edit)))


@click.command(epilog=EDIT_STATUSES)
@registry_option
@click.argument("old")
@click.argument("new")
@edit_options
def rename(registry: str | None, old: str, new: str, **edit: bool) -> None:
    """Rename service OLD to NEW everywhere in the registry (shares, exceptions, groups ...)."""
    from portreg.commands import rename as command

    sys.exit(command.run(registry, old, new, to_options(**edit)))


@click.command(epilog=EDIT_STATUSES)
@registry_option
@click.argument("service")
@click.argument("component")
@click.option("--tier", required=True, metavar="TIER", help="The tier of the allocation.")
@click.option("--to", "to_port", type=PORT, help="The new port.")
@click.option("--next", "next_free", is_flag=True, help="The lowest free port of the range.")
@click.option("--code", is_flag=True, help="Also show the code that hard-codes the old port.")
@click.option("--apply", "apply_code", is_flag=True, help="With --code: rewrite that code.")
@click.option(
    "--node-port",
    is_flag=True,
    help="Move the NodePort (in its cluster's NodePort range) instead of the host port.",
)
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
    node_port: bool,
    **edit: bool,
) -> None:
    """Move SERVICE's COMPONENT in a tier to another port (--to N or --next): its host
    port, or with --node-port its NodePort.

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
            node_port,
        )
    )


@click.command(
    epilog=exit_statuses(
        "written (or printed with --dry-run) with no error",
        "written with errors: collisions, or disagreements between the table and the code",
    )
)
@click.option(
    "--discover",
    metavar="PATH",
    type=click.Path(exists=True, file_okay=False),
    help="Propose a registry from the ports the code under PATH binds.",
)
@click.option(
    "--from-table",
    "table",
    metavar="DOC.md",
    type=click.Path(dir_okay=False),
    help="Propose a registry from a hand-kept markdown port document (with --discover: "
    "both, and every disagreement between them).",
)
@output_option("Where to write the registry [default: registry/ports.yaml in PATH, or here].")
@click.option("--title", default=None, help="The registry's title [default: the document's].")
@click.option(
    "--baseline",
    is_flag=True,
    help="Record the collisions found as known conflicts, so that check passes at once.",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the registry (the report on stderr); write nothing."
)
@click.option(
    "--observed",
    is_flag=True,
    help="Propose allocations from the records FILE... that portreg run --record wrote "
    "(with the other sources: their ports too).",
)
@click.argument("records", nargs=-1, metavar="[--observed FILE...]")
@format_option(REPORT_FORMATS)
@display_options
@progress_option
def init(
    discover: str | None,
    table: str | None,
    output: str | None,
    title: str | None,
    baseline: bool,
    dry_run: bool,
    observed: bool,
    records: tuple[str, ...],
    output_format: str,
    color: str,
    concise: bool,
    quiet: bool,
    statistics: bool,
    no_progress: bool,
) -> None:
    """Write a first registry: a starter, or one proposed from the code (--discover), a
    hand-kept markdown table (--from-table), what suites really bound (--observed, records
    of portreg run), or several of them.

    The proposal starts with a summary; collisions between services are errors naming
    both parties and places (portreg check shows them too) unless --baseline records them
    as known conflicts. Never replaces an existing registry.
    """
    from portreg.commands import init as command
    from portreg.reporters import Display

    if observed != bool(records):
        raise click.UsageError(
            "--observed FILE...: name the records portreg run --record wrote"
            if observed
            else f"unexpected argument {records[0]!r} (records go after --observed)"
        )
    options = command.InitOptions(
        discover, table, output, title, dry_run, baseline, output_format, not no_progress, records
    )
    display = Display.from_options(color, concise, quiet, statistics)
    sys.exit(command.run(options, display))


COMMANDS = (allocate, release, rename, move, init)
