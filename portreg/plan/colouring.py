"""Graph colouring with the fewest colours: exact when it can be proven in time, else DSATUR.

A colour is a CI wave; vertices joined by an edge may not share one. Suites' conflict
graphs are sparse and fall apart into many small connected components, so each component
is coloured on its own: DSATUR (Brélaz's heuristic) gives an upper bound, a greedy clique
a lower bound, and where they differ a DSATUR-ordered branch and bound searches for the
optimum until a shared budget (time or steps) is spent. The result is exact when the
largest colour count found equals the largest bound proven.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable
from dataclasses import dataclass

EXACT, HEURISTIC = "exact", "heuristic"

# The branch and bound recurses once per vertex; beyond this a component is left to DSATUR
# (unless its bounds already meet) rather than risk Python's recursion limit.
MAX_EXACT_VERTICES = 600


class Graph:
    """An undirected graph on vertices 0 … size-1."""

    def __init__(self, size: int, edges: Iterable[tuple[int, int]] = ()) -> None:
        self.neighbours: list[set[int]] = [set() for _ in range(size)]
        for first, second in edges:
            self.add_edge(first, second)

    @property
    def size(self) -> int:
        return len(self.neighbours)

    def add_edge(self, first: int, second: int) -> None:
        if first != second:
            self.neighbours[first].add(second)
            self.neighbours[second].add(first)

    def components(self) -> list[list[int]]:
        """Connected components, each in ascending vertex order."""
        seen = [False] * self.size
        found = []
        for start in range(self.size):
            if seen[start]:
                continue
            seen[start] = True
            stack, members = [start], []
            while stack:
                vertex = stack.pop()
                members.append(vertex)
                for other in self.neighbours[vertex]:
                    if not seen[other]:
                        seen[other] = True
                        stack.append(other)
            found.append(sorted(members))
        return found


@dataclass(frozen=True)
class Colouring:
    colours: list[int]  # per vertex, 0-based
    count: int
    method: str  # EXACT when count is proven minimal


class Budget:
    """How long the exact search may run: a time limit, an amount of work, or both.

    A work limit gives the same answer on every machine (generated docs need that); a time
    limit bounds how long a user waits. Work is counted in vertices looked at, not in search
    steps: a step of a large component costs more than one of a small one, and the limit
    must bound the time whatever the registry's size.
    """

    def __init__(self, time_limit: float | None = 2.0, work_limit: int | None = None) -> None:
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.work_limit = work_limit
        self.steps = 0
        self.work = 0
        self.spent = False

    def step(self, work: int = 1) -> bool:
        """Count one step that looked at ``work`` vertices; whether the budget is spent."""
        self.steps += 1
        self.work += work
        if self.work_limit is not None and self.work > self.work_limit:
            self.spent = True
        # Looking at the clock costs more than a step: look at the first and every 256th.
        elif self.deadline is not None and self.steps % 256 == 1:
            self.spent = time.monotonic() >= self.deadline
        return self.spent


def colour(
    graph: Graph, time_limit: float | None = 2.0, work_limit: int | None = None
) -> Colouring:
    """A proper colouring with as few colours as possible; exact if proven within budget."""
    budget = Budget(time_limit, work_limit)
    colours = [0] * graph.size
    parts = []
    for members in graph.components():
        part = dsatur(graph, members)
        parts.append((members, part, max(part.values()) + 1, len(greedy_clique(graph, members))))
    proven = max((lower for *_, lower in parts), default=0)
    # Only a component that needs more colours than the best proven bound can lower the total.
    for members, part, upper, lower in sorted(parts, key=lambda item: -item[2]):
        if upper <= proven or len(members) > MAX_EXACT_VERTICES:
            continue
        search = _BranchAndBound(graph, members, part, upper, max(lower, proven), budget)
        best, finished = search.run()
        part.clear()
        part.update(best)
        count = max(best.values()) + 1
        if finished:
            proven = max(proven, count)
        elif budget.spent:
            break
    for members, part, *_ in parts:
        for vertex in members:
            colours[vertex] = part[vertex]
    count = max(colours, default=-1) + 1
    return Colouring(colours, count, EXACT if count <= proven or count <= 1 else HEURISTIC)


def dsatur(graph: Graph, members: list[int]) -> dict[int, int]:
    """Brélaz's DSATUR: colour next the vertex with the most distinct neighbour colours."""
    result: dict[int, int] = {}
    seen_colours: dict[int, set[int]] = {vertex: set() for vertex in members}
    # Heap of (-saturation, -degree, vertex); stale entries are skipped when popped.
    heap = [(0, -len(graph.neighbours[vertex]), vertex) for vertex in members]
    heapq.heapify(heap)
    while heap:
        negative_saturation, _, vertex = heapq.heappop(heap)
        if vertex in result or -negative_saturation != len(seen_colours[vertex]):
            continue
        used = seen_colours[vertex]
        chosen = next(candidate for candidate in range(len(used) + 1) if candidate not in used)
        result[vertex] = chosen
        for other in graph.neighbours[vertex]:
            if other not in result and chosen not in seen_colours[other]:
                seen_colours[other].add(chosen)
                heapq.heappush(
                    heap, (-len(seen_colours[other]), -len(graph.neighbours[other]), other)
                )
    return result


