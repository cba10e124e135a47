"""``check --base`` must never pass silently (issue 12, defect 6): a registry that was a
directory at REV and is a file now (or the reverse), a registry committed as a symbolic
link, and ``--base ''`` (an unset CI variable) each give a finding or exit status 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
