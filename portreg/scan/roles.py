"""What a port number found in a file is, read as a reviewer reads it: its role.

The matcher finds numbers; this stage says, for each, from the syntax around it:

- its **role**: ``host`` (bound on the machine: the host side of ``16387:6379``,
  ``localhost:16387``, ``hostPort``, compose ``published``, ``REDIS_PORT=16387``),
  ``container`` (inside a container or on a container network: the right side of a
  mapping, ``containerPort``, ``targetPort``, ``http://redis:6379``, ``PORT=8080``, a
  compose healthcheck), ``node_port`` (Kubernetes ``nodePort``, Kind's ``containerPort``
  in ``extraPortMappings``), ``other`` (the value of a key that is not about ports:
  ``maxConnections: 18100``, ``make([]byte, 16384)``-like powers of two) or ``unknown``
  (a bare number);
- the **component** it is for, when the text says so: the container port it maps to
  (``:6379`` is Redis by the registry's ``container_port``), the key or variable that holds
  it (``REDIS_PORT``, ``redis: {addr: ...}``: the registry's ``names``), a URL's scheme or
  path (``redis://``, ``/datastorage``);
- where it is (code, comment, prose) and whether its sentence is history or a reference
  ("changed from 16387", "after HAPI's ports", "16379-16388"), which no one should fix.

The judge (:mod:`portreg.scan.judge`) decides from these alone; it never reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from portreg.scan.comments import Kind, Place, is_dockerfile, kind_of, place_of
from portreg.scan.matcher import Hit, written_width
from portreg.scan.names import Vocabulary
from portreg.scan.nearby import Flavour, flavour_of
from portreg.scan.port_words import LOCAL_HOST_NAME
from portreg.scan.references import HISTORY, is_range_end, is_reference, markdown_context
from portreg.scan.syntax import (
    API_SERVER,
    BY_PATH,
    LineSyntax,
    Role,
    in_env_default,
)
from portreg.scan.wording import (
    comment_sentence,
    computed_by,
    container_by_words,
    holder_of,
    names_node_ports,
    node_port_by_words,
    prose_component,
)
from portreg.wording import possessive

__all__ = ["PortHit", "Role", "classify"]


class PortHit(NamedTuple):
    """A port number in a file, with what its syntax says about it (a named tuple: there
    are thousands of them in a large scan, and they cross process boundaries)."""

    port: int
    role: Role
    component_hint: str | None
    line: int
    column: int
    place: Place = Place.CODE
    # History or a citation ("changed from", "after hapi's", a range a-b): never judged.
    reference: bool = False
    # Services the line names: a comment citing a port's owner cites it on purpose.
    mentions: frozenset[str] = frozenset()
    suppressed: frozenset[str] = frozenset()
    why: str = ""  # the syntax that decided the role, e.g. "mapping host side"
    offset: int = 0  # of the number's first byte in the file
    # An address a client connects to (``localhost:18100``), not a port bound: when its
    # line names the service that owns the port, it reaches that service on purpose.
    address: bool = False
    # A port bound by its syntax (a mapping's host side, ``published``, ``hostPort``, a
    # listen): one the registry does not have is unregistered (PR512).
    bind: bool = False
    # ``18120 + GinkgoParallelProcess()``: the expression a port is computed by.
    computed: str = ""
    # (service, component) named by a word that names both (``geocoderURL``: the Mock
    # Geocoder service, or the file's own geocoder component).
    component_mentions: frozenset[tuple[str, str]] = frozenset()
    # The component comes from the syntax holding the number (its key, the container port
    # it maps to), not from a word nearby: a weak one does not make its own port "wrong".
    firm: bool = True
    # The tier the identifier holding the number names (LedgerIntegrationRedisPort).
    tier: str | None = None


def classify(data: bytes, hits: Sequence[Hit], path: str, vocabulary: Vocabulary) -> list[PortHit]:
    """Each hit with its role, component, place and whether it is a reference."""
    kind = kind_of(path)
    file = _File(data, kind, flavour_of(data, kind), vocabulary)
    file.dockerfile = is_dockerfile(path)
    return [file.read(hit) for hit in hits]


class _File(LineSyntax):
    """One file's bytes and what is known of it, to classify its hits one by one."""

    line_start = 0  # where the line of the hit being read starts

    def __init__(self, data: bytes, kind: Kind, flavour: Flavour, vocabulary: Vocabulary):
        super().__init__(data, kind, flavour, vocabulary)
        # Raw strings (by where they open) and the YAML read from them, or False.
        self.strings: dict[int, _File | Literal[False]] = {}

    def read(self, hit: Hit) -> PortHit:
        data = self.data
        line_start = data.rfind(b"\n", 0, hit.offset) + 1
        line_end = data.find(b"\n", hit.offset)
        text = data[line_start : line_end if line_end >= 0 else len(data)].decode(
            "utf-8", "replace"
        )
        start = hit.column - 1
        end = start + written_width(text, start)
        place = place_of(data, line_start, hit.offset, self.kind, self.backticks_before)
        embedded = self.embedded_yaml(hit, place)
        if embedded is not None:
            return embedded
        self.line_start = line_start
        role, hint, why = self.role(text, start, end, line_start)
        firm = hint is not None and not why.endswith(BY_PATH)
        computed = computed_by(text, end) if role in (Role.HOST, Role.UNKNOWN) else None
        if computed:
            role, why = Role.HOST, "computed per parallel process"
        else:
            role, hint, why = self.reread(hit.port, (role, hint, why), text, start, end, place)
        if (
            role is Role.UNKNOWN
            and place is Place.CODE
            and self.local_host(text, start, line_start)
        ):
            # redis.Redis(host="localhost", port=16377), psql -h 127.0.0.1 -p 15440: the port
            # of an address on this machine, given apart from its host.
            role, why = Role.HOST, f"a local host name, then the port ({why})"
        if role is Role.UNKNOWN and hit.port in self.vocabulary.every_container_port:
            # A bare 8080 where 8080 is the API's port inside its container: that port,
            # unless syntax says host (a mapping, localhost:8080, hostPort ...).
            role, why = Role.CONTAINER, f"{why}: a component's container port"
        if role is Role.UNKNOWN and place is not Place.CODE:
            component = self.vocabulary.component_in(prose_component(text, start) or "")
            if component is not None:
                role, hint, why = Role.HOST, component, f"prose: {component}, then its port"
                firm = False
        if role in (Role.HOST, Role.UNKNOWN):
            hint, why = self.component(hint, why, text, start, line_start)
        if (
            role is Role.HOST
            and hint
            and self.vocabulary.component_ports.get(hint) == hit.port
            and (not why.startswith(_SYNTAX_HOST) or in_env_default(text[:start]))
        ):
            # REDIS_PORT=6379, metricsPort: 9090: the component's own port in its container
            # (localhost:6379, a mapping's host side, are the host's, whatever the number,
            # unless an environment default's: a developer's local default).
            role, why = Role.CONTAINER, f"{why}: {possessive(hint)} container port"
        # A range quoted (16379-16388) cites ports; in code, only a bare one (a mapping's
        # range, 16380-16382:6379-6381, binds them all).
        ranged = role is Role.UNKNOWN or (place is not Place.CODE and not why.startswith(_MAPPED))
        reference = is_range_end(text, start, end) if ranged else False
        if place is not Place.CODE and not reference:
            reference = self.is_history(text, line_start)
        return PortHit(
            hit.port,
            role,
            hint,
            hit.line,
            hit.column,
            place,
            reference,
            self.mentions(text, place, line_start),
            hit.suppressed,
            why,
            hit.offset,
            role is Role.HOST and why.startswith(_ADDRESS_WHYS),
            role is Role.HOST and why.startswith(_BIND_WHYS),
            f"{hit.port} + {computed}" if computed else "",
            self.vocabulary.services_named_as_components(text)
            if place is Place.CODE
            else _NO_NAMES,
            firm and place is Place.CODE,
            self.vocabulary.tier_in(holder_of(text, start) or ""),
        )

    def reread(
        self,
        port: int,
        found: tuple[Role, str | None, str],
        text: str,
        start: int,
        end: int,
        place: Place,
    ) -> tuple[Role, str | None, str]:
        """The role the words around a number give it, where its syntax left room."""
        role, hint, why = found
        if role not in (Role.UNKNOWN, Role.HOST) or why.startswith(_SYNTAX_HOST):
            return found
        in_range = self.vocabulary.in_node_port_range(port)
        if node_port_by_words(text, start, end, port, in_range) or (
            in_range and self.under_node_port_words()
        ):
            return Role.NODE_PORT, None, NODE_PORT_BY_WORDS
        if role is Role.UNKNOWN and container_by_words(text, start, end):
            return Role.CONTAINER, hint, "the container's port, by the words around it"
        return found

    def mentions(self, text: str, place: Place, line_start: int) -> frozenset[str]:
        """The services the line names as owners; in a comment, with those its sentence
        names on the comment lines just above ("// Ledger: the same, for\n// tests that
        dial localhost:8088" cites the ledger)."""
        if place is Place.CODE:
            return self.vocabulary.services_named(text)
        above = [self.line_before(line_start, back) for back in (1, 2)]
        sentence = comment_sentence(text, above) if place is Place.COMMENT else []
        named = self.vocabulary.services_cited(text)
        return named.union(*map(self.vocabulary.services_named, sentence))

    def under_node_port_words(self) -> bool:
        """Whether a line just above speaks of NodePorts: a NodePort-range number under
        "NodePorts:" (then "Ledger API: 30120 -> 8080") is one of them."""
        return any(
            names_node_ports(self.line_before(self.line_start, back) or "") for back in range(1, 7)
        )

    def local_host(self, text: str, start: int, line_start: int) -> bool:
        """Whether the line names this machine before the number (outside a pod and a
        healthcheck, where localhost is the container itself)."""
        return (
            LOCAL_HOST_NAME.search(text[:start]) is not None
            and self.flavour is not Flavour.KUBERNETES
            and not self.in_healthcheck(text[:start], line_start)
        )

    def component(
        self, hint: str | None, why: str, text: str, start: int, line_start: int
    ) -> tuple[str | None, str]:
        """The component of a host (or unknown) number: from its syntax, else the nearest
        name before it, else its YAML parent; none when a third party's name holds it."""
        if why.endswith(BY_PATH) and self.vocabulary.component_on(text[:start]) == hint:
            why = why.removesuffix(BY_PATH)  # apiURL = ".../api/v1": the words say it too
        if hint is None and why != API_SERVER:
            hint = self.vocabulary.component_on(text[:start])
            if hint is None and self.kind is Kind.YAML:
                parent = self.yaml_parent(line_start)
                hint = self.vocabulary.component_in(parent) if parent else None
        if hint is not None and not why.startswith(_MAPPED):
            holder = holder_of(text, start)
            if holder and self.vocabulary.third_party(holder):
                return None, f"{why}: {holder} is a third party's"
        return hint, why

    def embedded_yaml(self, hit: Hit, place: Place) -> PortHit | None:
        """A hit inside a YAML manifest held in a raw string (Go's backticks: a Service with
        its ``nodePort``), read as that YAML; None elsewhere."""
        span = self.raw_string(hit.offset) if place is Place.CODE else None
        if span is None:
            return None
        opened, closed = span
        inner = self.strings.get(opened)
        if inner is None:
            # Each raw string is looked at once, whatever the number of hits in it.
            content = self.data[opened:closed]
            inner = (
                _File(content, Kind.YAML, flavour_of(content, Kind.YAML), self.vocabulary)
                if _looks_like_yaml(content)
                else False
            )
            self.strings[opened] = inner
        if inner is False:
            return None
        offset = hit.offset - opened
        line_start = inner.data.rfind(b"\n", 0, offset) + 1
        column = len(inner.data[line_start:offset].decode("utf-8", "replace")) + 1
        found = inner.read(hit._replace(column=column, offset=offset))
        return found._replace(line=hit.line, column=hit.column, offset=hit.offset)

    def is_history(self, text: str, line_start: int) -> bool:
        if is_reference(text, self.vocabulary):
            return True
        if self.kind is Kind.MARKDOWN and _PORT_FORWARD.search(text):
            # `kubectl port-forward svc/redis 6379:6379` in a document: the service's own
            # port on the developer's machine, not a port a suite binds (`18087:8080`,
            # a port chosen for the host, is a claim like any other).
            return True
        if self.kind is Kind.MARKDOWN:
            return any(HISTORY.search(line) for line in markdown_context(self.data, line_start))
        # A code block in a Go doc comment ("//\tclient := New(...)", gofmt's indent) shows
        # how to call the code: an example, not the port a suite uses.
        return self.kind is Kind.GO and text.lstrip().startswith("//\t")


