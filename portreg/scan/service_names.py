"""The words that name each service (or cluster) in a path or in code, and the sub-suites
(``part_of``) a path names below its service: the clues :mod:`portreg.scan.owners` reads.

Built from any mapping of names, a registry's or a tree's own (its folders' names)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.scan.names import (
    GENERIC_WORDS,
    NEVER_NAMES,
    initials,
    name_keys,
    unique_keys,
    words,
)

if TYPE_CHECKING:
    from portreg.models import Registry

# Words that name no service, and those that name no cluster: "kind-ledger-e2e" is
# ledger's cluster.
CLUSTER_WORDS = GENERIC_WORDS | {"kind", "cluster", "clusters", "config", "k8s", "k3d", "minikube"}
# Runs of up to this many words of a path part are joined to look a name up.
_LONGEST = 4
# The package or Ginkgo suite a code file declares near its top.
_GO_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_JAVA_PACKAGE = re.compile(rb"^package[ \t]+[\w.]*?([A-Za-z_]\w*)[ \t]*;", re.MULTILINE)
_SUITE = re.compile(rb"RunSpecs\([^,\n]*,[ \t]*\"([^\"\n]+)\"")
_PACKAGE_SNIFF = 4096


@dataclass(frozen=True)
class Named:
    """A service (or cluster) named in a path: where, and which."""

    depth: int  # index of the path part (folders first, the file name last)
    start: int  # index of the first word in that part
    service: str


class ServiceNames:
    """The words that name each service (or cluster), and what each is ``part_of``."""

    def __init__(
        self,
        names: Mapping[str, Iterable[str]],
        part_of: Mapping[str, str | None] | None = None,
        generic: frozenset[str] = GENERIC_WORDS,
    ) -> None:
        self.part_of = dict(part_of or {})
        keys = {service: name_keys([service, *texts], generic) for service, texts in names.items()}
        for service in keys:
            keys[service] |= self._without_parent(service, keys)
        self.keys = unique_keys(keys, self.descends)
        self._parts: dict[str, list[tuple[int, str]]] = {}  # see _named_in_part
        # A suite's own words, without its parent's: "KA Custom Tools" is {custom, tools},
        # found in any order in a path below its parent's folder (``tools/custom/``).
        self.own_words = {
            service: self._own_words(service, [service, *texts], names)
            for service, texts in names.items()
            if self.part_of.get(service)
        }
        # A title's initials (Workflow Execution: we) are weaker: only the first word of a
        # file name (we_integration.go) is read as them.
        self.initials = unique_keys({service: initials(texts) for service, texts in names.items()})

    def _own_words(
        self, service: str, texts: list[str], names: Mapping[str, Iterable[str]]
    ) -> list[frozenset[str]]:
        parent = self.part_of.get(service) or ""
        theirs = {word for text in [parent, *names.get(parent, [])] for word in words(text)}
        found = []
        for text in texts:
            mine = {w for w in words(text) if w not in theirs and w not in GENERIC_WORDS}
            mine = {w for w in mine if len(w) >= 3 and w not in NEVER_NAMES}
            if mine:
                found.append(frozenset(mine))
        return found

    def _without_parent(self, service: str, keys: Mapping[str, set[str]]) -> set[str]:
        """A suite's names without its parent's: "KA MCP" under KA is named "mcp" too, as
        its folder inside the parent's (``kestrelagent/mcp/``) says."""
        parent = self.part_of.get(service)
        if parent is None or parent not in keys:
            return set()
        trimmed = set()
        for key in keys[service]:
            for prefix in keys[parent]:
                if key.startswith(prefix) and len(key) - len(prefix) >= 3:
                    trimmed.add(key[len(prefix) :])
        return {key for key in trimmed if key not in NEVER_NAMES}

    @classmethod
    def of_services(cls, registry: Registry) -> ServiceNames:
        names = {
            service_id: [text for text in (service.title, service.symbol) if text]
            for service_id, service in registry.services.items()
        }
        part_of = {service_id: service.part_of for service_id, service in registry.services.items()}
        return cls(names, part_of)

    @classmethod
    def of_clusters(cls, registry: Registry) -> ServiceNames:
        return cls(
            {name: [scope.title] if scope.title else [] for name, scope in registry.scopes.items()},
            generic=CLUSTER_WORDS,
        )

    def named_in(self, parts: list[str]) -> list[Named]:
        """Every name found in these path parts, in order."""
        found = [
            Named(depth, start, service)
            for depth, part in enumerate(parts)
            for start, service in self._named_in_part(part)
        ]
        if parts:
            first = words(parts[-1])[:1]
            service = self.initials.get(first[0]) if first else None
            if service is not None and not any(n.depth == len(parts) - 1 for n in found):
                found.append(Named(len(parts) - 1, 0, service))
        return found

    def _named_in_part(self, part: str) -> list[tuple[int, str]]:
        """(where, service) for each name in one path part; a tree's files share their
        folders, so each part is read once."""
        found = self._parts.get(part)
        if found is None:
            found = []
            split = words(part)
            for start in range(len(split)):
                for length in range(min(_LONGEST, len(split) - start), 0, -1):
                    service = self.keys.get("".join(split[start : start + length]))
                    if service is not None:
                        found.append((start, service))
                        break
            self._parts[part] = found
        return found

    def owner_in_path(self, relative: str) -> tuple[str, ...]:
        """The service a path names (see the module's rules), refined to a sub-suite."""
        parts = relative.split("/")
        found = self.named_in(parts)
        folders = [named for named in found if named.depth < len(parts) - 1]
        if folders:
            deepest = max(named.depth for named in folders)
            owners = {named.service for named in folders if named.depth == deepest}
        elif found:
            owners = {found[0].service}  # ledger_e2e_hybrid.go: the name it starts with
        else:
            return ()
        return self.refined(owners, found, relative)

    def refined(
        self, owners: Iterable[str], found: Iterable[Named], relative: str = ""
    ) -> tuple[str, ...]:
        """Each owner replaced by a sub-suite of it that the path also names, by one of
        its names or by all its own words (``kestrelagent/tools/custom/``)."""
        named = {item.service for item in found}
        path_words = set(words(relative))
        for service, word_sets in self.own_words.items():
            if any(word_set <= path_words for word_set in word_sets):
                named.add(service)
        result = set()
        for owner in owners:
            children = [child for child in named if self.descends(child, owner)]
            # The deepest suites only: a suite of a suite wins over its parent suite.
            deepest = [c for c in children if not any(self.descends(o, c) for o in children)]
            result.update(deepest or [owner])
        return tuple(sorted(result))

    def descends(self, child: str, ancestor: str) -> bool:
        """Whether ``child`` is ``part_of`` ``ancestor``, directly or through others."""
        seen = set()
        parent = self.part_of.get(child)
        while parent is not None and parent not in seen:
            if parent == ancestor:
                return True
            seen.add(parent)
            parent = self.part_of.get(parent)
        return False

    def owner_in_code(self, data: bytes) -> tuple[str, ...]:
        """The service a Go or Java package or a Ginkgo suite name names."""
        head = data[:_PACKAGE_SNIFF]
        for pattern in (_SUITE, _GO_PACKAGE, _JAVA_PACKAGE):
            match = pattern.search(head)
            if match:
                found = self.named_in([match.group(1).decode("utf-8", "replace")])
                if found:
                    return self.refined({found[0].service}, found)
        return ()
