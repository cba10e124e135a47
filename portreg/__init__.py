"""portreg: a port-allocation registry and conflict linter."""

__version__ = "0.1.0"
