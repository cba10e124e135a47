"""Write a synthetic registry of N services with distinct, conflict-free ports.

``python benchmarks/generate.py 5000 > big.yaml``. Used by the benchmarks; also handy to try
portreg on a registry of realistic shape and arbitrary size.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from portreg.rules.hazards import WELL_KNOWN_PORTS

COMPONENTS = ("postgresql", "redis", "datastorage", "api")
FIRST_PORT = 12000


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


def registry(services: int) -> str:
    lines = [
        "portreg: 1",
        f"title: Synthetic registry of {services} services",
        'version: "1.0"',
        "updated: 2025-01-01",
        "tiers:",
        "  integration: {title: Integration tests}",
        "components:",
    ]
    blocks = allocate(services)
    for name, block in blocks.items():
        lines.append(f"  {name}:")
        lines.append(f"    ranges: {{integration: {block[0]}-{block[-1]}}}")
    lines += [
        "reserved:",
        "  - port: 11999",
        "    reason: kept free for the benchmark",
        "services:",
    ]
    for index in range(services):
        ports = ", ".join(f"{name}: {block[index]}" for name, block in blocks.items())
        lines += [
            f"  service-{index:05d}:",
            f"    title: Service {index}",
            f"    owner: team-{index % 37}",
            f"    paths: [test/integration/service-{index:05d}/**]",
            "    ports:",
            f"      integration: {{{ports}}}",
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
