"""Steps over the ports ``init --discover`` saw, before they are allocations: the tier
of a port seen without one, a Service's NodePort paired with its Kind mapping, and host
ports one file binds side by side under one name made allocations of their own.

A compose service publishing ``6379:6379`` and ``6666:6666`` (plain and TLS), or several
services whose image says Redis, bind several host ports that the reader names alike.
Read as one allocation they would be a disagreement (PR110) and all but one lost; they are
each an allocation, the lowest keeping the name and the others numbered (``redis2`` ...).
A port stated in one file and another port in another file stays one allocation whose
places disagree: that is drift.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from portreg.scan.sightings import Claim

if TYPE_CHECKING:
    from portreg.edit.discover import Seen

# A group: the places of one host port of one suite and tier, already named alike.
Group = Sequence["Seen"]


def split_bound_together(groups: list[Group]) -> None:
    """Rename, in place, the second and later host ports that one file binds under the
    same name in one suite and tier (see the module)."""
    taken = {(group[0].service, group[0].tier, group[0].component) for group in groups}
    by_name: dict[tuple[str, str | None, str | None], list[Group]] = defaultdict(list)
    for group in groups:
        if group[0].port is not None:
            by_name[(group[0].service, group[0].tier, group[0].component)].append(group)
    for (service, tier, name), named in by_name.items():
        together = _bound_in_one_file(named)
        for group in together[1:]:
            number = 2
            while (service, tier, f"{name}{number}") in taken:
                number += 1
            taken.add((service, tier, f"{name}{number}"))
            for seen in group:
                seen.component = f"{name}{number}"


def _bound_in_one_file(named: list[Group]) -> list[Group]:
    """The groups bound by the file that binds most of them, when it binds two or more."""
    by_file: dict[str, list[Group]] = defaultdict(list)
    for group in named:
        for file in {seen.place.file for seen in group if seen.claim is Claim.BIND}:
            by_file[file].append(group)
    most = max(by_file.values(), key=len, default=[])
    # the lowest port keeps the name (6379 before its TLS port 6666)
    return sorted(most, key=lambda group: group[0].port or 0) if len(most) > 1 else []


def settle_tiers(seen_ports: list[Seen], default_tier: str) -> None:
    """A port seen without a tier takes the tier it is seen in elsewhere for the same
    suite (a helper file's ``localhost:8089`` is the Kind mapping's, in e2e), else the
    suite's one tier, else ``default_tier``."""
    by_port: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    by_service: dict[str, Counter[str]] = defaultdict(Counter)
    for seen in seen_ports:
        if seen.tier is not None:
            for number in (seen.port, seen.node_port):
                if number is not None:
                    by_port[(seen.service, number)][seen.tier] += 1
            by_service[seen.service][seen.tier] += 1
    for seen in seen_ports:
        if seen.tier is None:
            tiers = by_port.get((seen.service, seen.port or seen.node_port or 0))
            if not tiers and len(by_service.get(seen.service, ())) == 1:
                tiers = by_service[seen.service]
            seen.tier = tiers.most_common(1)[0][0] if tiers else default_tier


def pair_node_ports(seen_ports: list[Seen]) -> list[Seen]:
    """A Service's ``nodePort`` in a suite with one Kind cluster is that cluster's; the
    Kind mapping to it is the same allocation, named by the Service."""
    mappings: dict[tuple[str, int], list[Seen]] = defaultdict(list)
    configs: dict[str, set[str]] = defaultdict(set)
    for seen in seen_ports:
        if seen.cluster is not None and seen.node_port is not None:
            mappings[(seen.service, seen.node_port)].append(seen)
            configs[seen.service].add(seen.cluster)
    kept = []
    for seen in seen_ports:
        if seen.claim is not Claim.NODE_PORT or seen.node_port is None:
            kept.append(seen)
            continue
        mapped = mappings.get((seen.service, seen.node_port), [])
        if len(mapped) == 1:  # the same allocation: the Service names it
            if seen.firm or mapped[0].component is None:
                mapped[0].component, mapped[0].firm = seen.component, seen.firm
            continue
        if len(configs.get(seen.service, ())) == 1:
            seen.cluster = next(iter(configs[seen.service]))
        kept.append(seen)
    return kept
