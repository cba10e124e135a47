"""One confinement rule for every path portreg writes or reads because the registry or git
named it (issue 21, defects 1 and 2): inside the project, no symbolic link out (PR604).

Regressions: ``exports:`` paths with ``..``, absolute paths and symlinked folders passed
``check``, and every edit, ``export --listed`` and the ``portreg-exports`` hook wrote there;
``move --code --apply`` rewrote a git-listed file whose folder had become a link out of the
repository, and left a lock file beside it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV, EDIT_FIXTURES
from gitrepo import GitRepo
from inprocess import invoke

from portreg.confinement import escape, written_escape

SPLIT = EDIT_FIXTURES / "split-registry"
HEADER = "registry/00-header.yaml"
EXPORT_LINE = "  - path: gen/ports.env\n"


def project(directory: Path, export_path: str | None = None) -> tuple[Path, Path]:
    """The split registry, its exports entry pointing at ``export_path``, and a folder
    outside the project."""
    root, outside = directory / "project", directory / "outside"
    shutil.copytree(SPLIT, root)
    (root / ".git").mkdir()
    outside.mkdir()
    if export_path is not None:
        header = root / HEADER
        header.write_text(
            header.read_text(encoding="utf-8").replace(EXPORT_LINE, f"  - path: {export_path}\n"),
            encoding="utf-8",
        )
    return root, outside


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("../outside/ports.env", "climbs out of the project with .."),
        ("gen/../../outside/ports.env", "climbs out of the project with .."),
        ("/tmp/ports.env", "is absolute"),
        ("C:\\ports.env", "is absolute"),
        ("gen/ports.env", None),
        ("./gen/ports.env", None),
    ],
)
def test_written_escape(written: str, reason: str | None) -> None:
    assert written_escape(written) == reason


def test_a_symlinked_folder_leads_out(tmp_path: Path) -> None:
    root, outside = project(tmp_path)
    (root / "gen").symlink_to(outside, target_is_directory=True)
    (root / "inner").symlink_to(root / "docs", target_is_directory=True)
    reason = escape(root, "gen/ports.env")
    assert reason is not None and "outside the project, through a symbolic link" in reason
    assert escape(root, "inner/ports.md") is None  # a link that stays inside is fine


@pytest.mark.parametrize(
    ("export_path", "link"),
    [("../outside/ports.env", False), ("ABSOLUTE", False), ("gen/ports.env", True)],
    ids=["dotdot", "absolute", "symlinked-folder"],
)
def test_exports_outside_the_project_are_refused_everywhere(
    tmp_path: Path, export_path: str, link: bool
) -> None:
    root, outside = project(tmp_path)
    if export_path == "ABSOLUTE":
        export_path = str(outside / "ports.env")
    root, outside = project(tmp_path / "p", export_path)
    if link:
        (root / "gen").symlink_to(outside, target_is_directory=True)
    before = snapshot(root, outside)
    checked = invoke("check", cwd=root)
    assert checked.code == 1
    assert f"{HEADER}:19:11: error PR604 path-outside-project: exports path " in checked.out
    for command in (
        ("export", "--listed"),
        ("export", "--listed", "--exit-nonzero-on-change"),
        ("allocate", "delta", "redis", "--tier", "integration"),
        ("release", "gamma"),
    ):
        result = invoke(*command, cwd=root, env={**EDIT_ENV, "PRE_COMMIT": "1"})
        assert result.code == 2, (command, result)
        assert "error PR604 path-outside-project" in result.err
        assert "internal error" not in result.err
    assert snapshot(root, outside) == before
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  - path: gen/ports.env\n    format: go\n", "gen/ports.env is exported twice"),
        ("  - path: docs/ports.md\n    format: go\n", "docs/ports.md is also a docs target"),
    ],
)
def test_export_targets_have_one_writer(tmp_path: Path, extra: str, message: str) -> None:
    root, _ = project(tmp_path)
    header = root / HEADER
    text = header.read_text(encoding="utf-8").replace("changelog:", extra + "changelog:", 1)
    header.write_text(text, encoding="utf-8")
    checked = invoke("check", cwd=root)
    assert checked.code == 1
    assert f"error PR605 export-target: {message}" in checked.out


def test_a_docs_path_through_a_symlinked_folder_is_refused_by_edits(tmp_path: Path) -> None:
    root, outside = project(tmp_path)
    (root / "docs").symlink_to(outside, target_is_directory=True)
    before = snapshot(root, outside)
    result = invoke("allocate", "delta", "redis", "--tier", "integration", cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    assert "error PR604 path-outside-project: docs path docs/ports.md leads to" in result.err
    assert snapshot(root, outside) == before


def test_a_registry_file_linked_out_of_the_project_is_not_edited(tmp_path: Path) -> None:
    root, outside = project(tmp_path)
    moved = outside / "team-c.yaml"
    (root / "registry" / "team-c.yaml").rename(moved)
    (root / "registry" / "team-c.yaml").symlink_to(moved)
    before = snapshot(root, outside)
    result = invoke("release", "gamma", cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    assert "error PR604 path-outside-project: registry file registry/team-c.yaml" in result.err
    assert snapshot(root, outside) == before
    assert sorted(path.name for path in outside.iterdir()) == ["team-c.yaml"]


MOVE = ("move", "workflowexecution", "redis", "--tier", "integration", "--to", "16389", "--code")


def test_move_code_never_writes_through_a_folder_linked_out_of_the_repository(
    tmp_path: Path,
) -> None:
    # git lists test/integration/workflowexecution/setup.sh; the folder is now a link to a
    # copy outside the repository (git calls the file deleted). Such a file is never read
    # (scan skips it, as a symlink) nor written; the service's other files are moved.
    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(EDIT_FIXTURES / "move-tree", repo.path, dirs_exist_ok=True)
    repo.commit("tree")
    folder = repo.path / "test" / "integration" / "workflowexecution"
    outside = tmp_path / "outside"
    shutil.move(str(folder), str(outside))
    folder.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = invoke(*MOVE, "--apply", cwd=repo.path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "in 1 file of workflowexecution (written)" in result.out
    assert "outside" not in result.out
    assert snapshot(outside) == before
    assert not list(outside.glob(".*"))  # no lock file, no temporary file out there
    go = repo.path / "test" / "infrastructure" / "workflowexecution_integration.go"
    assert "16389" in go.read_text(encoding="utf-8")
