"""What a file says about the host ports its suite uses, read without a registry
(``init --discover``): each port with how strongly the file claims it, and the words it is
held by.

The scan's roles (:mod:`portreg.scan.roles`) say what a number is; this module says what
kind of statement a line makes about a host port, which decides whose word wins where a
suite's files disagree:

- a **bind** (:attr:`Claim.BIND`): a compose ``ports:`` mapping, ``-p``/``--publish``,
  ``published:``, ``hostPort``, a listen address (``":18080"``, ``0.0.0.0:18080``), a
  testcontainers fixed host port (``withFixedExposedPort(18080, 8080)``), a port computed
  per parallel process; a Kind ``extraPortMappings`` entry (read whole:
  :mod:`portreg.scan.kind_configs`);
- a **declaration** (:attr:`Claim.DECLARED`): a named constant or setting holding the port
  (``const GatewayPort = 18080``, ``REDIS_PORT=16379``, ``Port: 18090``, ``redis: {port:
  16388}``);
- a **client** (:attr:`Claim.CLIENT`): an address a client connects to
  (``http://localhost:18100``), an environment variable's default (``os.getenv("X_PORT",
  "18121")``), a port given to a client with its host;
- a Service's **NodePort** (:attr:`Claim.NODE_PORT`): ``nodePort: 30080``.

Everything else (container ports, comments, documents, history, numbers that are no port)
says nothing about the host. Only port contexts are matched (one RE2 pass per file, the
scan's contexts plus listen addresses and declarations), and only their hits classified.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from portreg.scan.comments import Kind, Place, kind_of
from portreg.scan.elsewhere import in_negative_test, on_another_host
from portreg.scan.kind_configs import ConfigUses, KindConfig, read_kind_config
from portreg.scan.matcher import PortMatcher, groups_digits, written_width
from portreg.scan.names import Vocabulary, words
from portreg.scan.nearby import YAML_KEY, Flavour, Neighbourhood, flavour_of
from portreg.scan.owners import in_test_area, words_of
from portreg.scan.roles import PortHit, Role, classify
from portreg.scan.suites import Clue
from portreg.scan.syntax import API_SERVER, in_env_default
from portreg.scan.wording import holder_of


class Claim(enum.Enum):
    BIND = "bind"
    DECLARED = "declared"
    CLIENT = "client"
    NODE_PORT = "node_port"


class Sighting(NamedTuple):
    """One host port (or NodePort) a file states, with what it is held by."""

    port: int
    claim: Claim
    component: str | None  # from the syntax: the container port mapped to, a known name
    label: str  # the identifier, key, compose service or comment the port is held by
    line: int
    column: int
    tier: str | None = None  # the tier the identifier names (LedgerIntegrationRedisPort)
    container_port: int | None = None  # the container side of a mapping


class FileReading(NamedTuple):
    """What one file gave."""

    sightings: list[Sighting]
    suite: str | None = None  # the Ginkgo suite or package it declares (a title clue)
    kind: KindConfig | None = None
    uses: frozenset[str] = frozenset()  # the Kind configs it names
    package: str | None = None  # its Go package, when it declares port constants
    # Names the file publishes a port by (``fmt.Sprintf("%d:6379", cfg.RedisPort)``,
    # ``-p "${REDIS_PORT}:6379"``), and the port names it gives others (``RedisPort:
    # WERedisPort``): a constant so published is a bind, wherever it is declared.
    bound: frozenset[str] = frozenset()
    assigned: tuple[tuple[str, str], ...] = ()


# Contexts a scan does not need: where a number is a port a server listens on, or a port
# constant declared with its type. One group each: the number.
DISCOVERY_CONTEXTS = (
    r"[\"'`]:([0-9]{4,5})[\"'`/]",  # ":18080": a listen address on every interface
    r"[Ff]ixedExposedPort\([ \t]*([0-9]{4,5})",  # testcontainers (Java) fixed host port
    r"with_bind_ports\([ \t]*[0-9]{2,5}[ \t]*,[ \t]*([0-9]{4,5})",  # testcontainers (Python)
    r"(?:Port|PORT|port)[A-Za-z0-9_]*[ \t]+(?:u?int(?:16|32|64)?|string)[ \t]*=[ \t]*\"?"
    r"([0-9]{4,5})",
    r"--?(?:[a-z]+-)*port[ \t=]+([0-9]{4,5})",  # --port 18120, -http-port=8080
)
_LISTEN = re.compile(r"[\"'`]:$")
_DEFAULT_MAPPED = re.compile(r"^[\"']?\}:[0-9]{2,5}")
_FIXED = re.compile(r"(?:[Ff]ixedExposedPort\(|with_bind_ports\([^,]*,)[ \t]*$")
_FLAG = re.compile(r"(?:^|\s)--?(?:[a-z]+-)*port[ \t=]+$")
_SERVER_WORDS = re.compile(r"\b(?:serve|server|uvicorn|gunicorn|listen|http\.server|run)\b")
# A named value: `const X = `, `X := `, `X int = `, `export X=`, `X ?= `, `X: `, `"x": `.
_DECLARATION = re.compile(
    r"(?:^|[\s({,;])(?:const\s+|var\s+|let\s+|val\s+|export\s+|readonly\s+|final\s+)?"
    r"[\"']?([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?:[A-Za-z0-9_.\[\]]+[ \t]*)?"
    r"(?::=|\?=|\+=|=|:)[ \t]*[\"']?$"
)
_PORT_WORD = frozenset({"port", "ports"})
_GENERIC_KEYS = frozenset({"port", "hostport", "published", "external", "value", "host"})
_GENERIC_KEYS |= {"nodeport"}
# A port declared with its type: `var apiPort int = `, `APIPort uint16 = `.
_TYPED = re.compile(
    r"([A-Za-z_]\w*(?:Port|PORT|port)\w*)[ \t]+(?:u?int(?:16|32|64)?|string)[ \t]*=[ \t]*\"?$"
)
# The name a line assigns to, at its start: `data_storage_url = ...`, `export X=...`.
_ASSIGNED = re.compile(
    r"^[ \t]*(?:const\s+|var\s+|let\s+|export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*"
    r"(?::=|\?=|\+=|=|:)"
)
_NAME_NEAR = re.compile(r"\b[Nn]ame[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9_.\-]+)[\"']?")
_MAPPED_TO = re.compile(r"^(?:-[0-9]+)?:([0-9]{1,5})(?![0-9.])")
_SUITE = re.compile(rb"RunSpecs\([^,\n]*,[ \t]*\"([^\"\n]+)\"")
_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_CODE_KINDS = frozenset({Kind.GO, Kind.PYTHON, Kind.SHELL, Kind.MAKEFILE, Kind.C_LIKE})
_PROGRAM_KINDS = frozenset({Kind.GO, Kind.PYTHON, Kind.C_LIKE})
_TEST_PARTS = frozenset({"test", "tests", "testing", "e2e", "integration", "it", "spec", "specs"})
# Words of a test file's name (suite_test.go, test_ledger.py, ledger.spec.ts, conftest.py).
_TEST_FILE_WORDS = _TEST_PARTS | {"conftest"}


class TreeReader:
    """Reads the files of a tree for ``init --discover``: one matcher for the whole run,
    each file's hits classified once, and each turned into a :class:`Sighting` or dropped.

    ``clues`` gives each file to read what its path says about its suite; a file without
    one is not read. ``uses`` finds the Kind configs a file names.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        clues: Mapping[str, Clue],
        uses: ConfigUses,
        images: Collection[str] = (),
    ) -> None:
        self.vocabulary = vocabulary
        self.matcher = PortMatcher((), vocabulary.container_ports, more_contexts=DISCOVERY_CONTEXTS)
        self.clues = clues
        self.uses = uses
        # Folders built into container images (a Dockerfile's): the code below them runs
        # in a container, where its ports are the container's.
        self.images = sorted(images, key=len, reverse=True)

    def read(self, data: bytes, path: str) -> FileReading:
        clue = self.clues.get(path)
        if clue is None:
            return FileReading([])
        kind = kind_of(path)
        uses = self.uses.used_in(data) if kind in _CODE_KINDS else frozenset()
        config = read_kind_config(data) if kind is Kind.YAML else None
        if config is not None:
            return FileReading([], kind=config, uses=uses)
        if kind in _PROGRAM_KINDS and self.in_image(path):
            return FileReading([], _suite(data, kind), uses=uses)
        bound, assigned = published_names(data) if kind in _CODE_KINDS else (frozenset(), ())
        hits = list(self.matcher.find(data, separators=groups_digits(path)))
        if not hits:
            return FileReading([], _suite(data, kind), None, uses, None, bound, assigned)
        found = _FileSightings(data, kind, self.vocabulary)
        sightings = [
            sighting
            for hit in classify(data, hits, path, self.vocabulary)
            if (sighting := found.sighting(hit)) is not None
        ]
        declared = [s for s in sightings if s.claim is Claim.DECLARED]
        package = None
        if kind in (Kind.GO, Kind.PYTHON) and len(declared) >= 2:
            named = _PACKAGE.search(data)
            package = named.group(1).decode() if named else ""
        return FileReading(sightings, _suite(data, kind), None, uses, package, bound, assigned)

    def in_image(self, path: str) -> bool:
        """Whether a program's file is built into an image (below a Dockerfile's folder),
        and not test code, which runs on the host: a test folder below the Dockerfile's, or
        a file named as tests in a test area (``x_test.go`` beside a fake's Dockerfile)."""
        *folders, name = path.split("/")
        for folder in self.images:
            if folder == "" or path.startswith(folder + "/"):
                below = folders[len(folder.split("/")) if folder else 0 :]
                if any(_TEST_PARTS.intersection(words(part)) for part in below):
                    return False
                return not (_TEST_FILE_WORDS.intersection(words_of(name)) and in_test_area(path))
        return False


