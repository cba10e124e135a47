"""The shape of one allocation: which of its keys make sense together."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity
from portreg.rules import Context, Problem, rule


@rule("PR107", "allocation-shape", Severity.ERROR)
def allocation_shape(context: Context) -> Iterator[Problem]:
    """An allocation whose keys do not fit together.

    - ``node_port`` needs ``cluster``: the scope (of kind ``nodeport`` or ``isolated``) that
      the NodePort lives in. Without it, nothing can be compared with it.
    - ``cluster`` names a cluster, never the ``host`` scope (an undeclared one is PR203).
    - ``dynamic: true`` means the port is chosen at run time, so it has no ``port`` or
      ``node_port`` (a ``container_port`` is fine).
    - An allocation needs something: a ``port``, a ``node_port``, a ``container_port`` or
      ``dynamic: true``.
    - A ``workers`` entry is for a tier the service has ports in, and a stride written per
      component gives one for each of the tier's components (0 when the workers share it)
      and none for a component the service has no port of in that tier.
    """
    registry = context.registry
    yield from _workers_shape(context)
    for ref in registry.entries:
        allocation = ref.allocation
        has_number = allocation.port is not None or allocation.node_port is not None
        if (
            allocation.node_port is None
            and allocation.cluster is None
            and not allocation.dynamic
            and (has_number or allocation.container_port is not None)
        ):
            continue  # the common case, a plain port: nothing to say
        where = f"{ref.service} {ref.tier} {ref.component_label}"
        if allocation.node_port is not None and registry.cluster_of_ref(ref) is None:
            hint = ""
            if registry.scope_kind(allocation.scope) in ("nodeport", "isolated"):
                # {port, node_port, scope: k}: the cluster written where the host port's
                # scope goes
                hint = f"; did you mean cluster: {allocation.scope} (scope is the host port's)?"
            yield Problem(
                (*ref.path, "node_port"),
                f"{where}: node_port {allocation.node_port} needs a cluster (the nodeport "
                f"scope it lives in){hint}",
            )
        if allocation.cluster is not None and registry.scope_kind(allocation.cluster) == "host":
            yield Problem(
                (*ref.path, "cluster"),
                f"{where}: cluster {allocation.cluster} is the host scope; a cluster is a "
                "scope of kind nodeport or isolated",
            )
        numbered = [
            key
            for key, value in (("port", allocation.port), ("node_port", allocation.node_port))
            if value is not None
        ]
        if allocation.dynamic and numbered:
            yield Problem(
                (*ref.path, "dynamic"),
                f"{where}: dynamic: true means the port is chosen at run time, but "
                f"{' and '.join(numbered)} {'is' if len(numbered) == 1 else 'are'} given; "
                "drop one or the other",
            )
        if not numbered and allocation.container_port is None and not allocation.dynamic:
            yield Problem(
                ref.path,
                f"{where} has no port, node_port or container_port; give one, or "
                "dynamic: true for a port chosen at run time",
            )


def _workers_shape(context: Context) -> Iterator[Problem]:
    """A workers entry that copies nothing, or a per-component stride that misses a port."""
    registry = context.registry
    for service_id, service in registry.services.items():
        for tier, workers in service.workers.items():
            path = ("services", service_id, "workers", tier)
            components = service.ports.get(tier)
            if not components:
                if tier in registry.tiers:  # an undeclared tier is PR203
                    yield Problem(
                        path,
                        f"{service_id} has workers for {tier} but no {tier} ports; "
                        f"give it {tier} ports, or remove the entry",
                        at_key=True,
                    )
                continue
            if not isinstance(workers.stride, dict):
                continue
            missing = [name for name in components if name not in workers.stride]
            if missing:
                yield Problem(
                    (*path, "stride"),
                    f"{service_id} {tier} workers: the stride gives no step for "
                    f"{', '.join(missing)}; add one (0 when all workers share that port)",
                    at_key=True,
                )
            for name in workers.stride:
                if name not in components and name in registry.components:
                    yield Problem(
                        (*path, "stride", name),
                        f"{service_id} {tier} workers: a stride for {name}, but {service_id} "
                        f"has no {tier} {name} port",
                        at_key=True,
                    )
