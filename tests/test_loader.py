"""The loader refuses what would hide a conflict or hurt the machine, with file:line:col."""

from __future__ import annotations

import pytest
from helpers import codes, findings_for, load_text
from tests_data import MINIMAL_TEXT

from portreg.findings import InputError
from portreg.loading.loader import MAX_FILE_BYTES, Source, load_document, read_source


def service(port: str) -> str:
    return (
        MINIMAL_TEXT + f"services:\n  a:\n    ports:\n      integration:\n        redis: {port}\n"
    )


@pytest.mark.parametrize(
    ("written", "reads"),
    [
        ("015433", "octal"),
        ("016383", "leading zero means octal"),
        ("0o37777", "not a plain decimal"),
        ("0x4000", "hexadecimal"),
        ("16:38", "base-60"),
        ("16_388", "underscores"),
        ("0b101", "binary"),
    ],
)
def test_yaml11_integer_traps_are_refused_with_what_yaml_did(written: str, reads: str) -> None:
    findings = findings_for(service(written))
    assert codes(findings) == ["PR104"]
    finding = findings[0]
    assert reads in finding.message and "plain decimal number" in finding.message
    assert (finding.location.line, finding.location.column) == (18, 16)


@pytest.mark.parametrize("written", ["yes", "on", "off", "No"])
def test_yaml11_booleans_in_a_port_are_refused(written: str) -> None:
    findings = findings_for(service(written))
    assert codes(findings) == ["PR104"]
    assert "boolean in YAML 1.1" in findings[0].message


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("true", "valid integer"),
        ("16388.0", "number to YAML"),
        ('"16388"', "valid integer, got str '16388'"),
        ("null", "valid integer, got null"),
        ("~", "valid integer, got null"),
        # A list is several instances of the component, each with a name.
        ("[16388]", "each instance in a list needs a name"),
    ],
)
def test_non_integer_ports_are_schema_errors(written: str, expected: str) -> None:
    findings = findings_for(service(written))
    assert len(findings) == 1
    assert findings[0].code in ("PR101", "PR104")
    assert expected in findings[0].message
    assert findings[0].location.line == 18


def test_plain_decimal_ports_load() -> None:
    assert findings_for(service("16388")) == []


def test_unquoted_version_is_refused_with_the_number_yaml_reads() -> None:
    text = MINIMAL_TEXT.replace('version: "1.0"', "version: 1.10")
    findings = findings_for(text)
    assert codes(findings) == ["PR104"]
    assert "PyYAML reads 1.1" in findings[0].message and '"1.10"' in findings[0].message


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    text = MINIMAL_TEXT + (
        "services:\n  a:\n    ports:\n      integration:\n        redis: 16380\n"
        "        redis: 16381\n"
    )
    findings = findings_for(text)
    assert codes(findings) == ["PR103"]
    assert findings[0].location.line == 19
    assert "first at line 18" in findings[0].message
    assert findings[0].related[0].line == 18


def test_duplicate_service_is_an_error() -> None:
    text = MINIMAL_TEXT + "services:\n  a: {}\n  b: {}\n  a: {}\n"
    assert codes(findings_for(text)) == ["PR103"]


def refused(text: str | bytes) -> InputError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        load_document(Source("ports.yaml", data))
    return caught.value


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['true']",
        "!!python/name:os.system",
        "!custom 3",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
    ],
)
def test_tags_that_construct_objects_are_refused(tagged: str) -> None:
    error = refused(f"portreg: 1\ntitle: {tagged}\n")
    assert error.code == "PR004"
    assert "not allowed" in error.message
    assert error.location is not None and error.location.line == 2


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    error = refused("\n".join(lines) + "\n")
    assert error.code == "PR004"
    assert "aliases expand" in error.message


def test_moderate_aliases_are_allowed() -> None:
    text = MINIMAL_TEXT + ("services:\n  a:\n    paths: &shared [x/**]\n  b:\n    paths: *shared\n")
    assert findings_for(text) == []


def test_recursive_alias_is_refused() -> None:
    error = refused("portreg: 1\nloop: &x [*x]\n")
    assert error.code == "PR004" and "refers to the node that contains it" in error.message


def test_deep_nesting_is_refused() -> None:
    error = refused("portreg: 1\ndeep: " + "[" * 200 + "]" * 200 + "\n")
    assert error.code in ("PR001", "PR004")


def test_merge_keys_are_refused() -> None:
    error = refused("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert error.code == "PR004" and "merge keys" in error.message
    assert error.location is not None and error.location.line == 3


def test_non_utf8_is_refused_at_the_bad_byte() -> None:
    error = refused(b"portreg: 1\ntitle: caf\xe9\n")
    assert error.code == "PR003"
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, 11)


def test_utf8_bom_is_accepted() -> None:
    document = load_document(Source("ports.yaml", b"\xef\xbb\xbfportreg: 1\n"))
    assert document.data == {"portreg": 1}


def test_oversized_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"# " + b"x" * 1000 + b"\n")
        handle.seek(MAX_FILE_BYTES + 10)
        handle.write(b"\n")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.code == "PR002" and "larger than" in caught.value.message


def test_yaml_syntax_error_points_at_the_problem() -> None:
    error = refused("portreg: 1\nservices:\n  a: [1, 2\n  b: 3\n")
    assert error.code == "PR001"
    assert error.location is not None and error.location.line >= 3


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("portreg: 1\n---\nportreg: 1\n", "not valid YAML"),
    ],
)
def test_documents_that_are_not_a_registry_are_refused(text: str, needle: str) -> None:
    assert needle in refused(text).message


def test_unknown_key_suggests_the_closest() -> None:
    findings = findings_for(MINIMAL_TEXT + "services:\n  a:\n    prots: {}\n")
    assert codes(findings) == ["PR102"]
    assert "did you mean 'ports'?" in findings[0].message
    assert (findings[0].location.line, findings[0].location.column) == (16, 5)


def test_a_note_cut_by_a_comma_in_a_flow_mapping_says_to_quote_it() -> None:
    # {note: Service type NodePort, no fixed port}: YAML reads a key 'no fixed port'.
    text = "services:\n  a:\n    ports:\n      integration:\n"
    text += "        redis: {port: 16380, note: shared, no fixed port}\n"
    findings = findings_for(MINIMAL_TEXT + text)
    assert codes(findings) == ["PR102"]
    assert findings[0].message == (
        "unknown key 'no fixed port' in services.a.ports.integration.redis; a comma ends a "
        'value inside {...}: quote the value before it (note: "a, b")'
    )
    assert (findings[0].location.line, findings[0].location.column) == (18, 44)


def test_unknown_top_level_key_suggests_the_closest() -> None:
    findings = findings_for(MINIMAL_TEXT + "share: []\n")
    assert "did you mean 'shares'?" in findings[0].message


def test_missing_required_key_is_reported() -> None:
    findings = findings_for(MINIMAL_TEXT.replace("title: Test ports\n", ""))
    assert codes(findings) == ["PR101"]
    assert "title: required key is missing" in findings[0].message


def test_schema_findings_stop_further_checks() -> None:
    text = MINIMAL_TEXT + (
        "services:\n  a: {ports: {integration: {redis: 16380}}}\n"
        "  b: {ports: {integration: {redis: 16380}}, color: red}\n"
    )
    loaded = load_text(text)
    assert loaded.registry is None
    assert codes(findings_for(text)) == ["PR102"]