# The host side of a mapping given by a name: Sprintf("%d:6379", cfg.RedisPort),
# strconv.Itoa(port) + ":6379", HostPort: strconv.Itoa(port), ${REDIS_PORT}:6379 and
# $REDIS_PORT:6379 in shell and compose, f"{redis_port}:6379" in Python.
_PUBLISHED_BY_NAME = (
    rb"Sprintf\(\s*\"%d:[^\"\n]*\"\s*,\s*([A-Za-z_][\w.]*)"
    rb"|Itoa\(\s*([A-Za-z_][\w.]*)\s*\)\s*\+\s*\":"
    rb"|HostPort:\s*(?:strconv\.Itoa|fmt\.Sprint)\(\s*([A-Za-z_][\w.]*)"
    rb"|\$\{?([A-Za-z_]\w*)(?::?-[^}\n]*)?\}?:[0-9]{2,5}\b"
    rb"|\{([A-Za-z_][\w.]*)\}:[0-9]{2,5}\b"
)
_PUBLISH_MARKS = (b"%d:", b"Itoa(", b"HostPort:", b"}:", b"$")
# A port name given to another: `RedisPort: WERedisPort,`, `port = REDIS_PORT`.
_PORT_ASSIGNED = (
    rb"([A-Za-z_]\w*)[ \t]*(?::=|=|:)[ \t]*(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*(?:Port|PORT|port)\w*)"
    rb"[ \t]*[,;)}\n]"
)


