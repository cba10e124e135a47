"""plan and the parallel section grow with the registry, not with its square.

Counted, never timed: the lines a large exclusive group prints, and the vertices the exact
search looks at when render-docs plans hundreds of suites in hundreds of groups.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from test_plan import plan
from test_render_parallel import view_of

from portreg.plan import colouring
from portreg.render import parallel


def one_group(services: int) -> str:
    lines = ["services:\n"]
    lines += [
        f"  s{number}: {{ports: {{integration: {{redis: {20000 + number}}}}}}}\n"
        for number in range(services)
    ]
    names = ", ".join(f"s{number}" for number in range(services))
    lines.append(f"exclusive:\n  - {{services: [{names}], reason: one at a time, reuse: false}}\n")
    return "".join(lines)


@pytest.mark.parametrize("services", [100, 200])
def test_a_large_group_is_one_reason_not_every_pair(
    services: int, capsys: pytest.CaptureFixture[str], write_registry: Callable[..., Path]
) -> None:
    result = plan(capsys, "--registry", str(write_registry(one_group(services))))
    assert result.code == 0
    lines = result.out.splitlines()
    kept = lines[lines.index("kept apart:") + 1 :]
    # Before: services * (services - 1) / 2 lines (500,000 for a thousand services).
    assert len(kept) == 1
    assert kept[0].startswith("  s0/integration, s1/integration, ")
    assert kept[0].endswith(": an exclusive group: they never run at the same time (one at a time)")
    assert len(lines) == 1 + 1 + services + 1 + 1  # head, header, a wave each, kept apart


def many_groups(services: int, groups: int) -> str:
    """The shape that took render-docs 25 s: hundreds of services in many small groups."""
    chosen = random.Random(7)
    lines = ["services:\n"]
    lines += [
        f"  s{number}: {{ports: {{integration: {{redis: {20000 + number}}}}}}}\n"
        for number in range(services)
    ]
    lines.append("exclusive:\n")
    for _ in range(groups):
        members = ", ".join(f"s{number}" for number in chosen.sample(range(services), 3))
        lines.append(f"  - {{services: [{members}], reason: apart, reuse: false}}\n")
    return "".join(lines)


def test_the_exact_search_of_render_docs_is_bounded_by_work_not_steps(
    write_registry: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_at = 0
    choose = colouring._BranchAndBound._next_vertex

    def counting(search: colouring._BranchAndBound) -> int:
        nonlocal looked_at
        looked_at += len(search.uncoloured)
        return choose(search)

    monkeypatch.setattr(colouring._BranchAndBound, "_next_vertex", counting)
    markdown = parallel.render(view_of(write_registry(many_groups(300, 700))))
    assert "The suites run in " in markdown
    # Before: 200,000 search steps, each looking at every vertex of the component (about
    # 120 million looks, 25 s); now the budget counts the looks themselves.
    assert 0 < looked_at <= parallel.WORK_LIMIT + 300
