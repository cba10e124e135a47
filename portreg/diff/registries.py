"""The semantic difference between two registries: what moved, not which lines changed.

``diff_registries(old, new)`` returns a list of typed :class:`Change` objects, in a stable
order (version, header, components and their ranges, tiers, scopes, services and their
ports, blocks, workers and production ports, shares, exclusive groups, known conflicts,
reservations, exceptions, exports, docs targets, scan settings, changelog). Change control
(``portreg check --base``) and ``portreg diff`` both build on it; each part is compared in
its own module (``header``, ``scopes``, ``services``, ``slots``, ``entries``), and
``portreg.diff.render`` prints the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.diff import entries, header, scopes, services
from portreg.diff.changes import Change, Kind

if TYPE_CHECKING:
    from portreg.models import Registry

__all__ = ["Change", "Kind", "diff_registries"]


def diff_registries(old: Registry | None, new: Registry | None) -> list[Change]:
    """Every change from ``old`` to ``new``; a missing registry counts as an empty one."""
    changes: list[Change] = []
    old_version = old.version if old else None
    new_version = new.version if new else None
    if old_version != new_version:
        changes.append(
            Change(Kind.VERSION, "version", old_version, new_version, ("version",), False)
        )
    changes.extend(header.header(old, new))
    changes.extend(header.components(old, new))
    changes.extend(header.component_ranges(old, new))
    changes.extend(header.tiers(old, new))
    changes.extend(scopes.scopes(old, new))
    changes.extend(services.services(old, new))
    changes.extend(entries.lists(old, new))
    changes.extend(entries.scan_settings(old, new))
    changes.extend(entries.changelog(old, new))
    return changes
