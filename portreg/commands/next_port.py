"""``portreg next``: the lowest free ports of a range, of a service's block, of a cluster's
NodePort range, or the lowest free whole block of a range."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, load, no_such, print_invalid
from portreg.findings import InputError, UsageError
from portreg.lookup import Occupancy
from portreg.nodeports import static_band
from portreg.records import HOST_SCOPE, port_range
from portreg.reporters import plural

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry

FIRST_PORT, LAST_PORT = 1, 65535


def run(
    registry: str | None,
    component: str | None,
    tier: str | None,
    count: int,
    scope: str,
    service: str | None = None,
    block: int | None = None,
) -> int:
    loaded = load(registry)
    if loaded.registry is None:
        return print_invalid(loaded, "next")
    known = loaded.registry
    if scope != HOST_SCOPE and known.scope_kind(scope) is None:
        raise UsageError(f"--scope: no scope {scope} (known: host, {', '.join(known.scopes)})")
    if component is not None and component not in known.components:
        raise UsageError(f"no component {component} (known: {', '.join(known.components)})")
    if tier is not None and tier not in known.tiers:
        raise UsageError(f"--tier: no tier {tier} (known: {', '.join(known.tiers)})")
    if block is not None:
        if service is not None:
            raise UsageError("--block hands out a new block, --service fills one: give one")
        if scope != HOST_SCOPE:
            raise UsageError("--block: blocks are host ports; leave out --scope")
        return _next_block(known, component, _tier(tier, "--block"), block, count)
    if service is not None:
        return _from_service_block(known, service, component, _tier(tier, "--service"), count)
    if known.scope_kind(scope) == "nodeport":
        return _next_nodeports(known, scope, count, component, tier)
    if component is None:
        raise UsageError("name the COMPONENT whose range to search (or use --block, --service)")
    ranges = known.components[component].ranges
    tier = _tier(tier, component)
    if tier not in ranges:
        declared = ", ".join(ranges) or "none"
        raise UsageError(
            f"{component} declares no range for tier {tier} (ranges declared for: {declared})"
        )
    ports = ranges[tier]
    occupancy = Occupancy(known, scope)
    return _walk(known, occupancy, ports, f"{component} {tier} range", count, (component, tier))


def _tier(tier: str | None, what: str) -> str:
    if tier is None:
        raise UsageError(f"{what} needs --tier TIER (integration, e2e ...)")
    return tier


def _walk(
    registry: Registry,
    occupancy: Occupancy,
    ports: PortRange,
    described: str,
    count: int,
    this: tuple[str, str] | None = None,
) -> int:
    """Print the ``count`` lowest free ports of ``ports``; say how full it is when it cannot."""
    _refuse_out_of_bounds(ports, described)
    free = [port for port in _ports(ports) if occupancy.why_taken(port) is None]
    if len(free) >= count:
        sys.stdout.write("".join(f"{port}\n" for port in free[:count]))
        return EXIT_CLEAN
    if free:
        state = f"has only {plural(len(free), 'free port')} ({', '.join(map(str, free))})"
        state += f" for the {count} asked for"
    else:
        state = "is full"
    sys.stderr.write(f"portreg: the {described} {ports} {state}: {_usage(occupancy, ports)}\n")
    if this is not None:
        others = _other_ranges(registry, occupancy, *this)
        if others:
            sys.stderr.write("other ranges:\n" + "".join(f"  {line}\n" for line in others))
    return EXIT_FINDINGS


def _next_nodeports(
    registry: Registry, scope: str, count: int, component: str | None, tier: str | None
) -> int:
    """The lowest free NodePorts of the band the registry declares for the component in the
    cluster; without one, of the cluster's static band first (see portreg.nodeports), then
    of the rest of its range, with a warning for each port from the rest."""
    occupancy = Occupancy(registry, scope)
    declared = registry.nodeport_band(scope, component, tier or "") if component else None
    if declared is not None:
        return _walk(registry, occupancy, declared, f"{component} NodePort band in {scope}", count)
    ports = registry.nodeport_range(scope)
    described = f"{scope} NodePort range"
    band = static_band(ports)
    if band is None:
        return _walk(registry, occupancy, ports, described, count)
    _refuse_out_of_bounds(ports, described)
    free = [port for port in _ports(ports) if occupancy.why_taken(port) is None]
    if len(free) < count:
        return _walk(registry, occupancy, ports, described, count)
    chosen = free[:count]
    sys.stdout.write("".join(f"{port}\n" for port in chosen))
    above = [port for port in chosen if port > band.end]
    if above:
        sys.stderr.write(
            f"portreg: warning: the static band {band} of {scope} has "
            f"{plural(count - len(above), 'free NodePort')}; {', '.join(map(str, above))} "
            f"{'is' if len(above) == 1 else 'are'} in the dynamic band, where a Service "
            f"created without nodePort: can take {'it' if len(above) == 1 else 'them'} first "
            "(PR305)\n"
        )
    return EXIT_CLEAN


def _from_service_block(
    registry: Registry, service: str, component: str | None, tier: str, count: int
) -> int:
    """The lowest free ports of the service's block for the tier (its component's, if any)."""
    if service not in registry.services:
        raise UsageError(f"--service: {no_such('service', service, registry.services)}")
    blocks = {
        part: ports
        for block_tier, part, ports in registry.services[service].block_items()
        if block_tier == tier
    }
    ports = blocks.get(component) if component is not None else None
    ports = ports or blocks.get(None)
    if ports is None:
        owned = ", ".join(sorted(part for part in blocks if part)) or "none"
        raise UsageError(
            f"{service} has no {tier} block{' for ' + component if component else ''} "
            f"(its {tier} component blocks: {owned})"
        )
    occupancy = Occupancy(registry, HOST_SCOPE, owner=service)
    return _walk(registry, occupancy, ports, f"{service} {tier} block", count)


def _next_block(registry: Registry, component: str | None, tier: str, size: int, count: int) -> int:
    """The ``count`` lowest runs of ``size`` free ports of a range, one per line."""
    if component is not None:
        ports = registry.components[component].ranges.get(tier)
        described = f"{component} {tier} range"
    else:
        ports = registry.tiers[tier].range
        described = f"{tier} range"
    if ports is None:
        raise UsageError(
            f"no {described} is declared; give the tier a range or name a COMPONENT with one"
        )
    _refuse_out_of_bounds(ports, described)
    occupancy = Occupancy(registry, HOST_SCOPE)
    found: list[PortRange] = []
    run_start = None
    for port in _ports(ports):
        if occupancy.why_taken(port) is not None:
            run_start = None
            continue
        run_start = port if run_start is None else run_start
        if port - run_start + 1 == size:
            found.append(port_range(run_start, port))
            run_start = None
            if len(found) == count:
                sys.stdout.write("".join(f"{block.start}-{block.end}\n" for block in found))
                return EXIT_CLEAN
    sys.stderr.write(
        f"portreg: the {described} {ports} has {len(found) or 'no'} free "
        f"{'block' if len(found) < 2 else 'blocks'} of {size} ports for the {count} asked for: "
        f"{_usage(occupancy, ports)}\n"
    )
    return EXIT_FINDINGS


def _refuse_out_of_bounds(ports: PortRange, described: str) -> None:
    if ports.start < FIRST_PORT or ports.end > LAST_PORT:
        # PR105 in `portreg check`; never walk a range of billions of numbers.
        raise InputError(
            f"the {described} {_shown(ports)} goes beyond {FIRST_PORT}-{LAST_PORT}; fix it in "
            "the registry (portreg check: PR105)",
            code="PR105",
            rule="port-out-of-bounds",
        )


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
