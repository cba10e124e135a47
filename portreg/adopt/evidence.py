"""What one source says about a repository's ports: the one structure every reader fills.

A reader (the tree's code, a markdown document, records of runs) reports what it saw, each
thing with its place, as written: service and component names as the source spells them,
every sighting of a port even when several disagree. Choosing between sightings, naming
ids, merging aliases and writing the registry is the proposal's work
(:mod:`portreg.adopt.proposal`), the same for every source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portreg.findings import Location

# How strongly a sighting says "this is the port": a real bind (a compose mapping, a Kind
# hostPort, a server's listen address) beats a constant, which beats a client's default or
# a URL. Where a suite's sightings disagree the strongest is proposed and the others are
# reported as drift.
BIND = 3
CONSTANT = 2
CLIENT = 1
STATED = 2  # a hand-kept document states an allocation


@dataclass(frozen=True)
class FoundPort:
    """One port of one service's suite, as one place states it."""

    service: str  # as the source names it: "Data Storage", "datastorage", "01_alerts"
    tier: str
    component: str  # as the source names it: "PostgreSQL", "Metrics Host", "app"
    place: Location
    port: int | None = None  # the host port; None: no host side (a NodePort only ...)
    node_port: int | None = None
    cluster: str | None = None  # the Kind cluster of node_port, as the source names it
    container_port: int | None = None
    protocol: str = "tcp"
    dynamic: bool = False
    instance: str | None = None  # the instance's name when a component has several
    note: str | None = None
    strength: int = STATED


@dataclass(frozen=True)
class FoundCluster:
    """A Kind cluster: its name, and the config file that creates it (relative path)."""

    name: str
    config: str | None = None
    place: Location | None = None


@dataclass(frozen=True)
class FoundRange:
    """A range a source states: of a component in a tier (``PostgreSQL 15433-15442``), or
    a block a service owns (``service`` set)."""

    start: int
    end: int
    tier: str
    place: Location
    component: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class FoundReservation:
    start: int
    end: int
    reason: str
    place: Location


@dataclass(frozen=True)
class FoundRevision:
    """One line of a revision history: it becomes a changelog entry."""

    version: str | None
    date: str | None  # YYYY-MM-DD
    summary: str
    place: Location
    author: str | None = None


@dataclass(frozen=True)
class Unplaced:
    """Something that looks like a port but could not be placed: shown with its place."""

    text: str
    why: str
    place: Location


@dataclass
class Evidence:
    """Everything one source said."""

    source: str  # "the code", "the document", ...
    ports: list[FoundPort] = field(default_factory=list)
    clusters: list[FoundCluster] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # service as named -> human title
    owners: dict[str, str] = field(default_factory=dict)  # service as named -> team
    notes: dict[str, list[str]] = field(default_factory=dict)  # service as named -> notes
    aliases: dict[str, set[str]] = field(default_factory=dict)  # name -> other names
    paths: dict[str, list[str]] = field(default_factory=dict)  # service -> globs (tree)
    ranges: list[FoundRange] = field(default_factory=list)
    reserved: list[FoundReservation] = field(default_factory=list)
    history: list[FoundRevision] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    # Files of hand-written port constants (``ports.go``) -> their Go package, if any: the
    # proposal exports the registry's constants beside them.
    constants: dict[str, str | None] = field(default_factory=dict)
    title: str | None = None
    version: str | None = None  # as a document's header states it
    version_place: Location | None = None
    files: int = 0  # files read
    # Where sightings of equal strength disagree: the port stated in more places wins (the
    # code: the port a suite really uses is repeated), else the first (a document: its
    # first table is the authoritative one).
    majority: bool = False
    skipped: dict[str, int] = field(default_factory=dict)  # why -> files left unread
