"""Which host ports a service may be given: the search behind ``allocate`` and ``move --next``.

A port is free for a service in a tier when no other suite that may run at the same time
holds it (allocations of services in one ``exclusive`` group with ``reuse: true`` do not
count), it is not shared, reserved, inside another service's block, or a hazard (privileged,
well-known, ephemeral) of the host.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from portreg.lookup import hazard

if TYPE_CHECKING:
    from portreg.models import PortRange, Registry


class FreePorts:
    """The taken ports of one scope as seen by one service in one tier."""

    def __init__(self, registry: Registry, service: str, tier: str, scope: str = "host") -> None:
        self.check_hazards = registry.scope_kind(scope) == "host"
        self.taken: set[int] = set()
        apart = {
            (other, other_tier)
            for group in registry.exclusive
            if group.reuse and group.covers(service, tier)
            for other in group.services
            if other != service
            for other_tier in registry.tiers
            if group.covers(other, other_tier)
        }
        for use in registry.allocations:
            if use.scope == scope and (use.service, use.tier) not in apart:
                self.taken.add(use.port)
        self.taken.update(share.port for share in registry.shares if share.scope == scope)
        self.reserved = [r.port for r in registry.reserved if r.scope == scope]
        self.blocks: list[PortRange] = []
        if scope == "host":
            for owner_id, owner in registry.services.items():
                if owner_id != service:
                    self.blocks.extend(ports for _, _, ports in owner.block_items())

    def is_free(self, port: int) -> bool:
        if port in self.taken:
            return False
        if any(port in reserved for reserved in self.reserved):
            return False
        if any(port in block for block in self.blocks):
            return False
        return not (self.check_hazards and hazard(port) is not None)

    def lowest(self, ports: PortRange, count: int = 1, offsets: Sequence[int] = (0,)) -> list[int]:
        """Up to ``count`` free ports of ``ports``, lowest first; each is taken once found.

        With ``offsets`` (a suite's parallel workers: ``[0, 10, 20]``), a port is free when
        every worker's copy of it is, in ``ports`` too."""
        found: list[int] = []
        for port in range(max(ports.start, 1), min(ports.end, 65535) + 1):
            if len(found) == count:
                break
            copies = [port + offset for offset in offsets]
            if all(copy <= ports.end and self.is_free(copy) for copy in copies):
                found.append(port)
                self.taken.update(copies)
        return found

    def take(self, ports: Iterable[int]) -> None:
        self.taken.update(ports)
