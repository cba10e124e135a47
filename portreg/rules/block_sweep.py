"""Blocks as the clash rules see them: every service's blocks, sorted by first port, and
the sweep that finds the blocks containing each port (a sort and a sweep, never a
comparison of every pair). Blocks live on the host scope and hold every protocol."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from portreg.wording import possessive

if TYPE_CHECKING:
    from portreg.loading.sourcemap import PathKey
    from portreg.models import PortRange
    from portreg.rules import Context


@dataclass(frozen=True)
class OwnedBlock:
    service: str
    tier: str
    component: str | None
    ports: PortRange
    path: PathKey

    def label(self) -> str:
        what = f"{self.tier} {self.component}" if self.component else self.tier
        return f"{possessive(self.service)} {what} block {self.ports}"


def owned_blocks(context: Context) -> list[OwnedBlock]:
    """Every service's blocks, sorted by first port."""
    found = [
        OwnedBlock(
            service_id,
            tier,
            component,
            ports,
            ("services", service_id, "blocks", tier, *((component,) if component else ())),
        )
        for service_id, service in context.registry.services.items()
        for tier, component, ports in service.block_items()
    ]
    found.sort(key=lambda block: (block.ports.start, block.ports.end))
    return found


Item = TypeVar("Item")


def containing_blocks(
    blocks: Sequence[OwnedBlock], points: Iterable[tuple[int, int, Item]]
) -> Iterator[tuple[Item, list[OwnedBlock]]]:
    """For each (port, limit, item), in ascending order of port and limit: the blocks among
    the first ``limit`` (sorted by first port) that contain the port.

    ``active`` holds the blocks that start at or before the port, by last port: once those
    that end before it are dropped, every one left contains it. One pass, not every pair.
    """
    active: list[tuple[int, int]] = []
    following = 0
    for port, limit, item in points:
        while following < limit and blocks[following].ports.start <= port:
            heapq.heappush(active, (blocks[following].ports.end, following))
            following += 1
        while active and active[0][0] < port:
            heapq.heappop(active)
        yield item, [blocks[position] for position in sorted(p for _, p in active)]
