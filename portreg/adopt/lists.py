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
from portreg.adopt.merge import component_id
from portreg.adopt.names import (
    DEFAULT_TIER,
    KNOWN_COMPONENTS,
    known_component,
    service_name,
    tier_in,
    tier_of,
)
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
    sections: dict[tuple[tuple[str, ...], str], list[Block]] = {}
    for block in document.blocks:
        if block.depth:
            sections.setdefault((block.headings, block.lead), []).append(block)
    for blocks in sections.values():
        found = _named_ports(blocks)
        if found and _readable(blocks, found, document.title):
            for name, ports, block in found:
                _emit(name, ports, block, found, document.title, path, evidence)


def _named_ports(blocks: list[Block]) -> list[tuple[str, str, Block]]:
    """(name, ports, item) of a section's items that are a name and its ports; a name
    whose nested items are ports (``- Kafka`` / ``  - 9092`` / ``  - 9093``) is one."""
    found = [item for block in blocks if (item := _item(block)) is not None]
    nested: dict[str, tuple[list[str], Block]] = {}
    for block in blocks:
        matched = _ONLY_PORTS.match(block.text) if block.depth > 1 else None
        if matched and _is_name(block.parent):
            listed, _ = nested.setdefault(block.parent, ([], block))
            listed.append(matched.group("ports"))
    return found + [
        (parent, ", ".join(listed), first) for parent, (listed, first) in nested.items()
    ]


def _readable(blocks: list[Block], found: list[tuple[str, str, Block]], title: str | None) -> bool:
    """A list about ports: under a heading (or after a lead) that says so, or under a
    tier's heading in a section that does; or, in a document about ports, a list whose
    every item is a name and its ports. Never a list about reserved, production or
    example ports."""
    headings, lead = blocks[0].headings, blocks[0].lead
    said = [*headings[-1:], lead]
    if any(_NOT_ALLOCATIONS.search(text) for text in said):
        return False
    if any(_ABOUT_PORTS.search(text) for text in said):
        return True
    sections = [heading for heading in headings[:-1] if heading != title]
    if tier_of(said) is not None and any(_ABOUT_PORTS.search(text) for text in sections):
        return True
    named = {block.text for _, _, block in found} | {block.parent for _, _, block in found}
    whole = all(block.text in named for block in blocks if block.depth == 1)
    return whole and any(_ABOUT_PORTS.search(text) for text in headings)


def _emit(
    name: str,
    ports: str,
    block: Block,
    found: list[tuple[str, str, Block]],
    title: str | None,
    path: str,
    evidence: Evidence,
) -> None:
    service, component = _subject(name, block, found, title)
    numbers = read_cell(ports).ports
    for index, port in enumerate(numbers, start=1):
        evidence.ports.append(
            FoundPort(
                service_name(service) or service,
                _tier(block),
                component,
                Location(path, block.line, 1),
                port=port.port,
                protocol=port.protocol or "tcp",
                instance=f"{component}-{index}" if len(numbers) > 1 else None,
            )
        )


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
    """(service, component): a list of mostly well-known components under a service's
    heading (``## Ledger`` / ``### Integration ports`` / ``- PostgreSQL: 15610``) gives
    that service's ports; any other item is a service's own port."""
    own = name if component_id(name) in KNOWN_COMPONENTS else OWN_PORT  # "- Redis: 6380"
    known = sum(1 for other, _, _ in found if known_component(other))
    if known * 2 <= len(found):
        return name, own
    for heading in reversed(block.headings):
        if heading == title:
            break
        if service_name(heading) and not generic_heading(heading):
            return heading, name
    return name, own


def _tier(block: Block) -> str:
    return tier_of([block.lead, *reversed(block.headings)]) or DEFAULT_TIER
