"""portreg plan: waves of suites that can run together, on the bundled registry and small ones."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED, Result

from portreg.main import main
from portreg.plan.balance import even_out, spread
from portreg.plan.colouring import Graph

WriteRegistry = Callable[..., Path]

# a, b and c all need redis 16379; d needs it over udp; e and f use 30080 in different
# clusters, g in e's cluster.
SMALL = """\
scopes:
  kind-one: {kind: nodeport}
  kind-two: {kind: nodeport}
services:
  a: {ports: {integration: {redis: 16379}}}
  b: {ports: {integration: {redis: 16379}, e2e: {redis: 26379}}}
  c: {ports: {integration: {redis: 16379, postgresql: 15433}}}
  d: {ports: {integration: {redis: {port: 16379, protocol: udp}}}}
  e: {ports: {e2e: {api: {port: 30080, scope: kind-one}}}}
  f: {ports: {e2e: {api: {port: 30080, scope: kind-two}}}}
  g: {ports: {e2e: {datastorage: {port: 30080, scope: kind-one}}}}
"""


def plan(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    with pytest.raises(SystemExit) as exited:
        main(["plan", *args])
    captured = capsys.readouterr()
    code = exited.value.code
    return Result(code if isinstance(code, int) else 1, captured.out, captured.err)


def plan_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    result = plan(capsys, *args, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert isinstance(document, dict)
    return document


def wave_names(document: dict[str, object]) -> list[list[str]]:
    waves = document["waves"]
    assert isinstance(waves, list)
    return [[f"{s['service']}/{s['tier']}" for s in wave["suites"]] for wave in waves]


def pair_names(document: dict[str, object]) -> list[tuple[str, str]]:
    """Every pair of suites a reason keeps apart (a reason names two suites or more)."""
    apart = document["apart"]
    assert isinstance(apart, list)
    return [
        pair
        for entry in apart
        for pair in itertools.combinations(
            [f"{s['service']}/{s['tier']}" for s in entry["suites"]], 2
        )
    ]


def assert_valid(document: dict[str, object], suites: int) -> None:
    """Every suite in exactly one wave, and no pair kept apart shares a wave."""
    waves = wave_names(document)
    everything = [name for wave in waves for name in wave]
    assert len(everything) == len(set(everything)) == suites
    where = {name: number for number, wave in enumerate(waves) for name in wave}
    for first, second in pair_names(document):
        assert where[first] != where[second], (first, second)


def test_the_bundled_registry_keeps_the_shared_postgresql_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = plan_json(capsys, "--registry", str(BUNDLED))
    assert document["method"] == "exact"
    assert len(wave_names(document)) == 2
    assert_valid(document, suites=11)
    assert document["apart"] == [
        {
            "suites": [
                {"service": "notification", "tier": "integration"},
                {"service": "hapi", "tier": "integration"},
            ],
            "port": 15439,
            "scope": "host",
            "why": "both need postgresql 15439 (tcp, host): shared, but not concurrent "
            "(HAPI's integration suite uses Notification's PostgreSQL container; the two "
            "suites never start a second PostgreSQL on that port. Only PostgreSQL is shared.)",
        }
    ]


def test_ports_protocols_and_clusters(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    document = plan_json(capsys, "--registry", str(write_registry(SMALL)))
    assert document["method"] == "exact"
    assert len(wave_names(document)) == 3  # a, b and c: a triangle
    assert_valid(document, suites=8)
    assert pair_names(document) == [
        ("a/integration", "b/integration"),
        ("a/integration", "c/integration"),
        ("b/integration", "c/integration"),
        ("e/e2e", "g/e2e"),
    ]
    apart = document["apart"]
    assert isinstance(apart, list)
    assert len(apart) == 2  # one reason per port, naming every suite that needs it
    assert apart[0]["why"] == "all 3 need redis 16379 (tcp, host)"
    assert apart[1]["why"] == "both need api and datastorage 30080 (tcp, kind-one)"
    assert apart[1]["scope"] == "kind-one"


def test_text_output(capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry) -> None:
    result = plan(capsys, "--registry", str(write_registry(SMALL)))
    assert result.code == 0
    assert result.out.splitlines() == [
        "3 waves (3 is the fewest possible: exact)",
        "wave  suites",
        "1     a/integration, e/e2e, f/e2e",
        "2     b/integration, d/integration, g/e2e",
        "3     b/e2e, c/integration",
        "kept apart:",
        "  a/integration, b/integration and c/integration: all 3 need redis 16379 (tcp, host)",
        "  e/e2e and g/e2e: both need api and datastorage 30080 (tcp, kind-one)",
    ]


def test_tiers_narrow_the_suites(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    registry = str(write_registry(SMALL))
    document = plan_json(capsys, "--registry", registry, "--tier", "e2e")
    assert wave_names(document) == [["b/e2e", "g/e2e"], ["e/e2e", "f/e2e"]]
    assert_valid(document, suites=4)
    both = plan_json(capsys, "--registry", registry, "--tier", "e2e", "--tier", "integration")
    assert_valid(both, suites=8)


def test_runners_spread_waves_evenly(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    # Five suites on one port: five waves, over two runners 3 + 2.
    clique = "services:\n" + "".join(
        f"  s{number}: {{ports: {{integration: {{redis: 16379}}}}}}\n" for number in range(5)
    )
    document = plan_json(capsys, "--registry", str(write_registry(clique)), "--runners", "2")
    waves = document["waves"]
    assert isinstance(waves, list)
    assert [wave["runner"] for wave in waves] == [1, 1, 1, 2, 2]
    # Four suites that never meet: one wave, halved for two runners.
    free = "services:\n" + "".join(
        f"  s{number}: {{ports: {{integration: {{redis: {16379 + number}}}}}}}\n"
        for number in range(4)
    )
    halves = plan_json(capsys, "--registry", str(write_registry(free)), "--runners", "2")
    assert wave_names(halves) == [
        ["s0/integration", "s1/integration"],
        ["s2/integration", "s3/integration"],
    ]


def test_github_matrix_is_one_line_one_job_per_wave_or_runner(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    registry = str(write_registry(SMALL))
    result = plan(capsys, "--registry", registry, "--format", "github-matrix")
    assert result.code == 0
    assert result.out.count("\n") == 1
    matrix = json.loads(result.out)
    assert matrix["include"][0] == {
        "name": "wave 1",
        "wave": 1,
        "suites": "a/integration e/e2e f/e2e",
        "waves": ["a/integration e/e2e f/e2e"],
    }
    assert len(matrix["include"]) == 3
    runners = json.loads(
        plan(capsys, "--registry", registry, "--format", "github-matrix", "--runners", "2").out
    )
    assert [entry["name"] for entry in runners["include"]] == ["runner 1", "runner 2"]
    first = runners["include"][0]
    assert first["suites"] == " ".join(first["waves"])
    assert sum(len(entry["waves"]) for entry in runners["include"]) == 3


def test_no_suites(capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry) -> None:
    result = plan(capsys, "--registry", str(write_registry()))
    assert (result.code, result.out) == (0, "no suites to plan\n")
    assert plan_json(capsys, "--registry", str(write_registry())) == {
        "method": "exact",
        "waves": [],
        "apart": [],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--tier", "nope"), "portreg: usage: --tier: no tier nope in the registry"),
        (("--runners", "0"), "Invalid value for '--runners'"),
        (("--format", "yaml"), "Invalid value for '--format'"),
    ],
)
def test_bad_usage_is_exit_2(
    capsys: pytest.CaptureFixture[str],
    write_registry: WriteRegistry,
    args: tuple[str, ...],
    message: str,
) -> None:
    result = plan(capsys, "--registry", str(write_registry(SMALL)), *args)
    assert (result.code, result.out) == (2, "")
    assert message in result.err


def test_an_invalid_registry_is_exit_2(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    result = plan(capsys, "--registry", str(write_registry("services: [a]\n")))
    assert (result.code, result.out) == (2, "")
    assert "ports.yaml:" in result.err


def test_even_out_keeps_conflicts_apart_and_evens_sizes() -> None:
    # A star: the centre conflicts with every leaf; nothing else conflicts.
    star = Graph(9, ((0, leaf) for leaf in range(1, 9)))
    waves = even_out(star, [[0], list(range(1, 9))])
    assert [0] in waves
    assert sorted(len(wave) for wave in waves) == [1, 8]  # leaves cannot join the centre
    free = Graph(9)
    evened = even_out(free, [[0], list(range(1, 9))])
    assert sorted(len(wave) for wave in evened) == [4, 5]
    for wave in evened:
        for first, second in itertools.combinations(wave, 2):
            assert second not in free.neighbours[first]


def test_spread_gives_each_runner_its_share() -> None:
    assert spread([[1, 2, 3], [4]], 1) == [(1, [1, 2, 3]), (1, [4])]
    assert spread([[1, 2, 3, 4]], 3) == [(1, [3, 4]), (2, [1]), (3, [2])]
    assert spread([[1]], 4) == [(1, [1])]
    assert sorted(runner for runner, _ in spread([[1], [2], [3], [4], [5]], 2)) == [1, 1, 1, 2, 2]


FORMAT_KEYS = """\
scopes:
  kind-a: {kind: nodeport}
  kind-b: {kind: nodeport}
