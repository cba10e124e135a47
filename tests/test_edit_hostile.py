"""The editing commands where writing fails or is a trap: one clear line, exit status 2,
nothing written (issue 21, defects 9 and 12: each ended as an "internal error", or wrote
the registry before failing on the docs)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV, EDIT_FIXTURES, deny_writes, fill_disk
from inprocess import invoke

SPLIT = EDIT_FIXTURES / "split-registry"
EDITS = [
    ("allocate", "delta", "redis", "--tier", "integration"),
    ("move", "beta", "redis", "--tier", "integration", "--next"),
    ("release", "gamma"),
    ("rename", "beta", "bravo"),
]
IDS = ["allocate", "move", "release", "rename"]


def project(directory: Path) -> Path:
    root = directory / "project"
    shutil.copytree(SPLIT, root)
    (root / ".git").mkdir()
    return root


def files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def one_line(err: str, code: str) -> None:
    assert len(err.strip().splitlines()) == 1, err
    assert f"error {code} " in err, err
    assert "internal error" not in err


def read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, bytes]]:
    """The project, its registry folder made read-only, and its files as they were."""
    root = project(tmp_path)
    before = files(root)
    deny_writes(monkeypatch, root / "registry")
    return root, before


@pytest.mark.parametrize("edit", EDITS, ids=IDS)
def test_an_edit_in_a_read_only_registry_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, ...]
) -> None:
    root, before = read_only(tmp_path, monkeypatch)
    result = invoke(*edit, cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    one_line(result.err, "PR607")
    assert "registry/00-header.yaml" in result.err and "Permission denied" in result.err
    assert files(root) == before


@pytest.mark.parametrize("edit", EDITS, ids=IDS)
def test_a_dry_run_in_a_read_only_folder_works_and_leaves_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, ...]
) -> None:
    root, before = read_only(tmp_path, monkeypatch)
    result = invoke(*edit, "--dry-run", cwd=root, env=EDIT_ENV)
    assert (result.code, result.err) == (0, ""), result.out
    assert "dry run, nothing written" in result.out
    assert files(root) == before


def test_a_dry_run_leaves_no_lock_file_where_it_could_write(tmp_path: Path) -> None:
    # The registry file is a link into a folder that can be written: a lock used to be
    # created there even by --dry-run.
    root = project(tmp_path)
    real = root / "store"
    real.mkdir()
    (root / "registry" / "team-c.yaml").rename(real / "team-c.yaml")
    (root / "registry" / "team-c.yaml").symlink_to(real / "team-c.yaml")
    result = invoke(*EDITS[0], "--dry-run", cwd=root, env=EDIT_ENV)
    assert result.code == 0, result.err
    assert sorted(path.name for path in real.iterdir()) == ["team-c.yaml"]
    assert not list(root.rglob("*.lock"))


def test_a_full_disk_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    before = files(root)
    fill_disk(monkeypatch, after=2)  # the journal is written, the first file is not
    result = invoke(*EDITS[3], cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    one_line(result.err, "PR607")
    assert os.strerror(errno.ENOSPC) in result.err
    left = files(root)
    assert {name: data for name, data in left.items() if not name.endswith(".lock")} == before


def test_docs_that_cannot_be_written_leave_the_registry_unwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the registry was written, then the docs failed, and the run said exit 2
    # ("nothing written").
    root = project(tmp_path)
    (root / "docs").mkdir()
    before = files(root)
    deny_writes(monkeypatch, root / "docs")
    result = invoke(*EDITS[0], cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    one_line(result.err, "PR607")
    assert {k: v for k, v in files(root).items() if not k.endswith(".lock")} == before


def test_a_symlink_where_the_lock_file_goes_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (root / "registry" / ".00-header.yaml.lock").symlink_to(victim)
    before = files(root)
    result = invoke(*EDITS[0], cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    one_line(result.err, "PR607")
    assert "symbolic link" in result.err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert files(root) == before


def test_a_registry_file_in_a_folder_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    hidden = root / "registry" / "team-a.yaml"
    real_stat = os.stat

    def stat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) == str(hidden):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    for command in (EDITS[2], ("check",)):
        result = invoke(*command, "-r", str(hidden), cwd=root, env=EDIT_ENV)
        assert result.code == 2, result
        assert "Permission denied" in result.err and "internal error" not in result.err
        assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("option", ["--title", "--paths"])
def test_a_title_that_is_not_utf8_is_bad_usage(tmp_path: Path, option: str) -> None:
    # A byte the shell passes through undecoded (b"\xff") reaches Python as "\udcff".
    root = project(tmp_path)
    before = files(root)
    result = invoke(
        "allocate", "delta", "redis", "--tier", "integration", option, "Caf\udcff",
        cwd=root,
        env=EDIT_ENV,
    )  # fmt: skip
    assert result.code == 2, result
    assert f"portreg: usage: {option} is not UTF-8 text (\\xff at character 4)" in result.err
    assert files(root) == before


def test_an_unfinishable_journal_in_a_read_only_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    (root / "registry" / ".portreg.journal").write_text('{"state": "prepared", "files": []}\n')
    deny_writes(monkeypatch, root / "registry")
    result = invoke("check", cwd=root)
    assert result.code == 2, result
    one_line(result.err, "PR607")
    assert "interrupted edit" in result.err


def test_init_never_writes_through_a_dangling_symlink(tmp_path: Path) -> None:
    # Regression (issue 21, defect 8): a registry/ports.yaml left as a link to a file that
    # does not exist passed "exists?" and init created the file wherever it pointed.
    root, outside = tmp_path / "project", tmp_path / "outside"
    (root / "registry").mkdir(parents=True)
    outside.mkdir()
    (root / "registry" / "ports.yaml").symlink_to(outside / "planted.yaml")
    result = invoke("init", cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    assert "registry/ports.yaml is a symbolic link" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert list(outside.iterdir()) == []


def test_init_refuses_a_registry_folder_linked_out_of_the_project(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / ".git").mkdir()
    (root / "registry").symlink_to(outside, target_is_directory=True)
    result = invoke("init", cwd=root, env=EDIT_ENV)
    assert result.code == 2, result
    assert "error PR604 path-outside-project: registry file registry/ports.yaml" in result.err
    assert list(outside.iterdir()) == []
    # A path typed on the command line may point anywhere.
    chosen = invoke("init", "--output", str(outside / "ports.yaml"), cwd=root, env=EDIT_ENV)
    assert chosen.code == 0, chosen.err
    assert (outside / "ports.yaml").is_file()
