"""Where a tree's suites live, and which name each file's path gives its suite, read from
the path alone, without a registry (``init --discover``).

A reviewer new to a repository finds its suites by its layout:

- **a package layout** names the service: ``packages/<name>/``, ``services/<name>/``,
  ``apps/<name>/``, ``cmd/<name>/`` (whatever the folders below: ``src/esm/`` or
  ``integration-test/`` are parts of that package, not services);
- **a suite folder**: the first folder below the test folders that is not a tier or a
  shared folder (``test/integration/<name>/``, ``e2e/<name>/``), else the folder holding
  the test folders (``<name>/tests/integration/``);
- **a file's name** in a folder several suites share (``test/infrastructure/``,
  ``scripts/``): ``<name>_integration.go``, ``<name>_e2e_hybrid.go``,
  ``kind-<name>-config.yaml`` (a tier or Kind word after the name marks it as a suite's);
  a name without such a mark (``tapi_bootstrap.go``) counts only when it names a suite the
  layout shows elsewhere.

Files of other kinds of tests (``unit/``, ``load/``, ``smoke/`` ...), production code
(``pkg/``, ``internal/``, a package's own sources) and documents hold no suite's ports.
Other files outside the suites (a root Makefile, ``hack/`` scripts, CI workflows) are
**evidence**: what they say counts for the suite a line names, and they never name a suite
of their own.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from portreg.scan.comments import Kind, kind_of
from portreg.scan.names import words
from portreg.scan.owners import OTHER_TEST_KINDS, PRODUCTION_FOLDERS, in_test_area, words_of

# Folders of a monorepo whose children are the services: the child names the service.
PACKAGE_FOLDERS = frozenset({"packages", "services", "apps", "cmd", "microservices"})
# Folders of packages' own sources: production code, not a suite's.
SOURCE_FOLDERS = PRODUCTION_FOLDERS - {"cmd"} | {"src", "source"}
# Folders several suites share, and folders of what suites are made of: never a suite.
SHARED_FOLDERS = frozenset(
    {"infrastructure", "infra", "shared", "common", "scripts", "script", "hack", "tools"}
    | {"tool", "helpers", "helper", "utils", "util", "utilities", "support", "testutil"}
    | {"testutils", "testing", "fixtures", "fixture", "testdata", "data", "config", "configs"}
    | {"configuration", "setup", "mocks", "stubs", "fakes", "kind", "clusters", "cluster"}
    | {"manifests", "compose", "docker", "containers", "env", "environments", "resources"}
    | {"assets", "files", "templates", "builders", "validators", "scenarios", "framework"}
    | {"harness", "ci", "github", "workflows", "k8s", "kubernetes", "suites", "specs", "src"}
    | {"java", "kotlin", "scala", "groovy", "main", "com", "org", "io", "net"}
)
# Folders that hold tests (their tier or kind), looked past to find the suite's name.
TEST_FOLDERS = frozenset(
    {"test", "tests", "testing", "e2e", "integration", "it", "itest", "itests", "acceptance"}
    | {"system", "functional", "spec", "specs", "tests-integration", "integration-tests"}
)
# Tier words, by the tier they name.
TIERS = {"integration": "integration", "it": "integration", "itest": "integration"}
TIERS |= {"itests": "integration", "e2e": "e2e", "endtoend": "e2e", "system": "system"}
TIERS |= {"acceptance": "acceptance"}
# Words of a file name that say what the file does, not whose it is.
FILE_WORDS = frozenset(
    {"kind", "cluster", "clusters", "config", "configs", "configuration", "docker", "compose"}
    | {"podman", "setup", "run", "runner", "start", "stop", "deploy", "create", "test", "tests"}
    | {"suite", "infra", "infrastructure", "helpers", "helper", "utils", "util", "bootstrap"}
    | {"template", "templates", "hybrid", "parallel", "shared", "common", "values", "env"}
    | {"local", "script", "ci", "main", "yaml", "yml", "spec", "fixture", "fixtures", "lib"}
)
_DOCUMENTS = (".md", ".mdc", ".markdown", ".rst", ".txt", ".adoc")
# Folders that hold nobody's suites: documents, third parties' code, examples.
_NOBODYS = frozenset({"docs", "doc", "vendor", "third_party", "node_modules", "examples"})
# Files of no kind the reader knows that still say which ports a project uses.
_OTHER_KINDS_READ = frozenset(
    {"package.json", "devcontainer.json", "procfile", "tiltfile", "jenkinsfile", "vagrantfile"}
)
# Hidden folders that hold what CI runs (any other hidden folder is a tool's).
_CI_FOLDERS = frozenset({".github", ".gitlab", ".circleci", ".buildkite", ".devcontainer"})
# Files outside the suites that say how things run (scripts, Makefiles, compose, CI,
# configuration): evidence. A program's own code outside test folders is not.
_EVIDENCE_KINDS = frozenset({Kind.SHELL, Kind.MAKEFILE, Kind.YAML, Kind.CONFIG, Kind.OTHER})
# Version and variant folders (``v7/``, ``1.34/``, ``oldest/``, ``lts/``): alternatives of
# the suite of the folder above, never a suite of their own.
_VERSION = re.compile(
    r"^v?[0-9]+(?:[._-][0-9x]+)*(?:-?(?:alpha|beta|rc|lts)[0-9]*)?$"
    r"|^(?:latest|oldest|newest|stable|next|legacy|old|new|min|max|minimum|maximum|lts|edge"
    r"|current|previous|prev|nightly|canary|beta|unstable|default)$"
)
# Words a folder holding the suites' files is made of, when it names none.
_FOLDER_WORDS = FILE_WORDS | SHARED_FOLDERS | frozenset(TIERS) | {"e2e"}
# Files that map host ports by what they are (outside test folders too).
_HOST_MAPS = ("compose", "kind")


class Clue(NamedTuple):
    """What a file's path says about its suite."""

    name: str | None  # as the path spells it ("triage-api", "01_alert_processing")
    # "package", "folder", "file" (a file's name), "project" (a file right in the project's
    # own test folder: test/e2e/x_test.go), "evidence" (no suite of its own)
    how: str
    marked: bool = False  # a file's name with a tier or Kind word after the name
    # A file's name in the project's own test folder: the project's when it names no suite.
    in_place: bool = False