services:
  lane-a: {ports: {e2e: {api: {port: 28080, node_port: 30080, cluster: kind-a}}}}
  lane-b: {ports: {e2e: {api: {port: 28080, node_port: 30080, cluster: kind-a}}}}
  other: {ports: {e2e: {api: {node_port: 30080, cluster: kind-b}}}}
  kind-twin: {ports: {e2e: {metrics: {node_port: 30080, cluster: kind-a}}}}
  pg-one: {ports: {integration: {postgresql: 15433}}}
  pg-two: {ports: {integration: {postgresql: 15433}}}
  legacy: {ports: {integration: {redis: 16379}}}
  newer: {ports: {integration: {redis: 16379}}}
  tools: {blocks: {integration: 18120-18129}}
  mocks:
    ports:
      integration:
        mock: [{port: 18125, name: table}, {port: 18140, name: yaml}]
  spread: {blocks: {integration: {api: {start: 18128, size: 4}}}}
  nightly: {ports: {integration: {redis: 16380}}}
  weekly: {ports: {integration: {redis: 16381}}}
shares:
  - port: 15433
    services: [pg-one, pg-two]
    concurrent: true
    reason: one PostgreSQL, a database per suite
known_conflicts:
  - {port: 16379, services: [legacy, newer], reason: found when adopting, tracked: PROJ-1}
