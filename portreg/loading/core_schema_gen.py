"""Write ``portreg/loading/core_schema.py``: the models' pydantic-core schema, as Python source.

``python -m portreg.loading.core_schema_gen --write`` (run by ``make docs``). The models in
``portreg.models`` stay the one definition of the registry format; this writes down the core
schema pydantic builds from them, so that reading a registry needs only ``pydantic_core``
and ``portreg.records``, not pydantic's 80 ms import. A test fails when the file is stale.

What cannot be plain data is written as an expression of ``portreg.records``: a model
becomes its plain record class (with the model's behaviour mixin), a validator function its
name there. A model whose behaviour or validators live anywhere else cannot be written, and
the generator says what to move where.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import types
from functools import cached_property
from pathlib import Path
from typing import Any

from portreg import records

TARGET = Path(__file__).with_name("core_schema.py")
HEADER = '''\
"""The core schema that validates a registry, generated from portreg.models: do not edit.

Regenerate with ``python -m portreg.loading.core_schema_gen --write`` (``make docs``).
"""

from __future__ import annotations

from typing import Any

from portreg import records

'''
# Only for the JSON Schema (portreg schema), never for validation.
_DROPPED_KEYS = {"metadata", "json_schema_input_schema", "serialization"}
_PYDANTIC_VALIDATORS = "pydantic._internal._validators"
_BUILTIN_FACTORIES = {list: "list", dict: "dict", set: "set", tuple: "tuple"}


class GenerationError(Exception):
    """The models use something that a generated schema cannot reproduce."""


def generate() -> str:
    """The text of ``portreg/loading/core_schema.py`` for the models as they are now."""
    from portreg.models import Registry

    Registry.model_rebuild()
    schema = Registry.__pydantic_core_schema__
    body = _Writer().value(schema, 0)
    return f"{HEADER}SCHEMA: dict[str, Any] = {body}\n"


class _Writer:
    def value(self, value: Any, indent: int) -> str:
        if isinstance(value, dict):
            return self._mapping(value, indent)
        if isinstance(value, list | tuple):
            items = [self.value(item, indent + 4) for item in value]
            if not items:
                return "[]" if isinstance(value, list) else "()"
            inner = "".join(f"{' ' * (indent + 4)}{item},\n" for item in items)
            open_, close = ("[", "]") if isinstance(value, list) else ("(", ")")
            return f"{open_}\n{inner}{' ' * indent}{close}"
        if isinstance(value, type) and _is_model(value):
            return _record_expression(value)
        if value is None or isinstance(value, bool | int | float | str):
            return repr(value)
        raise GenerationError(f"cannot write {value!r} ({type(value).__name__}) into the schema")

    def _mapping(self, node: dict[str, Any], indent: int) -> str:
        node = _simplified(node)
        lines = []
        for key, value in node.items():
            if key in _DROPPED_KEYS:
                continue
            if key in ("ref", "schema_ref") and isinstance(value, str):
                text = repr(_stable_ref(value))
            elif callable(value) and not isinstance(value, type):
                text = _function_expression(value)  # validators, discriminators
            elif key == "default_factory":
                text = _factory_expression(value)
            else:
                text = self.value(value, indent + 4)
            lines.append(f"{' ' * (indent + 4)}{key!r}: {text},\n")
        if not lines:
            return "{}"
        return "{\n" + "".join(lines) + " " * indent + "}"


def _simplified(node: dict[str, Any]) -> dict[str, Any]:
    """A default made by calling a model (``default_factory=ScanSettings``) becomes the same
    model validated from ``{}``, which needs no pydantic class at run time."""
    factory = node.get("default_factory")
    if node.get("type") == "default" and isinstance(factory, type) and _is_model(factory):
        node = {key: value for key, value in node.items() if not key.startswith("default_")}
        node["default"] = {}
        node["validate_default"] = True
    return node


def _is_model(value: type) -> bool:
    from pydantic import BaseModel

    return issubclass(value, BaseModel)


def _record_expression(model: type) -> str:
    _refuse_own_behaviour(model)
    behaviours = [base.__name__ for base in model.__mro__ if _exported_by_records(base)]
    if len(behaviours) > 1:
        raise GenerationError(
            f"{model.__name__} inherits {', '.join(behaviours)}: give it one mixin of "
            "portreg.records"
        )
    mixin = f", records.{behaviours[0]}" if behaviours else ""
    return f"records.record_class({model.__name__!r}{mixin})"


def _refuse_own_behaviour(model: type) -> None:
    """Methods written in a model class would be missing from its plain record."""
    own = [
        name
        for name, value in vars(model).items()
        if not name.startswith("__")
        and isinstance(
            value,
            types.FunctionType | property | cached_property | classmethod | staticmethod,
        )
    ]
    decorators = getattr(model, "__pydantic_decorators__", None)
    if decorators is not None:
        for kind in ("validators", "field_validators", "model_validators", "root_validators"):
            own.extend(getattr(decorators, kind, {}))
    if own:
        raise GenerationError(
            f"{model.__name__} defines {', '.join(sorted(set(own)))} in portreg/models/: "
            f"move it to a mixin class in portreg/records/ that {model.__name__} inherits "
            "(validators: to a function there, used through BeforeValidator/AfterValidator)"
        )


def _function_expression(function: Any) -> str:
    if isinstance(function, functools.partial) and not function.args:
        inner = function.func
        if inner.__module__ == _PYDANTIC_VALIDATORS and hasattr(records, inner.__name__):
            arguments = "".join(f", {key}={value!r}" for key, value in function.keywords.items())
            return f"records.constraint({inner.__name__!r}{arguments})"
    name = getattr(function, "__name__", "")
    if not _exported_by_records(function):
        raise GenerationError(
            f"validator {getattr(function, '__qualname__', function)!r} is not a function of "
            "portreg/records/validators.py: define it there, export it from portreg.records, "
            "and use it in the model from there"
        )
    return f"records.{name}"


def _exported_by_records(value: Any) -> bool:
    """Defined in the ``portreg.records`` package and exported by it under its own name: the
    generated schema can then write it as ``records.<name>``."""
    module = getattr(value, "__module__", None) or ""
    name = getattr(value, "__name__", "")
    in_package = module == records.__name__ or module.startswith(f"{records.__name__}.")
    return in_package and getattr(records, name, None) is value


def _factory_expression(factory: Any) -> str:
    if factory in _BUILTIN_FACTORIES:
        return _BUILTIN_FACTORIES[factory]
    return _function_expression(factory)


def _stable_ref(ref: str) -> str:
    """``portreg.models.PortRange:93879856007968`` → ``PortRange`` (the number is an id())."""
    return re.sub(r":[0-9]+$", "", ref).rsplit(".", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {TARGET.name}")
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale")
    args = parser.parse_args(argv)
    try:
        text = generate()
    except GenerationError as error:
        print(f"core_schema_gen: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.name} is stale: run python -m portreg.loading.core_schema_gen --write")
            return 1
        return 0
    if args.write:
        TARGET.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
