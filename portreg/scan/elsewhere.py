"""Numbers that are no port of this machine, though they read like one: a port of another
host (``ClusterNode(host="172.16.0.10", port=6380)``, ``redis-master:6379``, an address
in ``10.0.0.0/8``), and a port in a test of refused connections or invalid input
(``test_connection_refused``, ``invalid_port = 9999``), which is chosen for nothing to
listen on it. ``init --discover`` proposes neither as an allocation."""

from __future__ import annotations

import ipaddress
import re

from portreg.scan.names import words

# A host given by keyword on the port's line: host="10.0.0.5", "hostname": "db.internal"
_HOST_KEYWORD = re.compile(
    r"""\b(?:host|hostname|address|addr|ip|server)["']?\s*[=:]\s*["']([^"'\s]+)["']""",
    re.IGNORECASE,
)
# A host written right before the port: redis-master:6379, //10.1.2.3:8080, [::1]:80
_HOST_BEFORE = re.compile(r"(?:^|[^\w.\-\[\]:${}%])(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][\w.\-]*):$")
# Names of this machine, from itself or from a container on it.
_LOCAL_NAMES = frozenset(
    {"localhost", "ip6-localhost", "host.docker.internal", "host.containers.internal"}
    | {"gateway.docker.internal", "host-gateway", "*"}
)
# Words of a test, or of the name holding a port, that choose a port nothing listens on.
NEGATIVE_WORDS = frozenset(
    {"invalid", "refused", "unreachable", "bad", "wrong", "nonexistent", "unused", "closed"}
    # Node's error code of a refused connection, and a connection left to time out.
    | {"econnrefused", "timeout"}
)
# Where a test begins (def test_x(, func TestX(, it("...", it.skip("...", test("...), or
# a block of settings that a name holds (const badAddressConfig = {, BAD_NODES = [).
_TEST_START = re.compile(
    rb"""(?:\bdef\s+(test\w*)|\bfunc\s+(Test\w*)|\b(?:it|test)(?:\.\w+)?\(\s*["'`]([^"'`\n]*)"""
    rb"""|^[ \t]*(?:(?:export\s+)?(?:const|let|var)\s+)?(\w+)\s*(?::[^=\n]*)?=\s*[{\[][ \t]*$)""",
    re.MULTILINE,
)
_LOOK_BACK = 6000  # bytes above a port in which its test's start is looked for


def on_another_host(before: str) -> bool:
    """Whether the text before a port on its line names a host other than this machine:
    the host written right before it, else the last one given by keyword."""
    written = _HOST_BEFORE.search(before)
    keywords = _HOST_KEYWORD.findall(before)
    host = written.group(1) if written else keywords[-1] if keywords else None
    return host is not None and not _local(host.strip("[]"))


def _local(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES or not any(c.isalpha() or c == "." for c in host):
        return True  # this machine, or a number (5432:5432 is a mapping, not a host)
    if any(c in host for c in "${}%<>"):
        return True  # a template or variable: it may well be this machine
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a DNS name (redis-master, db.internal): another host
    return address.is_loopback or address.is_unspecified


def in_negative_test(data: bytes, offset: int, label: str) -> bool:
    """Whether the port is held by a name, or sits in a test, about a connection that
    must fail (``invalid_port``, ``test_connection_refused``, ``it("rejects a bad port"``)."""
    if NEGATIVE_WORDS.intersection(words(label)):
        return True
    window = data[max(0, offset - _LOOK_BACK) : offset]
    starts = list(_TEST_START.finditer(window))
    if not starts:
        return False
    last = starts[-1]
    name = next(group for group in last.groups() if group is not None).decode(errors="replace")
    return bool(NEGATIVE_WORDS.intersection(words(name.replace(" ", "_"))))
