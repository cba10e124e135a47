"""Which services a file belongs to: its ``paths``, else the clues a reviewer reads.

A reviewer knows whose file ``test/infrastructure/ledger_e2e_hybrid.go`` is without a list
of paths: its name says so. The scan reads the same clues, in this order:

1. **``paths``**: the globs a service lists (gitignore syntax, matched by ``pathspec``)
   claim the files they match. They are the explicit word and win over every clue; a glob
   written ``!glob`` says that those files are never that service's, clues or not.
2. **The path**: the deepest folder that names a service (``test/integration/ledger/...``,
   ``docs/services/dispatch/README.md``), else the file's name
   (``ledger_e2e_hybrid.go``, ``kind-ledger-config.yaml``, ``HANDOFF_LEDGER_E2E.md``; the
   first service it names). A service is named by its id, its title (with and without
   words such as "service" or "lane"), its symbol, the abbreviation its title gives in
   parentheses (``Order Intake (OI)``) and its title's initials, each as whole words of the
   path in any spelling (``route-planner``, ``routeplanner``, ``RoutePlanner``).
3. **The code**: the Go or Java package (``package fleettracker``) or the Ginkgo suite
   (``RunSpecs(t, "Fleet Tracker Integration Suite")``), for a file whose path names no one.

Sub-suites own their files: when a deeper part of the path names a suite that is
``part_of`` the service found (``test/integration/routeplanner/solver/``), the file is the
suite's. A Kind config is its cluster's: the file a scope gives as ``config``, or whose name
names a cluster, belongs to the services with ports in that cluster.

Nothing in the path and code clues needs a registry: :class:`ServiceNames`
(``portreg.scan.service_names``) can be built from any list of names.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from portreg.scan.names import tier_named, unique_keys, words
from portreg.scan.service_names import ServiceNames

if TYPE_CHECKING:
    from portreg.models import Registry

# Where the suites live: clues are read only in files of these folders (or whose folder
# names a tier), in CI workflows, or in a configuration file or document named for tests.
# Production code, charts and docs hold production ports: they are a service's by its
# ``paths`` alone.
TEST_FOLDER_WORDS = frozenset(
    {"test", "tests", "testing", "e2e", "integration", "it", "itest", "itests", "testdata"}
    | {"testutil", "testutils", "fixtures", "acceptance", "workflows", "circleci", "buildkite"}
)
TEST_NAME_WORDS = frozenset({"test", "tests", "e2e", "integration", "it", "itest"})
# How integration tests are abbreviated in names: they name a tier called integration.
INTEGRATION_ABBREVIATIONS = frozenset({"it", "itest", "itests"})
# Folders of production code, packaging and documentation: a test folder below them holds
# unit or chart tests, not the suites the registry is about.
PRODUCTION_FOLDERS = frozenset(
    {"pkg", "internal", "cmd", "charts", "chart", "helm", "deploy", "deployments", "docs"}
    | {"doc", "api", "apis", "lib", "vendor", "third_party", "node_modules", "main"}
)
_PROSE_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".adoc")
# Kinds of tests a registry's tiers are usually not: a folder named so holds tests that
# bind nothing on the shared host (unit) or run apart (load, perf), unless a tier of the
# registry has that name.
OTHER_TEST_KINDS = frozenset(
    {"unit", "units", "unittest", "unittests", "smoke", "load", "perf", "performance"}
    | {"benchmark", "benchmarks", "bench", "fuzz", "chaos", "manual", "contract"}
)
# Code files whose name says "test" are unit tests, wherever they are (config_test.go).
_CODE_SUFFIXES = (".go", ".py", ".js", ".ts", ".tsx", ".jsx", ".java", ".kt", ".rb", ".rs", ".cs")


class Owners:
    """Which services each file belongs to (see the module's rules); asked once per file."""

    def __init__(self, registry: Registry) -> None:
        self.claims = [
            (service_id, _matcher(service.paths))
            for service_id, service in registry.services.items()
            if any(not glob.startswith("!") for glob in service.paths)
        ]
        self.claimed = _Claims(self.claims)
        self.refusals = [
            (service_id, _matcher([glob[1:] for glob in service.paths if glob.startswith("!")]))
            for service_id, service in registry.services.items()
            if any(glob.startswith("!") for glob in service.paths)
        ]
        self.names = ServiceNames.of_services(registry)
        self.tier_words = frozenset("".join(words(tier)) for tier in registry.tiers)
        self.clusters = _cluster_services(registry)
        self.cluster_names = ServiceNames.of_clusters(registry)
        self.configs = {
            scope.config: name for name, scope in registry.scopes.items() if scope.config
        }
        self.known: dict[str, tuple[str, ...]] = {}
        self.testing: set[str] = set()  # files read for clues (in_test_area)
        self.by_code: dict[str, tuple[str, ...]] = {}

    def of(self, relative: str, data: bytes | None = None) -> tuple[str, ...]:
        """The services this file (relative to the project root) belongs to; with its
        bytes, a file whose path names no one may be named by its package or suite."""
        owners = self.known.get(relative)
        if owners is None:
            owners = self._by_path(relative)
            self.known[relative] = owners
        if not owners and data is not None and relative in self.testing:
            owners = self._allowed(relative, self.names.owner_in_code(data))
            if owners:
                self.by_code[relative] = owners
        return owners or self.by_code.get(relative, ())

    def _by_path(self, relative: str) -> tuple[str, ...]:
        claimed = self.claimed(relative)
        if claimed:
            found = self.names.named_in(relative.split("/"))
            return self.names.refined(claimed, found, relative)
        cluster = self.cluster_of(relative)
        if cluster is not None and self.clusters.get(cluster):
            return self._allowed(relative, tuple(sorted(self.clusters[cluster])))
        if not self.in_test_area(relative):
            return ()
        self.testing.add(relative)
        return self._allowed(relative, self.names.owner_in_path(relative))

    def in_test_area(self, relative: str) -> bool:
        """Whether a file is where the suites live (see :func:`in_test_area`)."""
        return in_test_area(relative, self.tier_words)

    def _allowed(self, relative: str, owners: tuple[str, ...]) -> tuple[str, ...]:
        refused = {service for service, matches in self.refusals if matches(relative)}
        return tuple(owner for owner in owners if owner not in refused)

    def cluster_of(self, relative: str) -> str | None:
        """The cluster a Kind config configures: the scope whose ``config`` it is, or the
        one its file name names (``kind-ledger-config.yaml``: a scope named for ledger)."""
        cluster = self.configs.get(relative)
        if cluster is not None or not _looks_like_kind_config(relative):
            return cluster
        name = relative.rsplit("/", 1)[-1]
        found = self.cluster_names.named_in([name])
        if found:
            return found[0].service
        if not self.in_test_area(relative):
            return None
        owners = self.names.owner_in_path(relative)
        for scope, services in self.clusters.items():
            if owners and set(owners) == services:
                return scope
        return None

    def count(self, relatives: Iterable[str]) -> Counter[str]:
        """How many of these files each service owns (every service with paths is listed,
        so that one owning none shows)."""
        counts: Counter[str] = Counter({service: 0 for service, _ in self.claims})
        counts.update(owner for relative in relatives for owner in self.of(relative))
        return counts

    def claimed_count(self, relatives: Iterable[str]) -> Counter[str]:
        """How many of these files each service's own ``paths`` match (PR507)."""
        counts: Counter[str] = Counter({service: 0 for service, _ in self.claims})
        counts.update(service for relative in relatives for service in self.claimed(relative))
        return counts


class _Claims:
    """The services whose ``paths`` match a file, each file asked about once (ownership,
    then PR507's counts). A tree's files are mostly nobody's by ``paths``: one regex of
    every service's globs rules those out in one match instead of one per service."""

    def __init__(self, claims: list[tuple[str, Callable[[str], bool]]]) -> None:
        self.claims = claims
        regexes = [getattr(matches, "regex", None) for _, matches in claims]
        self.any: re.Pattern[str] | None = None
        if claims and all(isinstance(regex, re.Pattern) for regex in regexes):
            self.any = re.compile("|".join(f"(?:{regex.pattern})" for regex in regexes if regex))
        self.known: dict[str, tuple[str, ...]] = {}

    def __call__(self, relative: str) -> tuple[str, ...]:
        found = self.known.get(relative)
        if found is None:
            if self.any is not None and self.any.match(relative) is None:
                found = ()
            else:
                found = tuple(service for service, matches in self.claims if matches(relative))
            self.known[relative] = found
        return found


class TierNames:
    """The tier a file's path names (``test/e2e/...``, ``ledger_e2e_hybrid.go``), by the
    tiers' ids: the tier a fix's port should come from."""

    def __init__(self, registry: Registry) -> None:
        keys = {tier: {"".join(words(tier))} for tier in registry.tiers}
        for tier, found in keys.items():
            if "integration" in words(tier):  # FleetIT.java, fleet_it.go, itest/
                found.update(INTEGRATION_ABBREVIATIONS)
        self.keys = unique_keys(keys)

    def of(self, relative: str) -> str | None:
        """The tier the deepest part of the path names, if any."""
        for part in reversed(relative.split("/")):
            tier = tier_named(part, self.keys)
            if tier is not None:
                return tier
        return None


def in_test_area(relative: str, tier_words: frozenset[str] = frozenset()) -> bool:
    """Whether a file is where the suites live (see ``TEST_FOLDER_WORDS``; ``tier_words``:
    the joined words of the tiers' names): a test folder that no production folder holds,
    or a script or configuration named for tests outside production folders."""
    *folders, name = relative.lower().split("/")
    wanted = TEST_FOLDER_WORDS | tier_words
    other_kinds = OTHER_TEST_KINDS - tier_words
    if any(other_kinds.intersection(words_of(folder)) for folder in folders):
        return False  # test/unit/..., tests/load/...: not the registry's suites
    for folder in folders:
        if folder in PRODUCTION_FOLDERS:
            return False  # charts/x/tests, pkg/x/testdata, docs/...: not a suite's
        if wanted.intersection(words_of(folder)):
            return True
    if name.endswith(_PROSE_SUFFIXES) or other_kinds.intersection(words_of(name)):
        return False  # a document about tests; run-performance-tests.sh: not a suite's
    named = TEST_NAME_WORDS | tier_words
    if name.endswith(_CODE_SUFFIXES):
        named = named - {"test", "tests"}
    return bool(named.intersection(words_of(name)))


@functools.lru_cache(maxsize=8192)
def words_of(part: str) -> frozenset[str]:
    """The words of a path part, with digit-split words joined back (e2e, not e, 2, e);
    folders repeat across a tree's files, so each is split once."""
    split = words(part)
    joined = {"".join(split[index : index + 3]) for index in range(len(split))}
    return frozenset(split) | joined


def _looks_like_kind_config(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1].lower()
    return name.endswith((".yaml", ".yml")) and "kind" in words(name)


def _cluster_services(registry: Registry) -> dict[str, set[str]]:
    """Each cluster (scope) and the services with a port in it."""
    found: dict[str, set[str]] = {}
    for use in registry.allocations:
        if use.scope != "host":
            found.setdefault(use.scope, set()).add(use.service)
        cluster = use.allocation.cluster
        if cluster is not None:
            found.setdefault(cluster, set()).add(use.service)
    return found


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _matcher(globs: list[str]) -> Callable[[str], bool]:
    """One compiled regex for a service's globs, or pathspec itself for negations."""
    # Imported here: a registry without paths (and a scan without excludes) never needs it,
    # and its import is a tenth of a scan's start-up.
    from pathspec import GitIgnoreSpec

    spec = GitIgnoreSpec.from_lines(globs)
    patterns = [pattern for pattern in spec.patterns if pattern.include is not None]
    regexes = [getattr(pattern, "regex", None) for pattern in patterns]
    if (
        any(not pattern.include for pattern in patterns)
        or not regexes
        or any(not isinstance(regex, re.Pattern) for regex in regexes)
    ):
        return spec.match_file
    # pathspec names a group in each pattern: the same name twice would not compile.
    joined = re.compile(
        "|".join(f"(?:{_NAMED_GROUP.sub('(?:', regex.pattern)})" for regex in regexes if regex)
    )
    return _Matches(joined)


class _Matches:
    """Whether a path matches a service's globs, joined in one regex (kept, so that the
    regexes of every service can be joined too: :class:`_Claims`)."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex

    def __call__(self, relative: str) -> bool:
        return self.regex.match(relative) is not None
