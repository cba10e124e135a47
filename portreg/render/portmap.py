"""The port map: an SVG picture per tier (its host ports) and per Kind cluster (its
NodePorts), drawn from the same :class:`View` as the markdown.

Each lane is a stretch of ports: a component's range, a cluster's band, or a run of ports
that lie outside every range. Along it, each port is a cell: free (pale green), allocated
(the colour of its service, named in the legend), reserved (grey), inside another service's
block, or in conflict (a known conflict: red outline and ⚠). Blocks are brackets above the
lane, named by their owner. Every cell has a tooltip (``<title>``) for the browser.

The text is written by hand, not by a drawing library: a few rectangles and labels, with
integer coordinates only, so the same registry gives the same bytes on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from portreg.records import PortUse

WIDTH = 960  # the lane area, in pixels
LEFT = 16
CELL_MAX = 24  # a port's cell is never wider than this
SHORTEN = 6  # a free run this long or longer is drawn short
SHORT_WIDTH = 56
LANE_HEIGHT = 22
LANE_GAP = 64  # room for the lane's title above and its port labels below
# Ports further apart than this outside every range never share a lane.
FAR = 2000
FREE, RESERVED, BLOCKED, BORDER = "#d8f0d8", "#b8b8b8", "#efe6c8", "#5a5a5a"
CONFLICT = "#d7191c"
# The kinds of cell the legend explains before the services.
CELL_KINDS = ((FREE, "free"), (RESERVED, "reserved"), (BLOCKED, "in a block, not yet allocated"))
# About how wide a character of a 10 px label is: labels that would run into each other are
# left out.
CHAR_WIDTH = 7
# What browsers have, then what a Linux machine without them has (the tests' renderer).
FONTS = "Helvetica, Arial, DejaVu Sans, sans-serif"
# Colour-blind-safe hues (Okabe-Ito, then Paul Tol's), cycled in service order.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#f0e442", "#332288", "#117733", "#882255", "#44aa99", "#999933",
)  # fmt: skip


@dataclass
class Lane:
    """A stretch of ports drawn as one bar: ``start``-``end`` with a title."""

    title: str
    start: int
    end: int


@dataclass
class Picture:
    """What one map shows: its lanes and, per port, who holds it."""

    title: str
    lanes: list[Lane]
    holders: dict[int, list[PortUse]] = field(default_factory=dict)
    reserved: dict[int, str] = field(default_factory=dict)
    blocks: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, owner
    known: set[int] = field(default_factory=set)


def lanes_for(
    ranges: Iterable[Lane], ports: Iterable[int], outside: str = "Outside the ranges"
) -> list[Lane]:
    """The declared ranges, then the ports outside all of them in as few lanes as fit the
    width (long free runs between them are drawn short); a lane never spans a declared
    range or a gap of more than :data:`FAR` ports."""
    declared = sorted(ranges, key=lambda lane: (lane.start, lane.end, lane.title))
    inside = {port for lane in declared for port in range(lane.start, lane.end + 1)}
    extra: list[Lane] = []
    width = 0
    for port in sorted(set(ports) - inside):
        if extra:
            gap = port - extra[-1].end - 1
            step = CELL_MAX + (SHORT_WIDTH if gap >= SHORTEN else gap * CELL_MAX)
            between = any(extra[-1].end < lane.start and lane.end < port for lane in declared)
            if gap <= FAR and not between and width + step <= WIDTH:
                extra[-1].end = port
                width += step
                continue
        extra.append(Lane("", port, port))
        width = CELL_MAX
    for lane in extra:
        span = str(lane.start) if lane.start == lane.end else f"{lane.start}-{lane.end}"
        lane.title = f"{outside}, {span}" if declared else f"{outside} {span}"
    return sorted([*declared, *extra], key=lambda lane: (lane.start, lane.end, lane.title))


def svg(picture: Picture, services: list[str], names: dict[str, str]) -> str:
    """The picture as SVG text: lanes top to bottom, then the legend."""
    holding = {use.service for uses in picture.holders.values() for use in uses}
    used = [service for service in services if service in holding]
    # A service is its number on the cells and in the legend; colours repeat past twelve.
    keys = {
        service: (index + 1, PALETTE[index % len(PALETTE)]) for index, service in enumerate(used)
    }
    body: list[str] = []
    y = 72
    for lane in picture.lanes:
        body += _lane(picture, lane, y, keys, names)
        y += LANE_HEIGHT + LANE_GAP
    body += _legend(used, keys, names, y)
    height = y + 24 * ((len(used) + len(CELL_KINDS) + 3) // 4)
    total = WIDTH + 2 * LEFT
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{height}" '
        f'viewBox="0 0 {total} {height}" font-family="{FONTS}" font-size="12">',
        f"<title>{escape(picture.title)}</title>",
        f'<rect width="{total}" height="{height}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="22" font-size="16" font-weight="bold">{escape(picture.title)}</text>',
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"


def _layout(
    picture: Picture, lane: Lane
) -> tuple[dict[int, int], list[tuple[int, int, int]], int, int]:
    """Where each port's cell starts, the free runs drawn short (first, last, x), the cell
    width and the lane's width. A free run of :data:`SHORTEN` ports or more is drawn as one
    short stretch, so that taken ports stay wide enough to carry their number."""
    ports = range(lane.start, lane.end + 1)
    runs: list[tuple[int, int]] = []
    for port in ports:
        if _free(picture, port):
            if runs and runs[-1][1] == port - 1:
                runs[-1] = (runs[-1][0], port)
            else:
                runs.append((port, port))
    short = [(first, last) for first, last in runs if last - first + 1 >= SHORTEN]
    shortened = {port for first, last in short for port in range(first, last + 1)}
    cells = len(ports) - len(shortened)
    cell = max(1, min(CELL_MAX, (WIDTH - len(short) * SHORT_WIDTH) // max(cells, 1)))
    starts: dict[int, int] = {}
    stretches: list[tuple[int, int, int]] = []
    x = LEFT
    for port in ports:
        if port in shortened:
            if port - 1 not in shortened or port == lane.start:
                stretches.append((port, next(last for first, last in short if first == port), x))
                x += SHORT_WIDTH
            continue
        starts[port] = x
        x += cell
    return starts, stretches, cell, x - LEFT


def _lane(
    picture: Picture, lane: Lane, y: int, keys: dict[str, tuple[int, str]], names: dict[str, str]
) -> list[str]:
    starts, stretches, cell, width = _layout(picture, lane)
    taken = sum(1 for port in range(lane.start, lane.end + 1) if port in picture.holders)
    free = sum(1 for port in range(lane.start, lane.end + 1) if _free(picture, port))
    title = f"{lane.title}: {taken} taken, {free} free"
    out = [f'<text x="{LEFT}" y="{y - 26}" font-weight="bold">{escape(title)}</text>']
    for port, x in starts.items():
        out += _cell(picture, port, x, y, cell, keys, names)
    for first, last, x in stretches:
        tip = escape(f"{first}-{last}: {last - first + 1} free")
        out.append(
            f'<rect x="{x}" y="{y}" width="{SHORT_WIDTH}" height="{LANE_HEIGHT}" fill="{FREE}">'
            f"<title>{tip}</title></rect>"
        )
        out.append(
            f'<text x="{x + SHORT_WIDTH // 2}" y="{y + LANE_HEIGHT - 7}" font-size="10" '
            f'text-anchor="middle">{last - first + 1} free</text>'
        )
    out += _blocks(picture, lane, y, starts, cell, names)
    out.append(
        f'<rect x="{LEFT}" y="{y}" width="{width}" height="{LANE_HEIGHT}" fill="none" '
        f'stroke="{BORDER}"/>'
    )
    out += _numbers(lane, starts, stretches, y + LANE_HEIGHT + 14, LEFT + width)
    return out


def _numbers(
    lane: Lane, starts: dict[int, int], stretches: list[tuple[int, int, int]], y: int, right: int
) -> list[str]:
    """Port numbers under the lane: where it starts, after each shortened free run and
    where it ends, as long as they do not run into each other."""
    marks = [(lane.start, LEFT)] + [(last + 1, x + SHORT_WIDTH) for _, last, x in stretches]
    end_room = right - CHAR_WIDTH * len(str(lane.end))
    out = []
    room = LEFT
    for port, x in marks:
        if port > lane.end or x < room or x + CHAR_WIDTH * len(str(port)) > end_room:
            continue
        out.append(f'<text x="{x}" y="{y}" font-size="10">{port}</text>')
        room = x + CHAR_WIDTH * len(str(port)) + 4
    if lane.end != lane.start:
        out.append(f'<text x="{right}" y="{y}" font-size="10" text-anchor="end">{lane.end}</text>')
    return out


def _blocks(
    picture: Picture,
    lane: Lane,
    y: int,
    starts: dict[int, int],
    cell: int,
    names: dict[str, str],
) -> list[str]:
    """A bracket above the lane over each block's cells, with its owner's name."""
    out = []
    for start, end, owner in picture.blocks:
        inside = [
            starts[port]
            for port in range(max(start, lane.start), min(end, lane.end) + 1)
            if port in starts
        ]
        if not inside:
            continue
        low, high = min(inside), max(inside) + cell
        tip = escape(f"{names.get(owner, owner)}'s block {start}-{end}")
        out.append(
            f'<path d="M{low} {y - 3}V{y - 8}H{high}V{y - 3}" fill="none" '
            f'stroke="{BORDER}" stroke-width="2"><title>{tip}</title></path>'
        )
        whole = lane.start >= start and lane.end <= end  # the lane is the block: titled so
        if not whole and (high - low) >= CHAR_WIDTH * len(tip):
            out.append(f'<text x="{low}" y="{y - 11}" font-size="10">{tip}</text>')
    return out


def _ink(fill: str) -> str:
    """Black on a light fill, white on a dark one (relative luminance, as WCAG has it)."""
    red, green, blue = (int(fill[index : index + 2], 16) / 255 for index in (1, 3, 5))
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "#ffffff"


def _free(picture: Picture, port: int) -> bool:
    return (
        port not in picture.holders
        and port not in picture.reserved
        and not _in_block(picture, port)
    )


def _in_block(picture: Picture, port: int) -> bool:
    return any(start <= port <= end for start, end, _ in picture.blocks)


def _appearance(
    picture: Picture, port: int, keys: dict[str, tuple[int, str]], names: dict[str, str]
) -> tuple[int, str, str]:
    """A port's cell: the number of its (first) holder in the legend (0: none), its fill
    and its tooltip."""
    holders = picture.holders.get(port, [])
    if holders:
        number, fill = keys.get(holders[0].service, (0, BORDER))
        who = "; ".join(
            f"{names.get(use.service, use.service)} ({use.tier}) {use.component_label}"
            for use in holders
        )
        return number, fill, f"{port}: {who}"
    if port in picture.reserved:
        return 0, RESERVED, f"{port}: reserved ({picture.reserved[port]})"
    if _in_block(picture, port):
        return 0, BLOCKED, f"{port}: in a block, not yet allocated"
    return 0, FREE, f"{port}: free"


def _cell(
    picture: Picture,
    port: int,
    x: int,
    y: int,
    width: int,
    keys: dict[str, tuple[int, str]],
    names: dict[str, str],
) -> list[str]:
    holders = picture.holders.get(port, [])
    number, fill, tip = _appearance(picture, port, keys, names)
    stroke = ""
    if port in picture.known:
        stroke = f' stroke="{CONFLICT}" stroke-width="2"'
        tip += " (a known conflict)"
    out = [
        f'<rect x="{x}" y="{y}" width="{width}" height="{LANE_HEIGHT}" fill="{fill}"{stroke}>'
        f"<title>{escape(tip)}</title></rect>"
    ]
    # A port several services hold (a share, a reuse, a known conflict): a stripe each below.
    others = list(dict.fromkeys(use.service for use in holders))[1:]
    for position, service in enumerate(others):
        stripe = keys.get(service, (0, BORDER))[1]
        out.append(
            f'<rect x="{x}" y="{y + LANE_HEIGHT - 5 * (position + 1)}" width="{width}" '
            f'height="5" fill="{stripe}"/>'
        )
    if number and width >= 14:
        # the service's number from the legend, so that the picture reads without hovering
        out.append(
            f'<text x="{x + width // 2}" y="{y + LANE_HEIGHT - 7}" font-size="10" '
            f'text-anchor="middle" fill="{_ink(fill)}">{number}</text>'
        )
    if port in picture.known:
        out.append(
            f'<text x="{x + width // 2}" y="{y - 11}" text-anchor="middle" '
            f'fill="{CONFLICT}">⚠</text>'
        )
    return out


def _legend(
    services: list[str], keys: dict[str, tuple[int, str]], names: dict[str, str], y: int
) -> list[str]:
    """Four entries a row: the kinds of cell, then each service on the map, numbered."""
    entries = [(colour, "", label) for colour, label in CELL_KINDS]
    for service in services:
        position, colour = keys[service]
        entries.append((colour, str(position), names.get(service, service)))
    out = []
    column = WIDTH // 4
    for index, (colour, number, label) in enumerate(entries):
        x = LEFT + (index % 4) * column
        row_y = y + 24 * (index // 4)
        out.append(
            f'<rect x="{x}" y="{row_y - 12}" width="16" height="16" fill="{colour}" '
            f'stroke="{BORDER}"/>'
        )
        if number:
            out.append(
                f'<text x="{x + 8}" y="{row_y}" font-size="10" text-anchor="middle" '
                f'fill="{_ink(colour)}">{number}</text>'
            )
        out.append(f'<text x="{x + 22}" y="{row_y}">{escape(label)}</text>')
    return out
