"""Even waves, and waves spread over a fixed number of CI runners.

The colouring fixes how many waves there are; which suite goes into which wave is then
free as long as no two conflicting suites meet. Even waves finish sooner on one machine,
and spread evenly over runners, the slowest runner has the fewest waves to run in turn.
"""

from __future__ import annotations

from portreg.plan.colouring import Graph


def even_out(graph: Graph, waves: list[list[int]]) -> list[list[int]]:
    """Move suites from crowded waves to thin ones where nothing there conflicts with them."""
    members = [set(wave) for wave in waves]
    moved = True
    while moved:  # each move narrows the gap between two waves, so this ends
        moved = False
        for source in sorted(range(len(members)), key=lambda index: -len(members[index])):
            for vertex in sorted(members[source]):
                for target in sorted(range(len(members)), key=lambda index: len(members[index])):
                    if len(members[target]) + 1 >= len(members[source]):
                        break  # every wave left is as full: moving would not even them out
                    if graph.neighbours[vertex].isdisjoint(members[target]):
                        members[source].discard(vertex)
                        members[target].add(vertex)
                        moved = True
                        break
    return [sorted(wave) for wave in members if wave]


def spread(waves: list[list[int]], runners: int) -> list[tuple[int, list[int]]]:
    """(runner, wave) pairs, runners numbered from 1, each runner's waves in running order.

    With fewer waves than runners the largest waves are halved (any part of a wave is still
    conflict-free), so that every runner gets work; otherwise each wave goes, largest
    first, to the runner with the fewest waves so far, then the fewest suites.
    """
    parts = [list(wave) for wave in waves if wave]
    while len(parts) < runners:
        largest = max(range(len(parts)), key=lambda index: len(parts[index]), default=-1)
        if largest < 0 or len(parts[largest]) < 2:
            break
        wave = parts.pop(largest)
        half = (len(wave) + 1) // 2
        parts[largest:largest] = [wave[:half], wave[half:]]
    load = [(0, 0) for _ in range(runners)]  # (waves, suites) per runner
    assigned: list[tuple[int, list[int]]] = []
    for wave in sorted(parts, key=lambda item: (-len(item), item)):
        runner = min(range(runners), key=lambda index: (load[index], index))
        waves_so_far, suites_so_far = load[runner]
        load[runner] = (waves_so_far + 1, suites_so_far + len(wave))
        assigned.append((runner + 1, wave))
    return sorted(assigned, key=lambda item: item[0])
