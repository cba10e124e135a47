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

import enum
import re
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple

from portreg.scan.comments import Kind, Place, kind_of, place_of
from portreg.scan.matcher import Hit, PortMatcher
from portreg.scan.names import Vocabulary, words
from portreg.scan.nearby import Flavour, Neighbourhood, flavour_of
from portreg.scan.references import HISTORY, is_range_end, is_reference, markdown_context
from portreg.wording import possessive


class Role(enum.Enum):
    HOST = "host"
    CONTAINER = "container"
    NODE_PORT = "node_port"
    UNKNOWN = "unknown"
    OTHER = "other"  # the value of a key about something else: ``timeout: 18100``


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


class PortReader:
    """The matcher and the roles together: what the search runs on each file.

    With ``owned`` (whether a file belongs to a service) and ``allocated`` (the ports some
    service has), a file of no service is searched for allocated ports only: nothing else
    can be reported there, and skipping the rest keeps large scans cheap.
    """

    def __init__(
        self,
        matcher: PortMatcher,
        vocabulary: Vocabulary,
        owned: Callable[[str], bool] | None = None,
        allocated: Collection[int] = (),
    ) -> None:
        self.matcher = matcher
        self.vocabulary = vocabulary
        self.owned = owned
        self.allocated = allocated

    def find(self, data: bytes, path: str) -> list[PortHit]:
        if self.owned is None or self.owned(path):
            hits = list(self.matcher.find(data))
        else:
            found = self.matcher.find(data, contexts=False)
            hits = [hit for hit in found if hit.port in self.allocated]
        return classify(data, hits, path, self.vocabulary) if hits else []


def classify(data: bytes, hits: Sequence[Hit], path: str, vocabulary: Vocabulary) -> list[PortHit]:
    """Each hit with its role, component, place and whether it is a reference."""
    kind = kind_of(path)
    file = _File(data, kind, flavour_of(data, kind), vocabulary)
    return [file.read(hit) for hit in hits]


# The host names that mean "this machine" (a URL to any other name is a container network).
LOCAL_HOSTS = frozenset(
    {"localhost", "127.0.0.1", "0.0.0.0", "host.containers.internal", "host.docker.internal"}
)
# Keys that say "the port this process listens on", i.e. inside its own container.
LISTEN_WORDS = frozenset(
    {"port", "server", "service", "http", "https", "listen", "app", "grpc", "web", "bind"}
    | {"metrics", "health", "probe", "admin", "internal", "container", "target", "svc"}
)