_NO_NAMES: frozenset[tuple[str, str]] = frozenset()
# A NodePort the words name (a log line, DeployWithNodePort(..., 30089)), not a manifest's
# ``nodePort:``: it is the cluster's, as a bare number is, not the file's own Service's.
NODE_PORT_BY_WORDS = "NodePort, by the words around it"
_PORT_FORWARD = re.compile(r"\bport-forward\b.*?(?<![0-9])([0-9]{2,5}):\1(?![0-9])")
# A line of YAML: `key: value`, `key:`, `- item`, or a comment.
_YAML_LINE = re.compile(rb"^[ \t]*(?:-[ \t]+|-$|#|[\w.\-\"']+[ \t]*:(?:[ \t]|$))")
# Roles whose component comes from the container port mapped to, whatever the names say.
_MAPPED = ("mapping host side", "arrow source", "compose published", "port map host side")
# Roles read from a host port's own syntax: the words around it do not make it a NodePort.
_SYNTAX_HOST: tuple[str, ...] = ("mapping host side", "port map host side", "compose published")
_SYNTAX_HOST += ("hostPort", "URL to", "socat", "lsof")
# Roles that bind the port on this machine (PR512 when the registry does not have it).
_BIND_WHYS = (
    "mapping host side",
    "port map host side",
    "compose published",
    "hostPort",
    "pair key",
    "socat listens",
    "computed",
)
# The roles that are an address a client connects to (see ``PortHit.address``).
_ADDRESS_WHYS = ("URL to", "a local host name")


def _looks_like_yaml(content: bytes) -> bool:
    """Whether a string's text is YAML (a manifest, a config file held in code): two lines
    or more, nearly all of them YAML's."""
    lines = [line for line in content.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    return sum(1 for line in lines if _YAML_LINE.match(line)) >= 0.8 * len(lines)
