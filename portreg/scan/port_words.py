"""The words and names that say what a port is, whatever the syntax around it: the host
names of this machine, URL schemes and their servers' ports, the words of keys about
ports and about listening, and the pairs of keys whose one side is the host's
(:mod:`portreg.scan.syntax` reads a line with them)."""

from __future__ import annotations

import re

# The host names that mean "this machine" (a URL to any other name is a container network).
LOCAL_HOSTS = frozenset(
    {"localhost", "127.0.0.1", "0.0.0.0", "host.containers.internal", "host.docker.internal"}
    # IPv6's loopback and every interface, written bracketed before a port: [::1]:8080.
    | {"::1", "::"}
)
# URL schemes and the port their server listens on in its container: the component with
# that container port is the one a URL of the scheme reaches.
SCHEME_PORTS = {
    "postgres": 5432,
    "postgresql": 5432,
    "redis": 6379,
    "rediss": 6379,
    "mysql": 3306,
    "mariadb": 3306,
    "mongodb": 27017,
    "amqp": 5672,
    "amqps": 5671,
    "nats": 4222,
    "memcached": 11211,
    "clickhouse": 9000,
    "cassandra": 9042,
}
# Keys that say "the port this process listens on", i.e. inside its own container.
LISTEN_WORDS = frozenset(
    {"port", "server", "service", "http", "https", "listen", "app", "grpc", "web", "bind"}
    | {"metrics", "health", "probe", "admin", "internal", "container", "target", "svc"}
)
# Words that make a key about ports (or addresses holding one).
PORT_WORDS = frozenset(
    {"port", "ports", "addr", "address", "url", "uri", "host", "endpoint", "listen", "bind"}
    | {"dsn", "server", "published", "target", "socket", "proxy", "upstream", "base"}
)
# Host names that are the local machine in tools' syntax: lsof -i tcp:18100.
LOCAL_PROTOCOLS = frozenset({"tcp", "udp", "tcp4", "tcp6", "udp4", "udp6"})
# This machine named in a line of any kind (a word of its own, not part of a longer name).
LOCAL_HOST_NAME = re.compile(
    r"(?<![\w.-])(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.(?:docker|containers)\.internal)"
    r"(?![\w.:-])"
)
# Keys that are the host side of a pair whose other key is the container's port:
# Terraform's docker ports {internal, external}, Vagrant's forwarded_port guest/host,
# Skaffold's portForward port/localPort.
HOST_SIDE_KEYS = {
    "external": ("internal",),
    "host": ("guest",),
    "localport": ("port", "remotePort", "remote_port"),
    "local_port": ("port", "remote_port"),
}
# Schemes that say how, not what: a URL of one names no component by its scheme.
PLAIN_SCHEMES = frozenset({"http", "https", "tcp", "udp", "ws", "wss", "grpc", "grpcs", "h2c"})


# The characters of an IPv6 address written out (hex groups, colons; dots for an IPv4 tail).
_IPV6_CHARACTERS = frozenset("0123456789abcdefABCDEF:.")


def in_ipv6_literal(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a group of an IPv6 address
    (``fe80::1111``, ``'1111:2222:3333::5555:'``), not one side of an ``N:M`` mapping.

    An address has a ``::`` or more than two colons, which no mapping has
    (``127.0.0.1:5000:5000`` has two). The port after a bracketed address
    (``[::1]:8080``) stands outside the brackets and is no group; netstat's ``:::8080``
    (every interface, then the port) is no group either.
    """
    left = start
    while left > 0 and text[left - 1] in _IPV6_CHARACTERS:
        left -= 1
    right = end
    while right < len(text) and text[right] in _IPV6_CHARACTERS:
        right += 1
    token = text[left:right].strip(".")
    if token == ":::" + text[start:end]:
        return False
    return "::" in token or token.count(":") > 2
