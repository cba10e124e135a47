"""``portreg move SERVICE COMPONENT --tier T --to N|--next``: an allocation to a new port.

The host port by default; with ``--node-port``, the NodePort in its cluster (a Kind
mapping's other side). With ``--code``, the code of that service that hard-codes the old
port is shown as a diff with the registry's, using the scan's port roles (see
``portreg.edit.code``): a preview that writes nothing; ``--apply`` writes the registry and
the code together, or neither.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from portreg.commands.common import no_such
from portreg.edit.cleanup import clean_shares
from portreg.edit.editor import apply_edit
from portreg.edit.free_ports import FreePorts
from portreg.edit.options import require_utf8
from portreg.edit.session import EditOptions, FileChange, Session
from portreg.findings import UsageError
from portreg.loading.registry import LoadedRegistry

if TYPE_CHECKING:
    from portreg.models import Allocation, PortUse, Registry


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
    node_port: bool = False,
) -> int:
    require_utf8(("SERVICE", service), ("--tier", tier), ("COMPONENT", component))
    if (to_port is None) == (not next_free):
        raise UsageError("say where to: --to N or --next (one of them)")
    if apply_code and not code:
        raise UsageError("--apply writes the code changes that --code shows: add --code")
    side = "node_port" if node_port else "port"
    if code and not apply_code:  # a preview: the registry is not written either
        options = replace(options, dry_run=True)

    def change(session: Session) -> None:
        done = move(session, service, tier, component, to_port, side)
        if code:
            session.after = lambda session, edited: _code(session, edited, service, done, options)

    return apply_edit(registry, "move", change, options)


def _code(
    session: Session, edited: LoadedRegistry, service: str, done: Moved, options: EditOptions
) -> list[FileChange]:
    from portreg.edit.code import code_changes

    changes, summary = code_changes(edited, service, done.old, done.new, done.cluster)
    if changes:
        summary += " (shown; --apply writes them)" if options.dry_run else " (written)"
    session.closing.append(summary)
    return changes


class Moved(NamedTuple):
    old: int
    new: int
    cluster: str | None  # of a moved NodePort: the cluster's config file holds its mapping


def move(
    session: Session,
    service: str,
    tier: str,
    component: str,
    to_port: int | None,
    side: str = "port",
) -> Moved:
    """Splice the new port in on ``side`` (``port``: the host port, ``node_port``: the
    NodePort)."""
    registry = session.registry
    owner = registry.services.get(service)
    if owner is None:
        raise UsageError(no_such("service", service, registry.services))
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
    old = _port(slot, side, service, tier, component)
    if to_port is None:
        to_port = _lowest_free(registry, slot, side, service, tier, component)
    if to_port == old:
        raise UsageError(f"{service} {tier} {component} is already on {old}")
    document = session.document_for(path)
    node = document.node(path)
    if side == "node_port" or (node is not None and document.has((*path, "port"))):
        document.set_scalar((*path, side), to_port)
    else:
        document.set_scalar(path, to_port)
    label = f"{component}[{instance}]" if index is not None else component
    where = f" NodePort in {slot.cluster}" if side == "node_port" else ""
    session.notes.append(f"moved {service} {tier} {label}{where}: {old} → {to_port}")

    def keeps(use: PortUse) -> bool:
        # Only the moved side leaves its port: the other side's shares stay as they are.
        return (use.service, use.tier, use.component, use.index, use.side) != (
            service,
            tier,
            component,
            index,
            side,
        )

    clean_shares(session, keeps)
    return Moved(old, to_port, slot.cluster if side == "node_port" else None)


def _instance(argument: str) -> tuple[str, str | None]:
    """``mcp-server[table]`` → (``mcp-server``, ``table``); ``redis`` → (``redis``, None)."""
    if argument.endswith("]") and "[" in argument:
        component, _, name = argument[:-1].partition("[")
        return component, name
    return argument, None


def _port(slot: Allocation, side: str, service: str, tier: str, component: str) -> int:
    if side == "node_port":
        if slot.node_port is None:
            raise UsageError(
                f"{service} {tier} {component} has no NodePort (node_port: with cluster:); "
                "leave out --node-port to move its host port"
            )
        return slot.node_port
    if slot.port is None:
        hint = "move it with --node-port" if slot.node_port is not None else "edit it in the file"
        raise UsageError(f"{service} {tier} {component} has no host port: {hint}")
    return slot.port


def _lowest_free(
    registry: Registry, slot: Allocation, side: str, service: str, tier: str, component: str
) -> int:
    """``--next``: the lowest free port of the component's range (host port) or of the
    cluster's NodePort range."""
    if side == "node_port":
        assert slot.cluster is not None  # a NodePort always names its cluster
        ports, what = registry.nodeport_range(slot.cluster), f"{slot.cluster} NodePort range"
        free = FreePorts(registry, service, tier, slot.cluster)
    else:
        ranges = registry.components[component].ranges
        if tier not in ranges:
            raise UsageError(f"{component} declares no range for tier {tier}: pass --to N")
        ports, what = ranges[tier], f"{component} {tier} range"
        free = FreePorts(registry, service, tier, slot.scope)
    found = free.lowest(ports)
    if not found:
        raise UsageError(f"the {what} {ports} has no free port")
    return found[0]
