"""NodePorts of the Services created during the run, in the registry's Kind clusters.

Every few seconds, for each cluster to watch, ``kubectl get svc -A -o json
--show-managed-fields --context CONTEXT``: a ``List`` of Services; each NodePort (or
LoadBalancer) Service's ``spec.ports[].nodePort`` counts when the Service was created after
the command started (``metadata.creationTimestamp``, whole seconds).

Whether Kubernetes chose a NodePort itself (a Service written without ``nodePort:``, as a
Helm chart often is) shows in ``metadata.managedFields``: a field the client wrote belongs
to a manager (``f:nodePort`` under the port's key), one the API server filled in to nobody.
Without managed fields, kubectl's ``last-applied-configuration`` annotation says what was
written; without either, the record says it cannot tell.

Clusters to watch: the registry's nodeport scopes, reached as the kubectl context named
after the scope (``kind-<scope>``, as Kind names them, or the scope's own name), and every
``kind-*`` context that appears during the run (a cluster the suite creates and no file
names), read from the kubeconfig files themselves, which costs no kubectl call.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portreg.run.containers import first_line
from portreg.run.observe import KUBERNETES, Bind, Observer, run_tool

# A context that did not answer is asked again only after this long.
RETRY_SECONDS = 15.0
CLOCK_SLACK = 1.0
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


class Clusters(Observer):
    """Services' NodePorts in the clusters worth watching."""

    name = "kubernetes"
    interval = 3.0

    def __init__(self, scopes: Sequence[str], started_at: float) -> None:
        super().__init__()
        self.scopes = list(scopes)  # the registry's nodeport scopes
        self.started_at = started_at
        self.kubectl = shutil.which("kubectl")
        self.before = set(kubeconfig_contexts())
        self.quiet_until: dict[str, float] = {}
        self.watched: set[str] = set()
        if self.kubectl is None:
            self.status.state, self.status.note = "absent", "kubectl is not on PATH"
        self._get_services = [
            self.kubectl or "kubectl",
            *("get", "svc", "--all-namespaces", "--output", "json", "--show-managed-fields"),
            "--request-timeout=5s",
        ]

    def poll(self, elapsed: float) -> list[Bind]:
        if self.kubectl is None:
            return []
        binds: list[Bind] = []
        errors = []
        for context, scope in self.contexts().items():
            if time.monotonic() < self.quiet_until.get(context, 0.0):
                continue
            status, out, err = run_tool([*self._get_services, "--context", context])
            if status != 0:
                self.quiet_until[context] = time.monotonic() + RETRY_SECONDS
                errors.append(f"{context}: {first_line(err) or f'kubectl exited {status}'}")
                continue
            self.watched.add(context)
            try:
                services = parse_services(out)
            except ValueError as error:
                errors.append(f"{context}: kubectl printed what portreg cannot read: {error}")
                continue
            binds += [
                _bind(service, port, scope, context, elapsed)
                for service in services
                if service.created is None or service.created >= self.started_at - CLOCK_SLACK
                for port in service.ports
            ]
        self._report(errors)
        return binds

    def contexts(self) -> dict[str, str]:
        """Context → the scope its NodePorts are judged in (a new ``kind-*`` context that
        no scope names: its own name)."""
        present = kubeconfig_contexts()
        chosen: dict[str, str] = {}
        for scope in self.scopes:
            for context in (f"kind-{scope}", scope):
                if context in present:
                    chosen.setdefault(context, scope)
                    break
        for context in present:
            if context.startswith("kind-") and context not in self.before:
                chosen.setdefault(context, context)
        return chosen

    def _report(self, errors: list[str]) -> None:
        if errors and not self.watched:
            self.status.state, self.status.note = "failed", "; ".join(errors)
        elif self.watched:
            self.status.state = "ok"
            self.status.note = f"watched {', '.join(sorted(self.watched))}"
        else:
            self.status.state = "ok"
            self.status.note = "no cluster of the registry was reachable"


