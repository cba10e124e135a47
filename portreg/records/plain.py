"""Plain records: the objects that validation with the generated core schema builds, one
class per model, made at run time with that model's behaviour mixin."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

from portreg.records.behaviour import PortRangeMethods

if TYPE_CHECKING:
    from portreg.models import PortRange


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


RecordType = TypeVar("RecordType")


def replaced(record: RecordType, changes: dict[str, Any]) -> RecordType:
    """A copy of ``record`` with some fields replaced (records are read-only)."""
    assert isinstance(record, Record)
    return type(record)(**{**record._fields(), **changes})


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


def port_range(start: int, end: int) -> PortRange:
    """A PortRange value made in code (not read from a file): a record that behaves as one."""
    made = record_class("PortRange", PortRangeMethods)(start=start, end=end)
    return cast("PortRange", made)
