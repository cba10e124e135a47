"""``portreg allocate SERVICE --tier T COMPONENT...``: give a service the lowest free ports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg.edit.editor import apply_edit
from portreg.edit.free_ports import FreePorts
from portreg.edit.options import require_utf8
from portreg.edit.session import EditOptions, Session
from portreg.findings import UsageError
from portreg.nodeports import static_band
from portreg.wording import possessive

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry


def run(
    registry: str | None,
    service: str,
    tier: str,
    components: tuple[str, ...],
    port: int | None,
    in_block: bool,
    title: str | None,
    paths: tuple[str, ...],
    options: EditOptions,
    cluster: str | None = None,
) -> int:
    require_utf8(
        ("SERVICE", service),
        ("--tier", tier),
        ("COMPONENT", components),
        ("--title", title),
        ("--paths", paths),
    )
    if port is not None and len(components) != 1:
        raise UsageError("--port gives one port: name exactly one component with it")
    if len(set(components)) != len(components):
        raise UsageError("a component is named twice")
    if cluster is not None and in_block:
        raise UsageError("--in-block: blocks are host ports; leave out --cluster")

    def change(session: Session) -> None:
        if cluster is not None:
            ports = choose_node_ports(session.registry, service, tier, components, port, cluster)
        else:
            ports = choose_ports(session.registry, service, tier, components, port, in_block)
        written = {name: _written(number, cluster) for name, number in ports.items()}
        write_allocations(session, service, tier, written, title, paths)
        session.touched = {service}
        where = f"NodePort in {cluster}: " if cluster else ""
        for component, number in ports.items():
            session.notes.append(f"allocated {service} {tier} {component}: {where}{number}")
        if cluster is not None:
            session.notes += _above_static_band(session.registry, cluster, ports.values())

    return apply_edit(registry, "allocate", change, options)


def choose_ports(
    registry: Registry,
    service: str,
    tier: str,
    components: tuple[str, ...],
    port: int | None,
    in_block: bool,
) -> dict[str, int]:
    """The port for each component: ``port`` when given, else the lowest free one."""
    _require_new(registry, service, tier, components, port)
    if port is not None:
        return {components[0]: port}
    existing = registry.services.get(service)
    free = FreePorts(registry, service, tier)
    chosen: dict[str, int] = {}
    for component in components:
        ports = _search_range(registry, service, tier, component, in_block)
        # A suite with parallel workers needs every worker's copy of the port free too.
        offsets = existing.worker_offsets(tier, component) if existing else [0]
        found = free.lowest(ports, offsets=offsets)
        if not found:
            where = (
                f"{possessive(service)} {tier} block"
                if in_block
                else f"the {component} {tier} range"
            )
            raise UsageError(f"{where} {ports} has no free port; pass --port N")
        chosen[component] = found[0]
    return chosen


def _require_new(
    registry: Registry, service: str, tier: str, components: tuple[str, ...], port: int | None
) -> None:
    """A known tier and components, not yet the service's; --port with one component."""
    if tier not in registry.tiers:
        raise UsageError(f"--tier: no tier {tier} (known: {', '.join(registry.tiers)})")
    unknown = [name for name in components if name not in registry.components]
    if unknown:
        raise UsageError(
            f"no component {', '.join(unknown)} (known: {', '.join(registry.components)})"
        )
    existing = registry.services.get(service)
    held = existing.ports.get(tier, {}) if existing else {}
    already = [name for name in components if name in held]
    if already:
        raise UsageError(
            f"{service} already has {tier} {', '.join(already)}; use portreg move to change it"
        )


def choose_node_ports(
    registry: Registry,
    service: str,
    tier: str,
    components: tuple[str, ...],
    port: int | None,
    cluster: str,
) -> dict[str, int]:
    """The NodePort for each component in ``cluster``: ``port`` when given, else the lowest
    free one of the component's band there, or without one of the cluster's range (its
    static band while that has room)."""
    if registry.scope_kind(cluster) != "nodeport":
        clusters = [name for name in registry.scopes if registry.scope_kind(name) == "nodeport"]
        raise UsageError(
            f"--cluster: {cluster} is not a cluster of the registry (nodeport scopes: "
            f"{', '.join(clusters) or 'none'})"
        )
    _require_new(registry, service, tier, components, port)
    if port is not None:
        return {components[0]: port}
    chosen: dict[str, int] = {}
    free = FreePorts(registry, service, tier, cluster)
    for component in components:
        # The band the registry declares for the component there; else the whole range,
        # ascending: its static band, the lowest ports, comes first.
        band = registry.nodeport_band(cluster, component, tier)
        ports = band if band is not None else registry.nodeport_range(cluster)
        found = free.lowest(ports)
        if not found:
            where = f"{component} NodePort band" if band else "NodePort range"
            raise UsageError(f"the {where} {ports} of {cluster} has no free port; pass --port N")
        chosen[component] = found[0]
    return chosen


def _written(number: int, cluster: str | None) -> object:
    """What the registry gets: a host port, or a NodePort and its cluster."""
    return number if cluster is None else {"node_port": number, "cluster": cluster}


def _above_static_band(registry: Registry, cluster: str, ports: Iterable[int]) -> list[str]:
    band = static_band(registry.nodeport_range(cluster))
    above = [port for port in ports if band is not None and port > band.end]
    if not above:
        return []
    return [
        f"warning: {', '.join(map(str, above))} is above the static band {band} of {cluster}, "
        "where a Service created without nodePort: can take it first (PR305)"
    ]


def _search_range(
    registry: Registry, service: str, tier: str, component: str, in_block: bool
) -> PortRange:
    if in_block:
        owner = registry.services.get(service)
        blocks = owner.block_items() if owner else []
        for block_tier, block_component, ports in blocks:
            if block_tier == tier and block_component in (None, component):
                return ports
        raise UsageError(f"--in-block: {service} has no {tier} block for {component}")
    ranges = registry.components[component].ranges
    if tier not in ranges:
        raise UsageError(
            f"{component} declares no range for tier {tier}: pass --port N "
            f"(ranges declared for: {', '.join(ranges) or 'none'})"
        )
    return ranges[tier]


def write_allocations(
    session: Session,
    service: str,
    tier: str,
    ports: dict[str, object],
    title: str | None,
    paths: tuple[str, ...],
) -> None:
    """Splice ``ports`` into the service's tier, creating the tier or the service as needed."""
    document = session.document_for(("services", service))
    existing = session.registry.services.get(service)
    if existing is None:
        entry: dict[str, object] = {}
        if title:
            entry["title"] = title
        if paths:
            entry["paths"] = list(paths)
        entry["ports"] = {tier: dict(ports)}
        if document.has(("services",)):
            document.add_entry(("services",), service, entry)
        else:
            document.add_top_level(
                "services",
                {service: entry},
                before=(
                    "reserved",
                    "shares",
                    "exclusive",
                    "known_conflicts",
                    "exceptions",
                    "changelog",
                ),
            )
        return
    if title or paths:
        raise UsageError(f"{service} exists: --title and --paths only go with a new service")
    base = ("services", service)
    if document.has((*base, "ports", tier)):
        for component, number in ports.items():
            document.add_entry((*base, "ports", tier), component, number)
    elif document.has((*base, "ports")):
        document.add_entry((*base, "ports"), tier, dict(ports))
    else:
        document.add_entry(base, "ports", {tier: dict(ports)})
