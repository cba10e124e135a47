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
    component, instance = _instance(component)
    slot = owner.ports.get(tier, {}).get(component)
    if slot is None:
        raise UsageError(f"{service} has no {tier} {component}")
    path: tuple[str | int, ...] = ("services", service, "ports", tier, component)
    index = None
    if isinstance(slot, list):
        names = [allocation.name or "" for allocation in slot]
        if instance not in names:
            raise UsageError(
                f"{service} {tier} {component} has instances: name one as "
                f"{component}[NAME] ({', '.join(names)})"
            )
        index = names.index(instance)
        slot = slot[index]
        path = (*path, index)
    elif instance is not None:
        raise UsageError(f"{service} {tier} {component} has no instances; drop [{instance}]")
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
    document = session.document_for(path)
    node = document.node(path)
    if node is not None and document.has((*path, "port")):
        document.set_scalar((*path, "port"), to_port)
    else:
        document.set_scalar(path, to_port)
    label = f"{component}[{instance}]" if index is not None else component
    session.notes.append(f"moved {service} {tier} {label}: {old} → {to_port}")

    def keeps(use: PortUse) -> bool:
        return (use.service, use.tier, use.component, use.index) != (
            service,
            tier,
            component,
            index,
        )

    clean_shares(session, keeps)
    return old, to_port


def _instance(argument: str) -> tuple[str, str | None]:
    """``mcp-server[table]`` → (``mcp-server``, ``table``); ``redis`` → (``redis``, None)."""
    if argument.endswith("]") and "[" in argument:
        component, _, name = argument[:-1].partition("[")
        return component, name
    return argument, None


def _host_port(slot: Allocation, service: str, tier: str, component: str) -> int:
    if slot.port is None:
        raise UsageError(
            f"{service} {tier} {component} has no host port (a NodePort or container port "
            "only): edit it in the file"
        )
    return slot.port
