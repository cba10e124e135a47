"""[tool.portreg] in pyproject.toml and .portreg.toml: registry, select, ignore, strict, base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import V19, GitRepo, registry_1_8

from portreg.config import Config, find_config
from portreg.findings import UsageError

# 1.8 with a warning too: a port outside its range (PR301) besides the conflict (PR201).
WARNED = registry_1_8().replace(
    "{redis: 16380, datastorage: 18091", "{redis: 16400, datastorage: 18091"
)


@pytest.fixture
def project(tmp_path: Path) -> GitRepo:
    assert registry_1_8() != WARNED
    repo = GitRepo(tmp_path / "project")
    repo.write("ports/ports.yaml", WARNED)
    repo.commit("registry elsewhere than registry/")
    return repo


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding["code"] for finding in json.loads(result.out)["findings"]]


def test_pyproject_settings_apply_from_a_subdirectory(run_cli, project) -> None:
    project.write(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.portreg]\nregistry = "ports"\nselect = ["PR2"]\n',
    )
    (project.path / "sub" / "deeper").mkdir(parents=True)
    result = run_cli("check", "--format", "json", cwd=project.path / "sub" / "deeper")
    assert result.code == 1, result.err
    assert codes(result) == ["PR201"]  # PR301 not selected
    # An option wins over the file.
    wider = run_cli("check", "--format", "json", "--select", "PR2,PR3", cwd=project.path)
    assert sorted(codes(wider)) == ["PR201", "PR301"]


def test_dotfile_wins_and_strict_ignore_base(run_cli, project) -> None:
    project.write("pyproject.toml", '[tool.portreg]\nregistry = "nowhere"\n')
    project.write(
        ".portreg.toml",
        'registry = "ports/ports.yaml"\nignore = "PR201"\nstrict = true\nbase = "HEAD"\n',
    )
    result = run_cli("check", "--format", "json", cwd=project.path)
    document = json.loads(result.out)
    assert codes(result) == ["PR301"]
    assert result.code == 1  # a warning fails: strict
    assert document["base"] == "HEAD"


def test_the_search_stops_at_the_git_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.portreg]\nstrict = true\n", "utf-8")
    repo = GitRepo(tmp_path / "repo")
    assert find_config(repo.path) == Config()
    (repo.path / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert find_config(repo.path) == Config()  # no [tool.portreg]: not a configuration


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[tool.portreg]\ncolour = true\n", "unknown setting colour"),
        ("[tool.portreg]\nstrict = 1\n", "strict must be true or false"),
        ("[tool.portreg]\nselect = [1]\n", "select must be a list"),
        ("[tool.portreg\n", "cannot read the configuration"),
    ],
)
def test_bad_settings_are_one_line_exit_2(run_cli, project, text, needle) -> None:
    project.write("pyproject.toml", text)
    with pytest.raises(UsageError, match=needle):
        find_config(project.path)
    result = run_cli("check", cwd=project.path)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("portreg: usage: ") and result.err.count("\n") == 1
    assert needle in result.err


def test_a_configured_registry_that_does_not_exist(run_cli, tmp_path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", V19)
    repo.write(".portreg.toml", 'registry = "gone/"\n')
    result = run_cli("check", cwd=repo.path)
    assert result.code == 2
    assert "registry gone (from the configuration) does not exist" in result.err


def test_scan_reads_the_settings_too(run_cli, project) -> None:
    project.write(".portreg.toml", 'registry = "ports"\nselect = ["PR502"]\n')
    project.write("app/config.env", "PORT=18100\n")
    result = run_cli("scan", "--format", "json", cwd=project.path)
    assert result.code == 0, result.err
    assert codes(result) == []  # only PR502 selected: the foreign port is not reported


@pytest.mark.parametrize(
    "text",
    [
        "[tool.portreg]\nstrict = true\n",
        '[tool."portreg"]\nstrict = true\n',
        "[tool]\nportreg = {strict = true}\n",
        "tool.portreg.strict = true\n",
    ],
)
def test_every_way_of_writing_the_table_is_found(tmp_path: Path, text: str) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.path / "pyproject.toml").write_text(text, "utf-8")
    assert find_config(repo.path).strict is True
