"""Parallel workers: like copies of a suite's ports, a stride apart (``services.<s>.workers``).

Worker 0 uses the allocation as written; worker i uses its port and its NodePort + i *
stride (the container port stays). The copies join ``registry.allocations`` after every
written port, so that every rule, ``who``, ``next``, ``plan`` and ``probe`` sees every
worker's ports without knowing about workers, and a conflict between a written port and a
computed one points at the ``workers`` entry that computed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from portreg.records import PortUse, Record

if TYPE_CHECKING:
    from portreg.models import Allocation, Service


class WorkerPort(PortUse):
    """One side of an allocation as parallel worker ``worker`` (1 and up) uses it."""

    __slots__ = ("base", "per_component", "stride", "worker")

    base: int  # the port as written, worker 0's
    stride: int
    per_component: bool  # the stride is written per component (stride: {redis: 10})
    worker: int  # a slot here, a class attribute (0) on written ports

    @classmethod
    def copy_of(cls, use: PortUse, worker: int, stride: int, per_component: bool) -> WorkerPort:
        offset = worker * stride
        copy = cls(use.service, use.tier, use.component, _moved(use.allocation, offset), use.index)
        copy.side, copy.port, copy.scope = use.side, use.port + offset, use.scope
        copy.base, copy.stride, copy.worker = use.port, stride, worker
        copy.per_component = per_component
        return copy

    @property
    def path(self) -> tuple[str | int, ...]:
        """The stride that computes the port, in the ``workers`` entry: where findings point."""
        stride = ("services", self.service, "workers", self.tier, "stride")
        return (*stride, self.component) if self.per_component else stride

    @property
    def component_label(self) -> str:
        """``redis[worker 2]``: the worker is part of which port it is."""
        return f"{super().component_label}[worker {self.worker}]"

    def computed(self) -> str | None:
        """``16387 + 2 × 10``: how the port is computed from the written one."""
        return f"{self.base} + {self.worker} × {self.stride}"

    def __repr__(self) -> str:
        return f"WorkerPort({self.service}/{self.tier}/{self.component_label}={self.port})"


def worker_copies(services: Mapping[str, Service], written: Sequence[PortUse]) -> list[WorkerPort]:
    """Every worker's copy (workers 1 and up) of the ``written`` ports, in their order."""
    copies: list[WorkerPort] = []
    for use in written:
        if use.origin is not None:
            continue  # a cluster's own port (a shared Kind config): one, whatever the workers
        service = services[use.service]
        offsets = service.worker_offsets(use.tier, use.component)
        if len(offsets) < 2:
            continue
        stride, per_component = offsets[1], isinstance(service.workers[use.tier].stride, dict)
        copies.extend(
            WorkerPort.copy_of(use, worker, stride, per_component)
            for worker in range(1, len(offsets))
        )
    return copies


def worker_note(service: Service, use: PortUse) -> str | None:
    """What workers add to a port: ``worker 2 of 4: 16380 + 2 × 1`` for a worker's copy,
    ``4 workers: 16380-16383`` for a written port with workers; None without workers."""
    offsets = service.worker_offsets(use.tier, use.component)
    if len(offsets) < 2:
        return None
    if isinstance(use, WorkerPort):
        return f"worker {use.worker} of {len(offsets)}: {use.computed()}"
    return f"{len(offsets)} workers: {span([use.port + offset for offset in offsets])}"


def span(ports: Sequence[int]) -> str:
    """The ports of every worker, short: ``16380-16383``, ``16390, 16400, 16410`` or
    ``16390-16540 every 10``."""
    if len(ports) < 2:
        return ", ".join(map(str, ports))
    stride = ports[1] - ports[0]
    if stride == 1:
        return f"{ports[0]}-{ports[-1]}"
    if len(ports) <= 4:
        return ", ".join(map(str, ports))
    return f"{ports[0]}-{ports[-1]} every {stride}"


def _moved(allocation: Allocation, offset: int) -> Allocation:
    """The allocation with its port and NodePort ``offset`` higher (the worker's copy)."""
    changes = {
        key: value + offset
        for key in ("port", "node_port")
        if (value := getattr(allocation, key)) is not None
    }
    if isinstance(allocation, Record):
        fields = dict(allocation.__dict__)
        fields.update(changes)
        return type(allocation)(**fields)
    return allocation.model_copy(update=changes)
