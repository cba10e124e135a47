"""The ``map`` section: a port-map picture per tier and per Kind cluster, linked from the
markdown, and the pictures themselves (SVG, :mod:`portreg.render.portmap`).

A tier's map shows its host ports: each component's range for the tier, and the tier's
ports outside every range; a port there is taken when any suite holds it, whatever its
tier (as in the ranges section). A cluster's map shows its NodePorts: its bands and the
NodePorts outside them.
"""

from __future__ import annotations

from collections.abc import Mapping

from portreg.records import HOST_SCOPE
from portreg.render.markdown import EVERYTHING, Options, View, paragraph, text
from portreg.render.portmap import Lane, Picture, lanes_for, svg

MAP_PREFIX = "port-map-"


def pictures(view: View, options: Options = EVERYTHING) -> dict[str, Picture]:
    """Every map by name (a tier id, then a cluster id), in registry order; a tier or a
    cluster with no port to show has none."""
    found: dict[str, Picture] = {}
    for tier in view.registry.tiers:
        if options.tier(tier):
            picture = _tier(view, tier)
            if picture is not None:
                found[tier] = picture
    for cluster in view.registry.scopes:
        if view.registry.scope_kind(cluster) != "nodeport" or not options.cluster(cluster):
            continue
        picture = _cluster(view, cluster)
        if picture is not None and cluster not in found:
            found[cluster] = picture
    return found


def drawings(view: View, options: Options = EVERYTHING) -> dict[str, str]:
    """Every map as SVG text, by name."""
    names = {service: view.service(service) for service in view.registry.services}
    plain = {key: _plain(value) for key, value in names.items()}
    return {
        name: svg(picture, view.service_order, plain)
        for name, picture in pictures(view, options).items()
    }


def render(
    view: View, options: Options = EVERYTHING, links: Mapping[str, str] | None = None
) -> str:
    """The section: what a map shows, and a picture per tier and cluster, each linked."""
    found = pictures(view, options)
    parts = ["## Port maps"]
    if not found:
        return "\n".join([*parts, "", "_No port to draw yet._"])
    parts += [
        "",
        paragraph(
            "A lane per range; a cell per port: free, reserved (grey), in a block (sand) or "
            "taken (its service's colour and number; a stripe for each other service on it). "
            "⚠ marks a known conflict, brackets a block; hover over a cell for its holders."
        ),
    ]
    for name in found:
        link = (links or {}).get(name, f"{MAP_PREFIX}{name}.svg")
        what = view.tier(name) if name in view.registry.tiers else f"cluster {text(name)}"
        parts += ["", f"![Port map of {what}]({link})"]
    return "\n".join(parts)


def _plain(name: str) -> str:
    """A name as the picture shows it: the markdown escapes of :func:`text` undone."""
    return name.replace("\\", "")


def _tier(view: View, tier: str) -> Picture | None:
    registry = view.registry
    own = [use for use in registry.allocations if use.scope == HOST_SCOPE and use.tier == tier]
    ranges = [
        Lane(f"{view.component(name)}, {view.tier(tier)}, {ports}", ports.start, ports.end)
        for name, component in registry.components.items()
        if (ports := component.ranges.get(tier)) is not None
    ]
    # A block of the tier that no range holds is a lane of its own, named by its owner.
    for service_id, service in registry.services.items():
        for block_tier, component, ports in service.block_items():
            inside = any(lane.start <= ports.start and ports.end <= lane.end for lane in ranges)
            if block_tier == tier and not inside:
                what = f"{view.component(component)} block" if component else "block"
                title = f"{view.service(service_id)}'s {what} {ports}"
                ranges.append(Lane(title, ports.start, ports.end))
    if not own and not ranges:
        return None
    outside = "Outside the ranges" if ranges else "Host ports"
    lanes = lanes_for(ranges, (use.port for use in own), outside)
    picture = Picture(_plain(f"Host ports of {view.tier(tier)}"), lanes)
    shown = _ports_of(lanes)
    _fill(view, picture, HOST_SCOPE, shown)
    picture.blocks = [
        (ports.start, ports.end, service_id)
        for service_id, service in registry.services.items()
        for _, _, ports in service.block_items()
        if any(port in shown for port in (ports.start, ports.end))
        or ports.start <= min(shown, default=0) <= ports.end
    ]
    return picture


def _cluster(view: View, cluster: str) -> Picture | None:
    registry = view.registry
    own = [use for use in registry.allocations if use.scope == cluster]
    if not own:
        return None
    bands: dict[tuple[int, int], str] = {}
    for use in own:
        band = registry.nodeport_band(cluster, use.component, use.tier)
        if band is not None:
            bands.setdefault((band.start, band.end), f"{view.component(use.component)} band {band}")
    ranges = [Lane(title, start, end) for (start, end), title in bands.items()]
    outside = "Outside the bands" if ranges else "NodePorts"
    lanes = lanes_for(ranges, (use.port for use in own), outside)
    picture = Picture(_plain(f"NodePorts of cluster {cluster}"), lanes)
    _fill(view, picture, cluster, _ports_of(lanes))
    return picture


def _ports_of(lanes: list[Lane]) -> set[int]:
    """Every port the lanes show."""
    return {port for lane in lanes for port in range(lane.start, lane.end + 1)}


def _fill(view: View, picture: Picture, scope: str, shown: set[int]) -> None:
    """Who holds each shown port of the scope, what is reserved, what is a known conflict."""
    for use in view.registry.allocations:
        if use.scope == scope and use.port in shown:
            picture.holders.setdefault(use.port, []).append(use)
    for item in view.registry.reserved:
        if item.scope == scope:
            for port in range(max(item.port.start, min(shown)), min(item.port.end, max(shown)) + 1):
                if port in shown:
                    picture.reserved.setdefault(port, " ".join(item.reason.split()))
    picture.known = {
        entry.port
        for entry in view.registry.known_conflicts
        if entry.scope == scope and entry.port in shown
    }
