"""``portreg release SERVICE [--tier T] [COMPONENT]``: give ports back to the free pool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.commands.common import no_such
from portreg.edit.cleanup import clean_exceptions, clean_exclusive, clean_shares
from portreg.edit.editor import apply_edit
from portreg.edit.options import require_utf8
from portreg.edit.session import EditOptions, Session
from portreg.findings import UsageError

if TYPE_CHECKING:
    from portreg.models import PortUse


def run(
    registry: str | None,
    service: str,
    tier: str | None,
    component: str | None,
    options: EditOptions,
) -> int:
    require_utf8(("SERVICE", service), ("--tier", tier), ("COMPONENT", component))

    def change(session: Session) -> None:
        release(session, service, tier, component)

    return apply_edit(registry, "release", change, options)


def release(session: Session, service: str, tier: str | None, component: str | None) -> None:
    registry = session.registry
    if service not in registry.services:
        raise UsageError(no_such("service", service, registry.services))
    ports = registry.services[service].ports
    if tier is None and component is None:
        document, path = session.locate(("services", service))
        document.remove_entry(path[:-1], service)
        session.notes.append(f"released {service}: the service is removed")
        gone = {service}
        clean_shares(session, lambda use: use.service != service)
        clean_exclusive(session, gone)
        clean_exceptions(session, gone)
        return
    if tier is not None and tier not in ports:
        raise UsageError(f"{service} has no {tier} ports (it has: {', '.join(ports) or 'none'})")
    tiers = [tier] if tier is not None else [name for name in ports if component in ports[name]]
    if not tiers:
        raise UsageError(f"{service} has no {component} in any tier")
    removed: set[tuple[str, str]] = set()
    for name in tiers:
        held = ports[name]
        if component is not None and component not in held:
            raise UsageError(f"{service} has no {name} {component} (it has: {', '.join(held)})")
        base = ("services", service, "ports")
        document = session.document_for((*base, name))
        if component is None or list(held) == [component]:
            document.remove_entry(base, name)
            removed.update((name, held_component) for held_component in held)
        else:
            document.remove_entry((*base, name), component)
            removed.add((name, component))
    for name, held_component in sorted(removed):
        session.notes.append(f"released {service} {name} {held_component}")

    def keeps(use: PortUse) -> bool:
        return use.service != service or (use.tier, use.component) not in removed

    clean_shares(session, keeps)