@functools.cache
def _name_patterns() -> tuple[Any, Any]:
    """The two patterns above, compiled for RE2 (one linear pass each; Python's engine
    would try a name at every word of a file)."""
    import re2  # type: ignore[import-untyped]  # a C++ extension: imported when needed

    return re2.compile(_PUBLISHED_BY_NAME), re2.compile(_PORT_ASSIGNED)


def published_names(data: bytes) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The names a file publishes ports by, and the port names it assigns (see
    :attr:`FileReading.bound`)."""
    published, port_assigned = _name_patterns()
    bound: set[str] = set()
    if any(mark in data for mark in _PUBLISH_MARKS):
        for match in published.finditer(data):
            name = next(group for group in match.groups() if group)
            bound.add(name.decode("ascii", "replace").rsplit(".", 1)[-1])
    assigned: list[tuple[str, str]] = []
    if b"Port" in data or b"PORT" in data or b"port" in data:
        for match in port_assigned.finditer(data):
            given, taken = (group.decode("ascii", "replace") for group in match.groups())
            if given != taken:
                assigned.append((given, taken))
    return frozenset(bound), tuple(dict.fromkeys(assigned))


def _suite(data: bytes, kind: Kind) -> str | None:
    """The Ginkgo suite a Go file runs (``RunSpecs(t, "Data Storage Integration Suite")``)."""
    if kind is not Kind.GO:
        return None
    found = _SUITE.search(data)
    return found.group(1).decode("utf-8", "replace") if found else None


class _FileSightings(Neighbourhood):
    """One file's bytes, to turn its classified hits into sightings."""

    def __init__(self, data: bytes, kind: Kind, vocabulary: Vocabulary):
        super().__init__(data, kind, flavour_of(data, kind), vocabulary)
        self.manifests: dict[int, bool] = {}  # raw strings (by where they open): manifests?

    def sighting(self, hit: PortHit) -> Sighting | None:
        if hit.place is not Place.CODE or hit.reference or hit.suppressed:
            return None
        line_start = self.data.rfind(b"\n", 0, hit.offset) + 1
        text = self.line_before(line_start, 0) or ""
        start = hit.column - 1
        end = start + written_width(text, start)
        claim = _claim(hit, text[:start], text[end:])
        manifest = self.flavour is Flavour.KUBERNETES or self.in_manifest_string(hit.offset)
        if claim is None or (manifest and not hit.bind and claim is not Claim.NODE_PORT):
            return None  # a manifest's ports are the cluster's, but for hostPort and nodePort
        label = self.label(hit, text, start, line_start)
        if claim is Claim.DECLARED and "nodeport" in "".join(words(label)):
            claim = Claim.NODE_PORT  # FailoverNodePortAPI int32 = 30086
        mapped = _MAPPED_TO.match(text[end:])
        if not mapped and on_another_host(text[:start]):
            return None  # ClusterNode(host="172.16.0.10", port=6380): not this machine's
        if in_negative_test(self.data, hit.offset, label):
            return None  # a port chosen for nothing to listen on it
        return Sighting(
            hit.port,
            claim,
            hit.component_hint if hit.firm else None,
            label,
            hit.line,
            hit.column,
            hit.tier,
            int(mapped.group(1)) if mapped and claim is Claim.BIND else None,
        )

    def in_manifest_string(self, offset: int) -> bool:
        """Whether a number is inside a Kubernetes manifest held in a raw string (Go's
        backticks), whose ports, as a manifest file's, are the cluster's."""
        span = self.raw_string(offset)
        if span is None:
            return False
        opened, closed = span
        known = self.manifests.get(opened)
        if known is None:
            content = self.data[opened:closed]
            known = b"apiVersion:" in content and b"kind:" in content
            self.manifests[opened] = known
        return known

    def label(self, hit: PortHit, text: str, start: int, line_start: int) -> str:
        """The words the port is held by: its identifier or key, else (a bare ``port:``)
        its YAML parent or compose service, else a name given nearby (a Service's)."""
        typed = _TYPED.search(text[:start])
        if typed:
            return typed.group(1)  # var apiPort int = 18090
        if hit.role is Role.NODE_PORT:
            for back in range(0, 10):  # the Service's port entry's name, or its own
                near = _NAME_NEAR.search(self.line_before(line_start, back) or "")
                if near:
                    return near.group(1)
        holder = holder_of(text, start) or ""
        if holder and "".join(words(holder)) not in _GENERIC_KEYS:
            return holder
        assigned = _ASSIGNED.match(text)
        if assigned and "".join(words(assigned.group(1))) not in _GENERIC_KEYS:
            return assigned.group(1)  # data_storage_url = config.get("url", "http://...")
        if self.kind is Kind.YAML:
            if self.flavour is Flavour.COMPOSE:
                service = self.compose_service(line_start)
                if service:
                    return service
            return self.yaml_parent(line_start) or holder
        return holder

    def compose_service(self, line_start: int) -> str | None:
        """The compose service a ``ports:`` item belongs to: the key above ``ports:``."""
        own = self.line_before(line_start, 0) or ""
        key = YAML_KEY.match(own)
        indent = len(own) - len(own.lstrip(" -\t"))
        seen_ports = key is not None and key.group(2) == "ports"
        for back in range(1, 40):
            line = self.line_before(line_start, back)
            if line is None:
                return None
            found = YAML_KEY.match(line)
            if found is None or len(found.group(1)) >= indent:
                continue
            if not seen_ports:
                if found.group(2) != "ports":
                    return None
                seen_ports = True
                indent = len(found.group(1))
                continue
            return found.group(2)
        return None


