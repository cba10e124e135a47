"""The adoption baseline: record every current conflict as a ``known_conflicts`` entry.

``portreg check --write-baseline`` appends one entry per conflict found by the conflict
rules, so that a team adopts portreg in one command and fixes the conflicts one by one;
every existing line of the file stays as it is, only lines are added. The editor also uses
:func:`stale_known_conflicts` to drop the entries an edit resolves.
"""

from __future__ import annotations

from dataclasses import dataclass

from portreg.clock import today
from portreg.edit.editor import Session
from portreg.findings import Finding, Location
from portreg.models import KnownConflict, Registry
from portreg.rules import Context
from portreg.sourcemap import SourceMap

# The rules whose findings are conflicts a known_conflicts entry can baseline.
CONFLICT_CODES = ("PR201",)
# The rule that says a known_conflicts entry matches no conflict any more (when it exists).
STALE_CODES = ("PR218",)
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


def current_conflicts(
    registry: Registry, session: Session, findings: list[Finding]
) -> list[Conflict]:
    """The conflicts that the conflict rules report as errors, in the order of the findings."""
    context = Context(registry, session.loaded.sources)
    by_place: dict[Location, tuple[str, str, int]] = {}
    for key, uses in context.by_key.items():
        if len(uses) < 2:
            continue
        for use in uses:
            by_place[context.sources.locate(context.port_path(use))] = key
    conflicts: dict[tuple[str, str, int], Conflict] = {}
    for finding in findings:
        if finding.code not in CONFLICT_CODES:
            continue
        found = by_place.get(finding.location)
        if found is None or found in conflicts:
            continue
        scope, protocol, port = found
        services = tuple(dict.fromkeys(use.service for use in context.by_key[found]))
        conflicts[found] = Conflict(port, protocol, scope, services)
    return list(conflicts.values())


def write_baseline(session: Session) -> None:
    """Append a known_conflicts entry for every conflict the registry has now."""
    registry = session.registry
    conflicts = current_conflicts(registry, session, session.findings)
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


def stale_known_conflicts(registry: Registry, findings: list[Finding]) -> list[int]:
    """Indices of the known_conflicts entries that match no conflict any more."""
    if not registry.known_conflicts:
        return []
    context = Context(registry, SourceMap(Location("-")))  # by_key needs no positions
    return [
        index
        for index, entry in enumerate(registry.known_conflicts)
        if not _still_conflicting(context, entry)
    ]


def _still_conflicting(context: Context, entry: KnownConflict) -> bool:
    uses = context.by_key.get((entry.scope, entry.protocol, entry.port), [])
    return len(uses) >= 2
