"""Warnings: ports that are legal but likely to bite on a shared test machine."""

from __future__ import annotations

from collections.abc import Iterator

from portreg.findings import Severity, Subject
from portreg.nodeports import static_band
from portreg.records import PortUse
from portreg.rules import Context, Problem, rule
from portreg.rules.conflicts import misplaced_cluster

LINUX_EPHEMERAL = (32768, 60999)
IANA_DYNAMIC = (49152, 65535)

# Servers a developer may well have running on the test machine itself.
WELL_KNOWN_PORTS = {
    80: "HTTP",
    443: "HTTPS",
    1433: "SQL Server",
    1521: "Oracle",
    2181: "ZooKeeper",
    2375: "Docker",
    2379: "etcd",
    3000: "Grafana / dev servers",
    3306: "MySQL",
    4222: "NATS",
    5000: "Docker registry / Flask",
    5432: "PostgreSQL",
    5672: "RabbitMQ",
    6379: "Redis",
    6443: "Kubernetes API",
    8000: "HTTP dev servers",
    8080: "HTTP alternate",
    8200: "Vault",
    8443: "HTTPS alternate",
    8500: "Consul",
    9000: "MinIO",
    9090: "Prometheus",
    9092: "Kafka",
    9200: "Elasticsearch",
    9300: "Elasticsearch transport",
    11211: "memcached",
    15672: "RabbitMQ management",
    27017: "MongoDB",
}


def _subject(use: PortUse) -> Subject:
    """What an exception may cover: the allocation, and for a NodePort its cluster."""
    scope = use.scope if use.side == "node_port" or use.scope != "host" else None
    return Subject(use.service, use.tier, use.component, scope)


@rule("PR301", "port-outside-range", Severity.WARNING)
def port_outside_range(context: Context) -> Iterator[Problem]:
    """A port outside the range its component declares for its tier.

    Ranges keep each kind of port together so that free ports are easy to find; a port
    outside them is easy to miss. Declare an exception when it is deliberate. Host ports are
    compared with the component's ``ranges``; a NodePort with its band in its cluster (the
    cluster's ``ranges``, else the component's ``nodeport_ranges``), so that a documented
    NodePort deviation is an exception that silences something. A container port lives
    anywhere.
    """
    registry = context.registry
    components = registry.components
    for use in registry.allocations:
        if not context.is_host_side(use):
            if registry.scope_kind(use.scope) != "nodeport" or misplaced_cluster(use):
                continue
            band = registry.nodeport_band(use.scope, use.component, use.tier)
            if band is not None and use.port not in band:
                yield Problem(
                    context.port_path(use),
                    f"{use.service} {use.tier} {use.component_label} NodePort {use.port} is "
                    f"outside the {use.component} band {band} in {use.scope}",
                    subject=_subject(use),
                )
            continue
        component = components.get(use.component)
        port_range = component.ranges.get(use.tier) if component else None
        if port_range is not None and use.port not in port_range:
            yield Problem(
                context.port_path(use),
                f"{use.service} {use.tier} {use.component_label} {use.port} is outside the "
                f"{use.component} {use.tier} range {port_range}",
                subject=_subject(use),
            )


@rule("PR302", "ephemeral-port", Severity.WARNING)
def ephemeral_port(context: Context) -> Iterator[Problem]:
    """A host port in the Linux ephemeral range (32768-60999) or the IANA dynamic range
    (49152-65535).

    The kernel hands these out as source ports of outgoing connections, so a test's bind can
    fail at random when some other connection holds the port at that moment.
    """
    for use in context.host_uses():
        for name, (low, high) in (
            ("Linux ephemeral", LINUX_EPHEMERAL),
            ("IANA dynamic", IANA_DYNAMIC),
        ):
            if low <= use.port <= high:
                yield Problem(
                    context.port_path(use),
                    f"{use.service} {use.tier} {use.component_label} {use.port} is in the {name} "
                    f"range {low}-{high}; the OS may give it to any outgoing connection",
                    subject=_subject(use),
                )
                break


@rule("PR303", "privileged-port", Severity.WARNING)
def privileged_port(context: Context) -> Iterator[Problem]:
    """A host port below 1024: binding it needs root or CAP_NET_BIND_SERVICE."""
    for use in context.host_uses():
        if 1 <= use.port < 1024:
            yield Problem(
                context.port_path(use),
                f"{use.service} {use.tier} {use.component_label} {use.port} is a privileged port "
                "(below 1024); rootless containers cannot bind it",
                subject=_subject(use),
            )


@rule("PR304", "well-known-port", Severity.WARNING)
def well_known_port(context: Context) -> Iterator[Problem]:
    """A host port that is the default of a common server (5432, 6379, 8080 ...).

    A developer may well have that server running on the test machine, and the suite would
    fail to bind, or worse, talk to the wrong server.
    """
    for use in context.host_uses():
        server = WELL_KNOWN_PORTS.get(use.port)
        if server is not None:
            yield Problem(
                context.port_path(use),
                f"{use.service} {use.tier} {use.component_label} {use.port} is the default port "
                f"of {server}, which may already run on the test machine",
                subject=_subject(use),
            )


@rule("PR305", "nodeport-dynamic-band", Severity.WARNING)
def nodeport_dynamic_band(context: Context) -> Iterator[Problem]:
    """A NodePort outside the static band that Kubernetes keeps free of dynamic allocation.

    Since Kubernetes 1.27 (KEP-3668) the API server hands out NodePorts for Services that
    ask for none from the upper part of the range first, and the lowest
    ``min(max(16, size/32), 128)`` ports last (30000-30085 for the default range). A fixed
    NodePort above that band can be taken by any other Service before the test creates its
    own. A NodePort that several suites use (an exclusive pair, say) is reported once.
    """
    registry = context.registry
    seen: set[tuple[str, str, int]] = set()
    for use in registry.allocations:
        if registry.scope_kind(use.scope) != "nodeport" or misplaced_cluster(use):
            continue
        if use.key in seen:
            continue  # one NodePort of a cluster, however many suites use it: said once
        seen.add(use.key)
        allowed = registry.nodeport_range(use.scope)
        band = static_band(allowed)
        if band is not None and use.port in allowed and use.port > band.end:
            yield Problem(
                context.port_path(use),
                f"NodePort {use.port} of {use.service} {use.tier} {use.component_label} is above "
                f"the static band {band}; a dynamically allocated NodePort "
                "may take it",
                subject=_subject(use),
            )