_MAPPING_HOST = re.compile(r"^(?:-[0-9]+)?:([0-9]{1,5})(?:-[0-9]+)?(?![0-9.])")
_MAPPING_CONTAINER = re.compile(
    r"(?:(?<![0-9.])[0-9]+(?:-[0-9]+)?|\}|%d|%s|%v|\)|\$[A-Za-z_][A-Za-z0-9_]*)[\"']?:$"
)
_RANGE_CONTAINER = re.compile(r"[0-9]:[0-9]+-$")
_ARROW_BEFORE = re.compile(r"(?:→|->|=>)\s*$")
_ARROW_AFTER = re.compile(r"^\s*(?:→|->)\s*([0-9]{1,5})")
_URL_HOST = re.compile(
    r"(?:([A-Za-z][A-Za-z0-9+.\-]*)://)?(?:[^\s/@\"']*@)?([A-Za-z0-9_.\-]+|\[[0-9a-fA-F:]+\]):$"
)
_URL_PATH = re.compile(r"^(/[A-Za-z0-9_/.\-]*)")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?::-|:=|\?=|=|:)[ \t]*[\"'\[]?[ \t]*$")
# getenv("REDIS_PORT", "16389"), os.environ.get('PORT', 8080): a quoted name, then a comma.
_ENV_DEFAULT = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]*)[\"'][ \t]*,[ \t]*[\"']?[ \t]*$")
# Words that make a key about ports (or addresses holding one).
PORT_WORDS = frozenset(
    {"port", "ports", "addr", "address", "url", "uri", "host", "endpoint", "listen", "bind"}
    | {"dsn", "server", "published", "target", "socket", "proxy", "upstream", "base"}
)
# `nc -z localhost 16384`, net.JoinHostPort("localhost", "16387"): host, then port apart.
_HOST_THEN_PORT = re.compile(
    r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.(?:docker|containers)\.internal)[\"']?"
    r"(?:[ \t]*,[ \t]*|[ \t]+)[\"']?$"
)
_PORT_PROTOCOL = re.compile(r"^/(?:tcp|udp|sctp)\b", re.IGNORECASE)  # fuser -k 16387/tcp
# time.Duration(18100) * time.Microsecond, 18100 / 1000: a quantity.
_ARITHMETIC_BEFORE = re.compile(r"(?:[*/%]|Duration\()[ \t]*$")
_ARITHMETIC_AFTER = re.compile(r"^\)?[ \t]*[*/%][ \t]*[0-9A-Za-z_(]")
# Host names that are the local machine in tools' syntax: lsof -i tcp:18100.
_LOCAL_PROTOCOLS = frozenset({"tcp", "udp", "tcp4", "tcp6", "udp4", "udp6"})
_YAML_NAME = re.compile(r"^[ \t]*-?[ \t]*name:[ \t]*[\"']?([A-Za-z_][A-Za-z0-9_]*)")
# `Fix #16375`, `.../issues/16375`, `#8080` in CSS: an issue or pull request, or a colour.
_ISSUE = re.compile(r"(?:(?:^|[^\w&])#|/(?:issues|pull|pulls|merge_requests)/)$")
_PORT_PROTOCOL_KEY = re.compile(r"[\"']([0-9]{1,5})/(?:tcp|udp|sctp)[\"']", re.IGNORECASE)
_LOCAL_HOST = re.compile(
    r"(?<![\w.-])(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.(?:docker|containers)\.internal)"
    r"(?![\w.:-])"
)
# socat TCP-LISTEN:16373,fork ...: it listens on this machine.
_SOCAT = re.compile(r"(?:^|[\s'\"])(?:tcp|udp)[46]?-l(?:isten)?:$", re.IGNORECASE)
# Keys that are the host side of a pair whose other key is the container's port:
# Terraform's docker ports {internal, external}, Vagrant's forwarded_port guest/host,
# Skaffold's portForward port/localPort.
HOST_SIDE_KEYS = {
    "external": ("internal",),
    "host": ("guest",),
    "localport": ("port", "remotePort", "remote_port"),
    "local_port": ("port", "remote_port"),
}
# lsof -i:18084, -iTCP:18084, -i4tcp@localhost:18084: this machine's port.
_LSOF = re.compile(r"(?:^|\s)-i[46]?(?:tcp|udp)?(?:@[\w.\-]*)?:$", re.IGNORECASE)
# In prose, a component named right before a port states its port: "Redis on 16377",
# "the cache (Redis) listens on 16374", "| Redis | 16373 |".
_PROSE_COMPONENT = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*)\)?(?:[ \t:=(|`'\",]+(?:on|at|port|is|listens|listening|runs"
    r"|running|uses|to|via))*[ \t:=(|`'\",]*$",
    re.IGNORECASE,
)


class _File(Neighbourhood):
    """One file's bytes and what is known of it, to classify its hits one by one."""

    def read(self, hit: Hit) -> PortHit:
        data = self.data
        line_start = data.rfind(b"\n", 0, hit.offset) + 1
        line_end = data.find(b"\n", hit.offset)
        text = data[line_start : line_end if line_end >= 0 else len(data)].decode(
            "utf-8", "replace"
        )
        start = hit.column - 1
        end = start + len(str(hit.port))
        place = place_of(data, line_start, hit.offset, self.kind)
        role, hint, why = self.role(text, start, end, line_start)
        if role is Role.UNKNOWN and place is not Place.CODE:
            named = _PROSE_COMPONENT.search(text[:start])
            component = self.vocabulary.component_in(named.group(1)) if named else None
            if component is not None:
                role, hint, why = Role.HOST, component, f"prose: {component}, then its port"
        if hint is None and role in (Role.HOST, Role.UNKNOWN) and why != _API_SERVER:
            hint = self.vocabulary.component_on(text[:start])
            if hint is None and self.kind is Kind.YAML:
                parent = self.yaml_parent(line_start)
                hint = self.vocabulary.component_in(parent) if parent else None
        if (
            role is Role.UNKNOWN
            and place is Place.CODE
            and _LOCAL_HOST.search(text[:start])
            and self.flavour is not Flavour.KUBERNETES  # localhost in a pod is the pod
            and not self.in_healthcheck(text[:start], line_start)
        ):
            # redis.Redis(host="localhost", port=16377), psql -h 127.0.0.1 -p 15440: the port
            # of an address on this machine, given apart from its host.
            role, why = Role.HOST, f"a local host name, then the port ({why})"
        if hint is not None and role in (Role.HOST, Role.UNKNOWN) and not why.startswith(_MAPPED):
            holder = _HOLDER.search(text[:start])
            if holder and self.vocabulary.third_party(holder.group(1)):
                hint, why = None, f"{why}: {holder.group(1)} is a third party's"
        if role is Role.HOST and hint and self.vocabulary.container_ports.get(hit.port) == hint:
            # REDIS_PORT=6379 is Redis's own port inside its container.
            role, why = Role.CONTAINER, f"{why}: {possessive(hint)} container port"
        reference = is_range_end(text, start, end) if role is Role.UNKNOWN else False
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
            # In code, a service is named only by a word that is no component's name.
            self.vocabulary.services_named(text)
            if place is Place.CODE
            else self.vocabulary.services_in(text),
            hit.suppressed,
            why,
            hit.offset,
            role is Role.HOST and why.startswith(_ADDRESS_WHYS),
        )

    def role(
        self, text: str, start: int, end: int, line_start: int
    ) -> tuple[Role, str | None, str]:
        before, after = text[:start], text[end:]
        if _ISSUE.search(before):
            return Role.OTHER, None, "an issue number or a colour"
        ports = self.vocabulary.container_ports
        mapped = _MAPPING_HOST.match(after)
        if mapped and not before.rstrip().endswith("[") and not _MAPPING_CONTAINER.search(before):
            return (
                Role.HOST,
                ports.get(int(mapped.group(1))) or self.compose_image(line_start),
                ("mapping host side"),
            )
        if _MAPPING_CONTAINER.search(before) or _RANGE_CONTAINER.search(before):
            return Role.CONTAINER, None, "mapping container side"
        if _ARROW_BEFORE.search(before):
            return Role.CONTAINER, None, "arrow target"
        arrow = _ARROW_AFTER.match(after)
        if arrow:
            return Role.HOST, ports.get(int(arrow.group(1))), "arrow source"
        if _SOCAT.search(before):
            return Role.HOST, None, "socat listens on this machine"
        if _LSOF.search(before):
            return Role.HOST, None, "lsof -i: a port of this machine"
        url = _URL_HOST.search(before)
        if url and not _looks_like_key(url.group(2)):
            return self.url_role(url, before, after, line_start)
        if _PORT_PROTOCOL.match(after):
            return Role.UNKNOWN, None, "port/protocol"
        if _HOST_THEN_PORT.search(before):
            return Role.HOST, None, "a local host name, then the port"
        key = _KEY.search(before) or _ENV_DEFAULT.search(before)
        if key:
            # `port: N` in YAML is a mapping key (its parent says what for); `PORT=N` is not.
            yaml_key = self.kind is Kind.YAML and before.rstrip(" \t\"'[").endswith(":")
            return self.key_role(key.group(1), line_start, yaml_key)
        if self.kind is Kind.SHELL and text.lstrip().upper().startswith("EXPOSE"):
            return Role.CONTAINER, None, "Dockerfile EXPOSE"
        if _is_power_of_two(int(text[start:end])):
            return Role.OTHER, None, "a power of two (a size, not a port)"
        if _ARITHMETIC_BEFORE.search(before) or _ARITHMETIC_AFTER.match(after):
            return Role.OTHER, None, "arithmetic (a quantity, not a port)"
        return Role.UNKNOWN, None, "bare number"

    def url_role(
        self, url: re.Match[str], before: str, after: str, line_start: int
    ) -> tuple[Role, str | None, str]:
        scheme, host = (url.group(1) or "").lower(), url.group(2).lower().strip("[]")
        hint = self.vocabulary.component_in(scheme) if scheme else None
        path = _URL_PATH.match(after)
        if hint is None and path:
            hint = self.vocabulary.component_on(path.group(1).replace("/", " "))
        if host in LOCAL_HOSTS or host == "::1" or host in _LOCAL_PROTOCOLS:
            if self.in_healthcheck(before, line_start):
                return Role.CONTAINER, None, "healthcheck inside the container"
            if self.flavour is Flavour.KUBERNETES:
                return Role.CONTAINER, None, "localhost inside a pod"
            return Role.HOST, hint, f"URL to {host}"
        if host.replace(".", "").isdigit():
            return Role.UNKNOWN, hint, "URL to an address"
        if before[url.start(2) - 1 : url.start(2)] in ("$", "{"):
            return Role.UNKNOWN, hint, "URL to a variable host"
        return Role.CONTAINER, None, "URL to a container name"

    def key_role(
        self, key: str, line_start: int, yaml_key: bool = False
    ) -> tuple[Role, str | None, str]:
        parts = words(key)
        joined = "".join(parts[-2:])
        flavour = self.flavour
        if joined == "hostport":
            # Its container port: a containerPort beside it (a pod's ports), or the port
            # map's key on its line (docker's nat.PortMap{"9092/tcp": {HostPort: "19093"}}).
            proto = _PORT_PROTOCOL_KEY.search(self.line_before(line_start, 0) or "")
            container = int(proto.group(1)) if proto else None
            if container is None:
                container = self.partner_port(line_start, ("containerPort", "container_port"))
            return Role.HOST, self.vocabulary.container_ports.get(container or 0), "hostPort"
        if joined == "nodeport":
            sibling = self.sibling_component(line_start) if self.kind is Kind.YAML else None
            return Role.NODE_PORT, sibling, "nodePort"
        partners = HOST_SIDE_KEYS.get(key.lower())
        if partners is not None:
            container = self.partner_port(line_start, partners)
            if container is not None or key.lower() != "host":
                hint = self.vocabulary.container_ports.get(container or 0)
                return Role.HOST, hint, f"pair key {key}"
        if parts[-3:] == ["api", "server", "port"]:
            # Kind's apiServerPort: the cluster's Kubernetes API server, no service's API.
            return Role.HOST, None, _API_SERVER
        if joined == "containerport":
            if flavour is Flavour.KIND:
                return Role.NODE_PORT, None, "Kind extraPortMappings containerPort"
            return Role.CONTAINER, None, "containerPort"
        if joined == "targetport" or (parts == ["target"] and flavour is Flavour.COMPOSE):
            return Role.CONTAINER, None, joined
        if parts == ["published"]:
            return Role.HOST, self.compose_target(line_start), "compose published"
        if parts == ["value"] and self.kind is Kind.YAML:
            name = _YAML_NAME.match(self.line_before(line_start, 1) or "")
            if name:
                return self.key_role(name.group(1), line_start)
        component = self.vocabulary.component_in(key)
        if flavour is Flavour.KUBERNETES:
            return Role.CONTAINER, component, "Kubernetes manifest"
        if component is not None:
            return Role.HOST, component, f"key {key}"
        if parts and set(parts) <= LISTEN_WORDS:
            if yaml_key and parts == ["port"]:
                return self.parent_role(self.yaml_parent(line_start))
            if self.kind is Kind.CONFIG and parts == ["port"]:
                return self.parent_role(self.section(line_start))
            if self.kind in (Kind.GO, Kind.PYTHON, Kind.C_LIKE):
                # port=16385 in code is an argument (a client's, often), not a listen setting.
                return Role.UNKNOWN, None, f"argument {key}"
            return Role.CONTAINER, None, f"listen key {key}"
        if not PORT_WORDS.intersection(parts):
            return Role.OTHER, None, f"key {key} is not about ports"
        return Role.UNKNOWN, None, f"key {key}"

    def parent_role(self, parent: str | None) -> tuple[Role, str | None, str]:
        """``port:`` in YAML means what its parent key says: ``redis: {port: N}`` is Redis;
        ``port =`` in TOML or INI what its section says (``[database]``)."""
        if parent is None:
            return Role.UNKNOWN, None, "key port"
        component = self.vocabulary.component_in(parent)
        if component is not None:
            return Role.HOST, component, f"key {parent}.port"
        if set(words(parent)) <= LISTEN_WORDS:
            return Role.CONTAINER, None, f"listen key {parent}.port"
        return Role.UNKNOWN, None, f"key {parent}.port"

    def is_history(self, text: str, line_start: int) -> bool:
        if is_reference(text, self.vocabulary):
            return True
        if self.kind is Kind.MARKDOWN:
            return any(HISTORY.search(line) for line in markdown_context(self.data, line_start))
        return False


# Roles whose component comes from the container port mapped to, whatever the names say.
_MAPPED = ("mapping host side", "arrow source", "compose published")
# The identifier a value is given to: `MAILPIT_API = "http://localhost:8025`,
# getenv("MAILPIT_API", "http://localhost:8025").
_HOLDER = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?::=|=|:|,)[ \t]*[\"'\[]?[^\"'\s]*$")
_API_SERVER = "the Kubernetes API server's port"  # a host port of no service's component
# The roles that are an address a client connects to (see ``PortHit.address``).
_ADDRESS_WHYS = ("URL to", "a local host name")


def _looks_like_key(host: str) -> bool:
    """``Port:16388`` or ``"port":16388`` is a key, not a host name."""
    return host.lower().endswith("port")


def _is_power_of_two(number: int) -> bool:
    return number & (number - 1) == 0
