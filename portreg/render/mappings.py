"""The Kind mappings: one compact table, a row per suite and cluster, each port as
host port → NodePort → container port.

A Kind suite's port is three numbers: the host port that ``extraPortMappings`` maps to a
NodePort inside the cluster, and the container port the Service forwards that NodePort to.
They are read from :meth:`Registry.mapping`, so the older ``{port: N, scope: <nodeport
scope>}`` form shows the same as ``{node_port: N, cluster: <scope>}``. Each cluster's
title, config file and description are said once, under the table, where it has any.
"""

from __future__ import annotations

from portreg.records import HOST_SCOPE, AllocationRef, PortMapping, PortUse
from portreg.render.allocations import in_cluster
from portreg.render.markdown import (
    EVERYTHING,
    NONE,
    Options,
    View,
    code,
    inline,
    paragraph,
    port_text,
    text,
)
from portreg.render.marks import Notes
from portreg.tables import markdown_table

ARROW = " → "


def render(view: View, options: Options = EVERYTHING) -> str:
    registry = view.registry
    rows: dict[tuple[str, str, str], list[AllocationRef]] = {}
    seen: set[tuple[str | int, ...]] = set()
    for ref in registry.entries:
        if not in_cluster(view, ref) or not options.tier(ref.tier) or ref.path in seen:
            continue
        seen.add(ref.path)  # a cluster's own port: one row for the cluster, not one per suite
        cluster = cluster_of(registry.mapping(ref))
        if options.cluster(cluster):
            owner = "" if ref.origin is not None else ref.service
            rows.setdefault((cluster, owner, ref.tier), []).append(ref)
    parts = ["## Kind mappings"]
    if not rows:
        return "\n".join([*parts, "", "_No port lives in a cluster._"])
    parts += [
        "",
        paragraph(
            "Each port as host port (Kind's `extraPortMappings`) → NodePort in the cluster → "
            "container port of the Service."
        ),
        "",
    ]
    clusters = {name: index for index, name in enumerate(registry.scopes)}
    services = {"": -1} | {service: index for index, service in enumerate(view.service_order)}
    tiers = {tier: index for index, tier in enumerate(registry.tiers)}
    sides = _sides_by_path(view)
    notes = Notes(view)
    body = []
    order = sorted(
        rows,
        key=lambda key: (
            clusters.get(key[0], len(clusters)),
            key[0],
            services[key[1]],
            tiers.get(key[2], len(tiers)),
        ),
    )
    for cluster, service, tier in order:
        ports = [_ports(view, ref, sides, notes) for ref in rows[(cluster, service, tier)]]
        body.append([_suite(view, cluster, service, tier), code(cluster), ", ".join(ports)])
    parts.append(markdown_table(["Suite", "Cluster", "Ports (host → NodePort → container)"], body))
    about = _clusters(view, dict.fromkeys(cluster for cluster, _, _ in order))
    if about:
        parts += ["", *about]
    lines = notes.lines()
    if lines:
        parts += ["", *lines]
    return "\n".join(parts)


def _suite(view: View, cluster: str, service: str, tier: str) -> str:
    """The row's suite; for a cluster's own ports, the suites that create the cluster."""
    if service:
        return f"{view.row_label(service)} ({view.tier(tier)})"
    scope = view.registry.scopes.get(cluster)
    users = [name for name in scope.services if name in view.registry.services] if scope else []
    return f"all of {view.services(dict.fromkeys(users))} ({view.tier(tier)})"


def cluster_of(mapping: PortMapping) -> str:
    """The cluster an allocation's row belongs to: its NodePort's, else its port's scope."""
    return mapping.cluster if mapping.cluster is not None else mapping.scope


def _sides_by_path(view: View) -> dict[tuple[tuple[str | int, ...], str], PortUse]:
    return {(use.path, use.side): use for use in view.registry.allocations}


def _ports(
    view: View,
    ref: AllocationRef,
    sides: dict[tuple[tuple[str | int, ...], str], PortUse],
    notes: Notes,
) -> str:
    """``API 8080 → 30080 → 8080``: each side with its marks, ``—`` for a side it has not."""
    mapping = view.registry.mapping(ref)
    allocation = ref.allocation
    protocol = allocation.protocol
    host = node = NONE
    if mapping.port is not None and mapping.scope == HOST_SCOPE:
        host = _marked(port_text(mapping.port, protocol), ref, sides.get((ref.path, "port")), notes)
    inside = mapping.node_port
    side = "node_port"
    if inside is None and mapping.port is not None and mapping.scope != HOST_SCOPE:
        inside, side = mapping.port, "port"  # a port of an isolated scope, or the older form
    if inside is not None:
        node = _marked(port_text(inside, protocol), ref, sides.get((ref.path, side)), notes)
    if allocation.dynamic:
        shown = " ".join(["dynamic", *notes.marks(ref, None, "dynamic")])
        host, node = (shown, node) if mapping.cluster is None else (host, shown)
    container = str(mapping.container_port) if mapping.container_port is not None else NONE
    return f"{view.component(ref.component, ref.instance)} {host}{ARROW}{node}{ARROW}{container}"


def _marked(shown: str, ref: AllocationRef, use: PortUse | None, notes: Notes) -> str:
    return " ".join([shown, *notes.marks(ref, use, shown)])


def _clusters(view: View, clusters: dict[str, None]) -> list[str]:
    """A line per cluster that has more to say than its id: title, config file, description."""
    lines = []
    for name in clusters:
        scope = view.registry.scopes.get(name)
        if scope is None:
            continue
        about = []
        if scope.title and scope.title != name:
            about.append(text(scope.title))
        if scope.config:
            about.append(f"config {code(scope.config)}")
        if scope.description:
            about.append(inline(scope.description))
        if about:
            lines.append(f"- {code(name)}: {'; '.join(about)}")
    return lines
