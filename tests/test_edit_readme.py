"""The README's allocate example, run as written on a copy of the project's registry and docs."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from conftest import ROOT
from edit_helpers import EDIT_ENV
from gitrepo import GitRepo
from inprocess import invoke

EXAMPLE = re.compile(r"```console\n\$ (portreg allocate [^\n]*)\n(.*?)```", re.DOTALL)


def test_readme_allocate_example_is_what_portreg_prints(tmp_path: Path) -> None:
    ((command, expected),) = EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    repo = GitRepo(tmp_path / "repo")
    shutil.copytree(ROOT / "registry", repo.path / "registry")
    (repo.path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "port-allocation.md", repo.path / "docs")
    repo.commit("the project's registry")
    result = invoke(*shlex.split(command)[1:], cwd=repo.path, env=EDIT_ENV)
    assert (result.code, result.err) == (0, "")
    assert result.out == expected
    assert invoke("check", "--base", "HEAD", cwd=repo.path, env=EDIT_ENV).code == 0
