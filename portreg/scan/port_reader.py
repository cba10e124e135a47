"""The reader a scan runs on each file: the matcher and the roles together
(:mod:`portreg.scan.roles`), with the file's owners, so that a file of no service is only
searched for the ports some service has."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from portreg.scan.documents import is_working_notes
from portreg.scan.matcher import PortMatcher, groups_digits, line_at, suppressed_codes
from portreg.scan.names import Vocabulary
from portreg.scan.roles import PortHit, Role, classify

if TYPE_CHECKING:
    from portreg.models import Registry
    from portreg.scan.judge import PortIndex
    from portreg.scan.owners import Owners


class PortReader:
    """The matcher and the roles together: what the search runs on each file.

    With ``owners`` (the services a file belongs to, from its path and bytes) and
    ``allocated`` (the ports some service has), a file of no service is searched for
    allocated ports only, and they are not classified: nothing but a mention (a note) can
    be reported there, and skipping the rest keeps large scans cheap.
    """

    def __init__(
        self,
        matcher: PortMatcher,
        vocabulary: Vocabulary,
        owners: Callable[[str, bytes], tuple[str, ...]] | None = None,
        allocated: Collection[int] = (),
    ) -> None:
        self.matcher = matcher
        self.vocabulary = vocabulary
        self.owners = owners
        self.allocated = allocated
        # Files of no service give notes only; when they are not shown (text output without
        # --show-notes) they are counted, not placed or described.
        self.count_mentions = False

    @classmethod
    def of(cls, registry: Registry, index: PortIndex, owners: Owners) -> PortReader:
        """The reader of a scan with this registry: its ports and contexts, its words, the
        owners of each file, and the allocated ports a file of no service may mention."""
        return cls(
            PortMatcher(index.ports(), index.container_ports),
            Vocabulary.of(registry),
            owners.of,
            frozenset(index.allocated) | frozenset(index.node_ports),
        )

    def read(self, data: bytes, path: str) -> Reading:
        """The file's owners, whether it is working notes, and its hits (classified in a
        file of a service)."""
        return self.read_many([(data, path)])[0]

    def read_many(self, files: Sequence[tuple[bytes, str]]) -> list[Reading]:
        """What :meth:`read` says of each file (bytes, path); the files of no service whose
        notes are only counted are searched together (``PortMatcher.registry_places``)."""
        owners = [
            self.owners(path, data) if self.owners is not None else ("",) for data, path in files
        ]
        readings = [
            self._read(data, path, owned) if owned or not self.count_mentions else None
            for (data, path), owned in zip(files, owners, strict=True)
        ]
        counted = [number for number, reading in enumerate(readings) if reading is None]
        if counted:
            datas = [files[number][0] for number in counted]
            for number, data, places in zip(
                counted, datas, self.matcher.registry_places(datas), strict=True
            ):
                readings[number] = Reading((), False, [], self._notes(data, places))
        return [reading for reading in readings if reading is not None]

    def _read(self, data: bytes, path: str, owners: tuple[str, ...]) -> Reading:
        separators = groups_digits(path)
        if owners:
            hits = list(self.matcher.find(data, separators=separators))
            classified = classify(data, hits, path, self.vocabulary) if hits else []
            return Reading(owners, is_working_notes(path, data), classified)
        mentions = [
            PortHit(hit.port, Role.UNKNOWN, None, hit.line, hit.column, suppressed=hit.suppressed)
            for hit in self.matcher.find(data, contexts=False, separators=separators)
            if hit.port in self.allocated
        ]
        return Reading(owners, False, mentions)

    def _notes(self, data: bytes, places: list[tuple[int, int, int]]) -> int:
        """How many notes a file of no service makes: one per allocated port and line (a
        table row naming a port twice is one place, as when they are listed), unless its
        line silences them."""
        if not places:
            return 0
        noted = set()
        silenced = b"portreg" in data  # most files silence nothing: no line to look at
        for line, start, end in places:
            port = int(data[start:end])
            if port in self.allocated and not (
                silenced and {"*", "PR504"} & suppressed_codes(line_at(data, start))
            ):
                noted.add((line, port))
        return len(noted)

    def find(self, data: bytes, path: str) -> list[PortHit]:
        return self.read(data, path).hits


class Reading(NamedTuple):
    """What one file gave: whose it is, whether it is working notes, its ports (and, in a
    file of no service when mentions are only counted, how many it mentions)."""

    owners: tuple[str, ...]
    notes: bool
    hits: list[PortHit]
    mentions: int = 0
