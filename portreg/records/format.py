"""Facts of the file format that code everywhere needs: its version, the host scope, the
default NodePort range, and how versions are ordered."""

from __future__ import annotations

FORMAT_VERSION = 1
HOST_SCOPE = "host"
DEFAULT_NODEPORT_RANGE = (30000, 32767)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
