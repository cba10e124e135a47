"""What the reader found, made findings: one verdict per distinct reading, one finding per
place, grouped by the drift they share.

A scan of a large tree meets the same port read the same way in many places (a URL pasted
into a hundred files): its verdict is judged once and shared, and grouping is linear in the
places after one sort, so a finding costs a small fraction of a millisecond.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from portreg.findings import Finding, Location
from portreg.scan.judge import PortIndex
from portreg.scan.messages import Verdict
from portreg.scan.owners import Owners, TierNames

if TYPE_CHECKING:
    from portreg.progress import Progress
    from portreg.rules import Rule
    from portreg.scan.search import Searched

# Related locations listed per finding: a port pasted into a hundred files would otherwise
# make the JSON and SARIF outputs grow with the square of the places.
MAX_RELATED = 5
Group = tuple[str, str, int]  # (service, component, port)
_UNJUDGED = Verdict("", "")  # not yet in the verdicts cache


@dataclass
class Collected:
    """The findings of a scan, with what its coverage line needs."""

    found: list[tuple[Group | None, Finding]] = field(default_factory=list)
    # Files of no service and how many allocated ports each mentions.
    unowned: Counter[str] = field(default_factory=Counter)
    # Notes counted, not described (text output without --show-notes).
    counted_notes: int = 0


class Collector:
    """Judges the hits of each file read, with the registry's index and owners."""

    def __init__(
        self,
        index: PortIndex,
        owners: Owners,
        tiers: TierNames,
        rules: Mapping[str, Rule],
        shown: Callable[[str], str],
    ) -> None:
        self.index = index
        self.owners = owners
        self.tiers = tiers
        self.rules = rules  # the enabled scan rules, by code
        self.shown = shown  # a file's path as users see it
        self.verdicts: dict[tuple[object, ...], Verdict | None] = {}

    def collect(self, searched: Iterable[Searched], progress: Progress | None) -> Collected:
        collected = Collected()
        for item in searched:
            if item.mentions:
                collected.unowned[self.shown(item.file.path)] += item.mentions
                if "PR504" in self.rules:
                    collected.counted_notes += item.mentions
            if item.hits:
                added = self._file(item, collected)
                if progress is not None and added:
                    progress.advance(0, finding=added)
        return collected

    def _file(self, item: Searched, collected: Collected) -> int:
        """Add the findings of one file; how many."""
        relative = item.file.relative
        context = (item.owners, self.owners.cluster_of(relative), self.tiers.of(relative))
        name = self.shown(item.file.path)
        said: set[tuple[int, int]] = set()  # (line, port): a comment restating its code's
        added = 0
        for hit in item.hits:
            # The same port read the same way in the same kind of file is one verdict,
            # shared: a port pasted into many places costs its places, not its judgements.
            key = (hit._replace(line=0, column=0, offset=0, why=""), *context, item.notes)
            verdict = self.verdicts.get(key, _UNJUDGED)
            if verdict is _UNJUDGED:
                verdict = self.index.judge(hit, *context, item.notes)
                self.verdicts[key] = verdict
            if verdict is None or "*" in hit.suppressed or verdict.code in hit.suppressed:
                continue
            if (hit.line, hit.port) in said:
                continue  # `hostPort: 8088  # localhost:8088`: one place, one finding
            said.add((hit.line, hit.port))
            if verdict.code == "PR504":
                collected.unowned[name] += 1
            rule = self.rules.get(verdict.code)
            if rule is None:
                continue
            finding = Finding(
                rule.code,
                rule.name,
                rule.severity,
                verdict.message,
                Location(name, hit.line, hit.column),
                group=verdict.headline or None,
            )
            collected.found.append((verdict.group, finding))
            added += 1
        return added


def grouped(found: list[tuple[Group | None, Finding]]) -> list[Finding]:
    """Findings ordered by (service, component, port), files of no service last; each
    finding of a group of several lists the others as related locations (the first
    ``MAX_RELATED`` in file order): linear in the findings after one sort, so that a port
    pasted into a hundred thousand places costs no more than the places."""
    firsts: dict[Group, list[Location]] = {}
    for group, finding in found:
        if group is not None:
            firsts.setdefault(group, []).append(finding.location)
    for group, locations in firsts.items():
        # One more than shown: a finding among the first drops itself and keeps five.
        firsts[group] = heapq.nsmallest(MAX_RELATED + 1, locations)

    def order(item: tuple[Group | None, Finding]) -> tuple[object, ...]:
        group, finding = item
        if group is None:
            return (2, "", "", 0, finding.sort_key())
        return (1 if group[0] == "" else 0, *group, finding.sort_key())

    result = []
    for group, finding in sorted(found, key=order):
        if group is None:
            result.append(finding)
            continue
        related = tuple(loc for loc in firsts[group] if loc != finding.location)[:MAX_RELATED]
        result.append(replace(finding, related=related) if related else finding)
    return result
