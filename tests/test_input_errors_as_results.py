"""A registry that cannot be read is a result in json, github and sarif (exit status 2), so
CI never uploads an empty SARIF for a broken registry; in text it stays one stderr line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import V19
from test_sarif import validate_sarif

BROKEN = V19.replace("tiers:\n", "tiers\n", 1)  # a key without its colon: PR001


def broken_project(tmp_path: Path) -> Path:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", ["check", "scan"])
def test_sarif_of_a_broken_registry_holds_the_error(run_cli, tmp_path, command):
    result = run_cli(command, "--format", "sarif", cwd=broken_project(tmp_path))
    assert (result.code, result.err) == (2, "")
    document = json.loads(result.out)
    validate_sarif(document)
    [run] = document["runs"]
    [found] = run["results"]
    assert found["ruleId"] == "PR001" and found["level"] == "error"
    region = found["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "registry/ports.yaml"
    line = BROKEN.splitlines().index("tiers") + 1
    assert region["region"] == {"startLine": line, "startColumn": 1}
    assert "'tiers' has no ':'" in found["message"]["text"]
    assert run["properties"]["registry"]["valid"] is False


def test_json_and_github_of_a_broken_registry(run_cli, tmp_path):
    project = broken_project(tmp_path)
    as_json = run_cli("check", "--format", "json", cwd=project)
    assert as_json.code == 2
    [finding] = json.loads(as_json.out)["findings"]
    assert (finding["code"], finding["file"]) == ("PR001", "registry/ports.yaml")
    github = run_cli("check", "--format", "github", cwd=project)
    assert github.code == 2
    assert github.out.startswith("::error file=registry/ports.yaml,line=")
    assert "title=PR001 yaml-syntax::not valid YAML: 'tiers' has no ':'" in github.out


def test_text_keeps_one_line_on_stderr(run_cli, tmp_path):
    result = run_cli("check", cwd=broken_project(tmp_path))
    assert (result.code, result.out) == (2, "")
    first, *rest = result.err.splitlines()
    assert first.startswith("registry/ports.yaml:") and " error PR001 " in first
    assert rest[-1].startswith("1 error, 0 warnings in registry/ports.yaml")


def test_no_registry_found_is_a_result_too(run_cli, tmp_path):
    result = run_cli("check", "--format", "sarif", cwd=tmp_path)
    assert result.code == 2
    document = json.loads(result.out)
    validate_sarif(document)
    [found] = document["runs"][0]["results"]
    assert found["ruleId"] == "PR002" and "no registry found" in found["message"]["text"]


def test_an_unknown_base_is_a_result(run_cli, tmp_path):
    from gitrepo import GitRepo

    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", V19)
    repo.commit()
    result = run_cli("check", "--base", "nope", "--format", "json", cwd=repo.path)
    assert result.code == 2
    [finding] = json.loads(result.out)["findings"]
    assert finding["code"] == "PR400"