def greedy_clique(graph: Graph, members: list[int]) -> list[int]:
    """A large clique found greedily from each vertex (a lower bound on the colours)."""
    best: list[int] = members[:1]
    by_degree = sorted(members, key=lambda vertex: -len(graph.neighbours[vertex]))
    for start in by_degree:
        if len(graph.neighbours[start]) + 1 <= len(best):
            break  # no clique through this vertex (or any later one) can be larger
        clique = [start]
        candidates = set(graph.neighbours[start])
        while candidates:
            vertex = max(candidates, key=lambda item: (len(graph.neighbours[item]), -item))
            clique.append(vertex)
            candidates &= graph.neighbours[vertex]
        if len(clique) > len(best):
            best = clique
    return best


class _BranchAndBound:
    """DSATUR-ordered exact search for one component (Brown's algorithm with Brélaz's order)."""

    def __init__(
        self,
        graph: Graph,
        members: list[int],
        start: dict[int, int],
        upper: int,
        lower: int,
        budget: Budget,
    ) -> None:
        self.graph = graph
        self.members = members
        self.best = dict(start)
        self.best_count = upper
        self.lower = lower
        self.budget = budget
        self.assigned: dict[int, int] = {}
        # vertex → colour → how many coloured neighbours have it
        self.around: dict[int, dict[int, int]] = {vertex: {} for vertex in members}
        # vertex → how many distinct colours its coloured neighbours have (kept as they change)
        self.saturation: dict[int, int] = dict.fromkeys(members, 0)
        self.uncoloured: set[int] = set(members)
        self.timed_out = False

    def run(self) -> tuple[dict[int, int], bool]:
        """The best colouring found, and whether it is proven optimal."""
        self._search(0)
        return self.best, not self.timed_out

    def _search(self, used: int) -> None:
        if len(self.assigned) == len(self.members):
            self.best, self.best_count = dict(self.assigned), used
            return
        vertex = self._next_vertex()
        # The work of a step: choosing among the uncoloured vertices, then trying colours,
        # each try updating the vertex's neighbours.
        tries = min(used + 1, self.best_count - 1)
        work = len(self.uncoloured) + tries * (1 + len(self.graph.neighbours[vertex]))
        if self.budget.step(work):
            self.timed_out = True
            return
        taken = self.around[vertex]
        # Existing colours first, then one new colour, never reaching the best count.
        for candidate in range(tries):
            if candidate >= self.best_count - 1:
                break  # a better colouring was found meanwhile: this branch cannot beat it
            if taken.get(candidate):
                continue
            self._assign(vertex, candidate)
            self._search(max(used, candidate + 1))
            self._unassign(vertex, candidate)
            if self.best_count <= self.lower or self.timed_out:
                return

    def _next_vertex(self) -> int:
        """The uncoloured vertex with the most distinct neighbour colours, then the most
        neighbours, then the lowest number."""
        neighbours, saturation = self.graph.neighbours, self.saturation
        return max(
            self.uncoloured,
            key=lambda vertex: (saturation[vertex], len(neighbours[vertex]), -vertex),
        )

    def _assign(self, vertex: int, chosen: int) -> None:
        self.assigned[vertex] = chosen
        self.uncoloured.discard(vertex)
        for other in self.graph.neighbours[vertex]:
            counts = self.around[other]
            count = counts.get(chosen, 0)
            counts[chosen] = count + 1
            if not count:
                self.saturation[other] += 1

    def _unassign(self, vertex: int, chosen: int) -> None:
        del self.assigned[vertex]
        self.uncoloured.add(vertex)
        for other in self.graph.neighbours[vertex]:
            counts = self.around[other]
            counts[chosen] -= 1
            if not counts[chosen]:
                self.saturation[other] -= 1
