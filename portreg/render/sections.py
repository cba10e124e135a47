"""The sections of the generated markdown, one function each, by name.

Each function takes the :class:`View` of a valid registry and returns markdown without a
trailing newline. The output depends on the registry alone (never on the clock, the machine
or the current directory), so rendering twice gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from portreg.render import about, allocations, mappings, parallel, ranges
from portreg.render.markdown import (
    EVERYTHING,
    NONE,
    Options,
    View,
    code,
    inline,
    paragraph,
    port_runs,
    sparse_table,
    text,
)
from portreg.render.ranges import nodeport_ranges
from portreg.rules import find_rule
from portreg.tables import markdown_table


def components(view: View, options: Options = EVERYTHING) -> str:
    """The kinds of ports: each component's container port, ranges and description.

    Hand-kept tables often have a "container port" column (``18081 → 8081``); for a port on
    the host that number is the component's, so it is shown here, once per component.
    """
    registry = view.registry
    rows = []
    for name, component in registry.components.items():
        ranges = "; ".join(f"{view.tier(tier)} {ports}" for tier, ports in component.ranges.items())
        container = component.container_port
        rows.append(
            [
                view.component(name),
                code(name),
                str(container) if container is not None else "",
                ranges,
                nodeport_ranges(view, name),
                inline(component.description) if component.description else "",
            ]
        )
    headers = ["Component", "Id", "Container port", "Ranges", "NodePort ranges", "Description"]
    return "\n".join(["## Components", "", sparse_table(headers, rows)])


def reserved(view: View, options: Options = EVERYTHING) -> str:
    """Ports nobody may take: shown whether or not a component range holds them."""
    parts = ["## Reserved ports"]
    if not view.registry.reserved:
        return "\n".join([*parts, "", "_No port is reserved._"])
    rows = [
        [
            str(item.port),
            item.protocol,
            text(item.scope),
            view.service(item.service) if item.service else "nobody",
            text(item.reason),
        ]
        for item in view.registry.reserved
    ]
    headers = ["Port", "Protocol", "Scope", "Only for", "Reason"]
    return "\n".join([*parts, "", markdown_table(headers, rows)])


def shares(view: View, options: Options = EVERYTHING) -> str:
    registry = view.registry
    parts = ["## Shared ports"]
    if not registry.shares:
        return "\n".join([*parts, "", "_No port is shared: every allocation is unique._"])
    concurrent = any(share.concurrent for share in registry.shares)
    rows = []
    for share in registry.shares:
        row = [
            str(share.port),
            share.protocol,
            text(share.scope),
            _components(view, share.scope, share.protocol, share.port),
            view.services(share.services),
            text(share.reason),
        ]
        if concurrent:
            row.insert(5, "yes" if share.concurrent else "no")
        rows.append(row)
    headers = ["Port", "Protocol", "Scope", "Component", "Services", "Reason"]
    if concurrent:
        headers.insert(5, "Run together")
    return "\n".join([*parts, "", markdown_table(headers, rows)])


def _components(view: View, scope: str, protocol: str, port: int) -> str:
    uses = view.context.by_key.get((scope, protocol, port), [])
    names = dict.fromkeys(view.component(use.component, use.instance) for use in uses)
    return ", ".join(names) or NONE


def exclusive(view: View, options: Options = EVERYTHING) -> str:
    """Suites that never run at the same time, and whether that lets them reuse ports."""
    parts = ["## Suites that never run together"]
    if not view.registry.exclusive:
        return "\n".join([*parts, "", "_No exclusive groups: any suites may run together._"])
    rows = [
        [
            view.services(dict.fromkeys(group.services)),
            ", ".join(view.tier(tier) for tier in group.tiers) if group.tiers else "all",
            _reuse(group.reuse, group.ports),
            text(group.reason),
        ]
        for group in view.registry.exclusive
    ]
    return "\n".join(
        [
            *parts,
            "",
            paragraph(
                "The suites of a group run apart (separate runners, one after the other). With "
                "reuse, they may use each other's ports without a share."
            ),
            "",
            markdown_table(["Services", "Tiers", "Reuse ports", "Reason"], rows),
        ]
    )


def _reuse(reuse: bool, ports: list[int] | None) -> str:
    if not reuse:
        return "no"
    return "yes" if ports is None else f"only {port_runs(ports)}"


def exceptions(view: View, options: Options = EVERYTHING) -> str:
    registry = view.registry
    parts = ["## Exceptions to the rules"]
    if not registry.exceptions:
        return "\n".join([*parts, "", "_No exceptions: every rule applies everywhere._"])
    rows = []
    for exception in registry.exceptions:
        rule = find_rule(exception.rule)
        rows.append(
            [
                f"{rule.code} {rule.name}" if rule else text(exception.rule),
                view.service(exception.service) if exception.service else "all",
                text(exception.cluster) if exception.cluster else "",
                view.tier(exception.tier) if exception.tier else "all",
                view.component(exception.component) if exception.component else "all",
                text(exception.reason),
            ]
        )
    headers = ["Rule", "Service", "Cluster", "Tier", "Component", "Reason"]
    return "\n".join([*parts, "", sparse_table(headers, rows)])


RENDERERS: dict[str, Callable[[View, Options], str]] = {
    "header": about.header,
    "services": about.services,
    "allocations": allocations.render,
    "mappings": mappings.render,
    "components": components,
    "ranges": ranges.render,
    "reserved": reserved,
    "shares": shares,
    "exclusive": exclusive,
    "exceptions": exceptions,
    "parallel": parallel.render,
    "changelog": about.changelog,
}
