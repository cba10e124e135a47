"""Container runtimes' port proxies: the processes that hold a host port for a container.

When a container publishes a port, the process listening on the host is not the database
inside it but the runtime's proxy (docker-proxy, rootlessport ...). Saying so turns "pid
4242 holds 16387" into "a container still publishes 16387": usually a leftover of an
earlier suite, which ``docker ps`` or ``podman ps`` will name.
"""

from __future__ import annotations

import itertools

# Process name (as the kernel reports it: at most 15 characters on Linux) → what it is.
RUNTIME_PROXIES = {
    "docker-proxy": "Docker's port proxy for a container",
    "rootlessport": "rootless Podman's port proxy for a container",
    "rootlessport-ch": "rootless Podman's port proxy for a container",
    "rootlessport-child": "rootless Podman's port proxy for a container",
    "conmon": "Podman's container monitor (a container's port)",
    "pasta": "pasta, rootless Podman's network (a container's port)",
    "pasta.avx2": "pasta, rootless Podman's network (a container's port)",
    "slirp4netns": "slirp4netns, a rootless container network (a container's port)",
    "gvproxy": "gvproxy, the Podman machine's port forwarder (a container's port)",
    "vpnkit-bridge": "Docker Desktop's port forwarder (a container's port)",
    "com.docker.backend": "Docker Desktop's port forwarder (a container's port)",
    "com.docker.backe": "Docker Desktop's port forwarder (a container's port)",
    "kube-proxy": "Kubernetes' kube-proxy (a Service's NodePort)",
}


def runtime_of(process_name: str | None) -> str | None:
    """What a runtime proxy process is, or None for any other process."""
    if not process_name:
        return None
    return RUNTIME_PROXIES.get(process_name)


def proxied_target(process_name: str | None, command_line: list[str]) -> str | None:
    """The container address a docker-proxy forwards to (``172.17.0.3:6379``), when it says."""
    if process_name != "docker-proxy":
        return None
    options: dict[str, str] = {}
    for flag, value in itertools.pairwise(command_line):
        if flag.startswith("-"):
            options[flag.lstrip("-")] = value
    address, port = options.get("container-ip"), options.get("container-port")
    if address and port:
        return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return None
