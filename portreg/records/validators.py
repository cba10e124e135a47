"""The validators the models use, called by pydantic_core on either path (the pydantic
models, or the generated core schema with plain records)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portreg.models import Allocation


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
    if isinstance(value, dict) and set(value) == {"start", "size"}:
        start, size = value["start"], value["size"]
        if isinstance(start, int) and isinstance(size, int) and not isinstance(size, bool):
            if size < 1:
                raise ValueError(f"a block has at least one port, not size {size}")
            return {"start": start, "end": start + size - 1}
    if isinstance(value, str):
        match = _RANGE_TEXT.match(value)
        if not match:
            raise ValueError(f"a port range is written START-END, like 16379-16388, not {value!r}")
        start, end = int(match.group(1)), int(match.group(2))
        if start > end:
            raise ValueError(f"range {value} ends before it starts")
        return {"start": start, "end": end}
    return value


def block_kind(value: Any) -> str:
    """A tier's block is one range, or a mapping of component to range."""
    if isinstance(value, dict) and set(value) != {"start", "size"}:
        return "@components"
    return "@range"


def no_null(value: Any) -> Any:
    if value is None:
        raise ValueError("a port should be a valid integer, got null; leave the key out for none")
    return value


def allocation_from_number(value: Any) -> Any:
    return value if isinstance(value, dict) else {"port": value}


def named_instances(instances: list[Allocation]) -> list[Allocation]:
    names = [instance.name for instance in instances]
    if None in names:
        raise ValueError("each instance in a list needs a name: [{port: 18150, name: table}, ...]")
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise ValueError(f"instance name {repeated[0]} is used twice")
    return instances


def cluster_is_scope(value: Any) -> Any:
    """A known conflict on a NodePort may say ``cluster: k``, as its allocation does: it is
    the same as ``scope: k``."""
    if isinstance(value, dict) and value.get("cluster") is not None:
        scope = value.get("scope")
        if scope is not None and scope != value["cluster"]:
            raise ValueError(
                f"scope {scope} and cluster {value['cluster']} name two places; a NodePort's "
                "known conflict needs only cluster:"
            )
        return {**value, "scope": value["cluster"]}
    return value


def slot_kind(value: Any) -> str:
    return "@instances" if isinstance(value, list) else "@allocation"


def stride_kind(value: Any) -> str:
    """A workers entry's stride is one number, or a mapping of component to number."""
    return "@components" if isinstance(value, dict) else "@stride"


# Constraints pydantic cannot put into the core schema itself (``Field(min_length=1)`` on a
# value that an AfterValidator returns) become calls of its own validators; these raise the
# same errors without importing pydantic.
def min_length_validator(value: Any, min_length: int) -> Any:
    if len(value) < min_length:
        raise _known_error(
            "too_short",
            {"field_type": "Value", "min_length": min_length, "actual_length": len(value)},
        )
    return value


def max_length_validator(value: Any, max_length: int) -> Any:
    if len(value) > max_length:
        raise _known_error(
            "too_long",
            {"field_type": "Value", "max_length": max_length, "actual_length": len(value)},
        )
    return value


def constraint(name: str, **arguments: Any) -> Any:
    """One of the constraint validators above, with its argument (for the core schema)."""
    validator = {
        "min_length_validator": min_length_validator,
        "max_length_validator": max_length_validator,
    }[name]
    return functools.partial(validator, **arguments)


def _known_error(kind: str, context: dict[str, Any]) -> Exception:
    from pydantic_core import PydanticKnownError

    return PydanticKnownError(kind, context)  # type: ignore[arg-type]
