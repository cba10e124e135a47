"""Records of ``portreg run`` as evidence for ``portreg init --observed``.

Each bind of a recorded suite is a port that suite really bound: a container's published
port with its container port, a process's port, a Service's NodePort in its cluster (one
that Kubernetes chose: ``dynamic: true``). The component is named as the bind names it:
the container's image (``redis:7`` → redis, which init's naming knows by its container
port too), the process, the Service. Ports the system chose (the ephemeral range) are not
allocations, and a worker's record other than worker 0's says only worker 0's ports + i ×
stride, so it is set aside with a remark.
"""

from __future__ import annotations

from collections.abc import Sequence

from portreg.adopt.evidence import BIND, Evidence, FoundCluster, FoundPort, Unplaced
from portreg.findings import Location
from portreg.records import HOST_SCOPE
from portreg.run.observe import CONTAINER, KUBERNETES, Bind
from portreg.run.record import Record, read_record

SOURCE = "the runs"


def records_evidence(names: Sequence[str], shown: Sequence[str]) -> Evidence:
    """What the records ``names`` (shown as ``shown``: paths from the project root) say."""
    evidence = Evidence(SOURCE, files=len(names))
    clusters: dict[str, FoundCluster] = {}
    for name, place_name in zip(names, shown, strict=True):
        record = read_record(name)
        place = Location(place_name)
        if record.suite.worker:
            evidence.unplaced.append(
                Unplaced(
                    f"{record.suite}",
                    "a record of a worker other than 0: its ports are worker 0's + i × stride; "
                    "give init worker 0's record",
                    place,
                )
            )
            continue
        for bind in _allocated(record):
            evidence.ports.append(_found(record, bind, place))
            if bind.source == KUBERNETES:
                clusters.setdefault(bind.scope, FoundCluster(bind.scope, None, place))
    evidence.clusters = list(clusters.values())
    return evidence


def _allocated(record: Record) -> list[Bind]:
    """The record's binds that are allocations: not a port the system chose."""
    low, high = record.ephemeral
    return sorted(
        (
            bind
            for bind in record.binds
            if not (bind.scope == HOST_SCOPE and low <= bind.port <= high)
        ),
        key=lambda bind: (bind.seen, bind.port),
    )


def _found(record: Record, bind: Bind, place: Location) -> FoundPort:
    suite = record.suite
    component = _component(bind)
    if bind.source == KUBERNETES:
        return FoundPort(
            suite.service,
            suite.tier,
            component,
            place,
            node_port=None if bind.assigned else bind.port,
            cluster=bind.scope,
            protocol=bind.protocol,
            dynamic=bool(bind.assigned),
            strength=BIND,
        )
    return FoundPort(
        suite.service,
        suite.tier,
        component,
        place,
        port=bind.port,
        container_port=bind.container_port,
        protocol=bind.protocol,
        strength=BIND,
    )


def _component(bind: Bind) -> str:
    """The component as the bind names it: an image's name, a Service's, a process's."""
    if bind.source == CONTAINER:
        image = (bind.image or "").rsplit("/", 1)[-1].split("@")[0].split(":")[0]
        return image or bind.container or "app"
    if bind.source == KUBERNETES:
        return bind.name or "service"
    return bind.process or "app"
