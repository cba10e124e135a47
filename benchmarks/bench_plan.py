"""portreg plan against portreg check on the same 2,000-suite registry, loading included.

Planning is one more pass over what check already builds (the allocations by port) plus a
graph colouring; the target says it costs at most half again as much as checking.
"""

from __future__ import annotations

import subprocess

from benchmarks.generate import allocate, grouped
from benchmarks.harness import Bench, says, tool

SERVICES = 1000  # two tiers each: 2,000 suites
SHARE_GROUP = 8  # services that share one PostgreSQL (not concurrently): 8-suite cliques
EXCLUSIVE_GROUP = 5  # services whose e2e suites never run together: 5-suite cliques


def registry(services: int = SERVICES) -> str:
    """A clean registry whose suites still conflict: shared ports that are not concurrent,
    and exclusive groups."""
    blocks = allocate(2 * services)
    lines = [
        "portreg: 1",
        f"title: Synthetic registry of {2 * services} suites",
        'version: "1.0"',
        "updated: 2025-01-01",
        "tiers:",
        "  integration: {title: Integration tests}",
        "  e2e: {title: E2E tests}",
        "components:",
    ]
    for name, block in blocks.items():
        lines += [f"  {name}:", f"    ranges: {{integration: {block[0]}-{block[-1]}}}"]
    lines.append("services:")
    for index in range(services):
        tiers = []
        for tier_number, tier in enumerate(("integration", "e2e")):
            slot = 2 * index + tier_number
            ports = {name: block[slot] for name, block in blocks.items()}
            if tier == "integration":
                ports["postgresql"] = blocks["postgresql"][2 * (index - index % SHARE_GROUP)]
            tiers.append(f"{tier}: {{{', '.join(f'{k}: {v}' for k, v in ports.items())}}}")
        lines += [
            f"  service-{index:05d}:",
            f"    paths: [test/service-{index:05d}/**]",
            "    ports:",
            *(f"      {tier}" for tier in tiers),
        ]
    lines.append("shares:")
    for first in range(0, services, SHARE_GROUP):
        group = [f"service-{n:05d}" for n in range(first, min(first + SHARE_GROUP, services))]
        lines += [
            f"  - port: {blocks['postgresql'][2 * first]}",
            f"    services: [{', '.join(group)}]",
            "    reason: one PostgreSQL for the group",
        ]
    lines.append("exclusive:")
    for first in range(0, services - 1, EXCLUSIVE_GROUP):
        group = [f"service-{n:05d}" for n in range(first, min(first + EXCLUSIVE_GROUP, services))]
        lines += [
            f"  - services: [{', '.join(group)}]",
            "    tiers: [e2e]",
            "    reuse: false",
            "    reason: one Kind cluster at a time",
        ]
    lines += ["changelog:", '  - version: "1.0"', "    date: 2025-01-01", "    summary: Generated"]
    return "\n".join(lines) + "\n"


def run(bench: Bench) -> None:
    portreg = tool("portreg")
    path = bench.workdir / "registry-plan-2000.yaml"
    path.write_text(registry(), encoding="utf-8")
    bench.compare(
        "plan, 2000 suites (loading included)",
        [portreg, "plan", "--registry", str(path), "--format", "json"],
        [portreg, "check", "--registry", str(path)],
        "portreg check",
        target=1.5,
        repeat=5,
        check=says('"waves"'),
    )
    run_one_group(bench)


def one_group(services: int) -> str:
    """Every service in one exclusive group: before, plan printed every pair (500,000 lines
    for a thousand services); now the group is one line."""
    return grouped(services, [list(range(services))], "One exclusive group")


def run_one_group(bench: Bench) -> None:
    portreg = tool("portreg")
    path = bench.workdir / "registry-one-group.yaml"
    path.write_text(one_group(1000), encoding="utf-8")
    command = [portreg, "plan", "--registry", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    # The work was done: exit 0, a wave per service, the group named once.
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("an exclusive group") == 1
    assert len(done.stdout.splitlines()) == 1000 + 4
    bench.compare(
        "plan, one exclusive group of 1,000 services",
        command,
        [portreg, "check", "--registry", str(path)],
        "portreg check",
        repeat=3,
        note="output grows with the registry (1,004 lines; was 500,000)",
    )
