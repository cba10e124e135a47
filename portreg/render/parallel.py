"""Which services' suites can run at the same time: computed from the ports, never typed.

Two suites cannot run together when they use the same (scope, protocol, port), whatever
their tiers: the second one to start fails to bind. A declared share says the services use
one server on purpose, so it does not block them. The work is one pass over the registry's
(scope, protocol, port) index; only ports used by several services cost more, and those are
exactly what the output lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from portreg.records import PortUse
from portreg.render.markdown import NONE, View, table, text

# Up to this many services the section also shows a grid of every pair; beyond it a grid
# would be unreadable, and the list of blocked pairs says the same thing.
GRID_LIMIT = 10


@dataclass(frozen=True)
class Clash:
    """One port that stops two services' suites from running together."""

    first: PortUse
    second: PortUse


@dataclass
class Parallelism:
    # (service, service) in registry order → the ports that block the pair.
    blocked: dict[tuple[str, str], list[Clash]] = field(default_factory=dict)
    # service → the (use, other services) of each share it takes part in.
    shared: dict[str, list[tuple[PortUse, list[str]]]] = field(default_factory=dict)

    def blocked_with(self, service: str) -> list[str]:
        return [b if a == service else a for a, b in self.blocked if service in (a, b)]


def analyse(view: View) -> Parallelism:
    order = {service: index for index, service in enumerate(view.registry.services)}
    result = Parallelism()
    blocked: dict[tuple[str, str], list[Clash]] = defaultdict(list)
    shares = view.context.shares_by_key
    for key, uses in view.context.by_key.items():
        if len({use.service for use in uses}) < 2:
            continue
        covered = {service for _, share in shares.get(key, []) for service in share.services}
        for index, use in enumerate(uses):
            for other in uses[index + 1 :]:
                if other.service == use.service:
                    continue
                if use.service in covered and other.service in covered:
                    continue
                first, second = sorted((use, other), key=lambda item: order[item.service])
                blocked[(first.service, second.service)].append(Clash(first, second))
        sharing = [use for use in uses if use.service in covered]
        for use in sharing:
            others = sorted(
                {item.service for item in sharing if item.service != use.service},
                key=order.__getitem__,
            )
            if others:
                result.shared.setdefault(use.service, []).append((use, others))
    result.blocked = {
        pair: blocked[pair] for pair in sorted(blocked, key=lambda p: (order[p[0]], order[p[1]]))
    }
    return result


def render(view: View) -> str:
    services = list(view.registry.services)
    parts = [
        "## Running suites in parallel",
        "",
        "Computed from the ports: two services' suites cannot run at the same time when they "
        "use the same port in the same scope, whatever their tiers. A declared share means "
        "they use one server on purpose, so it does not stop them.",
    ]
    if not services:
        return "\n".join([*parts, "", "_No services yet._"])
    analysis = analyse(view)
    rows = []
    for service in services:
        blocked = analysis.blocked_with(service)
        if not blocked:
            can = "all other services" if len(services) > 1 else NONE
        elif len(blocked) == len(services) - 1:
            can = "none"
        else:
            can = f"all except {view.services(blocked)}"
        rows.append((view.service(service), can, _shares(view, analysis, service)))
    parts += ["", table(["Service", "Can run in parallel with", "Shares"], rows)]
    if not analysis.blocked:
        parts += ["", "Every service's suites can run at the same time as every other's."]
        return "\n".join(parts)
    parts += ["", "### Pairs that cannot run together", ""]
    parts.append(
        table(
            ["Service", "Cannot run with", "Because of"],
            (
                (view.service(a), view.service(b), "; ".join(_clash(view, c) for c in clashes))
                for (a, b), clashes in analysis.blocked.items()
            ),
        )
    )
    if len(services) <= GRID_LIMIT:
        parts += ["", "### Every pair", "", _grid(view, services, analysis)]
    return "\n".join(parts)


def _shares(view: View, analysis: Parallelism, service: str) -> str:
    entries = analysis.shared.get(service, [])
    return (
        "; ".join(
            f"{view.component(use.component)} {use.port} with {view.services(others)}"
            for use, others in entries
        )
        or NONE
    )


def _clash(view: View, clash: Clash) -> str:
    first, second = clash.first, clash.second
    what = (
        view.component(first.component)
        if first.component == second.component
        else f"{view.component(first.component)}/{view.component(second.component)}"
    )
    return (
        f"{what} {first.port} ({first.protocol}, {text(first.scope)}): "
        f"{text(first.tier)} and {text(second.tier)}"
    )


def _grid(view: View, services: list[str], analysis: Parallelism) -> str:
    headers = ["Service", *(str(number) for number in range(1, len(services) + 1))]
    rows = []
    for number, service in enumerate(services, start=1):
        blocked = set(analysis.blocked_with(service))
        cells = [
            NONE if other == service else ("❌" if other in blocked else "✅") for other in services
        ]
        rows.append([f"{number}. {view.service(service)}", *cells])
    return table(headers, rows)
