"""``portreg next COMPONENT --tier T``: the lowest free ports of a component's range."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, load, print_invalid
from portreg.findings import InputError, UsageError
from portreg.lookup import Occupancy
from portreg.reporters import plural

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry


def run(registry: str | None, component: str, tier: str, count: int, scope: str) -> int:
    loaded = load(registry)
    if loaded.registry is None:
        return print_invalid(loaded, "next")
    known = loaded.registry
    if component not in known.components:
        raise UsageError(f"no component {component} (known: {', '.join(known.components)})")
    ranges = known.components[component].ranges
    if tier not in ranges:
        declared = ", ".join(ranges) or "none"
        raise UsageError(
            f"{component} declares no range for tier {tier} (ranges declared for: {declared})"
        )
    if scope != "host" and known.scope_kind(scope) is None:
        raise UsageError(f"--scope: no scope {scope} (known: host, {', '.join(known.scopes)})")
    ports = ranges[tier]
    if ports.start < FIRST_PORT or ports.end > LAST_PORT:
        # PR105 in `portreg check`; never walk a range of billions of numbers.
        raise InputError(
            f"the {component} {tier} range {_shown(ports)} goes beyond {FIRST_PORT}-{LAST_PORT}; "
            "fix it in the registry (portreg check: PR105)",
            code="PR105",
            rule="port-out-of-bounds",
        )
    occupancy = Occupancy(known, scope)
    free = [port for port in _ports(ports) if occupancy.why_taken(port) is None]
    if len(free) >= count:
        sys.stdout.write("".join(f"{port}\n" for port in free[:count]))
        return EXIT_CLEAN
    if free:
        state = f"has only {plural(len(free), 'free port')} ({', '.join(map(str, free))})"
        state += f" for the {count} asked for"
    else:
        state = "is full"
    sys.stderr.write(
        f"portreg: the {component} {tier} range {ports} {state}: {_usage(occupancy, ports)}\n"
    )
    others = _other_ranges(known, occupancy, component, tier)
    if others:
        sys.stderr.write("other ranges:\n" + "".join(f"  {line}\n" for line in others))
    return EXIT_FINDINGS


FIRST_PORT, LAST_PORT = 1, 65535


def _ports(ports: PortRange) -> range:
    """The range's ports that can exist: a range beyond 1-65535 is a PR105 finding."""
    return range(max(ports.start, FIRST_PORT), min(ports.end, LAST_PORT) + 1)


def _shown(ports: PortRange) -> str:
    text = str(ports)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _usage(occupancy: Occupancy, ports: PortRange) -> str:
    reasons = Counter(occupancy.why_taken(port) for port in _ports(ports))
    free = reasons.pop(None, 0)
    taken = ", ".join(f"{count} {why}" for why, count in sorted(reasons.items(), key=str))
    size = len(_ports(ports))
    return f"{size - free} of {size} taken ({taken or 'none'})"


def _other_ranges(registry: Registry, occupancy: Occupancy, component: str, tier: str) -> list[str]:
    """How full every other range is, so that the reader sees where there is room."""
    lines = []
    for other_id, other in registry.components.items():
        for other_tier, ports in other.ranges.items():
            if (other_id, other_tier) == (component, tier):
                continue
            lines.append(f"{other_id} {other_tier} {_shown(ports)}: {_usage(occupancy, ports)}")
    return lines