def clue_of(relative: str, whole_project: bool = False) -> Clue | None:
    """The suite a file's path names (see the module), or None when the file holds no
    suite's ports (documents, production code, other kinds of tests). With
    ``whole_project`` (a tree whose layout shows no suites: one project), its own code is
    evidence too."""
    *folders, name = relative.split("/")
    lowered = [folder.lower() for folder in folders]
    if name.lower().endswith(_DOCUMENTS) or _NOBODYS.intersection(lowered):
        return None
    if any(folder.startswith(".") and folder not in _CI_FOLDERS for folder in lowered):
        return None  # .generated-configs/, .cursor/: tools' files, not the suites'
    if lowered and lowered[0] in _CI_FOLDERS:
        return Clue(None, "evidence")  # .github/actions/run-tests/: what CI runs, no suite
    if kind_of(name) is Kind.OTHER and name.lower() not in _OTHER_KINDS_READ:
        return None  # logs, data, images: no port a suite binds
    if any(OTHER_TEST_KINDS.intersection(words_of(folder)) for folder in lowered):
        return None  # test/unit/..., tests/load/...: not the suites a registry is about
    package = _package(lowered)
    if package is not None:
        rest = "/".join([*folders[package + 1 :], name])
        tested = any(_test_folder(folder) for folder in lowered[:package])
        if not tested and not in_test_area(rest) and not _host_map(name) and not whole_project:
            return None  # a package's own code: production ports
        return Clue(folders[package], "package")  # test/services/mock-llm/ is a suite too
    if in_test_area(relative):
        return _in_tests(folders, name)
    if SOURCE_FOLDERS.intersection(lowered):
        return Clue(None, "evidence") if whole_project else None
    named = [folder for folder in folders if not _shared(folder.lower())]
    if _host_map(name) and named:
        return Clue(named[-1], "folder")  # search/v7/docker-compose.yml: search
    if kind_of(name) not in _EVIDENCE_KINDS and not whole_project:
        return None  # a program's own code, with its unit tests beside it
    return Clue(None, "evidence")


def _package(lowered: list[str]) -> int | None:
    """Where the package's name is among the folders (the child of ``packages/`` ...)."""
    for index, folder in enumerate(lowered[:-1]):
        if folder in PACKAGE_FOLDERS and lowered[index + 1] not in SHARED_FOLDERS:
            return index + 1
    return None


