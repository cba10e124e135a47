"""The fewest CI waves of suites that can run at the same time (``portreg plan``).

A suite is one service's tests of one tier. Two suites conflict when they cannot run side
by side (see :mod:`portreg.plan.conflicts`); the plan colours that conflict graph so that
each colour is a wave of suites that can all run together, and says for every pair kept
apart why. It reads a loaded registry; it writes nothing.
"""

from __future__ import annotations

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
    """Why two suites may not run at the same time: a port they both need, or a group."""

    suites: tuple[Suite, Suite]
    why: str
    port: int | None = None
    scope: str | None = None
    protocol: str | None = None


@dataclass
class SuiteGraph:
    """Suites (vertex i is ``suites[i]``), their conflicts, and the first reason per pair."""

    suites: list[Suite]
    graph: Graph
    reasons: dict[tuple[int, int], Apart] = field(default_factory=dict)

    def apart(self, first: int, second: int) -> bool:
        """Whether a reason already keeps the two suites apart."""
        return (min(first, second), max(first, second)) in self.reasons

    def keep_apart(self, first: int, second: int, reason: Apart) -> None:
        """Join suites first and second (``reason.suites`` names them in that order)."""
        if first == second:
            return
        pair = (first, second) if first < second else (second, first)
        self.graph.add_edge(*pair)
        if pair not in self.reasons:
            if first > second:  # name the suites in registry order
                reason = replace(reason, suites=(reason.suites[1], reason.suites[0]))
            self.reasons[pair] = reason


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
    step_limit: int | None = None,
) -> Plan:
    """Colour the conflict graph, even the waves out and, with runners, spread them."""
    colouring = colour(suites.graph, time_limit, step_limit)
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
    apart = [suites.reasons[pair] for pair in sorted(suites.reasons)]
    return Plan(colouring.method, planned, apart, colouring.count)
