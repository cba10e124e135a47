"""Turn pydantic's validation errors into findings that point at the YAML."""

from __future__ import annotations

import difflib
import types
import typing
from typing import TYPE_CHECKING, Any

from portreg.findings import Finding, Severity
from portreg.sourcemap import SourceMap, dotted

if TYPE_CHECKING:
    from pydantic import ValidationError


def validate(data: dict[str, Any], sources: SourceMap) -> tuple[Any, list[Finding]]:
    """The validated Registry, or None and one finding per problem."""
    from pydantic import ValidationError

    from portreg.models import Registry

    try:
        return Registry.model_validate(data), []
    except ValidationError as error:
        return None, errors_to_findings(error, sources)


def errors_to_findings(error: ValidationError, sources: SourceMap) -> list[Finding]:
    from portreg.models import Registry

    findings = []
    for item in error.errors(include_url=False):
        # "[key]" marks an error in a mapping's key; "@..." names a tagged union member.
        path = tuple(
            part
            for part in item["loc"]
            if part != "[key]" and not (isinstance(part, str) and part.startswith("@"))
        )
        kind = item["type"]
        if kind != "missing":
            # A bare port is validated as {"port": N}: name the place the user wrote.
            while path and path not in sources.values and path[:-1] in sources.values:
                path = path[:-1]
        hint = sources.hint(path)
        if kind == "extra_forbidden":
            key = str(path[-1])
            allowed = _allowed_keys(Registry, path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else ""
            if allowed and not close:
                suggestion = f"; known keys: {', '.join(allowed)}"
            findings.append(
                Finding(
                    "PR102",
                    "unknown-key",
                    Severity.ERROR,
                    f"unknown key {key!r} in {dotted(path[:-1])}{suggestion}",
                    sources.locate(path, key=True),
                )
            )
            continue
        if hint is not None and kind.endswith("_type"):
            findings.append(
                Finding(
                    "PR104",
                    "yaml11-value",
                    Severity.ERROR,
                    f"{dotted(path)}: {hint}",
                    sources.locate(path),
                )
            )
            continue
        where = sources.locate(path, key=kind == "missing")
        findings.append(
            Finding(
                "PR101",
                "schema",
                Severity.ERROR,
                f"{dotted(path)}: {_describe(item)}",
                where,
            )
        )
    return findings


def _describe(item: Any) -> str:
    kind = item["type"]
    message = str(item["msg"])
    if kind == "missing":
        return "required key is missing"
    if message.startswith("Value error, "):
        return message[len("Value error, ") :]
    if kind.endswith("_type") or kind == "model_type":
        value = item.get("input")
        return f"{message[0].lower()}{message[1:]}, got {type(value).__name__} {value!r}"
    if kind == "string_pattern_mismatch":
        return f"{item.get('input')!r} does not match {item['ctx']['pattern']}"
    return f"{message[0].lower()}{message[1:]}"


def _allowed_keys(model: Any, path: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``path`` may have, found by walking the model's annotations."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _step(annotation: Any, part: Any) -> Any:
    members = _union_members(annotation)
    if len(members) > 1:
        # A union of a model and a list of it (one allocation or instances): take the member
        # that the path part fits.
        for member in members:
            found = _step(member, part)
            if found is not None:
                return found
        return None
    annotation = _unwrap(annotation)
    fields = getattr(annotation, "model_fields", None)
    if fields is not None:
        field = fields.get(part)
        return field.annotation if field is not None else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is dict and len(args) == 2:
        return args[1]
    if origin is list and args:
        return args[0]
    return None


def _union_members(annotation: Any) -> list[Any]:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return [annotation]


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = members[0]
        else:
            return annotation
