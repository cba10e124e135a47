"""Which suites can run at the same time: the plan of ``portreg plan``, computed, never typed.

A suite is one service's tests of one tier. The section shows the fewest waves of suites
that can each run together, and for every pair kept apart the port (or the group) that
forces it, so that a reader can see both what to run together and what to fix to run more
at once. The colouring here is bounded by steps, not time, so that the same registry
renders the same bytes on every machine.
"""

from __future__ import annotations

from portreg.plan import Plan, Suite, make_plan
from portreg.plan.conflicts import conflict_graph
from portreg.render.markdown import EVERYTHING, Options, View, bullet, join_names, paragraph, text
from portreg.tables import markdown_table

# Enough for the exact search to settle any registry of realistic shape (vertices looked at,
# about a second of work); beyond it the section says the plan is heuristic rather than take
# long or differ between machines.
WORK_LIMIT = 2_000_000
# Beyond this many reasons the table would drown the page; `portreg plan` lists them all.
APART_LIMIT = 200


def plan_of(view: View) -> Plan:
    return make_plan(conflict_graph(view.registry), time_limit=None, work_limit=WORK_LIMIT)


def render(view: View, options: Options = EVERYTHING) -> str:
    parts = [
        "## Running suites in parallel",
        "",
        paragraph(
            "From `portreg plan`: two suites (a service's tests of one tier) run apart when they "
            "need the same port in one scope (shared too, unless the share is `concurrent: "
            "true`), or when an exclusive group says so."
        ),
    ]
    if not view.registry.services:
        return "\n".join([*parts, "", "_No services yet._"])
    plan = plan_of(view)
    count = len(plan.waves)
    how = (
        "no plan has fewer"
        if plan.method == "exact"
        else "found by a heuristic; a plan with fewer may exist"
    )
    parts += [
        "",
        f"The suites run in {count} wave{'' if count == 1 else 's'} ({how}); the suites of "
        "one wave can all run at the same time.",
        "",
        *(
            bullet(f"Wave {number}: {'; '.join(_suite(view, suite) for suite in wave.suites)}")
            for number, wave in enumerate(plan.waves, start=1)
        ),
    ]
    if not plan.apart:
        parts += ["", "Every suite can run at the same time as every other."]
        return "\n".join(parts)
    parts += ["", "### Suites kept apart", ""]
    shown = plan.apart[:APART_LIMIT]
    parts.append(
        markdown_table(
            ["Suites", "Kept apart because"],
            ([_suites(view, apart.suites), text(apart.why)] for apart in shown),
        )
    )
    if len(plan.apart) > len(shown):
        rest = len(plan.apart) - len(shown)
        parts += ["", f"… and {rest} more reasons: `portreg plan` lists all."]
    return "\n".join(parts)


def _suite(view: View, suite: Suite) -> str:
    return f"{view.service(suite.service)} ({text(suite.tier)})"


def _suites(view: View, suites: tuple[Suite, ...]) -> str:
    return join_names([_suite(view, suite) for suite in suites])
