"""What a validated registry can do, without importing pydantic.

The registry format is defined once, by the pydantic models in ``portreg.models``. A command
that only reads a registry does not need pydantic itself, only ``pydantic_core`` (the
validator pydantic uses underneath) and a core schema generated from the models
(``portreg.core_schema``, see ``portreg.core_schema_gen``). Validation then builds plain
records: instances of small classes made here at run time, one per model, that carry the
same fields and the same behaviour. The behaviour lives in this module, as mixins that the
pydantic models inherit too, so both kinds of object answer the same questions the same way.

Everything here is cheap to import: a git hook runs ``portreg check`` on every commit.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portreg.models import Allocation, Scope, Service

FORMAT_VERSION = 1
HOST_SCOPE = "host"
DEFAULT_NODEPORT_RANGE = (30000, 32767)


# -- Validators the models use (called by pydantic_core on either path) ----------------------


def parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


_RANGE_TEXT = re.compile(r"^\s*([0-9]+)\s*-\s*([0-9]+)\s*$")


def parse_range(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"start": value, "end": value}
    if isinstance(value, str):
        match = _RANGE_TEXT.match(value)
        if not match:
            raise ValueError(f"a port range is written START-END, like 16379-16388, not {value!r}")
        start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise ValueError(f"range {value} ends before it starts")
        return {"start": start, "end": end}
    return value


def allocation_from_number(value: Any) -> Any:
    return value if isinstance(value, dict) else {"port": value}


# -- Behaviour shared by the pydantic models and the plain records ----------------------------


class PortRangeMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        start: int
        end: int

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.start <= port <= self.end

    def __len__(self) -> int:
        return max(0, self.end - self.start + 1)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


class RuleExceptionMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        service: str
        tier: str | None
        component: str | None

    def covers(self, service: str, tier: str | None, component: str | None) -> bool:
        """Whether this exception applies to that service's allocation."""
        return (
            self.service == service
            and self.tier in (None, tier)
            and self.component in (None, component)
        )


class RegistryMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        scopes: dict[str, Scope]
        services: dict[str, Service]

    def scope_kind(self, name: str) -> str | None:
        """host, isolated or nodeport; None for a scope that is not declared."""
        if name == HOST_SCOPE:
            return "host"
        scope = self.scopes.get(name)
        if scope is None:
            return None
        return scope.kind or "isolated"

    def nodeport_range(self, name: str) -> PortRangeMethods:
        scope = self.scopes.get(name)
        if scope is not None and scope.nodeport_range is not None:
            return scope.nodeport_range
        start, end = DEFAULT_NODEPORT_RANGE
        return port_range(start, end)

    @cached_property
    def allocations(self) -> list[PortUse]:
        """Every port of every service, flattened, in file order."""
        return [
            PortUse(service_id, tier, component, allocation)
            for service_id, service in self.services.items()
            for tier, by_component in service.ports.items()
            for component, allocation in by_component.items()
        ]


class PortUse:
    """One allocation with the service, tier and component it belongs to."""

    __slots__ = ("allocation", "component", "service", "tier")

    def __init__(self, service: str, tier: str, component: str, allocation: Allocation) -> None:
        self.service = service
        self.tier = tier
        self.component = component
        self.allocation = allocation

    @property
    def port(self) -> int:
        return self.allocation.port

    @property
    def protocol(self) -> str:
        return self.allocation.protocol

    @property
    def scope(self) -> str:
        return self.allocation.scope

    @property
    def key(self) -> tuple[str, str, int]:
        """What two allocations must not share: (scope, protocol, port)."""
        allocation = self.allocation
        return (allocation.scope, allocation.protocol, allocation.port)

    @property
    def path(self) -> tuple[str, ...]:
        return ("services", self.service, "ports", self.tier, self.component)

    def label(self) -> str:
        return f"{self.service} ({self.tier})"

    def __repr__(self) -> str:
        return f"PortUse({self.service}/{self.tier}/{self.component}={self.port})"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# -- Plain records ----------------------------------------------------------------------------


class Record:
    """A validated value of one model, as pydantic_core builds it: its fields in ``__dict__``.

    Read-only, compared and hashed by class and fields, like the frozen models.
    """

    # pydantic_core sets these four on every instance it builds; slots keep them out of the
    # fields.
    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "__dict__", fields)

    def _fields(self) -> dict[str, Any]:
        # cached_property values live in __dict__ too: they are not fields.
        cached = _cached_names(type(self))
        return {key: value for key, value in self.__dict__.items() if key not in cached}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self), tuple(self._fields().values())))

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self._fields().items())
        return f"{type(self).__name__}({fields})"


_CACHED: dict[type, frozenset[str]] = {}


def _cached_names(cls: type) -> frozenset[str]:
    names = _CACHED.get(cls)
    if names is None:
        names = frozenset(
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, cached_property)
        )
        _CACHED[cls] = names
    return names


_RECORD_CLASSES: dict[str, type[Record]] = {}


def record_class(name: str, behaviour: type | None = None) -> type[Record]:
    """The plain class for the model ``name`` (made once), with that model's behaviour."""
    found = _RECORD_CLASSES.get(name)
    if found is None:
        bases = (behaviour, Record) if behaviour is not None else (Record,)
        found = type(name, bases, {"__slots__": (), "__module__": __name__})
        _RECORD_CLASSES[name] = found
    return found


def port_range(start: int, end: int) -> PortRangeMethods:
    """A PortRange value made in code (not read from a file)."""
    made = record_class("PortRange", PortRangeMethods)(start=start, end=end)
    assert isinstance(made, PortRangeMethods)
    return made
