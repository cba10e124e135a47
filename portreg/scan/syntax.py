"""One line's syntax: what a number is from the characters around it (its role).

``16387:6379`` maps a host port to a container's, ``localhost:16387`` is this machine,
``hostPort:`` and ``published:`` bind, ``targetPort:`` and ``http://redis:6379`` are inside
containers, ``timeout: 18100`` is no port at all. A key holding the number is read with the
neighbouring lines when the syntax spreads over several (:mod:`portreg.scan.nearby`).
:mod:`portreg.scan.roles` then refines the role with the words around the number.
"""

from __future__ import annotations

import enum
import re

from portreg.scan.comments import Kind
from portreg.scan.names import words
from portreg.scan.nearby import Flavour, Neighbourhood
from portreg.scan.port_words import (
    HOST_SIDE_KEYS,
    LISTEN_WORDS,
    LOCAL_HOSTS,
    LOCAL_PROTOCOLS,
    PLAIN_SCHEMES,
    PORT_WORDS,
    SCHEME_PORTS,
    in_ipv6_literal,
)


class Role(enum.Enum):
    HOST = "host"
    CONTAINER = "container"
    NODE_PORT = "node_port"
    UNKNOWN = "unknown"
    OTHER = "other"  # the value of a key about something else: ``timeout: 18100``


_MAPPING_HOST = re.compile(r"^(?:-[0-9]+)?:([0-9]{1,5})(?:-[0-9]+)?(?![0-9.])")
_MAPPING_CONTAINER = re.compile(
    r"(?:(?<![0-9.])[0-9]+(?:-[0-9]+)?|\}|%d|%s|%v|\)|\$[A-Za-z_][A-Za-z0-9_]*)[\"']?:$"
)
_RANGE_CONTAINER = re.compile(r"[0-9]:[0-9]+-$")
# A port map in code: docker's SDK keys a host port by its container port and protocol
# (ports={"6379/tcp": 16387}); an entry mapping a port to itself ({18130: 18130}) binds it
# whichever side is the host's. An entry of two different bare numbers says neither.
_PORT_MAP_VALUE = re.compile(r"[\"']([0-9]{1,5})/(?:tcp|udp|sctp)[\"'][ \t]*:[ \t]*$", re.I)
_PORT_MAP_KEY = re.compile(r"(?:\{|,)[ \t]*$")
_PORT_MAP_SAME = re.compile(r"^[ \t]*:[ \t]*([0-9]{1,5})(?![0-9])")
_PORT_MAP_SECOND = re.compile(r"(?:\{|,)[ \t]*([0-9]{1,5})[ \t]*:[ \t]*$")
_PORTS_WORD = re.compile(r"ports?\b|Ports?(?![a-z])", re.IGNORECASE)
_MAP_KINDS = frozenset({Kind.GO, Kind.PYTHON, Kind.C_LIKE})
_PORT_MAP = "port map host side"
_ARROW_BEFORE = re.compile(r"(?:→|->|=>)\s*$")
_ARROW_AFTER = re.compile(r"^\s*(?:→|->)\s*([0-9]{1,5})")
_URL_HOST = re.compile(
    r"(?:([A-Za-z][A-Za-z0-9+.\-]*)://)?(?:[^\s/@\"']*@)?([A-Za-z0-9_.\-]+|\[[0-9a-fA-F:]+\]):$"
)
_URL_PATH = re.compile(r"^(/[A-Za-z0-9_/.\-]*)")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?::-|:=|\?=|=|:)[ \t]*[\"'\[]?[ \t]*$")
# The calls that read a variable of the environment, with a default.
_ENV_LOOKUP = re.compile(
    r"(?:getenv|Getenv|LookupEnv|environ\.get|env\.get|getEnv\w*|envOr\w*|env_or\w*|"
    r"EnvOr\w*|GetEnv\w*|env)\(?[ \t]*$",
    re.IGNORECASE,
)
# A value being a default of the environment: os.environ.get("X", "...", getenv("X", ...,
# ${X:-...}: the process's configuration, not a port the suite binds.
_ENV_DEFAULT_VALUE = re.compile(
    r"(?:getenv|Getenv|LookupEnv|environ\.get|env\.get|getEnv\w*|envOr\w*|env_or\w*|EnvOr\w*)"
    r"\([^)]*,[^,)]*$|\$\{[A-Za-z_][A-Za-z0-9_]*:?-[^}]*$"
    # JavaScript: process.env.X || '...', __ENV.X ?? "..."
    r"|(?:process\.env|__ENV|import\.meta\.env)\.[A-Za-z_]\w*[ \t]*(?:\|\||\?\?)[ \t]*"
    r"[\"'`][^\"'`]*$"
)


