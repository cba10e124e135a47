"""Which services a file belongs to, from each service's ``paths`` globs.

The globs use gitignore syntax (``test/integration/gateway/**``), matched by ``pathspec``:
``fnmatch`` lets ``*`` cross directories and ``PurePath.full_match`` (which handles ``**``)
only exists from Python 3.13. A service's globs are joined into one regex when none of them
is a negation (``!x``), so that asking about every file of a large tree stays cheap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from pathspec import GitIgnoreSpec

if TYPE_CHECKING:
    from portreg.models import Registry


class Owners:
    def __init__(self, registry: Registry) -> None:
        with_paths = [(sid, service.paths) for sid, service in registry.services.items()]
        joined = [_joined(paths) for _, paths in with_paths if paths]
        self.matchers: list[tuple[str, Callable[[str], bool]]] = [
            (service_id, _matcher(paths, one))
            for (service_id, paths), one in zip(
                [(sid, paths) for sid, paths in with_paths if paths], joined, strict=True
            )
        ]
        # Every service's globs in one regex: most files of a large tree belong to nobody,
        # and one match says so.
        self.anyone = (
            re.compile("|".join(f"(?:{one})" for one in joined if one))
            if all(one is not None for one in joined) and any(joined)
            else None
        )
        self.known: dict[str, tuple[str, ...]] = {}  # asked before: the coverage asks twice

    def of(self, relative: str) -> tuple[str, ...]:
        """The services whose paths contain this file (relative to the project root)."""
        owners = self.known.get(relative)
        if owners is None:
            if self.anyone is not None and self.anyone.match(relative) is None:
                owners = ()
            else:
                owners = tuple(s for s, matches in self.matchers if matches(relative))
            self.known[relative] = owners
        return owners

    def count(self, relatives: list[str]) -> Counter[str]:
        """How many of these files each service owns (every service with paths is listed)."""
        counts: Counter[str] = Counter({service: 0 for service, _ in self.matchers})
        for relative in relatives:
            counts.update(self.of(relative))
        return counts


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _matcher(globs: list[str], joined: str | None) -> Callable[[str], bool]:
    if joined is None:
        return GitIgnoreSpec.from_lines(globs).match_file
    pattern = re.compile(joined)
    return lambda relative: pattern.match(relative) is not None


def _joined(globs: list[str]) -> str | None:
    """The globs as one regex, or None when pathspec must decide (a negation ``!x``)."""
    spec = GitIgnoreSpec.from_lines(globs)
    patterns = [pattern for pattern in spec.patterns if pattern.include is not None]
    if any(not pattern.include for pattern in patterns):
        return None
    regexes = [getattr(pattern, "regex", None) for pattern in patterns]
    if not regexes or any(not isinstance(regex, re.Pattern) for regex in regexes):
        return None
    # pathspec names a group in each pattern: the same name twice would not compile.
    return "|".join(f"(?:{_NAMED_GROUP.sub('(?:', regex.pattern)})" for regex in regexes if regex)