def _bind(
    service: ClusterService, port: ClusterServicePort, scope: str, context: str, elapsed: float
) -> Bind:
    return Bind(
        KUBERNETES,
        port.protocol,
        port.node_port,
        scope=scope,
        seen=elapsed,
        context=context,
        namespace=service.namespace,
        name=service.name,
        service_port=port.port,
        assigned=port.assigned,
    )


class ClusterServicePort:
    """One port of a Kubernetes Service that has a NodePort; ``assigned``: whether Kubernetes
    chose it (None when nothing says)."""

    __slots__ = ("assigned", "node_port", "port", "protocol")

    def __init__(self, port: int, node_port: int, protocol: str, assigned: bool | None) -> None:
        self.port, self.node_port, self.protocol, self.assigned = (
            port,
            node_port,
            protocol,
            assigned,
        )


class ClusterService:
    """A Kubernetes Service seen in a cluster (``kubectl get svc``), with its NodePorts; not
    the registry's service (portreg.models.Service)."""

    __slots__ = ("created", "name", "namespace", "ports")

    def __init__(
        self, namespace: str, name: str, created: float | None, ports: list[ClusterServicePort]
    ) -> None:
        self.namespace, self.name, self.created, self.ports = namespace, name, created, ports


def parse_services(text: str) -> list[ClusterService]:
    """The NodePorts of ``kubectl get svc -o json`` (a List, or one Service)."""
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    items = document.get("items") if document.get("kind") == "List" else [document]
    found = []
    for item in items or []:
        metadata = item.get("metadata") or {}
        spec = item.get("spec") or {}
        written = _written_node_ports(metadata)
        ports = [
            ClusterServicePort(
                int(entry.get("port") or 0),
                int(entry["nodePort"]),
                str(entry.get("protocol") or "TCP").lower(),
                None if written is None else _port_key(entry) not in written,
            )
            for entry in spec.get("ports") or []
            if isinstance(entry, dict) and isinstance(entry.get("nodePort"), int)
        ]
        if ports:
            found.append(
                ClusterService(
                    str(metadata.get("namespace") or "default"),
                    str(metadata.get("name") or "?"),
                    kube_time(str(metadata.get("creationTimestamp") or "")),
                    ports,
                )
            )
    return found


def _port_key(entry: dict[str, Any]) -> tuple[int, str]:
    return (int(entry.get("port") or 0), str(entry.get("protocol") or "TCP").upper())


def _written_node_ports(metadata: dict[str, Any]) -> set[tuple[int, str]] | None:
    """The (port, protocol) keys whose nodePort a client wrote; None when nothing says."""
    managed = metadata.get("managedFields")
    if isinstance(managed, list) and managed:
        written = set()
        for manager in managed:
            ports = ((manager.get("fieldsV1") or {}).get("f:spec") or {}).get("f:ports") or {}
            for key, fields in ports.items():
                if key.startswith("k:") and isinstance(fields, dict) and "f:nodePort" in fields:
                    parsed = json.loads(key[2:])
                    written.add((int(parsed.get("port", 0)), str(parsed.get("protocol", "TCP"))))
        return written
    applied = (metadata.get("annotations") or {}).get(LAST_APPLIED)
    if isinstance(applied, str):
        spec = json.loads(applied).get("spec") or {}
        return {_port_key(entry) for entry in spec.get("ports") or [] if "nodePort" in entry}
    return None


def kube_time(text: str) -> float | None:
    """``2026-01-15T10:02:03Z`` as seconds since the epoch."""
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def kubeconfig_contexts() -> list[str]:
    """The context names of the kubeconfig files ($KUBECONFIG, else ~/.kube/config)."""
    import yaml

    from portreg.loading.compose import YamlLoader

    files = os.environ.get("KUBECONFIG", "").split(os.pathsep)
    paths = [Path(name) for name in files if name] or [Path.home() / ".kube" / "config"]
    names: list[str] = []
    for path in paths:
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for entry in (document or {}).get("contexts") or [] if isinstance(document, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names.append(entry["name"])
    return names
