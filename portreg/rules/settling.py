"""What settles a clash between suites: a share that lists every party, an ``exclusive``
group with ``reuse: true`` that covers a pair (they never run at the same time), or a
``known_conflicts`` entry that accepts what is left (see ``portreg.rules.clashes``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import ExclusiveGroup, KnownConflict
    from portreg.rules import Context
    from portreg.rules.clashes import Clash


@dataclass(frozen=True)
class Party:
    """One side of a clash: a suite (service and tier) and what it holds there."""

    service: str
    tier: str
    path: PathKey

    @property
    def label(self) -> str:
        return f"{self.service} ({self.tier})"


# A group's index, the group, and the parties it misses.
GroupFit: TypeAlias = "tuple[int, ExclusiveGroup, list[Party]]"


class Settler:
    """Which exclusive groups and known conflicts apply to a set of parties."""

    def __init__(self, context: Context) -> None:
        registry = context.registry
        self.context = context
        self.groups: dict[str, list[tuple[int, ExclusiveGroup]]] = {}
        for index, group in enumerate(registry.exclusive):
            for service in dict.fromkeys(group.services):
                self.groups.setdefault(service, []).append((index, group))
        self.known: dict[tuple[str, int], list[tuple[int, KnownConflict]]] = {}
        for index, entry in enumerate(registry.known_conflicts):
            self.known.setdefault((entry.scope, entry.port), []).append((index, entry))

    def reuse_group(self, first: Party, second: Party, port: int | None = None) -> int | None:
        """A ``reuse: true`` group in which both suites run apart from each other, and may
        reuse this port (a group with ``ports`` reuses only those)."""
        if (first.service, first.tier) == (second.service, second.tier):
            return None
        for index, group in self.groups.get(first.service, ()):
            if (
                group.reuse
                and group.covers(first.service, first.tier)
                and group.covers(second.service, second.tier)
                and (group.ports is None or port in group.ports)
            ):
                return index
        return None

    def open_pairs(
        self, parties: Sequence[Party], shared: set[str], used: set[int], port: int | None = None
    ) -> set[str]:
        """The services of the pairs settled by neither the share nor a group (none: all
        settled); groups that settle a pair are added to ``used``. A group that lists its
        ``ports`` settles only those."""
        if not any(party.service in self.groups for party in parties):
            if all(party.service in shared for party in parties):
                return set()
            if len({party.path for party in parties}) == 1:
                return set()  # one cluster's own port, used by each suite that creates it
            if len({party.path for party in parties}) == len(parties):
                return {party.service for party in parties}
        still_open: set[str] = set()
        for position, first in enumerate(parties):
            for second in parties[position + 1 :]:
                if first.service in shared and second.service in shared:
                    continue
                if first.path == second.path:
                    continue  # one cluster's own port: the suites that create it share it
                group = self.reuse_group(first, second, port)
                if group is None:
                    still_open.update((first.service, second.service))
                else:
                    used.add(group)
        return still_open

    def best_group(self, parties: Sequence[Party]) -> GroupFit | None:
        """The group that covers the most parties (at least two), and the parties it misses."""
        best: GroupFit | None = None
        best_covered = 1
        candidates = {
            index: group for party in parties for index, group in self.groups.get(party.service, ())
        }
        for index, group in sorted(candidates.items()):
            covered = [party for party in parties if group.covers(party.service, party.tier)]
            if len(covered) > best_covered:
                missed = [party for party in parties if party not in covered]
                best, best_covered = (index, group, missed), len(covered)
        return best

    def known_entry(self, clash: Clash) -> tuple[int | None, int | None]:
        """The entry that accepts the clash, else a near miss (same port, a party missing)."""
        near = None
        for index, entry in self.known.get((clash.scope, clash.port), ()):
            if clash.protocol not in (None, entry.protocol):
                continue
            if (clash.open_services or clash.services) <= set(entry.services):
                return index, None
            near = index if near is None else near
        return None, near

    def group_advice(self, parties: Sequence[Party]) -> str | None:
        best = self.best_group(parties)
        if best is None:
            return None
        index, group, missed = best
        line = self.context.sources.locate(("exclusive", index)).line
        if not group.reuse:
            return f"the exclusive group at line {line} has reuse: false; move one"
        if missed:
            names = ", ".join(dict.fromkeys(party.label for party in missed))
            return f"the exclusive group at line {line} does not cover {names}"
        return None
