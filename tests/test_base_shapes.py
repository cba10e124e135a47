"""``check --base`` must never pass silently (issue 12, defect 6): a registry that was a
directory at REV and is a file now (or the reverse), a registry committed as a symbolic
link, and ``--base ''`` (an unset CI variable) each give a finding or exit status 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Result
from gitrepo import GitRepo, registry_1_8
from inprocess import invoke

MOVED = ("redis: 16387, datastorage: 18097", "redis: 16383, datastorage: 18097")


def moved() -> str:
    text = registry_1_8()
    assert MOVED[0] in text
    return text.replace(*MOVED)


def split(text: str) -> dict[str, str]:
    """The registry as two files of a directory."""
    head, services = text.split("services:\n", 1)
    services, rest = services.split("\nshares:\n", 1)
    return {"a.yaml": head + "\nshares:\n" + rest, "b.yaml": "portreg: 1\nservices:\n" + services}


def codes(repo: GitRepo, registry: str, base: str = "HEAD") -> tuple[int, list[str]]:
    result = invoke("check", "-r", registry, "--base", base, "--format", "json", cwd=repo.path)
    assert result.code in (0, 1, 2), result
    if result.code == 2:
        # Input errors are results on stdout in the machine formats (issue 13).
        findings = json.loads(result.out)["findings"] if result.out else []
        return 2, [finding["message"] for finding in findings] or [result.err]
    return result.code, [finding["code"] for finding in json.loads(result.out)["findings"]]


def assert_not_silent(code: int, found: list[str]) -> None:
    assert code == 2 or (code == 1 and "PR401" in found), (code, found)


def test_directory_at_base_file_now(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    for name, text in split(registry_1_8()).items():
        repo.write(f"registry/{name}", text)
    repo.commit("registry as a directory")
    repo.git("rm", "-rq", "registry")
    repo.write("registry", moved())
    assert_not_silent(*codes(repo, "registry"))


def test_file_at_base_directory_now(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry", registry_1_8())
    repo.commit("registry as a file")
    os.unlink(repo.path / "registry")
    for name, text in split(moved()).items():
        repo.write(f"registry/{name}", text)
    assert_not_silent(*codes(repo, "registry"))


def test_registry_committed_as_a_symlink(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("real/ports.yaml", registry_1_8())
    (repo.path / "registry").mkdir()
    (repo.path / "registry" / "ports.yaml").symlink_to("../real/ports.yaml")
    repo.commit("registry through a link")
    # Now the link is replaced by the file itself, with a port moved and no new version.
    (repo.path / "registry" / "ports.yaml").unlink()
    repo.write("registry/ports.yaml", moved())
    assert_not_silent(*codes(repo, "registry/ports.yaml"))


def test_a_symlink_leaving_the_repository_is_exit_2(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    (repo.path / "registry").mkdir()
    (repo.path / "registry" / "ports.yaml").symlink_to("../../elsewhere.yaml")
    repo.commit("link out")
    (repo.path / "registry" / "ports.yaml").unlink()
    repo.write("registry/ports.yaml", moved())
    code, found = codes(repo, "registry/ports.yaml")
    assert code == 2
    assert "outside the repository" in found[0]


def test_an_empty_base_is_exit_2(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", registry_1_8())
    repo.commit("1.8")
    repo.write("registry/ports.yaml", moved())
    for base in ("", " "):
        code, found = codes(repo, "registry/ports.yaml", base)
        assert code == 2
        assert "--base" in found[0] and "empty" in found[0]


def test_a_symlinked_directory_on_the_way_is_followed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("config/ports.yaml", registry_1_8())
    (repo.path / "registry").symlink_to("config", target_is_directory=True)
    repo.commit("registry directory through a link")
    (repo.path / "registry").unlink()
    repo.write("registry/ports.yaml", moved())
    assert_not_silent(*codes(repo, "registry/ports.yaml"))


# Every way of naming a base revision refuses an empty one, with one line and exit status 2:
# diff took it for HEAD, and check took an empty PORTREG_BASE for "no base" (a silent pass).


def moved_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", registry_1_8())
    repo.commit("1.8")
    repo.write("registry/ports.yaml", moved())
    return repo


def assert_refused(result: Result, source: str) -> None:
    assert result.code == 2, result
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert f"{source} is empty (an unset CI variable?)" in line, line
    assert "PR400 base-unreadable" in line


@pytest.mark.parametrize("base", ["", " "])
def test_diff_refuses_an_empty_base(tmp_path: Path, base: str) -> None:
    repo = moved_repo(tmp_path)
    for output_format in ("text", "json", "markdown"):
        result = invoke("diff", "--base", base, "--format", output_format, cwd=repo.path)
        assert_refused(result, "--base")
    assert_refused(invoke("diff", f"--base={base}", "--changelog", cwd=repo.path), "--base")
    # Not taken for HEAD: that one still shows the move.
    assert "16387 → 16383" in invoke("diff", "--base", "HEAD", cwd=repo.path).out


def test_diff_refuses_an_empty_environment_variable(tmp_path: Path) -> None:
    repo = moved_repo(tmp_path)
    assert_refused(invoke("diff", cwd=repo.path, env={"PORTREG_BASE": ""}), "PORTREG_BASE")
    # An option given wins over the variable, as with check.
    given = invoke("diff", "--base", "HEAD", cwd=repo.path, env={"PORTREG_BASE": ""})
    assert given.code == 0, given


def test_diff_of_two_files_refuses_an_empty_base_too(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(registry_1_8(), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(moved(), encoding="utf-8")
    result = invoke("diff", "old.yaml", "new.yaml", "--base", "", cwd=tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [
        "portreg: usage: OLD NEW compare two registries; --base does not apply"
    ]


def test_check_refuses_an_empty_environment_variable(tmp_path: Path) -> None:
    repo = moved_repo(tmp_path)
    assert_refused(invoke("check", cwd=repo.path, env={"PORTREG_BASE": ""}), "PORTREG_BASE")
    # In JSON the refusal is a result (exit 2), as every unreadable input is.
    result = invoke("check", "--format", "json", cwd=repo.path, env={"PORTREG_BASE": ""})
    assert result.code == 2
    (finding,) = json.loads(result.out)["findings"]
    assert finding["code"] == "PR400"
    assert finding["message"].startswith("PORTREG_BASE is empty")
    # Unset, it is plain check: no change control, no refusal.
    assert invoke("check", cwd=repo.path).code == 0


def test_check_fix_refuses_an_empty_base_and_writes_nothing(tmp_path: Path) -> None:
    repo = moved_repo(tmp_path)
    before = (repo.path / "registry/ports.yaml").read_bytes()
    result = invoke("check", "--fix", cwd=repo.path, env={"PORTREG_BASE": ""})
    assert_refused(result, "PORTREG_BASE")
    assert (repo.path / "registry/ports.yaml").read_bytes() == before
    assert_refused(invoke("check", "--fix", "--base", "", cwd=repo.path), "--base")
    assert (repo.path / "registry/ports.yaml").read_bytes() == before


def test_an_empty_base_in_the_settings_file_is_refused_too(tmp_path: Path) -> None:
    repo = moved_repo(tmp_path)
    (repo.path / ".portreg.toml").write_text('base = ""\n', encoding="utf-8")
    assert_refused(invoke("check", cwd=repo.path), "base (settings file)")
    assert_refused(invoke("check", "--fix", cwd=repo.path), "base (settings file)")
