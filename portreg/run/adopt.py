"""Records of ``portreg run`` as allocations: what ``portreg init --observed`` proposes.

Each bind of a recorded suite becomes an allocation of that suite: a container's published
port with its container port, a process's port, a Service's NodePort in its cluster (one
that Kubernetes chose: ``dynamic: true``). The component is named from what bound it: the
container's image (``redis:7`` → redis; a well-known container port names it too), the
process, the Service. Ports the system chose (the ephemeral range) are not allocations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from portreg.records import HOST_SCOPE
from portreg.run.observe import CONTAINER, KUBERNETES, Bind
from portreg.run.record import Record

Allocation = int | dict[str, object]


@dataclass
class Observed:
    """What the records say, as a registry would: per service, tier and component."""

    services: dict[str, dict[str, dict[str, Allocation]]] = field(default_factory=dict)
    clusters: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def add(self, service: str, tier: str, component: str, allocation: Allocation) -> None:
        held = self.services.setdefault(service, {}).setdefault(tier, {})
        if allocation in held.values():
            return  # seen in another record, or bound on two addresses
        name, number = component, 1
        while name in held:
            number += 1
            name = f"{component}{number}"
        held[name] = allocation


def observed_allocations(records: Sequence[Record], well_known: dict[int, str]) -> Observed:
    """The allocations the records' binds propose; ``well_known`` names a component by its
    container port (6379 → redis)."""
    found = Observed()
    for record in records:
        suite = record.suite
        if suite.worker:
            found.notes.append(
                f"{record.path}: worker {suite.worker} of {suite.service} {suite.tier}: its ports "
                "are worker 0's + i × stride; give init worker 0's record"
            )
            continue
        low, high = record.ephemeral
        for bind in sorted(record.binds, key=lambda bind: (bind.source, bind.port)):
            if bind.scope == HOST_SCOPE and low <= bind.port <= high:
                continue  # the system chose it
            component = _component(bind, well_known)
            found.add(suite.service, suite.tier, component, _allocation(bind))
            if bind.source == KUBERNETES:
                found.clusters.add(bind.scope)
    return found


def _allocation(bind: Bind) -> Allocation:
    if bind.source == KUBERNETES:
        if bind.assigned:
            return {"dynamic": True, "cluster": bind.scope}
        return {"node_port": bind.port, "cluster": bind.scope}
    allocation: dict[str, object] = {"port": bind.port}
    if bind.protocol != "tcp":
        allocation["protocol"] = bind.protocol
    if bind.container_port is not None:
        allocation["container_port"] = bind.container_port
    return allocation if len(allocation) > 1 else bind.port


def _component(bind: Bind, well_known: dict[int, str]) -> str:
    if bind.source == CONTAINER:
        if bind.container_port in well_known:
            return well_known[bind.container_port]
        image = (bind.image or "").rsplit("/", 1)[-1].split("@")[0].split(":")[0]
        return slug(image or bind.container or "app")
    if bind.source == KUBERNETES:
        return slug(bind.name or "service")
    return slug(bind.process or "app")


def slug(text: str) -> str:
    """A registry id from a name: lower case, words joined by ``-`` (``ingest.test`` →
    ``ingest-test``)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    name = "-".join(words)[:63].strip("-") or "app"
    return name if name[0].isalpha() else f"port-{name}"[:63]
