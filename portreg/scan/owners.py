"""Which services a file belongs to, from each service's ``paths`` globs.

The globs use gitignore syntax (``test/integration/gateway/**``), matched by ``pathspec``:
``fnmatch`` lets ``*`` cross directories and ``PurePath.full_match`` (which handles ``**``)
only exists from Python 3.13.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathspec import PathSpec

if TYPE_CHECKING:
    from portreg.models import Registry


class Owners:
    def __init__(self, registry: Registry) -> None:
        self.specs = [
            (service_id, PathSpec.from_lines("gitwildmatch", service.paths))
            for service_id, service in registry.services.items()
            if service.paths
        ]

    def of(self, relative: str) -> tuple[str, ...]:
        """The services whose paths contain this file (relative to the project root)."""
        return tuple(service for service, spec in self.specs if spec.match_file(relative))
