"""Edits in a real git repository: the bump passes change control, the author is git's user,
and the docs and exports the registry lists are regenerated with the edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import COMMENTED, EDIT_ENV
from gitrepo import GitRepo
from inprocess import invoke

REGISTRY = "registry/ports.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repository = GitRepo(tmp_path / "repo")
    repository.write(REGISTRY, COMMENTED.read_text(encoding="utf-8"))
    repository.git("config", "user.name", "Ada Lovelace")
    repository.commit("registry 2.3")
    return repository


@pytest.mark.parametrize(
    "args",
    [
        ("allocate", "gamma", "postgresql", "--tier", "integration"),
        ("allocate", "zeta", "redis", "--tier", "e2e", "--major"),
        ("move", "beta", "redis", "--tier", "integration", "--next"),
        ("release", "gamma"),
        ("rename", "beta", "bravo"),
    ],
    ids=["allocate", "allocate-major", "move", "release", "rename"],
)
def test_each_edit_passes_change_control(repo: GitRepo, args: tuple[str, ...]) -> None:
    env = {"PORTREG_TODAY": "2026-02-01"}
    result = invoke(*args, cwd=repo.path, env=env)
    assert (result.code, result.err) == (0, ""), result.out
    checked = invoke("check", "--base", "HEAD", cwd=repo.path, env=env)
    assert checked.code == 0, checked.out
    text = (repo.path / REGISTRY).read_text()
    assert "    author: Ada Lovelace\n" in text
    assert "    date: 2026-02-01\n" in text
    assert "updated: 2026-02-01\n" in text


def test_without_a_bump_change_control_fails(repo: GitRepo) -> None:
    result = invoke(
        "allocate", "gamma", "postgresql", "--tier", "integration", "--no-bump", cwd=repo.path
    )
    assert result.code == 0
    checked = invoke("check", "--base", "HEAD", cwd=repo.path)
    assert checked.code == 1
    assert "PR401 version-not-raised" in checked.out


def test_docs_and_exports_are_regenerated(repo: GitRepo) -> None:
    path = repo.path / REGISTRY
    text = path.read_text().replace(
        "reserved:",
        "docs:\n  - path: docs/ports.md\nexports:\n  - path: gen/ports.go\n    format: go\n"
        "    package: ports\n  - path: gen/ports.env\n    format: env\n    service: gamma\n\n"
        "reserved:",
    )
    path.write_text(text)
    repo.commit("docs and exports")
    result = invoke(
        "allocate", "gamma", "postgresql", "--tier", "integration", cwd=repo.path, env=EDIT_ENV
    )
    assert result.code == 0, result.out + result.err
    go = (repo.path / "gen/ports.go").read_text()
    assert "GammaIntegrationPostgreSQLPort" in go or "GammaIntegrationPostgresqlPort" in go
    assert "15435" in go
    env_file = (repo.path / "gen/ports.env").read_text()
    assert "GAMMA_INTEGRATION_POSTGRESQL_PORT=15435" in env_file
    assert "ALPHA" not in env_file
    assert "15435" in (repo.path / "docs/ports.md").read_text()
    # --no-docs leaves them as they are.
    result = invoke(
        "allocate", "gamma", "redis", "--tier", "e2e", "--no-docs", cwd=repo.path, env=EDIT_ENV
    )
    assert result.code == 0
    assert "26380" not in (repo.path / "gen/ports.go").read_text()


def with_exports(repo: GitRepo) -> None:
    path = repo.path / REGISTRY
    path.write_text(
        path.read_text().replace(
            "reserved:",
            "exports:\n  - path: gen/ports.go\n    format: go\n  - path: gen/gamma.env\n"
            "    format: env\n    service: gamma\n\nreserved:",
        )
    )
    repo.commit("exports")


def test_export_listed_writes_every_listed_file(repo: GitRepo) -> None:
    with_exports(repo)
    first = invoke("export", "--listed", "--exit-nonzero-on-change", cwd=repo.path)
    assert first.code == 1  # written: the pre-commit fixer fails once
    assert "GAMMA_INTEGRATION_REDIS_PORT=16381" in (repo.path / "gen/gamma.env").read_text()
    assert "package ports" in (repo.path / "gen/ports.go").read_text()
    again = invoke("export", "--listed", "--exit-nonzero-on-change", cwd=repo.path)
    assert again.code == 0
    assert invoke("export", "--listed", "--check", cwd=repo.path).code == 0
    (repo.path / "gen/gamma.env").write_text("stale\n")
    stale = invoke("export", "--listed", "--check", cwd=repo.path)
    assert stale.code == 1
    assert "gen/gamma.env" in stale.err


def test_export_listed_bad_usage(repo: GitRepo) -> None:
    no_exports = invoke("export", "--listed", cwd=repo.path)
    assert no_exports.code == 2
    assert "the registry lists no exports" in no_exports.err
    with_exports(repo)
    mixed = invoke("export", "--listed", "--format", "go", cwd=repo.path)
    assert mixed.code == 2
    assert "--listed takes what to write from the registry" in mixed.err
    missing = invoke("export", cwd=repo.path)
    assert missing.code == 2
    assert "Missing option '--format' (or --listed)" in missing.err
