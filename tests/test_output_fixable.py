"""JSON and SARIF say of each finding whether ``portreg check --fix`` repairs it, and it is
true: after ``--fix`` exactly the findings marked fixable are gone."""

from __future__ import annotations

import json
from pathlib import Path

from edit_helpers import EDIT_ENV, EDIT_FIXTURES, copy_fixture
from inprocess import invoke
from test_sarif import validate_sarif


def findings(path: Path, output_format: str = "json") -> list[dict[str, object]]:
    result = invoke("check", "--registry", str(path), "--format", output_format, env=EDIT_ENV)
    assert result.code in (0, 1, 2), result
    document = json.loads(result.out)
    if output_format == "sarif":
        validate_sarif(document)
        return list(document["runs"][0]["results"])
    return list(document["findings"])


def stale(tmp_path: Path) -> Path:
    """Fixable findings (a stale share, an unused exception and reuse), one that needs a
    person."""
    path = copy_fixture(tmp_path, source=EDIT_FIXTURES / "shared.yaml")
    text = path.read_text(encoding="utf-8")
    for old, new in (
        # beta leaves 15433 by hand: the share goes stale, beta's exception is unused.
        ("{postgresql: 15433, redis: 16380}", "{postgresql: 15436, redis: 16380}"),
        # gamma's Redis outside the range: no fix can know where it belongs.
        ("{redis: 16381, api: 18000}", "{redis: 16395, api: 18000}"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_finding_says_whether_check_fix_repairs_it(tmp_path: Path) -> None:
    path = stale(tmp_path)
    before = findings(path)
    assert sorted((f["code"], f["fixable"]) for f in before) == [
        ("PR202", True),
        ("PR301", False),
        ("PR306", True),
        ("PR307", True),
    ]
    # SARIF: the same, result by result, in the property bag; and the rule says it may be.
    results = findings(path, "sarif")
    assert [(r["ruleId"], r["properties"]) for r in results] == [
        (f["code"], {"fixable": f["fixable"]}) for f in before
    ]
    result = invoke("check", "--registry", str(path), "--fix", env=EDIT_ENV)
    assert result.code == 0, result
    after = findings(path)
    assert [(f["code"], f["message"]) for f in after] == [
        (f["code"], f["message"]) for f in before if not f["fixable"]
    ]
    assert all(f["fixable"] is False for f in after)


def test_a_version_yaml_reads_as_a_number_is_fixable_a_port_is_not(tmp_path: Path) -> None:
    """PR104 is a fixable rule, but --fix quotes versions only: an octal-looking port needs
    a person, and says so (the text note counted it as fixable)."""
    path = copy_fixture(tmp_path)
    # The registry's version and its changelog entry's: both "2.3".
    text = path.read_text(encoding="utf-8").replace('version: "2.3"', "version: 2.30")
    text = text.replace("{redis: 16381}", "{redis: 016381}")
    path.write_text(text, encoding="utf-8")
    found = findings(path)
    assert [(f["code"], f["message"].split(":")[0], f["fixable"]) for f in found] == [
        ("PR104", "version", True),
        ("PR104", "services.gamma.ports.integration.redis", False),
        ("PR104", "changelog[0].version", True),
    ]
    sarif = findings(path, "sarif")
    assert [r["properties"]["fixable"] for r in sarif] == [True, False, True]
    text_output = invoke("check", "--registry", str(path), env=EDIT_ENV).out
    assert "2 findings are fixable with portreg check --fix (PR104)" in text_output


def test_scan_findings_are_never_fixable(tmp_path: Path) -> None:
    from portreg.findings import Finding, Location, Severity
    from portreg.reporters import Report
    from portreg.reporters.json_format import render as render_json
    from portreg.reporters.sarif_format import render as render_sarif

    finding = Finding("PR501", "foreign-port", Severity.ERROR, "m", Location("a.go", 3, 9))
    report = Report("scan", [finding], "1 file")
    assert json.loads(render_json(report))["findings"][0]["fixable"] is False
    document = json.loads(render_sarif(report))
    validate_sarif(document)
    assert document["runs"][0]["results"][0]["properties"] == {"fixable": False}
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["PR202"]["properties"]["fixable"] is True
    assert rules["PR501"]["properties"]["fixable"] is False


def test_a_version_yaml_reads_as_infinity_is_not_fixable(tmp_path: Path) -> None:
    # --fix quotes a version YAML read as a decimal (2.30 as 2.3); ".inf" needs a person.
    path = copy_fixture(tmp_path)
    text = path.read_text(encoding="utf-8").replace('version: "2.3"', "version: .inf", 1)
    path.write_text(text.replace('version: "2.3"', "version: 2.30", 1), encoding="utf-8")
    found = [(f["code"], f["message"].split(":")[0], f["fixable"]) for f in findings(path)]
    assert found == [
        ("PR104", "version", False),
        ("PR104", "changelog[0].version", True),
    ]
    # The registry still cannot be loaded after the fix: the editor writes nothing.
    before = path.read_bytes()
    fixed = invoke("check", "--registry", str(path), "--fix", env=EDIT_ENV)
    assert fixed.code == 2 and "version: .inf" in fixed.err
    assert path.read_bytes() == before
