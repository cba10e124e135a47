"""The keys of the registry format, from its models: every key there is, and the keys a
registry file writes."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel

from portreg.models import BlockSize, PortRange


def model_keys(model: Any, found: set[str], seen: set[type]) -> None:
    """``Model.key`` for every key of ``model`` and of every model its keys hold."""
    seen.add(model)
    for name, field in model.model_fields.items():
        found.add(f"{model.__name__}.{name}")
        pending = [field.annotation]
        while pending:
            annotation = pending.pop()
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                if annotation not in seen:
                    model_keys(annotation, found, seen)
            else:
                pending.extend(typing.get_args(annotation))


def written_keys(annotation: Any, value: Any, found: set[str]) -> None:
    """``Model.key`` for every key written in ``value`` (a registry read as YAML, for the
    annotation ``Registry``), following the models' types down."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        written_keys(typing.get_args(annotation)[0], value, found)
    elif origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            if _fits(member, value):
                written_keys(member, value, found)
                return
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(value, dict):
            # A range is written START-END, a block also {start, size} (BlockSize).
            model = BlockSize if annotation is PortRange else annotation
            for key, item in value.items():
                found.add(f"{model.__name__}.{key}")
                if key in model.model_fields:
                    written_keys(model.model_fields[key].annotation, item, found)
    elif origin is dict and isinstance(value, dict):
        for item in value.values():
            written_keys(typing.get_args(annotation)[1], item, found)
    elif origin is list and isinstance(value, list):
        for item in value:
            written_keys(typing.get_args(annotation)[0], item, found)


def _fits(member: Any, value: Any) -> bool:
    """Whether ``value`` is written in the shape of a union's ``member``."""
    while typing.get_origin(member) is Annotated:
        member = typing.get_args(member)[0]
    if isinstance(value, list):
        return typing.get_origin(member) is list
    if not isinstance(value, dict):
        return False
    if member is PortRange:
        return "start" in value  # a block {start, size}, not one block per component
    return typing.get_origin(member) is dict or (
        isinstance(member, type) and issubclass(member, BaseModel)
    )