def _claim(hit: PortHit, before: str, after: str) -> Claim | None:
    """What kind of statement the line makes about the host port (see the module)."""
    if hit.role is Role.NODE_PORT:
        return Claim.NODE_PORT if hit.why.startswith(("nodePort", "helm --set nodePort")) else None
    if _DEFAULT_MAPPED.match(after):
        return Claim.BIND  # "${REDIS_PORT:-16379}:6379": a mapping's host side, by default
    if hit.role is Role.HOST:
        if hit.bind or hit.why == API_SERVER or hit.why.startswith("URL to 0.0.0.0"):
            return Claim.BIND
        if _LISTEN.search(before) or _FIXED.search(before):
            return Claim.BIND
        if hit.address or in_env_default(before):
            return Claim.CLIENT
        if _DECLARATION.search(before):
            return Claim.DECLARED
        return Claim.CLIENT
    if hit.role is Role.OTHER and _TYPED.search(before):
        return Claim.DECLARED  # var apiPort int = 18090 (the type read as the key)
    if hit.role is not Role.UNKNOWN:
        return None
    if _LISTEN.search(before) or _FIXED.search(before):
        return Claim.BIND
    if _FLAG.search(before):
        return Claim.BIND if _SERVER_WORDS.search(before) else Claim.CLIENT
    if in_env_default(before):
        return Claim.CLIENT
    declared = _DECLARATION.search(before)
    if declared and _PORT_WORD.intersection(words(declared.group(1))):
        return Claim.DECLARED
    return None
