"""Blocks of ports a service owns, and the range each tier's host ports keep to."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity, Subject
from portreg.rules import Context, Problem, rule


@rule("PR207", "block-conflict", Severity.ERROR)
def block_conflict(context: Context) -> Iterator[Problem]:
    """Another service's host port lies inside a service's block, or two services' blocks
    overlap.

    A block (``services.<s>.blocks``) gives a service every port in it, per tier or per
    component, without naming each one: its own ports inside it are fine, anyone else's
    are a conflict, and so is another service's block that overlaps it (whatever the tiers
    and components). Both owners are named. As for ports, suites of one ``exclusive`` group
    with ``reuse: true`` may overlap, and a ``known_conflicts`` entry (its ``port`` the port,
    or the first port two blocks share) makes it a warning (PR308).
    """
    for clash in context.clashes.open("block"):
        yield Problem(clash.path, f"{clash.what}; {clash.advice}", related=clash.related)


@rule("PR309", "outside-tier-range", Severity.WARNING)
def outside_tier_range(context: Context) -> Iterator[Problem]:
    """A host port outside the ``range`` its tier declares.

    ``tiers.<t>.range`` keeps every host port of that tier's suites together (E2E in
    25000-29999, say), so that a glance at a number tells the tier. A service's block of that
    tier must lie inside it too. NodePorts and container ports live elsewhere and are not
    compared with it.
    """
    tiers = context.registry.tiers
    for service_id, service in context.registry.services.items():
        for tier_id, component, block in service.block_items():
            tier = tiers.get(tier_id)
            if tier is None or tier.range is None:
                continue
            if block.start not in tier.range or block.end not in tier.range:
                path = (
                    "services",
                    service_id,
                    "blocks",
                    tier_id,
                    *([component] if component else []),
                )
                yield Problem(
                    path,
                    f"{service_id}'s {tier_id} block {block} is not inside the {tier_id} range "
                    f"{tier.range}",
                    subject=Subject(service_id, tier_id, component),
                )
    for use in context.registry.allocations:
        tier = tiers.get(use.tier)
        if tier is None or tier.range is None or not context.is_host_side(use):
            continue
        if use.port not in tier.range:
            yield Problem(
                context.port_path(use),
                f"{use.service} {use.tier} {use.component_label} {use.port} is outside the "
                f"{use.tier} range {tier.range}",
                subject=Subject(use.service, use.tier, use.component),
            )
