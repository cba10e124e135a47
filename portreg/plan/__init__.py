"""The fewest CI waves of suites that can run at the same time (``portreg plan``).

A suite is one service's tests of one tier. Two suites conflict when they cannot run side
by side (see :mod:`portreg.plan.conflicts`); the plan colours that conflict graph so that
each colour is a wave of suites that can all run together, and says for every pair kept
apart why. It reads a loaded registry; it writes nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from portreg.plan.balance import even_out, spread
from portreg.plan.colouring import Graph, colour

# How long the exact search may try to prove the fewest waves before settling for DSATUR's.
TIME_LIMIT_SECONDS = 2.0


@dataclass(frozen=True, order=True)
class Suite:
    service: str
    tier: str

    def __str__(self) -> str:
        return f"{self.service}/{self.tier}"


@dataclass(frozen=True)
class Apart:
    """Why suites may not run at the same time: a port they all need, a block, or a group.

    One reason names all the suites it keeps apart (two or more), so that a group of a
    thousand suites is one line, not half a million pairs.
    """

    suites: tuple[Suite, ...]
    why: str
    port: int | None = None
    scope: str | None = None
    protocol: str | None = None
    reason: str = ""  # the registry's own reason (of the share, group or known conflict)

    @property
    def explained(self) -> str:
        """``why`` with the registry's reason, as ``portreg plan`` prints it."""
        return f"{self.why} ({self.reason})" if self.reason else self.why


@dataclass
class SuiteGraph:
    """Suites (vertex i is ``suites[i]``), their conflicts, and the reasons, each once."""

    suites: list[Suite]
    graph: Graph
    reasons: list[Apart] = field(default_factory=list)

    def keep_apart(
        self,
        members: Iterable[int],
        reason: Apart,
        pairs: Iterable[tuple[int, int]] | None = None,
    ) -> None:
        """Keep the pairs (by default every pair of ``members``) apart; the reason is listed,
        naming ``members`` in registry order, when it parts a pair no earlier reason did."""
        chosen = sorted(set(members))
        if pairs is None:
            pairs = itertools.combinations(chosen, 2)
        parted = False
        for first, second in pairs:
            if first != second and second not in self.graph.neighbours[first]:
                self.graph.add_edge(first, second)
                parted = True
        if parted:
            suites = tuple(self.suites[vertex] for vertex in chosen)
            self.reasons.append(replace(reason, suites=suites))


@dataclass
class Wave:
    suites: list[Suite]
    runner: int | None = None  # 1-based, with --runners


@dataclass
class Plan:
    method: str  # "exact": provably the fewest waves; "heuristic": the search ran out of time
    waves: list[Wave]
    apart: list[Apart]
    fewest: int  # the colouring's wave count (with --runners, waves may be split further)


def make_plan(
    suites: SuiteGraph,
    runners: int | None = None,
    time_limit: float | None = TIME_LIMIT_SECONDS,
    work_limit: int | None = None,
) -> Plan:
    """Colour the conflict graph, even the waves out and, with runners, spread them."""
    colouring = colour(suites.graph, time_limit, work_limit)
    by_colour: list[list[int]] = [[] for _ in range(colouring.count)]
    for vertex, wave in enumerate(colouring.colours):
        by_colour[wave].append(vertex)
    waves = even_out(suites.graph, by_colour)
    # Largest wave first, then the order of the registry: a stable, readable order.
    waves.sort(key=lambda wave: (-len(wave), wave))
    if runners is None:
        planned = [Wave([suites.suites[vertex] for vertex in wave]) for wave in waves]
    else:
        planned = [
            Wave([suites.suites[vertex] for vertex in wave], runner)
            for runner, wave in spread(waves, runners)
        ]
    return Plan(colouring.method, planned, list(suites.reasons), colouring.count)