def _in_tests(folders: list[str], name: str) -> Clue:
    lowered = [folder.lower() for folder in folders]
    first = next((i for i, folder in enumerate(lowered) if _test_folder(folder)), len(folders))
    above = [f for f in folders[:first] if not _shared(f.lower())]
    if above and "src" in lowered[:first]:
        return Clue(above[-1], "folder")  # <name>/src/test/java/com/...: Maven's layout
    for folder in folders[first + 1 :]:
        if _shared(folder.lower()) and not _test_folder(folder.lower()):
            break  # test/e2e/fixture/session/: a part of a shared folder, no suite
        if not _test_folder(folder.lower()) and not _shared(folder.lower()):
            return Clue(folder, "folder")  # test/integration/<name>/...
    if above and (first < len(folders) or _host_map(name)):
        return Clue(above[-1], "folder")  # <name>/tests/integration/..., <name>/x.test.yml
    in_place = bool(folders) and _test_folder(lowered[-1])  # test/e2e/x_test.go
    spelled, marked = name_in_file(name)
    if spelled is None:
        return Clue(None, "project" if in_place else "evidence")
    return Clue(spelled, "file", marked, in_place)


@functools.lru_cache(maxsize=4096)
def _test_folder(folder: str) -> bool:
    return folder in TEST_FOLDERS or bool(words_of(folder) & TEST_FOLDERS)


@functools.lru_cache(maxsize=4096)
def _shared(folder: str) -> bool:
    """A folder that names no suite: shared, hidden, a tier, a version or variant (``v7``,
    ``1.2``, ``oldest``, ``2019-latest``), or only words that say what a folder holds
    (``docker-compose``)."""
    if folder in SHARED_FOLDERS or folder.startswith(".") or folder in TIERS:
        return True
    if _VERSION.match(folder):
        return True
    split = name_words(folder)
    return bool(split) and all(word in _FOLDER_WORDS or _VERSION.match(word) for word in split)


def _host_map(name: str) -> bool:
    """A compose file, a Kind config, an ``.env`` file: host ports by what they are."""
    lowered = name.lower()
    if lowered.startswith(".env") or lowered.endswith(".env"):
        return True
    return lowered.endswith((".yml", ".yaml")) and any(word in lowered for word in _HOST_MAPS)


def name_in_file(name: str) -> tuple[str | None, bool]:
    """The suite a file's name names, as spelled, and whether a tier or Kind word marks it
    as the suite's (``kind-ledger-config.yaml``, ``ledger_e2e_hybrid.go``: ``ledger``, marked;
    ``tapi_bootstrap.go``: ``tapi``, unmarked; ``e2e_images.go``: ``images``, unmarked)."""
    split = name_words(name.split(".")[0])
    kind = bool(split) and split[0] == "kind"
    taken: list[str] = []
    marked = False
    for index, word in enumerate(split):
        if word in FILE_WORDS or word in TIERS:
            if taken:
                following = split[index:]
                marked = any(w in TIERS for w in following) or (kind and "config" in following)
                break
            continue
        taken.append(word)
    else:
        marked = kind and bool(taken)
    if not any(character.isalpha() for character in "".join(taken)):
        return None, False
    return "-".join(taken), marked


_E2E = re.compile(r"e2e", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def name_words(stem: str) -> list[str]:
    """A name's words, lower case, with ``e2e`` kept whole (``words`` reads e, 2, e):
    ``LedgerIT`` is ``ledger it``, ``gateway_e2e_hybrid`` is ``gateway e2e hybrid``."""
    return [
        word
        for piece in _E2E.sub("_e2e_", stem).split("_")
        for word in (["e2e"] if piece.lower() == "e2e" else words(piece))
    ]


def tier_of(relative: str) -> str | None:
    """The tier the deepest part of a path names (``test/e2e/...``, ``x_e2e_hybrid.go``,
    ``LedgerIT.java``), if any."""
    for part in reversed(relative.split("/")):
        stem = part.split(".")[0] if not part.startswith(".") else part
        found = [TIERS[word] for word in name_words(stem) if word in TIERS]
        if found:
            return found[-1]
    return None