def in_env_default(before: str) -> bool:
    """Whether the text before a number is inside an environment variable's default."""
    return _ENV_DEFAULT_VALUE.search(before) is not None


# getenv("REDIS_PORT", "16389"), os.environ.get('PORT', 8080): a quoted name, then a comma.
_ENV_DEFAULT = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]*)[\"'][ \t]*,[ \t]*[\"']?[ \t]*$")
# `nc -z localhost 16384`, net.JoinHostPort("localhost", "16387"): host, then port apart.
_HOST_THEN_PORT = re.compile(
    r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.(?:docker|containers)\.internal)[\"']?"
    r"(?:[ \t]*,[ \t]*|[ \t]+)[\"']?$"
)
_PORT_PROTOCOL = re.compile(r"^/(?:tcp|udp|sctp)\b", re.IGNORECASE)  # fuser -k 16387/tcp
# time.Duration(18100) * time.Microsecond, 18100 / 1000: a quantity.
_ARITHMETIC_BEFORE = re.compile(r"(?:[*/%]|Duration\()[ \t]*$")
_ARITHMETIC_AFTER = re.compile(r"^\)?[ \t]*[*/%][ \t]*[0-9A-Za-z_(]")
_YAML_NAME = re.compile(r"^[ \t]*-?[ \t]*name:[ \t]*[\"']?([A-Za-z_][A-Za-z0-9_]*)")
# `Fix #16375`, `.../issues/16375`, `#8080` in CSS: an issue or pull request, or a colour.
_ISSUE = re.compile(r"(?:(?:^|[^\w&])#|/(?:issues|pull|pulls|merge_requests)/)$")
# USER 65532:65532, --user 1000:1000, chown 1001:1001: user and group ids, not a mapping.
_USER_IDS = re.compile(r"(?:^|[\s\"'])(?:USER|--user|-u|chown|chgrp)[ \t=]+[\"']?$")
_PORT_PROTOCOL_KEY = re.compile(r"[\"']([0-9]{1,5})/(?:tcp|udp|sctp)[\"']", re.IGNORECASE)
# socat TCP-LISTEN:16373,fork ...: it listens on this machine.
_SOCAT = re.compile(r"(?:^|[\s'\"])(?:tcp|udp)[46]?-l(?:isten)?:$", re.IGNORECASE)
# lsof -i:18084, -iTCP:18084, -i4tcp@localhost:18084: this machine's port.
_LSOF = re.compile(r"(?:^|\s)-i[46]?(?:tcp|udp)?(?:@[\w.\-]*)?:$", re.IGNORECASE)
# "-e", "PORT=8080" / --env PORT=8080: the container's environment, in a run command.
_ENV_ARGUMENT = re.compile(
    r"(?:^|[\s,(\[\"'])(?:-e|--env)[\s=,\"']+[\"']?[A-Za-z_][A-Za-z0-9_]*=[\"']?$"
)
# kubectl exec pod -- redis-cli -p 26379, podman exec c psql -p 5432: run in the container.
_IN_CONTAINER_COMMAND = re.compile(
    r"\b(?:kubectl|oc|docker|podman|nerdctl)\b[^|;&]*\bexec\b[^|;&]*"
)
# helm --set service.nodePort=30080 / --set networkPolicies.idp.port=5556: a chart value,
# which sets the cluster's objects.
_HELM_SET = re.compile(r"--set(?:-string)?[ \t=\"',]+([A-Za-z0-9_.\[\]-]+)=[\"']?$")
# TargetPort: intstr.FromInt(8080), Port: int32(8080): a key whose value is wrapped.
_WRAPPED_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*(?::=|=|:)[ \t]*[\w.]+\([ \t]*$")
# A role, the component it is for (when known) and the syntax that decided it.
Found = tuple[Role, str | None, str]
API_SERVER = "the Kubernetes API server's port"  # a host port of no service's component
BY_PATH = ", component by its path"  # appended to the why of a component read from a URL path


class LineSyntax(Neighbourhood):
    """The role a number's syntax gives it, on its line and the lines around."""

    dockerfile = False  # the file is a Dockerfile (or Containerfile)

    def role(
        self, text: str, start: int, end: int, line_start: int
    ) -> tuple[Role, str | None, str]:
        """The role the syntax of the number's line (and the lines around) gives it."""
        before, after = text[:start], text[end:]
        if self.dockerfile:
            # Everything a Dockerfile says happens in the image: its CMD, RUN, EXPOSE,
            # HEALTHCHECK and ENV ports are the container's, never the host's.
            return Role.CONTAINER, None, "a Dockerfile (inside the image)"
        if in_ipv6_literal(text, start, end):
            return Role.OTHER, None, "a group of an IPv6 address"
        return (
            self.not_a_host_port(before, line_start)
            or self.mapping_role(before, after, line_start)
            or self.port_map_role(before, after, int(text[start:end]))
            or self.address_role(before, after, line_start)
            or self.keyed_role(before, line_start)
            or self.bare_role(text, start, end)
        )

    def not_a_host_port(self, before: str, line_start: int) -> Found | None:
        """An issue number, a user id, a command run inside a container."""
        if _ISSUE.search(before):
            return Role.OTHER, None, "an issue number or a colour"
        if _USER_IDS.search(before):
            return Role.OTHER, None, "a user or group id"
        if _IN_CONTAINER_COMMAND.search(before) or self.exec_above(before, line_start):
            return Role.CONTAINER, None, "a command run inside the container"
        return None

    def exec_above(self, before: str, line_start: int) -> bool:
        """Whether the line goes on a ``kubectl exec pod --`` begun on the lines above (an
        argument list, a shell line continued with ``\\``)."""
        text = before
        for back in (1, 2):
            above = self.line_before(line_start, back)
            if above is None or not above.rstrip().endswith((",", "\\", "(")):
                return False
            text = f"{above} {text}"
            if _IN_CONTAINER_COMMAND.search(text):
                return True
        return False

    def mapping_role(self, before: str, after: str, line_start: int) -> Found | None:
        """Either side of a mapping: ``16387:6379``, ``16388 -> 6379``."""
        ports = self.vocabulary.container_ports
        mapped = _MAPPING_HOST.match(after)
        if mapped and not before.rstrip().endswith("[") and not _MAPPING_CONTAINER.search(before):
            component = ports.get(int(mapped.group(1))) or self.compose_image(line_start)
            return Role.HOST, component, "mapping host side"
        if _MAPPING_CONTAINER.search(before) or _RANGE_CONTAINER.search(before):
            return Role.CONTAINER, None, "mapping container side"
        if _ARROW_BEFORE.search(before):
            return Role.CONTAINER, None, "arrow target"
        arrow = _ARROW_AFTER.match(after)
        if arrow:
            return Role.HOST, ports.get(int(arrow.group(1))), "arrow source"
        return None

    def port_map_role(self, before: str, after: str, number: int) -> Found | None:
        """An entry of a port map in code: ``{"6379/tcp": 16387}`` (docker's SDK: the host
        port of a container port), ``Ports: {18130: 18130}`` (a port mapped to itself)."""
        if self.kind not in _MAP_KINDS:
            return None
        keyed = _PORT_MAP_VALUE.search(before)
        if keyed:
            return Role.HOST, self.vocabulary.container_ports.get(int(keyed.group(1))), _PORT_MAP
        if not _PORTS_WORD.search(before):
            return None
        same = _PORT_MAP_SAME.match(after)
        if same and int(same.group(1)) == number and _PORT_MAP_KEY.search(before):
            return Role.HOST, None, _PORT_MAP
        second = _PORT_MAP_SECOND.search(before)
        if second and int(second.group(1)) == number:
            return Role.CONTAINER, None, "a port map entry's second side"
        return None

    def address_role(self, before: str, after: str, line_start: int) -> Found | None:
        """An address: a URL, ``lsof -i:N``, ``socat TCP-LISTEN:N``, a local host name
        then the port."""
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
        return None

    def keyed_role(self, before: str, line_start: int) -> Found | None:
        """A value of a key: ``REDIS_PORT=N``, ``-e PORT=N``, ``--set x.port=N``,
        ``getenv("PORT", "N")``."""
        if _ENV_ARGUMENT.search(before):
            return Role.CONTAINER, None, "the container's environment (-e)"
        helm = _HELM_SET.search(before)
        if helm:
            return self.helm_role(helm.group(1))
        key = _KEY.search(before) or _WRAPPED_KEY.search(before)
        if key:
            # `port: N` in YAML is a mapping key (its parent says what for); `PORT=N` is not.
            yaml_key = self.kind is Kind.YAML and before.rstrip(" \t\"'[").endswith(":")
            return self.key_role(key.group(1), line_start, yaml_key)
        default = _ENV_DEFAULT.search(before)
        if default:
            # os.getenv("PORT", "8080"): the process's own setting, read from its environment;
            # fmt.Println("port", 18100) is an argument like any other.
            lookup = _ENV_LOOKUP.search(before[: default.start()]) is not None
            return self.key_role(default.group(1), line_start, argument=not lookup)
        return None

    def bare_role(self, text: str, start: int, end: int) -> Found:
        """A number alone: EXPOSE, a size, a quantity, or unknown."""
        before, after = text[:start], text[end:]
        if self.kind is Kind.SHELL and text.lstrip().upper().startswith("EXPOSE"):
            return Role.CONTAINER, None, "Dockerfile EXPOSE"
        if _is_power_of_two(int(text[start:end])):
            return Role.OTHER, None, "a power of two (a size, not a port)"
        if _ARITHMETIC_BEFORE.search(before) or _ARITHMETIC_AFTER.match(after):
            return Role.OTHER, None, "arithmetic (a quantity, not a port)"
        return Role.UNKNOWN, None, "bare number"

    def helm_role(self, key: str) -> tuple[Role, str | None, str]:
        """A chart value set on the command line is read as a Kubernetes manifest's key:
        ``nodePort`` is a NodePort, ``hostPort`` the host's, any other port in the cluster."""
        last = words(key.rsplit(".", 1)[-1].split("[", 1)[0])
        joined = "".join(last[-2:])
        if joined == "nodeport":
            return Role.NODE_PORT, self.vocabulary.component_in(key), "helm --set nodePort"
        if joined == "hostport":
            return Role.HOST, self.vocabulary.component_in(key), "hostPort (helm --set)"
        return Role.CONTAINER, None, "a chart value (helm --set), inside the cluster"

    def url_role(
        self, url: re.Match[str], before: str, after: str, line_start: int
    ) -> tuple[Role, str | None, str]:
        scheme, host = (url.group(1) or "").lower(), url.group(2).lower().strip("[]")
        # http:// and https:// say nothing of the component (a component called "https"
        # would otherwise be in every URL).
        named = scheme not in PLAIN_SCHEMES
        hint = self.vocabulary.component_in(scheme) if scheme and named else None
        if hint is None and scheme in SCHEME_PORTS:
            # postgres://: the component listening on PostgreSQL's own port in its container.
            hint = self.vocabulary.container_ports.get(SCHEME_PORTS[scheme])
        path = _URL_PATH.match(after)
        by_path = ""
        if hint is None and path:
            # /health, /metrics: an endpoint many servers have, a weak sign of the component.
            hint = self.vocabulary.component_on(path.group(1).replace("/", " "))
            by_path = BY_PATH if hint else ""
        if host in LOCAL_HOSTS or host in LOCAL_PROTOCOLS:
            if self.in_healthcheck(before, line_start):
                return Role.CONTAINER, None, "healthcheck inside the container"
            if self.flavour is Flavour.KUBERNETES:
                return Role.CONTAINER, None, "localhost inside a pod"
            return Role.HOST, hint, f"URL to {host}{by_path}"
        if host.replace(".", "").isdigit():
            return Role.UNKNOWN, hint, "URL to an address"
        if before[url.start(2) - 1 : url.start(2)] in ("$", "{"):
            return Role.UNKNOWN, hint, "URL to a variable host"
        return Role.CONTAINER, None, "URL to a container name"

    def key_role(
        self, key: str, line_start: int, yaml_key: bool = False, argument: bool = True
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
            return Role.HOST, None, API_SERVER
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
        if flavour is Flavour.COMPOSE and self.under_key(line_start, "environment"):
            return Role.CONTAINER, component, "compose environment (inside the container)"
        if parts == ["port"] and self.beside_service_keys(line_start):
            return Role.CONTAINER, None, "a Service's port (beside targetPort or nodePort)"
        if component is not None:
            return Role.HOST, component, f"key {key}"
        if parts and set(parts) <= LISTEN_WORDS:
            if yaml_key and parts == ["port"]:
                return self.parent_role(self.yaml_parent(line_start))
            if self.kind is Kind.CONFIG and parts == ["port"]:
                return self.parent_role(self.section(line_start))
            if argument and self.kind in (Kind.GO, Kind.PYTHON, Kind.C_LIKE):
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


def _looks_like_key(host: str) -> bool:
    """``Port:16388`` or ``"port":16388`` is a key, not a host name."""
    return host.lower().endswith("port")


def _is_power_of_two(number: int) -> bool:
    return number & (number - 1) == 0
