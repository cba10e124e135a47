"""Containers started during the run, and the host ports they publish (docker, podman).

A container's processes are the daemon's children (docker) or run in another namespace
(rootless podman), never the command's: the runtime is asked instead, with its JSON
output, every second:

- ``docker ps --no-trunc --format '{{json .}}'``: one JSON object a line, ``Ports`` as
  docker prints it (``0.0.0.0:16387->6379/tcp, [::]:16387->6379/tcp``; a range
  ``0.0.0.0:8000-8001->8000-8001/tcp``; ``6379/tcp`` is exposed, not published) and
  ``CreatedAt`` as ``2026-01-15 10:02:03 +0000 UTC``;
- ``podman ps --format json``: one JSON array, ``Ports`` as a list of ``{host_ip,
  host_port, container_port, range, protocol}`` (podman 3 spelled them ``hostIP``,
  ``hostPort``, ``containerPort``) and ``Created`` in seconds since the epoch.

A container counts when it was created after the command started: one created by
something else on the machine in that time is counted too (the record says how
containers were attributed).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from typing import Any

from portreg.run.observe import CONTAINER, Bind, Observer, run_tool

# A port created up to this long before the command started still counts: the runtime's
# clock is read at whole seconds.
CLOCK_SLACK = 1.0

_DOCKER_PORT = re.compile(
    r"^(?:(?P<ip>.*):(?P<host>\d+)(?:-(?P<host_end>\d+))?->)?"
    r"(?P<container>\d+)(?:-(?P<container_end>\d+))?/(?P<protocol>\w+)$"
)
_DOCKER_TIME = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([+-]\d{4})")


class Runtime(Observer):
    """One container runtime's running containers that publish host ports."""

    interval = 1.0

    def __init__(self, runtime: str, started_at: float) -> None:
        super().__init__()
        self.name = runtime
        self.started_at = started_at  # the command's start, seconds since the epoch
        self.executable = shutil.which(runtime)
        if self.executable is None:
            self.status.state, self.status.note = "absent", f"{runtime} is not on PATH"

    def poll(self, elapsed: float) -> list[Bind]:
        if self.executable is None:
            return []
        if self.name == "podman":
            argv = [self.executable, "ps", "--format", "json"]
        else:
            argv = [self.executable, "ps", "--no-trunc", "--format", "{{json .}}"]
        status, out, err = run_tool(argv)
        if status != 0:
            self.status.state = "failed"
            self.status.note = first_line(err) or f"{self.name} ps exited {status}"
            return []
        self.status.state, self.status.note = "ok", None
        try:
            containers = parse_podman(out) if self.name == "podman" else parse_docker(out)
        except ValueError as error:
            self.status.state = "failed"
            self.status.note = f"{self.name} ps printed what portreg cannot read: {error}"
            return []
        return [
            Bind(
                CONTAINER,
                port.protocol,
                port.host,
                address=port.address,
                seen=elapsed,
                runtime=self.name,
                container=container.name,
                image=container.image,
                container_port=port.container,
            )
            for container in containers
            if container.created is None or container.created >= self.started_at - CLOCK_SLACK
            for port in container.ports
        ]


class Published:
    """One published port: host address and port, container port, protocol."""

    __slots__ = ("address", "container", "host", "protocol")

    def __init__(self, address: str, host: int, container: int, protocol: str) -> None:
        self.address, self.host, self.container, self.protocol = address, host, container, protocol


class Container:
    __slots__ = ("created", "image", "name", "ports")

    def __init__(
        self, name: str, image: str, created: float | None, ports: list[Published]
    ) -> None:
        self.name, self.image, self.created, self.ports = name, image, created, ports


def parse_docker(text: str) -> list[Container]:
    """``docker ps --format '{{json .}}'``: one object a line."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        entry = _object(json.loads(line))
        ports = [
            port for part in str(entry.get("Ports") or "").split(",") for port in docker_ports(part)
        ]
        found.append(
            Container(
                str(entry.get("Names") or entry.get("ID") or "?").split(",")[0],
                str(entry.get("Image") or "?"),
                docker_time(str(entry.get("CreatedAt") or "")),
                ports,
            )
        )
    return found


def docker_ports(text: str) -> list[Published]:
    """The host ports of one item of docker's ``Ports`` column (none when only exposed)."""
    match = _DOCKER_PORT.match(text.strip())
    if match is None or match.group("host") is None:
        return []
    first, container = int(match.group("host")), int(match.group("container"))
    last = int(match.group("host_end") or first)
    address = match.group("ip").strip("[]") or "0.0.0.0"
    return [
        Published(address, first + offset, container + offset, match.group("protocol"))
        for offset in range(last - first + 1)
    ]


def docker_time(text: str) -> float | None:
    """``2026-01-15 10:02:03 +0100 CET`` as seconds since the epoch; None when unreadable."""
    match = _DOCKER_TIME.match(text)
    if match is None:
        return None
    moment = dt.datetime.strptime(f"{match.group(1)} {match.group(2)}", "%Y-%m-%d %H:%M:%S %z")
    return moment.timestamp()


def parse_podman(text: str) -> list[Container]:
    """``podman ps --format json``: one array (``null`` or empty when nothing runs)."""
    entries = json.loads(text) if text.strip() else []
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ValueError("not a JSON array")
    found = []
    for raw in entries:
        entry = _object(raw)
        names = entry.get("Names") or [entry.get("Id", "?")]
        created = entry.get("Created")
        found.append(
            Container(
                str(names[0] if isinstance(names, list) else names),
                str(entry.get("Image") or "?"),
                float(created) if isinstance(created, (int, float)) else None,
                [port for item in entry.get("Ports") or [] for port in podman_ports(item)],
            )
        )
    return found


def podman_ports(item: Any) -> list[Published]:
    entry = _object(item)
    host = entry.get("host_port", entry.get("hostPort"))
    container = entry.get("container_port", entry.get("containerPort"))
    if not isinstance(host, int) or not isinstance(container, int) or host == 0:
        return []
    count = entry.get("range")
    count = count if isinstance(count, int) and count > 0 else 1
    address = str(entry.get("host_ip", entry.get("hostIP")) or "0.0.0.0")
    protocol = str(entry.get("protocol") or "tcp")
    return [
        Published(address, host + offset, container + offset, protocol) for offset in range(count)
    ]


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    return value


def first_line(text: str) -> str:
    """The first non-empty line of a tool's error output, without a trailing period."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""
