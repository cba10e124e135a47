"""Rules raised while reading the registry: YAML, encoding, safety and schema.

PR0xx stop the command (exit status 2: the input cannot be read). PR101-PR107 are findings:
the file was read, but a value has the wrong shape, so the registry cannot be checked
further. PR115 is a warning about how YAML read a line: the check goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity
from portreg.rules import Context, Problem, declare, rule

declare(
    "PR001",
    "yaml-syntax",
    Severity.ERROR,
    """
    The file is not valid YAML, or holds more than one document.

    The usual mistakes are named at the line that has them, with the fix: a tab in the
    indentation (YAML indents with spaces), a key indented unlike its neighbours, a key
    without its ``:``, a quote, ``[`` or ``{`` left open, a ``]`` or ``}`` that closes
    nothing, a second document (``---``). Other errors keep PyYAML's words, at the line and
    column where parsing stopped.
""",
)
declare(
    "PR002",
    "unreadable-file",
    Severity.ERROR,
    """
    The registry cannot be found or read, or a file is larger than 12.25 MiB or holds more
    than 1,750,000 keys and values (about 50,000 services: what checks in under 10 s; time
    and memory follow the number of values, so a file of one-digit values reaches the
    second cap long before the first).
""",
)
declare(
    "PR003",
    "not-utf8",
    Severity.ERROR,
    """
    The file is not UTF-8; the position of the first byte that cannot be decoded is given.
""",
)
declare(
    "PR004",
    "unsafe-yaml",
    Severity.ERROR,
    """
    The YAML uses a feature a registry has no use for and an attacker does.

    Refused: tags that construct objects (``!!python/object``, any non-standard tag), merge
    keys (``<<``), aliases that refer to themselves, documents nested deeper than 64 levels,
    and aliases that multiply the document ("billion laughs"), all before any value is built.
""",
)
declare(
    "PR101",
    "schema",
    Severity.ERROR,
    """
    A value has the wrong type or form, or a required key is missing.

    Registry values are strict: a port is a plain decimal integer, a version is a quoted
    string of dotted numbers, a date is YYYY-MM-DD.
""",
)
declare(
    "PR102",
    "unknown-key",
    Severity.ERROR,
    """
    A key the format does not define: usually a typo, so the closest known key is suggested.
""",
)
declare(
    "PR103",
    "duplicate-key",
    Severity.ERROR,
    """
    The same key appears twice in one mapping.

    YAML parsers silently keep the last value, which would hide an allocation (and its
    conflict); portreg refuses the file instead, naming both lines.
""",
)
declare(
    "PR104",
    "yaml11-value",
    Severity.ERROR,
    """
    A plain scalar that YAML 1.1 reads as something else than it looks.

    ``015433`` is octal (6939), ``16:38`` is base 60 (998), ``16_388`` loses its underscore,
    ``0x4000`` is hex, ``yes``/``on`` are booleans, ``1.10`` is the number 1.1. Write ports
    as plain decimal numbers and quote versions.
""",
)
declare(
    "PR106",
    "duplicate-definition",
    Severity.ERROR,
    """
    A registry split into several files defines the same service, tier, component, scope or
    header key in two of them; both places are named.
""",
)
declare(
    "PR115",
    "value-cut-by-comment",
    Severity.WARNING,
    """
    A comment one space after a plain text value, which its author most likely meant as
    part of the value.

    YAML ends a plain value at a space followed by ``#``: ``summary: fixed the race #932``
    reads ``fixed the race`` and drops the issue number without a word. Quote the value
    (``summary: "fixed the race #932"``) to keep it, or put two spaces before the ``#`` to
    say it is a comment (yamllint's ``comments`` rule asks for two). Only text is looked at:
    after a number, ``16379 # redis`` cannot be read otherwise.
""",
)


@rule("PR105", "port-out-of-bounds", Severity.ERROR)
def port_out_of_bounds(context: Context) -> Iterator[Problem]:
    """A port, NodePort, container port, share, reservation, known conflict, block or range
    outside 1-65535."""
    registry = context.registry

    def bad(port: int) -> bool:
        return not 1 <= port <= 65535

    for use in registry.allocations:
        if bad(use.port):
            yield Problem(
                context.port_path(use), f"port {use.port} is not a TCP/UDP port (1-65535)"
            )
    for ref in registry.entries:
        container = ref.allocation.container_port
        if container is not None and bad(container):
            yield Problem(
                (*ref.path, "container_port"), f"container port {container} is not in 1-65535"
            )
    for index, share in enumerate(registry.shares):
        if bad(share.port):
            yield Problem(("shares", index, "port"), f"port {share.port} is not in 1-65535")
    for index, reservation in enumerate(registry.reserved):
        if bad(reservation.port.start) or bad(reservation.port.end):
            yield Problem(
                ("reserved", index, "port"), f"reserved {reservation.port} is not within 1-65535"
            )
    for index, entry in enumerate(registry.known_conflicts):
        if bad(entry.port):
            yield Problem(
                ("known_conflicts", index, "port"), f"port {entry.port} is not in 1-65535"
            )
    for name, service in registry.services.items():
        for tier, part, block in service.block_items():
            if bad(block.start) or bad(block.end):
                yield Problem(
                    ("services", name, "blocks", tier, *((part,) if part else ())),
                    f"block {block} is not within 1-65535",
                )
    for name, tier_model in registry.tiers.items():
        tier_range = tier_model.range
        if tier_range is not None and (bad(tier_range.start) or bad(tier_range.end)):
            yield Problem(("tiers", name, "range"), f"range {tier_range} is not within 1-65535")
    for name, component in registry.components.items():
        for tier, port_range in component.ranges.items():
            if bad(port_range.start) or bad(port_range.end):
                yield Problem(
                    ("components", name, "ranges", tier),
                    f"range {port_range} is not within 1-65535",
                )
    for name, scope in registry.scopes.items():
        nodeports = scope.nodeport_range
        if nodeports is not None and (bad(nodeports.start) or bad(nodeports.end)):
            yield Problem(
                ("scopes", name, "nodeport_range"), f"range {nodeports} is not within 1-65535"
            )
