"""The words of the scan's findings: whose port a number is, what fix to suggest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portreg.wording import possessive

if TYPE_CHECKING:
    from portreg.models import PortRange
    from portreg.records import PortUse
    from portreg.scan.roles import PortHit


@dataclass(frozen=True)
class Speaker:
    """Whom a finding says does something: the file's service, or the services that share
    it (a Kind config is its cluster's suites')."""

    name: str
    many: bool = False

    @classmethod
    def of(cls, owners: Sequence[str], cluster: str | None = None) -> Speaker:
        """``ledger``; ``kind-x's suites (api, billing)`` for a cluster's config, else
        ``api and billing``."""
        if len(owners) == 1:
            return cls(owners[0])
        if cluster is not None:
            return cls(f"{possessive(cluster)} suites ({', '.join(owners)})", True)
        return cls(f"{', '.join(owners[:-1])} and {owners[-1]}", True)

    def does(self, verb: str) -> str:
        """``ledger binds``, ``kind-x's suites (api, billing) bind``: ``verb`` as said of
        one (binds, uses, reaches)."""
        if not self.many:
            return f"{self.name} {verb}"
        return f"{self.name} {verb[:-2] if _ADDS_ES.search(verb) else verb[:-1]}"

    @property
    def possessive(self) -> str:
        """``ledger's``, or ``their``: the ports of several are some one's of them."""
        return "their" if self.many else possessive(self.name)

    @property
    def its(self) -> str:
        return "their" if self.many else "its"

    def __str__(self) -> str:
        return self.name


# A verb said of one that took -es (reaches, passes), not -s (binds, uses).
_ADDS_ES = re.compile(r"(?:ss|x|z|ch|sh)es$")


def describe_use(use: PortUse, with_port: bool = True) -> str:
    """``hapi's integration redis 16387`` (with the scope when it is not the host)."""
    scope = "" if use.scope == "host" else f" in scope {use.scope}"
    protocol = "" if use.protocol == "tcp" else f" ({use.protocol})"
    port = f" {use.port}" if with_port else " port"
    return f"{possessive(use.service)} {use.tier} {use.component_label}{port}{protocol}{scope}"


def expected_port(wrong_own: tuple[str, str] | None, who: Speaker | None = None) -> str:
    """``; its redis is 16388`` (or ``; it has no e2e redis port``) for a message's end."""
    if wrong_own is None:
        return ""
    component, ports = wrong_own
    if ports.startswith("no "):
        return f"; {'they have' if who and who.many else 'it has'} {ports}"
    return f"; {who.its if who else 'its'} {component} is {ports}"


def tier_of(uses: list[PortUse]) -> str | None:
    """The tier of the ports a line takes from others: the tier its fix should come from."""
    return uses[0].tier if uses else None


def host_sides(node_ports: list[PortUse]) -> str:
    """``; its host port is 8084`` when the NodePort's allocation maps one."""
    hosts = sorted({use.allocation.port for use in node_ports if use.allocation.port is not None})
    if not hosts:
        return ", which no host port maps"
    return "; its host port is " + " or ".join(str(port) for port in hosts)


def names_of(uses: list[PortUse], with_port: bool = True) -> str:
    return " and ".join(describe_use(use, with_port) for use in uses)


@dataclass(frozen=True)
class Verdict:
    """A finding's code and words, before it has a place."""

    code: str
    message: str
    # What groups the same drift found in several places: (service, component, port), and
    # the headline the group is shown under.
    group: tuple[str, str, int] | None = None
    headline: str = ""


def wrong_node_port(
    port: int,
    who: Speaker,
    wrong_own: tuple[str, str] | None,
    group: tuple[str, str, int],
    title: str,
) -> Verdict | None:
    """PR505 for a NodePort of the file's service that the registry does not give it."""
    if wrong_own is None:
        return None
    name, ports = wrong_own
    if ports.startswith("no "):
        gives = f"{who} {ports.replace(' port', ' NodePort')}"
    else:
        gives = f"{who.possessive} {name} NodePort {ports}"
    return Verdict(
        "PR505",
        f"{who.does('binds')} {name} on NodePort {port}, but the registry gives {gives}",
        group,
        f"{title}: the registry gives {gives.removeprefix(who.possessive + ' ')}",
    )


def computed_ports(
    hit: PortHit,
    who: Speaker,
    foreign: list[PortUse],
    wrong_own: tuple[str, str] | None,
    next_block: tuple[str, str, PortRange] | None,
    declared: int,
    stride: int,
) -> Verdict:
    """PR514: ports computed from a literal and a parallel process's number, where the
    registry holds the literal alone (no ``workers``) or declares another stride."""
    port = hit.port
    if declared:
        said = f"{who.its} workers are declared {declared} apart, not as computed"
    else:
        said = f"{port + stride} and up are in no allocation"
    base = f"; its base is {names_of(foreign)}" if foreign else ""
    if next_block:
        service, tier, block = next_block
        base += f"; {port + stride} is in {possessive(service)} {tier} block {block}"
    if not foreign:
        base += expected_port(wrong_own, who)
    return Verdict(
        "PR514",
        f"{who.does('computes')} ports from {hit.computed}: {said}{base}; declare the "
        "workers in the registry or allocate the span",
        (who.name, hit.component_hint or "", port),
        f"{who} {port}: computed ports",
    )
