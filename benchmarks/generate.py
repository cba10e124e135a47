"""Write a synthetic registry of N services that ``portreg check`` finds clean, at any N.

``python benchmarks/generate.py 50000 > big.yaml``. Used by the benchmarks; also handy to try
portreg on a registry of realistic shape and arbitrary size.

Each service has one port per component. The host holds the first SERVICES_PER_SCOPE
services (each component a block of ports below the ephemeral range, skipping well-known
ports); every further group of that many services lives in an isolated scope of its own
(a cluster) and uses the same numbers there, as isolated scopes may; their services have no
title, which keeps 50,000 services at 12 MB, under the loader's size cap. In every scope a few
services share a port (declared in ``shares``) and a few have a port outside its range
(silenced in ``exceptions``), so that every rule has something to look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from portreg.rules.hazards import WELL_KNOWN_PORTS

COMPONENTS = ("postgresql", "redis", "datastorage", "api")
FIRST_PORT = 12000
# 4 x 5,000 ports fit between FIRST_PORT and the ephemeral range (32768).
SERVICES_PER_SCOPE = 5000
# Within each scope: these services reuse the api port of the service before them (a share),
SHARING = (250, 2500)
# and these have their api port outside the api range (an exception).
OUTSIDE_RANGE = (100, 1000)
OUTSIDE_PORT = 11000  # + the position's index in OUTSIDE_RANGE


def allocate(services: int) -> dict[str, list[int]]:
    """Each component a block of ports below the ephemeral range, skipping well-known ports,
    so the registry is clean and every rule runs over all of it."""
    port = FIRST_PORT
    blocks: dict[str, list[int]] = {}
    for name in COMPONENTS:
        block = blocks.setdefault(name, [])
        while len(block) < services:
            if port not in WELL_KNOWN_PORTS:
                block.append(port)
            port += 1
    return blocks


def scope_name(group: int) -> str:
    return "host" if group == 0 else f"c{group:02d}"


def registry(services: int) -> str:
    blocks = allocate(min(services, SERVICES_PER_SCOPE))
    groups = (services + SERVICES_PER_SCOPE - 1) // SERVICES_PER_SCOPE
    lines = [
        "portreg: 1",
        f"title: Synthetic registry of {services} services",
        'version: "1.0"',
        "updated: 2025-01-01",
        "tiers:",
        "  integration: {title: Integration tests}",
        "components:",
    ]
    for name, block in blocks.items():
        lines.append(f"  {name}:")
        lines.append(f"    ranges: {{integration: {block[0]}-{block[-1]}}}")
    if groups > 1:
        lines.append("scopes:")
        lines += [
            f"  {scope_name(group)}: {{kind: isolated, title: Cluster {group}}}"
            for group in range(1, groups)
        ]
    lines += [
        "reserved:",
        "  - port: 11999",
        "    reason: kept free for the benchmark",
        "services:",
    ]
    shares, exceptions = [], []
    for index in range(services):
        group, position = divmod(index, SERVICES_PER_SCOPE)
        scope = scope_name(group)
        ports = {name: block[position] for name, block in blocks.items()}
        if position in SHARING:
            ports["api"] = blocks["api"][position - 1]
            shares.append((ports["api"], scope, index - 1, index))
        if position in OUTSIDE_RANGE:
            ports["api"] = OUTSIDE_PORT + OUTSIDE_RANGE.index(position)
            exceptions.append(index)
        if group == 0:
            written = ", ".join(f"{name}: {port}" for name, port in ports.items())
        else:
            written = ", ".join(
                f"{name}: {{port: {port}, scope: {scope}}}" for name, port in ports.items()
            )
        lines.append(f"  service-{index:05d}:")
        if group == 0:  # the clusters' services go without: 50,000 services stay under the cap
            lines.append(f"    title: Service {index}")
        lines += [
            f"    owner: team-{index % 37}",
            f"    paths: [test/integration/service-{index:05d}/**]",
            "    ports:",
            f"      integration: {{{written}}}",
        ]
    if shares:
        lines.append("shares:")
        for port, scope, first, second in shares:
            where = "" if scope == "host" else f", scope: {scope}"
            lines.append(
                f"  - {{port: {port}{where}, services: [service-{first:05d}, "
                f"service-{second:05d}], reason: one api server for both suites}}"
            )
    if exceptions:
        lines.append("exceptions:")
        lines += [
            f"  - {{rule: PR301, service: service-{index:05d}, tier: integration, "
            "component: api, reason: a port kept from before the ranges}"
            for index in exceptions
        ]
    lines += [
        "changelog:",
        '  - version: "1.0"',
        "    date: 2025-01-01",
        "    summary: Generated",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(registry(int(sys.argv[1])))


def grouped(services: int, groups: list[list[int]], title: str) -> str:
    """A clean registry of one-port services and exclusive groups of them (reuse: false):
    the shapes that made plan and render-docs grow with the square of the registry."""
    lines = [
        "portreg: 1",
        f"title: {title}",
        'version: "1.0"',
        "updated: 2025-01-01",
        "tiers: {integration: {}}",
        "components: {redis: {}}",
        "services:",
    ]
    lines += [
        f"  s{n}: {{ports: {{integration: {{redis: {20000 + n}}}}}}}" for n in range(services)
    ]
    lines.append("exclusive:")
    for group in groups:
        members = ", ".join(f"s{n}" for n in group)
        lines.append(f"  - {{services: [{members}], reason: one at a time, reuse: false}}")
    return "\n".join(lines) + "\n"
