"""The Kind mappings: per cluster, each service's host port ↔ NodePort ↔ container port.

A Kind suite's port is three numbers: the host port that ``extraPortMappings`` maps to a
NodePort inside the cluster, and the container port the Service forwards that NodePort to.
The table puts the three side by side, as the hand-kept tables did, from
:meth:`Registry.mapping`, so the older ``{port: N, scope: <nodeport scope>}`` form shows the
same as ``{node_port: N, cluster: <scope>}``.
"""

from __future__ import annotations

from portreg.records import HOST_SCOPE, AllocationRef, PortMapping
from portreg.render.markdown import KNOWN_CONFLICT, NONE, View, port_text, text
from portreg.tables import markdown_table


def render(view: View) -> str:
    registry = view.registry
    by_cluster: dict[str, list[tuple[AllocationRef, PortMapping]]] = {}
    for ref in registry.entries:
        mapping = registry.mapping(ref)
        cluster = _cluster_of(view, mapping)
        if cluster is not None:
            by_cluster.setdefault(cluster, []).append((ref, mapping))
    parts = ["## Kind mappings"]
    if not by_cluster:
        return "\n".join([*parts, "", "_No port lives in a cluster._"])
    parts += [
        "",
        "Per cluster: the host port (Kind `extraPortMappings`), the NodePort it maps to "
        "inside the cluster, and the container port the Service forwards to.",
    ]
    order = {name: index for index, name in enumerate(registry.scopes)}
    services = {service: index for index, service in enumerate(view.service_order)}
    for cluster in sorted(by_cluster, key=lambda name: (order.get(name, len(order)), name)):
        rows = sorted(by_cluster[cluster], key=lambda pair: services[pair[0].service])
        parts += ["", f"### {view.scope(cluster)}", ""]
        scope = registry.scopes.get(cluster)
        if scope is not None and scope.config:
            parts += [f"Config: `{scope.config.replace('`', '')}`", ""]
        parts.append(_table(view, cluster, rows))
    return "\n".join(parts)


def _cluster_of(view: View, mapping: PortMapping) -> str | None:
    """The cluster an allocation's row belongs to; None for a host-only port."""
    if mapping.cluster is not None:
        return mapping.cluster
    if mapping.port is not None and mapping.scope != HOST_SCOPE:
        return mapping.scope  # a port inside an isolated scope
    return None


def _table(view: View, cluster: str, rows: list[tuple[AllocationRef, PortMapping]]) -> str:
    inside = "NodePort" if view.registry.scope_kind(cluster) == "nodeport" else "Cluster port"
    tiers = {ref.tier for ref, _ in rows}
    headers = ["Service", "Component", "Host port", inside, "Container port"]
    if len(tiers) > 1:
        headers.insert(2, "Tier")
    body = []
    for ref, mapping in rows:
        host, node = _sides(view, ref, mapping, cluster)
        container = mapping.container_port
        row = [
            view.row_label(ref.service),
            view.component(ref.component, ref.instance),
            host,
            node,
            str(container) if container is not None else NONE,
        ]
        if len(tiers) > 1:
            row.insert(2, view.tier(ref.tier))
        body.append(row)
    return markdown_table(headers, body)


def _sides(view: View, ref: AllocationRef, mapping: PortMapping, cluster: str) -> tuple[str, str]:
    """The host and in-cluster cells: a number (⚠ when a known conflict), or dynamic."""
    protocol = ref.allocation.protocol
    host, node = NONE, NONE
    if mapping.port is not None and mapping.scope != cluster:
        host = _number(view, ref, mapping.port, mapping.scope, protocol)
        if mapping.scope != HOST_SCOPE:
            host += f" in {text(mapping.scope)}"
    if mapping.node_port is not None:
        node = _number(view, ref, mapping.node_port, cluster, protocol)
    elif mapping.port is not None and mapping.scope == cluster:
        node = _number(view, ref, mapping.port, cluster, protocol)
    if ref.allocation.dynamic:
        if mapping.cluster is not None:
            node = "dynamic" if node == NONE else node
        else:
            host = "dynamic" if host == NONE else host
    return host, node


def _number(view: View, ref: AllocationRef, port: int, scope: str, protocol: str) -> str:
    """The number, with its protocol when not tcp, and ⚠ when a known conflict accepts it."""
    shown = port_text(port, protocol)
    if (scope, protocol, port, ref.service) in view.known_conflicts:
        shown += f" {KNOWN_CONFLICT}"
    return shown
