"""Large registries built in code, for tests that need thousands of services."""

from __future__ import annotations

from tests_data import MINIMAL


def blocks_registry(services: int, overlaps: tuple[int, ...] = ()) -> str:
    """Each service owns a 6-port integration block (from 1200 up) and uses its first port; a
    service in ``overlaps`` also uses a port in the next service's block (a block conflict)."""
    lines = [MINIMAL.rstrip("\n"), "  api: {}", "services:"]
    for index in range(services):
        start = 1200 + 6 * index
        ports = f"api: {start}"
        if index in overlaps:
            ports += f", datastorage: {start + 9}"
        lines += [
            f"  s{index:05d}:",
            f"    blocks: {{integration: {start}-{start + 5}}}",
            f"    ports: {{integration: {{{ports}}}}}",
        ]
    return "\n".join(lines) + "\n"
