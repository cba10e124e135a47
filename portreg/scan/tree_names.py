"""The services a tree's own words name, without a registry: one service however many
ways the tree spells it.

The clues of :mod:`portreg.scan.suites` give spellings (``triage-api`` and
``triageapi`` folders, ``triage_integration.go``, ``kind-triage-api-config.yaml``,
``tapi_bootstrap.go``); the suites' own titles (``RunSpecs(t, "Triage API Integration
Suite")``) add more. Spellings are one service when:

- their letters are the same (``triage-api``, ``triageapi``, ``Triage API``);
- they are the same without words that say what kind of thing a name is (``api``,
  ``service``, ``server``, ``controller`` ...): ``triage`` and ``triage-api``;
- one is the abbreviation of exactly one other, made of the first letters of each of its
  words or more (``tapi``: Triage API; ``ds``: Data Storage; ``ro``: Remediation
  Orchestrator);
- a file's name starts with a service's name and goes on (``fleet_eaigw_it.go``: fleet).

A folder or package spelling is a service of its own; so is a file's name that a tier or
Kind word marks (``ledger_e2e.go``). A file's name without such a mark
(``container_management.go``) names a service only when it is one of these spellings.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from portreg.scan.names import name_key as key
from portreg.scan.names import words
from portreg.scan.suites import FILE_WORDS, Clue, name_words

# Words that say what kind of thing a name is, not which: dropped to compare names.
KIND_WORDS = frozenset(
    {"api", "service", "services", "svc", "server", "app", "controller", "operator"}
    | {"suite", "e2e", "integration", "test", "tests", "lane", "it", "envtest", "go"}
    | {"infrastructure", "infra", "the", "unit", "hybrid", "parallel", "kind"}
)
# Names too general to be anyone's abbreviation.
_NO_ABBREVIATION = frozenset({"api", "app", "ci", "it", "db", "ui", "io", "go", "e2e"})
_LONGEST = 4


def _split(name: str) -> list[str]:
    return [word for word in name_words(name.replace(" ", "_")) if word]


def core(name: str) -> str:
    """A name without its kind words (``triage-api``: ``triage``)."""
    kept = [word for word in _split(name) if word not in KIND_WORDS]
    return "".join(kept)


def title_of_suite(suite: str) -> str:
    """A suite's title without what says it is a suite (``Data Storage Integration Suite
    (ADR-016: ...)``: ``Data Storage``)."""
    plain = re.sub(r"\([^)]*\)|\s[-–—:].*$", " ", suite)
    kept = [
        word
        for word in plain.split()
        if "".join(words(word)) not in KIND_WORDS | {"controller", "test", "tests", "e2e"}
    ]
    return " ".join(kept).strip()


class TreeNames:
    """The services of a tree, each with its spellings (see the module)."""

    def __init__(
        self, counts: Mapping[Clue, int], titles: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        self.parent: dict[str, str] = {}
        self.files: Counter[str] = Counter()
        self.titles: dict[str, list[str]] = {}
        for clue in sorted(counts, key=lambda c: c.name or ""):
            if clue.name and clue.how in ("folder", "package") and not _generic(clue.name):
                self._add(clue.name, counts[clue], prefix=False)
        # A file's name marked as a suite's is a suite of its own when two files say so
        # (ledger_integration.go and kind-ledger-config.yaml), or when it is a known one's.
        marked: Counter[str] = Counter()
        for clue, files in counts.items():
            if clue.name and clue.how == "file" and clue.marked:
                marked[clue.name] += files
        for spelling, files in sorted(marked.items()):
            if _generic(spelling):
                continue
            if files >= 2 or self._named(spelling) is not None:
                self._add(spelling, files, prefix=True)
        for spelling, said in (titles or {}).items():
            for title in said:
                if spelling in self.parent and key(title):
                    self.titles.setdefault(self.find(spelling), []).append(title)
        self._merge_abbreviations()
        self.weak: dict[str, str] = {}  # other file names that name a service
        for clue in counts:
            if clue.name and clue.how == "file" and clue.name not in self.parent:
                found = self._named(clue.name)
                if found is not None:
                    self.weak[clue.name] = found

    def find(self, spelling: str) -> str:
        root = self.parent[spelling]
        while root != self.parent[root]:
            root = self.parent[root]
        return root

    def _union(self, one: str, other: str) -> None:
        first, second = self.find(one), self.find(other)
        if first == second:
            return
        # The spelling with more files names the service.
        keep, drop = sorted((first, second), key=lambda s: (-self._weight(s), s))
        self.parent[drop] = keep
        self.files[keep] += self.files[drop]

    def _weight(self, spelling: str) -> int:
        return self.files[spelling]

    def _add(self, spelling: str, files: int, prefix: bool) -> None:
        if spelling in self.parent:
            self.files[self.find(spelling)] += files
            return
        same = self._named(spelling) if prefix else self._same(spelling)
        self.parent[spelling] = spelling
        self.files[spelling] = files
        if same is not None:
            self._union(same, spelling)

    def _same(self, spelling: str) -> str | None:
        """A known spelling of the same service: same letters, or same without kind words."""
        mine = {key(spelling), core(spelling)} - {""}
        for other in self.parent:
            if mine & {key(other), core(other)}:
                return other
        return None

    def _named(self, spelling: str) -> str | None:
        """The service a name is, or starts with (``fleet-eaigw``: fleet), or abbreviates."""
        same = self._same(spelling)
        if same is not None:
            return self.find(same)
        split = _split(spelling)
        for length in range(len(split) - 1, 0, -1):
            same = self._same("-".join(split[:length]))
            if same is not None:
                return self.find(same)
        return self._abbreviated(spelling)

    def _merge_abbreviations(self) -> None:
        for spelling in list(self.parent):
            long = self._abbreviated(spelling)
            if long is not None:
                self._union(long, spelling)

    def _abbreviated(self, short: str) -> str | None:
        """The one service ``short`` abbreviates (see :func:`abbreviates`)."""
        letters = key(short)
        if not (2 <= len(letters) <= 5) or not letters.isalpha() or letters in _NO_ABBREVIATION:
            return None
        own = self.find(short) if short in self.parent else None
        found = set()
        for spelling in self.parent:
            if self.find(spelling) == own:
                continue  # its own group's spellings
            names = [spelling, *self.titles.get(self.find(spelling), [])]
            if any(abbreviates(letters, _split(name)) for name in names):
                found.add(self.find(spelling))
        return found.pop() if len(found) == 1 else None

    def services(self) -> list[str]:
        """Each service's spelling (the one most files use)."""
        return sorted({self.find(spelling) for spelling in self.parent})

    def service_of(self, clue: Clue | None) -> str | None:
        """The service a file's clue names, or None (no service, or a name of no one's)."""
        if clue is None or clue.name is None:
            return None
        if clue.name in self.parent:
            return self.find(clue.name)
        return self.weak.get(clue.name)

    def aliases(self) -> dict[str, set[str]]:
        """Each service's other spellings (its spelling first)."""
        found: dict[str, set[str]] = {}
        for spelling in self.parent:
            service = self.find(spelling)
            if spelling != service:
                found.setdefault(service, set()).add(spelling)
        for spelling, service in self.weak.items():
            if spelling != service:
                found.setdefault(service, set()).add(spelling)
        return found

    def named_in(self, text: str) -> list[str]:
        """The services a line or identifier names by a run of its words, in order."""
        split = [word for word in words(text) if word]
        found: list[str] = []
        index = 0
        while index < len(split):
            for length in range(min(_LONGEST, len(split) - index), 0, -1):
                service = self._lookup("".join(split[index : index + length]))
                if service is not None:
                    found.append(service)
                    index += length
                    break
            else:
                index += 1
        return found

    def _lookup(self, joined: str) -> str | None:
        if len(joined) < 2:
            return None
        return self._table.get(joined)

    @functools.cached_property
    def _table(self) -> dict[str, str]:
        """Each joined spelling, core and initials of one service only, to that service
        (built at the first lookup, when every name of the tree is known)."""
        owners: dict[str, set[str]] = {}
        for spelling in [*self.parent, *self.weak]:
            service = self.service_of(Clue(spelling, "folder"))
            if service is None:
                continue
            for found in {key(spelling), core(spelling)} - {""}:
                owners.setdefault(found, set()).add(service)
        for service, said in self.titles.items():
            for title in said:
                owners.setdefault(key(title), set()).add(service)
        for spelling in self.parent:  # initials: ds, we, ro (Data Storage ...)
            service = self.find(spelling)
            for name in [spelling, *self.titles.get(service, [])]:
                split = _split(name)
                if len(split) >= 2:
                    owners.setdefault("".join(w[0] for w in split), set()).add(service)
        return {name: next(iter(held)) for name, held in owners.items() if len(held) == 1}


def _generic(spelling: str) -> bool:
    """A name made of words that say what kind of thing it is only (``config.app``)."""
    return all(word in KIND_WORDS or word in FILE_WORDS for word in _split(spelling))


def abbreviates(short: str, split: list[str]) -> bool:
    """Whether ``short`` is made of a beginning of each of two or more words, in order
    (``tapi``: ``triage api``; ``ds``: ``data storage``)."""
    if len(split) < 2:
        return False
    return _takes(short, split)


def _takes(short: str, split: list[str]) -> bool:
    if not split:
        return not short
    if not short:
        return False
    word = split[0]
    return any(
        _takes(short[length:], split[1:])
        for length in range(min(len(word), len(short)), 0, -1)
        if word[:length] == short[:length]
    )
