"""The colouring core of portreg plan, on graphs whose chromatic numbers are known."""

from __future__ import annotations

import itertools
import random

import pytest

from portreg.plan.colouring import EXACT, HEURISTIC, Graph, colour, greedy_clique


def proper(graph: Graph, colours: list[int]) -> bool:
    return all(
        colours[vertex] != colours[other]
        for vertex in range(graph.size)
        for other in graph.neighbours[vertex]
    )


def cycle(size: int) -> Graph:
    return Graph(size, ((vertex, (vertex + 1) % size) for vertex in range(size)))


def complete(size: int) -> Graph:
    return Graph(size, itertools.combinations(range(size), 2))


def mycielski(graph: Graph) -> Graph:
    """Mycielski's construction: chromatic number one more, clique number unchanged."""
    size = graph.size
    bigger = Graph(2 * size + 1)
    for vertex in range(size):
        for other in graph.neighbours[vertex]:
            bigger.add_edge(vertex, other)
            bigger.add_edge(vertex, size + other)
        bigger.add_edge(size + vertex, 2 * size)
    return bigger


@pytest.mark.parametrize("size", [3, 5, 7, 21])
def test_an_odd_cycle_needs_3(size: int) -> None:
    graph = cycle(size)
    result = colour(graph)
    assert (result.count, result.method) == (3, EXACT)
    assert proper(graph, result.colours)


@pytest.mark.parametrize("size", [4, 10, 30])
def test_an_even_cycle_is_bipartite(size: int) -> None:
    result = colour(cycle(size))
    assert (result.count, result.method) == (2, EXACT)


@pytest.mark.parametrize("size", [1, 2, 6, 12])
def test_a_complete_graph_needs_n(size: int) -> None:
    graph = complete(size)
    result = colour(graph)
    assert (result.count, result.method) == (size, EXACT)
    assert sorted(result.colours) == list(range(size))


def test_a_complete_bipartite_graph_needs_2() -> None:
    graph = Graph(9, ((left, right) for left in range(4) for right in range(4, 9)))
    result = colour(graph)
    assert (result.count, result.method) == (2, EXACT)
    assert proper(graph, result.colours)


def test_no_edges_needs_1_and_no_vertices_0() -> None:
    assert (colour(Graph(5)).count, colour(Graph(5)).method) == (1, EXACT)
    assert colour(Graph(0)).count == 0


def test_the_groetzsch_graph_needs_4_though_its_largest_clique_is_2() -> None:
    # The bounds disagree (clique 2), so only the branch and bound can prove 4.
    groetzsch = mycielski(mycielski(Graph(2, [(0, 1)])))
    assert groetzsch.size == 11
    assert len(greedy_clique(groetzsch, list(range(11)))) == 2
    result = colour(groetzsch)
    assert (result.count, result.method) == (4, EXACT)
    assert proper(groetzsch, result.colours)


def random_graph(rng: random.Random, size: int, chance: float) -> Graph:
    graph = Graph(size)
    for first, second in itertools.combinations(range(size), 2):
        if rng.random() < chance:
            graph.add_edge(first, second)
    return graph


def brute_force_chromatic_number(graph: Graph) -> int:
    for count in range(1, graph.size + 1):
        for colours in itertools.product(range(count), repeat=graph.size):
            if proper(graph, list(colours)):
                return count
    return 0


def test_exact_results_match_brute_force_on_small_random_graphs() -> None:
    rng = random.Random(11)
    for _ in range(40):
        graph = random_graph(rng, rng.randint(2, 7), 0.5)
        result = colour(graph)
        assert result.method == EXACT
        assert result.count == brute_force_chromatic_number(graph)
        assert proper(graph, result.colours)


def test_components_are_coloured_apart_and_the_largest_decides() -> None:
    # A triangle, a 5-cycle and lone vertices: 3 colours, proven.
    graph = Graph(12, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (5, 6), (6, 7), (7, 3)])
    result = colour(graph)
    assert (result.count, result.method) == (3, EXACT)
    assert proper(graph, result.colours)


def test_out_of_time_says_heuristic_and_still_colours_properly() -> None:
    # Four disjoint Grötzsch graphs: each needs the search, which has no time at all.
    groetzsch = mycielski(mycielski(Graph(2, [(0, 1)])))
    graph = Graph(44)
    for copy in range(4):
        for vertex in range(11):
            for other in groetzsch.neighbours[vertex]:
                graph.add_edge(11 * copy + vertex, 11 * copy + other)
    result = colour(graph, time_limit=0)
    assert proper(graph, result.colours)
    assert result.count >= 4
    assert result.method == HEURISTIC
    assert (colour(graph).count, colour(graph).method) == (4, EXACT)


def test_random_graphs_are_coloured_properly_with_at_least_the_clique() -> None:
    rng = random.Random(7)
    for _ in range(20):
        size = rng.randint(5, 40)
        graph = random_graph(rng, size, 0.2)
        result = colour(graph, time_limit=0.5)
        assert proper(graph, result.colours)
        assert result.count >= len(greedy_clique(graph, list(range(size))))
        assert result.count == max(result.colours) + 1


def test_a_step_budget_gives_the_same_answer_every_time() -> None:
    groetzsch = mycielski(mycielski(Graph(2, [(0, 1)])))
    cut_short = colour(groetzsch, time_limit=None, work_limit=1)
    assert (cut_short.count, cut_short.method) == (4, HEURISTIC)
    assert colour(groetzsch, time_limit=None, work_limit=1) == cut_short
    enough = colour(groetzsch, time_limit=None, work_limit=100_000)
    assert (enough.count, enough.method) == (4, EXACT)