exclusive:
  - services: [lane-a, lane-b]
    reason: the two lanes run on separate runners
  - services: [nightly, weekly]
    tiers: [integration]
    reuse: false
    reason: one cron job runs them in turn
"""


def test_format_keys_decide_what_runs_apart(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    document = plan_json(capsys, "--registry", str(write_registry(FORMAT_KEYS)))
    assert document["method"] == "exact"
    assert_valid(document, suites=13)
    apart = document["apart"]
    assert isinstance(apart, list)
    why = {
        tuple(f"{s['service']}/{s['tier']}" for s in entry["suites"]): entry["why"]
        for entry in apart
    }
    assert why == {
        # Host side and NodePort side both count; a shared port is named before the group.
        ("lane-a/e2e", "lane-b/e2e"): "both need api 28080 (tcp, host): reused on purpose "
        "by an exclusive group (the two lanes run on separate runners)",
        # The same NodePort in the same cluster; another cluster's 30080 is no obstacle.
        ("lane-a/e2e", "kind-twin/e2e"): "both need api and metrics 30080 (tcp, kind-a)",
        ("lane-b/e2e", "kind-twin/e2e"): "both need api and metrics 30080 (tcp, kind-a)",
        ("legacy/integration", "newer/integration"): "both need redis 16379 (tcp, host): a "
        "known conflict, tracked in PROJ-1 (found when adopting)",
        ("tools/integration", "mocks/integration"): "mock[table] 18125 (tcp) is in tools' "
        "block 18120-18129",
        ("tools/integration", "spread/integration"): "tools' block 18120-18129 overlaps "
        "spread's api block 18128-18131 (host)",
        ("nightly/integration", "weekly/integration"): "an exclusive group: they never run "
        "at the same time (one cron job runs them in turn)",
    }
    # pg-one and pg-two share concurrently: nothing keeps them apart.
    assert not any("pg-" in pair[0] for pair in why)
    ports = {entry["suites"][1]["service"]: (entry["port"], entry["scope"]) for entry in apart}
    assert ports["weekly"] == (None, None)  # an exclusive group names no port
    assert ports["spread"] == (18128, "host")  # the first port the blocks share
    assert ports["kind-twin"] == (30080, "kind-a")


def test_exclusive_groups_force_separate_waves_even_without_a_shared_port(
    capsys: pytest.CaptureFixture[str], write_registry: WriteRegistry
) -> None:
    group = "".join(
        f"  s{number}: {{ports: {{e2e: {{api: {28080 + number}}}}}}}\n" for number in range(4)
    )
    registry = write_registry(
        "services:\n"
        + group
        + "exclusive:\n  - {services: [s0, s1, s2, s3], reason: one Kind cluster at a time}\n"
    )
    document = plan_json(capsys, "--registry", str(registry))
    assert wave_names(document) == [["s0/e2e"], ["s1/e2e"], ["s2/e2e"], ["s3/e2e"]]
    assert len(document["apart"]) == 1  # type: ignore[arg-type]  # the group, once
    assert len(pair_names(document)) == 6
    # Only the e2e tier is in a group that names its tiers: integration runs together.
    narrowed = write_registry(
        "services:\n"
        "  a: {ports: {integration: {redis: 16379}, e2e: {redis: 26379}}}\n"
        "  b: {ports: {integration: {redis: 16380}, e2e: {redis: 26380}}}\n"
        "exclusive:\n  - {services: [a, b], tiers: [e2e], reason: one cluster at a time}\n",
        name="narrowed.yaml",
    )
    waves = wave_names(plan_json(capsys, "--registry", str(narrowed)))
    assert len(waves) == 2
    assert not any({"a/e2e", "b/e2e"} <= set(wave) for wave in waves)


def test_text_with_runners_and_a_heuristic_plan() -> None:
    from portreg.commands.plan import as_text
    from portreg.plan import Plan, Suite, Wave

    a, b, c = Suite("a", "integration"), Suite("b", "integration"), Suite("c", "e2e")
    heuristic = Plan("heuristic", [Wave([a, c], runner=1), Wave([b], runner=2)], [], 2)
    assert as_text(heuristic).splitlines() == [
        "2 waves on 2 runners (heuristic: the exact search ran out of time; fewer may be possible)",
        "wave  runner  suites",
        "1     1       a/integration, c/e2e",
        "2     2       b/integration",
    ]
