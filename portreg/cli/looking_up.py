"""Looking things up in the registry (nothing is written to it): who, next, export, plan,
probe."""

from __future__ import annotations

import sys

import click

from portreg.cli.options import (
    PORT,
    WAIT_SECONDS,
    exit_statuses,
    fail_on_change_option,
    format_option,
    output_option,
    registry_option,
    services_filter_option,
    tier_filter_option,
)


@click.command(
    epilog=exit_statuses("a service, a block or a reservation has PORT", "nobody owns PORT")
)
@registry_option
@click.argument("port", type=PORT)
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


@click.command(
    "next",
    epilog=exit_statuses(
        "the free ports printed", "too few free ports (the message says how full)"
    ),
)
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


@click.command(
    epilog=exit_statuses(
        "written, printed or up to date",
        "--check found FILE stale, or --exit-nonzero-on-change wrote it",
    )
)
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
@services_filter_option("Only this service.")
@tier_filter_option
@click.option("--package", metavar="NAME", help="Go package name [default: ports].")
@output_option("Write here (atomically), not to stdout.")
@click.option(
    "--check",
    is_flag=True,
    help="Do not write: exit 1 with a diff when FILE differs from what would be written.",
)
@fail_on_change_option("Exit 1 when FILE was written or created (what the pre-commit fixer uses).")
@click.option(
    "--worker",
    type=click.IntRange(min=0),
    metavar="I",
    help="With --format env: parallel worker I's ports (0-based), under the same names.",
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
    worker: int | None,
) -> None:
    """Write the registry's ports as constants for code.

    Names come from the service, tier and component symbols (or their ids):
    WorkflowExecutionIntegrationRedisPort in Go, WORKFLOWEXECUTION_INTEGRATION_REDIS_PORT
    in Python and env files. The output starts with a generated-file header naming the
    registry and its version. A suite with parallel workers also gets its worker count,
    each port's stride and (Go, Python) a function that returns worker i's port.
    """
    if listed:
        from portreg.edit.outputs import export_listed

        given = output_format or services or tier or package or output or worker is not None
        sys.exit(export_listed(registry, check, fail_on_change, bool(given)))
    if output_format is None:
        raise click.UsageError("Missing option '--format' (or --listed).")
    from portreg.commands import export as command

    sys.exit(
        command.run(
            registry, output_format, services, tier, package, output, check, fail_on_change, worker
        )
    )


@click.command(epilog=exit_statuses("a plan printed"))
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


@click.command(
    epilog=exit_statuses(
        "no needed port is held", "a needed port is held (with --wait: still at the time-out)"
    )
)
@registry_option
@services_filter_option("Only this service (repeatable).")
@tier_filter_option
@format_option(("text", "json"))
@click.option(
    "--wait",
    type=WAIT_SECONDS,
    metavar="SECONDS",
    help="Wait up to SECONDS (at most a day) for held ports to be freed (after a previous "
    "job's teardown).",
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


COMMANDS = (who, next_port, export, plan, probe)
