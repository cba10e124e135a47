"""Running a suite under portreg: run."""

from __future__ import annotations

import sys

import click

from portreg.cli.options import WAIT_SECONDS, exit_statuses, format_option, registry_option


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
    epilog=exit_statuses(
        "the command passed and nothing failed",
        "errors found (warnings too with --strict), a port held at the start, or --wait ran "
        "out; any other: the command's own status, when it failed (128 + N: ended by signal N)",
    ),
)
@registry_option
@click.option("--service", "-s", required=True, metavar="SERVICE", help="The suite's service.")
@click.option("--tier", "-t", required=True, metavar="TIER", help="The suite's tier.")
@click.option(
    "--worker",
    type=click.IntRange(min=0),
    metavar="I",
    help="Only parallel worker I's ports (0-based; services.S.workers) [default: every worker's].",
)
@click.option(
    "--wait",
    type=WAIT_SECONDS,
    metavar="SECONDS",
    help="Wait at most SECONDS for other suites' locks and held ports [default: for the locks "
    "as long as it takes, not at all for held ports].",
)
@click.option(
    "--record",
    "record_file",
    metavar="FILE",
    help="Write what was observed as JSON (for check --observed and init --observed).",
)
@format_option(("text", "json"))
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1 when CMD passed).")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, metavar="-- CMD [ARGS]...")
def run(
    registry: str | None,
    service: str,
    tier: str,
    worker: int | None,
    wait: float | None,
    record_file: str | None,
    output_format: str,
    strict: bool,
    command: tuple[str, ...],
) -> None:
    """Run CMD holding the suite's ports, and report what it really binds.

    Takes a machine-wide lock for each port of the suite and for each exclusive group it
    is in (suites that need one port wait for each other: the wait says for whom), checks
    that its host ports are free, and starts CMD with the ports in its environment (the
    names of export --format env). While CMD runs, watches what binds: the listening
    sockets of its processes, containers started meanwhile (docker, podman) and, in the
    registry's Kind clusters, the NodePorts of new Services (kubectl). Findings PR701-PR705
    say what does not fit the registry. portreg's own output goes to stderr.
    """
    from portreg.commands import run as command_module

    sys.exit(
        command_module.run(
            registry, service, tier, worker, wait, record_file, output_format, strict, command
        )
    )


COMMANDS = (run,)
