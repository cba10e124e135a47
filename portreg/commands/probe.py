"""``portreg probe``: who holds the host ports that suites need, on this machine, now."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from portreg.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    json_lines,
    load,
    print_invalid,
    write_stdout,
)
from portreg.escaping import escape_control, terminal_text
from portreg.findings import UsageError
from portreg.probe import ProbeReport, needed_ports, probe
from portreg.records import PortUse

if TYPE_CHECKING:
    from portreg.models import Registry

# How often --wait looks again: short enough that a CI step starts soon after a teardown.
POLL_SECONDS = 0.2


def run(
    registry: str | None,
    services: tuple[str, ...],
    tier: str | None,
    output_format: str,
    wait: float | None,
) -> int:
    loaded = load(registry)
    if loaded.registry is None:
        return print_invalid(loaded, "probe")
    _require_known(loaded.registry, services, tier)
    needed = needed_ports(loaded.registry, services, tier)
    report = probe(loaded.registry, needed)
    timed_out = False
    if wait is not None and report.held:
        deadline = time.monotonic() + wait
        sys.stderr.write(
            f"portreg probe: waiting up to {wait:g}s for {len(report.held)} held "
            f"port{'' if len(report.held) == 1 else 's'} to be freed\n"
        )
        while report.held:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            time.sleep(min(POLL_SECONDS, remaining))
            report = probe(loaded.registry, needed)
    if output_format == "json":
        write_stdout(json_lines(as_json(report, timed_out)))
    else:
        write_stdout(as_text(report, timed_out, wait))
    return EXIT_FINDINGS if report.held else EXIT_CLEAN


def _require_known(registry: Registry, services: tuple[str, ...], tier: str | None) -> None:
    unknown = [service for service in services if service not in registry.services]
    if unknown:
        raise UsageError(
            f"--service: no service {', '.join(unknown)} in the registry "
            f"(services: {', '.join(registry.services) or 'none'})"
        )
    if tier is not None and tier not in registry.tiers:
        raise UsageError(
            f"--tier: no tier {tier} in the registry (tiers: {', '.join(registry.tiers)})"
        )


def _suite(use: PortUse) -> str:
    return f"{use.service} {use.tier} {use.component_label}"


def as_text(report: ProbeReport, timed_out: bool, wait: float | None) -> str:
    if not report.ports:
        return "no host ports needed by the chosen suites\n"
    from portreg.tables import terminal_table

    rows = []
    for status in report.ports:
        needed = ", ".join(_suite(use) for use in status.needed_by)
        if status.holders:
            # A process names itself: its name is escaped like any text from outside.
            held_by = "; ".join(holder.describe() for holder in status.holders)
            needed += f": held by {escape_control(held_by)}"
        elif status.status == "unknown":
            needed += ": cannot tell (a bind test needs more rights for this port)"
        if status.reservation is not None:
            reason = escape_control(" ".join(status.reservation.split()))
            needed += f" (the registry reserves it: {reason})"
        rows.append([f"{status.port}/{status.protocol}", status.status, needed])
    lines = terminal_table(rows)
    counts = {
        name: sum(1 for status in report.ports if status.status == name)
        for name in ("held", "reserved", "unknown", "free")
    }
    summary = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
    total = len(report.ports)
    lines.append(f"{summary} of {total} host port{'' if total == 1 else 's'} (by {report.method})")
    if timed_out:
        lines.append(f"still held after waiting {wait:g}s")
    lines.extend(f"note: {escape_control(note)}" for note in report.notes)
    return terminal_text("\n".join(lines)) + "\n"


def as_json(report: ProbeReport, timed_out: bool) -> dict[str, object]:
    return {
        "method": report.method,
        "notes": report.notes,
        "held": len(report.held),
        "timed_out": timed_out,
        "ports": [
            {
                "port": status.port,
                "protocol": status.protocol,
                "status": status.status,
                "needed_by": [
                    {"service": use.service, "tier": use.tier, "component": use.component_label}
                    for use in status.needed_by
                ],
                "holders": [
                    {
                        "pid": holder.pid,
                        "process": holder.process,
                        "address": holder.address,
                        "runtime": holder.runtime,
                        "target": holder.target,
                        "found_by": holder.found_by,
                    }
                    for holder in status.holders
                ],
                "reservation": status.reservation,
            }
            for status in report.ports
        ],
    }
