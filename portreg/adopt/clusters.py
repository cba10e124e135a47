"""Kind clusters a document names: by a config file, or by nothing at all."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from portreg.adopt.evidence import Evidence, FoundCluster
from portreg.adopt.names import make_id, name_key
from portreg.findings import Location

_VERSIONED = re.compile(r"(?:^|[-_.])v?[0-9]+(?:[._][0-9]+)*(?=$|[-_])")


def cluster_of_config(config: str) -> str:
    """A Kind cluster's name from its config file: ``kind-gateway-config.yaml`` ->
    ``kind-gateway``; a generic ``kind-config.yaml`` takes its folder's name, and so do
    the versions of one (``kind-1.34.yaml``: ``kind`` at the root)."""
    parts = config.split("/")
    stem = re.sub(r"\.ya?ml$", "", parts[-1])
    name = re.sub(r"(?:^|[-_.])(?:config|cluster|kind)(?=$|[-_.])", "-", stem).strip("-_.")
    # kind-1.34.yaml, kind-v1.30-config.yaml: one cluster per Kubernetes version, chosen by
    # a variable, are variants of one cluster
    name = _VERSIONED.sub("", name).strip("-_.")
    if not name and len(parts) > 1:
        name = parts[-2]
    return f"kind-{make_id(name, 'cluster')}" if name else "kind"


def one_cluster_per_name(configs: dict[str, str], prefix: str = "") -> list[FoundCluster]:
    """The clusters of Kind configs (path -> cluster name), one per name: configs of one
    name (``kind-1.33.yaml``, ``kind-1.34.yaml``) are variants of one cluster, declared by
    the first; paths are written with ``prefix`` before them."""
    found: dict[str, FoundCluster] = {}
    for config, name in sorted(configs.items()):
        if name not in found:
            found[name] = FoundCluster(name, prefix + config, Location(prefix + config, 1, 1))
    return list(found.values())


def settle_clusters(evidence: Evidence) -> None:
    """A NodePort whose row named no cluster is in the cluster the service's other
    NodePorts are in, else in a cluster of its own (``kind-<service>``)."""
    usual: dict[str, Counter[str]] = {}
    for found in evidence.ports:
        if found.cluster is not None:
            usual.setdefault(name_key(found.service), Counter())[found.cluster] += 1
    settled = []
    for found in evidence.ports:
        if found.node_port is not None and found.cluster is None:
            counts = usual.get(name_key(found.service))
            cluster = counts.most_common(1)[0][0] if counts else f"kind-{make_id(found.service)}"
            if not any(known.name == cluster for known in evidence.clusters):
                evidence.clusters.append(FoundCluster(cluster, None, found.place))
            found = replace(found, cluster=cluster)
        settled.append(found)
    evidence.ports = settled
