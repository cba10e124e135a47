"""The generated core schema: fresh, faithful to the models, and what keeps pydantic off the
start-up path of the read-only commands."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from conftest import BUNDLED_FILE, ROOT
from helpers import after_portreg
from pydantic import AfterValidator, field_validator
from tests_data import MINIMAL_TEXT

from portreg import records
from portreg.loading import core_schema_gen
from portreg.loading.loader import Source, load_document, read_source
from portreg.loading.validation import allowed_keys, validate, validate_with_models
from portreg.models import Model, Registry


def test_the_generated_schema_is_fresh() -> None:
    text = core_schema_gen.generate()
    assert (ROOT / "portreg" / "loading" / "core_schema.py").read_text(encoding="utf-8") == text, (
        "portreg/loading/core_schema.py is stale: run make docs"
    )
    assert core_schema_gen.main(["--check"]) == 0


def test_the_generator_refuses_a_method_written_in_a_model() -> None:
    class Probe(Model):
        port: int

        def doubled(self) -> int:
            return self.port * 2

    with pytest.raises(core_schema_gen.GenerationError, match=r"Probe defines doubled.*records"):
        core_schema_gen._record_expression(Probe)


def test_the_generator_refuses_a_field_validator_in_a_model() -> None:
    class Probe(Model):
        port: int

        @field_validator("port")
        @classmethod
        def positive(cls, value: int) -> int:
            return value

    with pytest.raises(core_schema_gen.GenerationError, match="positive"):
        core_schema_gen._record_expression(Probe)


def test_the_generator_refuses_a_validator_that_lives_outside_records() -> None:
    def local_check(value: Any) -> Any:
        return value

    class Probe(Model):
        port: Annotated[int, AfterValidator(local_check)]

    Probe.model_rebuild()
    with pytest.raises(core_schema_gen.GenerationError, match="local_check"):
        core_schema_gen._Writer().value(Probe.__pydantic_core_schema__, 0)


# Registries that fail validation in as many different ways as the format allows.
SERVICE = MINIMAL_TEXT + "services:\n  a:\n"
BAD_REGISTRIES = {
    "unknown key": SERVICE + "    prots: {}\n",
    "unknown top-level key": MINIMAL_TEXT + "share: []\n",
    "unknown allocation key": SERVICE + "    ports: {integration: {redis: {prot: 1}}}\n",
    "missing title": MINIMAL_TEXT.replace("title: Test ports\n", ""),
    "octal port": SERVICE + "    ports: {integration: {redis: 015433}}\n",
    "text port": SERVICE + "    ports: {integration: {redis: '16379'}}\n",
    "float port": SERVICE + "    ports: {integration: {redis: 16379.5}}\n",
    "null port": SERVICE + "    ports: {integration: {redis: {port: null}}}\n",
    "boolean port": SERVICE + "    ports: {integration: {redis: yes}}\n",
    "bad slug": MINIMAL_TEXT + "services:\n  Bad_Name: {}\n",
    "bad protocol": SERVICE + "    ports: {integration: {redis: {port: 1, protocol: sctp}}}\n",
    "range backwards": MINIMAL_TEXT.replace("15433-15442", "15442-15433"),
    "range text": MINIMAL_TEXT.replace("15433-15442", "lots"),
    "block of size 0": SERVICE + "    blocks: {integration: {start: 18000, size: 0}}\n",
    "block not a range": SERVICE + "    blocks: {integration: {redis: [1]}}\n",
    "empty instances": SERVICE + "    ports: {integration: {redis: []}}\n",
    "unnamed instance": SERVICE + "    ports: {integration: {redis: [{port: 1}]}}\n",
    "instance named twice": (
        SERVICE + "    ports: {integration: {redis: [{port: 1, name: x}, {port: 2, name: x}]}}\n"
    ),
    "short reason": MINIMAL_TEXT + "reserved:\n  - {port: 9000, reason: no}\n",
    "share without services": MINIMAL_TEXT
    + "shares:\n  - {port: 1, services: [], reason: shared}\n",
    "bad date": MINIMAL_TEXT.replace("2025-01-01", "2025-02-30"),
    "version as number": MINIMAL_TEXT.replace('"1.0"', "1.0"),
    "list for a mapping": MINIMAL_TEXT.replace("scopes: {}", "scopes: []"),
    "mapping for a list": MINIMAL_TEXT + "reserved: {}\n",
    "exclusive of one": MINIMAL_TEXT + "exclusive:\n  - {services: [a], reason: alone}\n",
    "wrong format version": MINIMAL_TEXT.replace("portreg: 1", "portreg: 2"),
    "bad scope kind": MINIMAL_TEXT.replace("scopes: {}", "scopes: {kind: {kind: cloud}}"),
    "bad export format": MINIMAL_TEXT + "exports:\n  - {path: a.go, format: rust}\n",
}


def _errors(error: Any) -> list[dict[str, Any]]:
    # An exception in ctx compares by identity: compare its text.
    return [
        {**item, "ctx": {key: str(value) for key, value in item.get("ctx", {}).items()}}
        for item in error.errors(include_url=False)
    ]


@pytest.mark.parametrize("text", BAD_REGISTRIES.values(), ids=BAD_REGISTRIES.keys())
def test_both_validators_report_the_same_findings(text: str) -> None:
    document = load_document(Source("ports.yaml", text.encode()))
    fast, fast_findings = validate(document.data, document.sources)
    slow, slow_findings = validate_with_models(document.data, document.sources)
    assert fast is None and slow is None
    assert fast_findings, "every bad registry here is a schema finding"
    assert [(f.code, f.message, f.location) for f in fast_findings] == [
        (f.code, f.message, f.location) for f in slow_findings
    ]


def test_both_validators_raise_the_same_errors() -> None:
    from pydantic import ValidationError as ModelError
    from pydantic_core import ValidationError as CoreError

    from portreg.loading.validation import _registry_validator

    for text in BAD_REGISTRIES.values():
        data = load_document(Source("ports.yaml", text.encode())).data
        with pytest.raises(CoreError) as core:
            _registry_validator().validate_python(data)
        with pytest.raises(ModelError) as model:
            Registry.model_validate(data)
        assert _errors(core.value) == _errors(model.value)


def test_records_answer_as_the_models_do_on_the_bundled_registry() -> None:
    document = load_document(read_source(BUNDLED_FILE))
    fast, _ = validate(document.data, document.sources)
    slow, _ = validate_with_models(document.data, document.sources)
    assert isinstance(fast, records.RegistryMethods) and not isinstance(fast, Registry)
    assert repr(fast.allocations) == repr(slow.allocations)
    assert [use.key for use in fast.allocations] == [use.key for use in slow.allocations]
    for name in ["host", *slow.scopes, "nowhere"]:
        assert fast.scope_kind(name) == slow.scope_kind(name)
        assert str(fast.nodeport_range(name)) == str(slow.nodeport_range(name))
    for ref_fast, ref_slow in zip(fast.entries, slow.entries, strict=True):
        assert fast.mapping(ref_fast) == slow.mapping(ref_slow)
    for service_id, service in slow.services.items():
        assert fast.services[service_id].flat_ports().keys() == service.flat_ports().keys()
    assert repr(fast.scan) == repr(slow.scan) == "ScanSettings(exclude=[])"


def test_records_are_read_only_values() -> None:
    first = records.port_range(16379, 16388)
    same = records.port_range(16379, 16388)
    assert first == same and hash(first) == hash(same) and first != records.port_range(1, 2)
    assert str(first) == "16379-16388" and len(first) == 10 and 16380 in first
    assert repr(first) == "PortRange(start=16379, end=16388)"
    with pytest.raises(AttributeError, match="read-only"):
        first.start = 1
    with pytest.raises(AttributeError, match="read-only"):
        del first.end


def _model_paths(model: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """(path, model) for every model reachable from ``model``, through dicts and lists."""
    import typing

    found = [(path, model)]
    for name, field in model.model_fields.items():
        pending = [(field.annotation, (*path, name))]
        while pending:
            annotation, where = pending.pop()
            origin = typing.get_origin(annotation)
            arguments = typing.get_args(annotation)
            if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
                if annotation.__name__ != "PortRange":  # written as text, never as keys
                    found.extend(_model_paths(annotation, where))
            elif origin is dict:
                pending.append((arguments[1], (*where, "x")))
            elif origin is list:
                pending.append((arguments[0], (*where, 0)))
            else:
                pending.extend((argument, where) for argument in arguments)
    return found


def test_allowed_keys_are_the_model_fields_everywhere() -> None:
    paths = _model_paths(Registry)
    assert len(paths) > 10
    for path, model in paths:
        assert allowed_keys(path) == list(model.model_fields), path


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--registry", str(BUNDLED_FILE)],
        ["render-docs", "--check", "--registry", str(BUNDLED_FILE)],
        ["who", "--registry", str(BUNDLED_FILE), "16379"],
        ["scan", "--registry", str(BUNDLED_FILE), "README.md"],
    ],
)
def test_reading_commands_never_import_pydantic(command: list[str]) -> None:
    """pydantic costs ~80 ms of start-up: only pydantic_core and the generated schema may load."""
    loaded = after_portreg(
        command, "sorted(name for name in sys.modules if name.split('.')[0] == 'pydantic')"
    )
    assert loaded == []


def test_plain_check_does_not_load_git_support() -> None:
    """Change control's module (and subprocess) load only with --base: a hook runs plain check."""
    args = ["check", "--registry", str(BUNDLED_FILE)]
    assert after_portreg(args, "'portreg.gitrev' in sys.modules") is False
