"""Turn pydantic's validation errors into findings that point at the YAML."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from portreg.findings import Finding, Severity
from portreg.sourcemap import SourceMap, dotted

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator, ValidationError

_validator: SchemaValidator | None = None


def validate(data: dict[str, Any], sources: SourceMap) -> tuple[Any, list[Finding]]:
    """The validated Registry, or None and one finding per problem.

    Validated by pydantic_core against the core schema generated from the models
    (``portreg.core_schema``): the same validator pydantic itself would build, without
    importing pydantic. The result is made of ``portreg.records`` classes.
    """
    from pydantic_core import ValidationError

    try:
        return _registry_validator().validate_python(data), []
    except ValidationError as error:
        return None, errors_to_findings(error, sources)


def validate_with_models(data: dict[str, Any], sources: SourceMap) -> tuple[Any, list[Finding]]:
    """The same as :func:`validate`, through the pydantic models themselves (for tests)."""
    from pydantic import ValidationError

    from portreg.models import Registry

    try:
        return Registry.model_validate(data), []
    except ValidationError as error:
        return None, errors_to_findings(error, sources)


def _registry_validator() -> SchemaValidator:
    global _validator
    if _validator is None:
        from pydantic_core import SchemaValidator

        from portreg.core_schema import SCHEMA

        _validator = SchemaValidator(SCHEMA)
    return _validator


def errors_to_findings(error: ValidationError, sources: SourceMap) -> list[Finding]:
    findings = []
    for item in error.errors(include_url=False):
        path = tuple(part for part in item["loc"] if part != "[key]")
        kind = item["type"]
        if kind != "missing":
            # A bare port is validated as {"port": N}: name the place the user wrote.
            while path and path not in sources.values and path[:-1] in sources.values:
                path = path[:-1]
        hint = sources.hint(path)
        if kind == "extra_forbidden":
            key = str(path[-1])
            allowed = allowed_keys(path[:-1])
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


def allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``path`` may have, found by walking the generated core schema."""
    from portreg.core_schema import SCHEMA

    definitions = {item["ref"]: item for item in SCHEMA.get("definitions", [])}
    node: Any = _unwrap(SCHEMA, definitions)
    for part in path:
        if node is None:
            return []
        if node["type"] == "model-fields":
            field = node["fields"].get(part)
            node = field["schema"] if field is not None else None
        elif node["type"] == "dict":
            node = node["values_schema"]
        elif node["type"] == "list":
            node = node["items_schema"]
        else:
            return []
        node = _unwrap(node, definitions)
    return list(node["fields"]) if node is not None and node["type"] == "model-fields" else []


# Schemas that wrap another without changing its shape: defaults, None, validators, models.
_WRAPPERS = {"default", "nullable", "function-before", "function-after", "model", "definitions"}


def _unwrap(node: Any, definitions: dict[str, Any]) -> Any:
    while node is not None:
        if node["type"] == "definition-ref":
            node = definitions[node["schema_ref"]]
        elif node["type"] in _WRAPPERS:
            node = node["schema"]
        elif node["type"] == "union":  # X | Y: the keys of the first, as the models read
            first = node["choices"][0]
            node = first[0] if isinstance(first, tuple | list) else first
        else:
            return node
    return None
