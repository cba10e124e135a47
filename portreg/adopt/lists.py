"""Ports a document lists in bullets rather than in a table.

Read only under a heading (or after a lead paragraph) about ports, and only items that are
nothing but a name and its port(s), as people write them: ``PostgreSQL: 5433``,
``Redis (6380)``, ``gateway → 18080``, ``8080 - metrics``, ``20000 -> Elastic search``, or a
name whose nested items are its ports (``- Kafka`` then ``  - 9092``). A sentence that
mentions a port (``the API starts at 9696 and increments``) is prose, never an allocation;
so are items under reserved, production or range headings (:mod:`portreg.adopt.prose`
reads reservations). Under a service's heading, items of well-known components
(``PostgreSQL: 15433``) are that service's ports.
"""

from __future__ import annotations

import re

from portreg.adopt.cells import read_cell
from portreg.adopt.evidence import Evidence, FoundPort
from portreg.adopt.layout import generic_heading
from portreg.adopt.markdown import Block, Document
from portreg.adopt.names import DEFAULT_TIER, known_component, service_name, tier_in, tier_of
from portreg.adopt.slots import OWN_PORT
from portreg.findings import Location

_ABOUT_PORTS = re.compile(r"(?i)\bports?\b")
_NOT_ALLOCATIONS = re.compile(
    r"(?i)\b(?:reserved|avoid(?:ed)?|do not use|don't use|forbidden|blocked|production|prod"
    r"|default|defaults|upstream|example|history|changelog|ranges?|conflicts?|rules|pattern)\b"
)
_NAME = r"(?P<name>[A-Za-z][\w .()/+'&-]{0,48}?)"
_PORTS = r"(?P<ports>\d{2,5}(?:/(?:tcp|udp))?(?:\s*(?:,|/|and|&)\s*\d{2,5}(?:/(?:tcp|udp))?)*)"
_REMARK = r"(?:\s*\((?P<remark>[^)]*)\))?(?:\s+[-–—]\s+(?P<after>.{1,60}))?"
_LOCAL = r"(?:(?:https?://)?(?:localhost|127\.0\.0\.1):)?"
_ITEM = [
    re.compile(rf"^{_NAME}\s*[:=]\s*(?:port\s+)?{_LOCAL}{_PORTS}{_REMARK}\s*$", re.I),
    re.compile(rf"^{_PORTS}\s*(?::|[-–—]|→|->|=>)\s*{_NAME}{_REMARK}\s*$", re.I),
    re.compile(
        rf"^{_NAME}\s*(?:→|->|=>|[-–—]|\bon\b|\bat\b)\s*(?:port\s+)?{_PORTS}{_REMARK}\s*$", re.I
    ),
    re.compile(
        rf"^{_NAME}\s*\(\s*(?:port\s+)?{_PORTS}\s*\)(?:\s*[-–—:]\s*(?P<after>.{{1,60}}))?$", re.I
    ),
]
_ONLY_PORTS = re.compile(rf"^{_PORTS}{_REMARK}\s*$", re.I)
_MAX_NAME_WORDS = 5


def read_lists(document: Document, path: str, evidence: Evidence) -> None:
    """The ports of the document's bullet lists about ports, as evidence."""
    title = document.title
    items = [block for block in document.blocks if block.depth and _about_ports(block, title)]
    found = [item for block in items if (item := _item(block)) is not None]
    nested: dict[tuple[str, tuple[str, ...]], tuple[list[str], Block]] = {}
    for block in items:  # "- Kafka" with "  - 9092" and "  - 9093": Kafka's two ports
        matched = _ONLY_PORTS.match(block.text) if block.depth > 1 else None
        if matched and _is_name(block.parent):
            listed, _ = nested.setdefault((block.parent, block.headings), ([], block))
            listed.append(matched.group("ports"))
    found += [(parent, ", ".join(listed), first) for (parent, _), (listed, first) in nested.items()]
    for name, ports, block in found:
        service, component = _subject(name, block, found, document.title)
        tier = _tier(block)
        place = Location(path, block.line, 1)
        numbers = [port for port in read_cell(ports).ports]
        for index, port in enumerate(numbers, start=1):
            instance = f"{component}-{index}" if len(numbers) > 1 else None
            evidence.ports.append(
                FoundPort(
                    service_name(service) or service,
                    tier,
                    component,
                    place,
                    port=port.port,
                    protocol=port.protocol or "tcp",
                    instance=instance,
                )
            )


def _about_ports(block: Block, title: str | None) -> bool:
    """An item under a heading, or after a lead paragraph, about ports (or under a tier's
    heading in a section about ports: ``## Ports`` / ``### Test environment``), and not
    about reserved, production or example ports."""
    said = [*block.headings[-1:], block.lead]
    if any(_NOT_ALLOCATIONS.search(text) for text in said):
        return False
    if any(_ABOUT_PORTS.search(text) for text in said):
        return True
    sections = [heading for heading in block.headings[:-1] if heading != title]
    return tier_of(said) is not None and any(_ABOUT_PORTS.search(text) for text in sections)


def _item(block: Block) -> tuple[str, str, Block] | None:
    """(name, ports, block) of an item that is a name and its ports, and nothing else."""
    for pattern in _ITEM:
        matched = pattern.match(block.text)
        if matched and _is_name(matched.group("name")):
            return matched.group("name").strip(), matched.group("ports"), block
    return None


def _is_name(text: str) -> bool:
    plain = text.strip()
    return (
        bool(plain)
        and len(plain.split()) <= _MAX_NAME_WORDS
        and not re.search(r"\d{2,}", plain)
        and not _NOT_ALLOCATIONS.search(plain)
        and not _ABOUT_PORTS.search(plain)  # "All database ports (5432, 6379)": a summary
        and tier_in(plain) is None
    )


def _subject(
    name: str, block: Block, found: list[tuple[str, str, Block]], title: str | None
) -> tuple[str, str]:
    """(service, component): items of well-known components under a service's heading
    are its ports; any other item is a service's own port."""
    heading = block.headings[-1] if block.headings else ""
    if heading == title or generic_heading(heading) or not service_name(heading):
        return name, OWN_PORT
    siblings = [other for other, _, item in found if item.headings[-1:] == block.headings[-1:]]
    known = sum(1 for other in siblings if known_component(other))
    return (heading, name) if known * 2 > len(siblings) else (name, OWN_PORT)


def _tier(block: Block) -> str:
    return tier_of([block.lead, *reversed(block.headings)]) or DEFAULT_TIER
