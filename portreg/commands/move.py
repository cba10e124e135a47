"""``portreg move SERVICE COMPONENT --tier T --to N|--next``: an allocation to a new port.

With ``--code``, the code of that service that hard-codes the old port is shown as a diff
(and rewritten with ``--apply``), using the scan's port roles: see ``portreg.edit.code``.
"""

from __future__ import annotations

from portreg.edit.cleanup import clean_shares
from portreg.edit.editor import EditOptions, Session, apply_edit
from portreg.edit.free_ports import FreePorts
from portreg.findings import UsageError
from portreg.models import Allocation, PortUse


def run(
    registry: str | None,
    service: str,
    tier: str,
    component: str,
    to_port: int | None,
    next_free: bool,
    code: bool,
    apply_code: bool,
    options: EditOptions,
) -> int:
    if (to_port is None) == (not next_free):
        raise UsageError("say where to: --to N or --next (one of them)")
    if apply_code and not code:
        raise UsageError("--apply writes the code changes that --code shows: add --code")
    moved: dict[str, int] = {}

    def change(session: Session) -> None:
        old, new = move(session, service, tier, component, to_port)
        moved.update(old=old, new=new)

    status = apply_edit(registry, "move", change, options)
    if status != 0 or not code or not moved:
        return status
    from portreg.edit.code import rewrite_code

    return rewrite_code(
        registry, service, moved["old"], moved["new"], apply_code and not options.dry_run
    )


def move(
    session: Session, service: str, tier: str, component: str, to_port: int | None
) -> tuple[int, int]:
    """Splice the new port in; the old and new port numbers."""
    registry = session.registry
    owner = registry.services.get(service)
    if owner is None:
        raise UsageError(f"no service {service} (known: {', '.join(registry.services)})")
    slot = owner.ports.get(tier, {}).get(component)
    if slot is None:
        raise UsageError(f"{service} has no {tier} {component}")
    if isinstance(slot, list):
        raise UsageError(
            f"{service} {tier} {component} is a list of instances; edit the instance's port "
            "in the file (move works on single allocations)"
        )
    old = _host_port(slot, service, tier, component)
    if to_port is None:
        ranges = registry.components[component].ranges
        if tier not in ranges:
            raise UsageError(f"{component} declares no range for tier {tier}: pass --to N")
        free = FreePorts(registry, service, tier, slot.scope)
        found = free.lowest(ranges[tier])
        if not found:
            raise UsageError(f"the {component} {tier} range {ranges[tier]} has no free port")
        to_port = found[0]
    if to_port == old:
        raise UsageError(f"{service} {tier} {component} is already on {old}")
    path = ("services", service, "ports", tier, component)
    document = session.document_for(path)
    node = document.node(path)
    if node is not None and document.has((*path, "port")):
        document.set_scalar((*path, "port"), to_port)
    else:
        document.set_scalar(path, to_port)
    session.notes.append(f"moved {service} {tier} {component}: {old} → {to_port}")

    def keeps(use: PortUse) -> bool:
        return not (use.service == service and use.tier == tier and use.component == component)

    clean_shares(session, keeps)
    return old, to_port


def _host_port(slot: Allocation, service: str, tier: str, component: str) -> int:
    if slot.port is None:
        raise UsageError(
            f"{service} {tier} {component} has no host port (a NodePort or container port "
            "only): edit it in the file"
        )
    return slot.port
