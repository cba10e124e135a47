"""``portreg plan``: the fewest CI waves of suites that can run at the same time."""

from __future__ import annotations

import json

from portreg.commands.common import EXIT_CLEAN, json_lines, load, print_invalid, write_stdout
from portreg.escaping import escape_control, json_text, terminal_text
from portreg.findings import UsageError
from portreg.plan import Apart, Plan, Suite, make_plan
from portreg.plan.conflicts import conflict_graph


def run(
    registry: str | None, tiers: tuple[str, ...], runners: int | None, output_format: str
) -> int:
    loaded = load(registry)
    if loaded.registry is None:
        return print_invalid(loaded, "plan")
    unknown = [tier for tier in tiers if tier not in loaded.registry.tiers]
    if unknown:
        raise UsageError(
            f"--tier: no tier {', '.join(unknown)} in the registry "
            f"(tiers: {', '.join(loaded.registry.tiers)})"
        )
    plan = make_plan(conflict_graph(loaded.registry, tiers), runners)
    if output_format == "json":
        write_stdout(json_lines(as_json(plan)))
    elif output_format == "github-matrix":
        # One line, so that it can go straight into $GITHUB_OUTPUT.
        write_stdout(json_text(json.dumps(as_github_matrix(plan), separators=(",", ":"))) + "\n")
    else:
        write_stdout(as_text(plan))
    return EXIT_CLEAN


def _suite_json(suite: Suite) -> dict[str, str]:
    return {"service": suite.service, "tier": suite.tier}


def _apart_json(apart: Apart) -> dict[str, object]:
    return {
        "suites": [_suite_json(suite) for suite in apart.suites],
        "port": apart.port,
        "scope": apart.scope,
        "why": apart.explained,
    }


def as_json(plan: Plan) -> dict[str, object]:
    waves: list[dict[str, object]] = []
    for wave in plan.waves:
        entry: dict[str, object] = {"suites": [_suite_json(suite) for suite in wave.suites]}
        if wave.runner is not None:
            entry["runner"] = wave.runner
        waves.append(entry)
    return {"method": plan.method, "waves": waves, "apart": [_apart_json(a) for a in plan.apart]}


def _names(suites: list[Suite]) -> str:
    return " ".join(str(suite) for suite in suites)


def as_github_matrix(plan: Plan) -> dict[str, object]:
    """``{"include": [...]}``: one job per wave, or per runner with --runners."""
    if not plan.waves or plan.waves[0].runner is None:
        return {
            "include": [
                {
                    "name": f"wave {number}",
                    "wave": number,
                    "suites": _names(wave.suites),
                    "waves": [_names(wave.suites)],
                }
                for number, wave in enumerate(plan.waves, start=1)
            ]
        }
    by_runner: dict[int, list[str]] = {}
    for wave in plan.waves:
        by_runner.setdefault(wave.runner or 0, []).append(_names(wave.suites))
    return {
        "include": [
            {
                "name": f"runner {runner}",
                "runner": runner,
                "suites": " ".join(waves),
                "waves": waves,
            }
            for runner, waves in sorted(by_runner.items())
        ]
    }


def as_text(plan: Plan) -> str:
    """The count, a table of the waves, then each reason once with the suites it parts."""
    from portreg.tables import terminal_table

    if not plan.waves:
        return "no suites to plan\n"
    count = len(plan.waves)
    runners = {wave.runner for wave in plan.waves if wave.runner is not None}
    head = f"{count} wave{'' if count == 1 else 's'}"
    if runners:
        head += f" on {len(runners)} runner{'' if len(runners) == 1 else 's'}"
    if plan.method == "exact":
        head += f" ({plan.fewest} is the fewest possible: exact)"
    else:
        head += " (heuristic: the exact search ran out of time; fewer may be possible)"
    rows = [
        [str(number), *([str(wave.runner)] if runners else []), _listed(wave.suites)]
        for number, wave in enumerate(plan.waves, start=1)
    ]
    headers = ["wave", *(["runner"] if runners else []), "suites"]
    lines = [head, *terminal_table(rows, headers)]
    if plan.apart:
        lines.append("kept apart:")
        lines.extend(
            f"  {_and(apart.suites)}: {escape_control(apart.explained)}" for apart in plan.apart
        )
    return terminal_text("\n".join(lines)) + "\n"


def _listed(suites: list[Suite]) -> str:
    return ", ".join(str(suite) for suite in suites)


def _and(suites: tuple[Suite, ...]) -> str:
    names = [str(suite) for suite in suites]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
