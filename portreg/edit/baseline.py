"""The adoption baseline: record every current conflict as a ``known_conflicts`` entry.

``portreg check --write-baseline`` appends one entry per conflict found by the conflict
rules (a port taken twice, a port in another's block, a reserved port taken), so that a
team adopts portreg in one command and fixes the conflicts one by one; every existing line
of the file stays as it is, only lines are added. The editor also uses
:func:`stale_known_conflicts` to drop the entries an edit resolves.
"""

from __future__ import annotations

from dataclasses import dataclass

from portreg.clock import today
from portreg.edit.session import Session
from portreg.loading.registry import LoadedRegistry
from portreg.rules import Context, find_rule
from portreg.rules.clashes import Clash

BEFORE_KEYS = ("exceptions", "changelog", "docs", "exports", "scan")


@dataclass(frozen=True)
class Conflict:
    port: int
    protocol: str
    scope: str
    services: tuple[str, ...]

    def entry(self, reason: str) -> dict[str, object]:
        """The known_conflicts entry, with defaults (tcp, host) left out."""
        entry: dict[str, object] = {"port": self.port}
        if self.protocol != "tcp":
            entry["protocol"] = self.protocol
        if self.scope != "host":
            entry["scope"] = self.scope
        entry["services"] = list(self.services)
        entry["reason"] = reason
        return entry


def current_conflicts(context: Context) -> list[Conflict]:
    """The conflicts (ports and blocks) that nothing settles or accepts yet, in file order."""
    conflicts: dict[tuple[str, str, int], Conflict] = {}
    for clash in context.clashes.clashes:
        if clash.known is not None or _excepted(context, clash):
            continue
        protocol = clash.protocol or "tcp"
        key = (clash.scope, protocol, clash.port)
        if key in conflicts:
            continue
        services = tuple(dict.fromkeys(party.service for party in clash.parties))
        conflicts[key] = Conflict(clash.port, protocol, clash.scope, services)
    return list(conflicts.values())


def _excepted(context: Context, clash: Clash) -> bool:
    """A reserved port that an exception for PR204 lets its allocation take on purpose."""
    subject = clash.subject
    if subject is None:
        return False
    for exception in context.registry.exceptions:
        rule = find_rule(exception.rule)
        if (
            rule is not None
            and rule.code == "PR204"
            and exception.covers(subject.service, subject.tier, subject.component, subject.scope)
        ):
            return True
    return False


def write_baseline(session: Session) -> None:
    """Append a known_conflicts entry for every conflict the registry has now."""
    registry = session.registry
    conflicts = current_conflicts(Context(registry, session.loaded.sources))
    if not conflicts:
        session.notes.append("no conflicts: the baseline has nothing to add")
        return
    reason = f"present when portreg was adopted on {today().isoformat()}; fix it and delete this"
    entries = [conflict.entry(reason) for conflict in conflicts]
    if registry.known_conflicts or session.main_document().has(("known_conflicts",)):
        document = session.document_for(("known_conflicts",))
        for entry in entries:
            document.append_item(("known_conflicts",), entry)
    else:
        session.main_document().add_top_level("known_conflicts", entries, before=BEFORE_KEYS)
    count = len(entries)
    session.notes.append(f"baseline: {count} known conflict{'' if count == 1 else 's'} added")


def stale_known_conflicts(loaded: LoadedRegistry) -> list[int]:
    """Indices of the known_conflicts entries that match no conflict any more (PR208)."""
    registry = loaded.registry
    if registry is None or not registry.known_conflicts:
        return []
    used = Context(registry, loaded.sources).clashes.known_used
    return [index for index in range(len(registry.known_conflicts)) if index not in used]
