"""Turn pydantic's validation errors into findings that point at the YAML."""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING, Any

from portreg.findings import Finding, Severity
from portreg.loading.sourcemap import SourceMap, dotted

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator, ValidationError

_validator: SchemaValidator | None = None


def validate(data: dict[str, Any], sources: SourceMap) -> tuple[Any, list[Finding]]:
    """The validated Registry, or None and one finding per problem.

    Validated by pydantic_core against the core schema generated from the models
    (``portreg.loading.core_schema``): the same validator pydantic itself would build, without
    importing pydantic. The result is made of ``portreg.records`` classes.
    """
    from pydantic_core import ValidationError

    try:
        return _registry_validator().validate_python(data), []
    except ValidationError as error:
        return None, errors_to_findings(error, sources)


def validate_changed(
    data: dict[str, Any], sources: SourceMap, before: dict[str, Any], registry: Any
) -> tuple[Any, list[Finding]]:
    """:func:`validate` of ``data``, an edited copy of ``before`` (which validated into
    ``registry``): a service whose data is the very object it was in ``before`` keeps its
    record, and only the others are validated. An edit of one service in five thousand
    validates one (the records are plain values: no other field depends on them)."""
    services, old = data.get("services"), before.get("services")
    if not isinstance(services, dict) or not isinstance(old, dict) or registry is None:
        return validate(data, sources)
    changed = {name: value for name, value in services.items() if old.get(name) is not value}
    if len(changed) == len(services):
        return validate(data, sources)
    validated, findings = validate({**data, "services": changed}, sources)
    if validated is None:
        return None, findings
    from portreg.records import replaced

    kept = registry.services
    merged = {
        name: validated.services[name] if name in changed else kept[name] for name in services
    }
    return replaced(validated, {"services": merged}), []


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

        from portreg.loading.core_schema import SCHEMA

        _validator = SchemaValidator(SCHEMA)
    return _validator


def errors_to_findings(error: ValidationError, sources: SourceMap) -> list[Finding]:
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
            allowed = allowed_keys(path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f"; did you mean {close[0]!r}?" if close else ""
            if allowed and not close:
                suggestion = f"; known keys: {', '.join(allowed)}"
            if " " in key and item.get("input") is None:
                # {note: a, b} reads as note: "a" and a key "b" with no value: the usual slip
                # when a note with a comma is written in a flow mapping.
                suggestion = (
                    '; a comma ends a value inside {...}: quote the value before it (note: "a, b")'
                )
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
                    fixable=_is_version(path) and _read_as_decimal(item.get("input")),
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


def _read_as_decimal(value: Any) -> bool:
    """What ``check --fix`` can quote back: a version YAML read as a decimal number (1.10 as
    1.1), not ``.inf`` or ``.nan``, which need a person."""
    return isinstance(value, float) and math.isfinite(value)


def _is_version(path: tuple[str | int, ...]) -> bool:
    """The registry's version or a changelog entry's: ``check --fix`` quotes those when YAML
    read them as numbers (``1.10`` as 1.1); a port written ``015433`` needs a person."""
    return path == ("version",) or (
        len(path) == 3 and path[0] == "changelog" and path[2] == "version"
    )


def allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``path`` may have, found by walking the generated core schema."""
    from portreg.loading.core_schema import SCHEMA

    definitions = {item["ref"]: item for item in SCHEMA.get("definitions", [])}
    found = _fields_at(SCHEMA, path, definitions)
    return list(found["fields"]) if found is not None else []


def _fields_at(node: Any, path: tuple[Any, ...], definitions: dict[str, Any]) -> Any:
    """The model-fields schema at ``path`` below ``node``, or None."""
    for member in _members(node, definitions):
        kind = member["type"]
        if not path:
            if kind == "model-fields":
                return member
            continue
        part, rest = path[0], path[1:]
        if kind == "model-fields":
            field = member["fields"].get(part)
            child = field["schema"] if field is not None else None
        elif kind == "dict":
            child = member["values_schema"]
        elif kind == "list" and isinstance(part, int):
            child = member["items_schema"]
        else:
            child = None
        found = _fields_at(child, rest, definitions) if child is not None else None
        if found is not None:
            return found
    return None


# Schemas that wrap another without changing its shape: defaults, None, validators, models.
_WRAPPERS = {"default", "nullable", "function-before", "function-after", "model", "definitions"}


def _members(node: Any, definitions: dict[str, Any]) -> list[Any]:
    """What ``node`` may be, wrappers taken off: one schema, or each member of a union (in
    order: the first that fits the path wins, as the models read)."""
    while node["type"] in _WRAPPERS or node["type"] == "definition-ref":
        node = (
            definitions[node["schema_ref"]] if node["type"] == "definition-ref" else node["schema"]
        )
    if node["type"] == "union":
        choices = [
            choice[0] if isinstance(choice, tuple | list) else choice for choice in node["choices"]
        ]
    elif node["type"] == "tagged-union":
        choices = list(node["choices"].values())
    else:
        return [node]
    return [member for choice in choices for member in _members(choice, definitions)]
