"""The hooks in .pre-commit-hooks.yaml, driven by the real pre-commit.

A temporary git repository uses this project as a hook repository, by local path and
commit, exactly as another repository would use it by URL and tag. pre-commit builds the
hook's environment (it installs portreg and its dependencies from the package index: hence
the ``network`` marker), once per test session in a session-wide PRE_COMMIT_HOME.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from gitrepo import V19, GitRepo, git_env, registry_1_8

pytestmark = pytest.mark.network


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A clone of this project's HEAD: what the hooks run is what is committed."""
    clone = tmp_path_factory.mktemp("hook-repo") / "portreg"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
        env=git_env(),
        check=True,
        capture_output=True,
    )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    return clone, head


def pre_commit_config(source: tuple[Path, str], *hooks: str) -> str:
    path, rev = source
    listed = "".join(f"      - id: {hook}\n" for hook in hooks)
    return f"repos:\n  - repo: {path.as_posix()}\n    rev: {rev}\n    hooks:\n{listed}"


def run_pre_commit(
    repo: GitRepo, home: Path, all_files: bool = True
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run --all-files``, or on the staged files only (as at ``git commit``)."""
    repo.git("add", "-A")
    env = {**git_env(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PORTREG_REGISTRY", None)
    env.pop("PORTREG_BASE", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *(["--all-files"] if all_files else [])],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_portreg_check_hook_fails_on_a_conflict_and_passes_when_fixed(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "user-repo")
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-check"))
    # DD-TEST-001 1.8: workflowexecution and hapi both on Redis 16387.
    registry = repo.write("registry/ports.yaml", registry_1_8())
    repo.commit("registry 1.8")

    failed = run_pre_commit(repo, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "portreg check" in failed.stdout
    assert "Failed" in failed.stdout
    assert "registry/ports.yaml:" in failed.stdout
    assert "error PR201 port-conflict: redis 16387" in failed.stdout

    registry.write_text(V19, encoding="utf-8")
    passed = run_pre_commit(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_portreg_check_hook_fails_on_a_move_without_a_version_bump(
    tmp_path, pre_commit_home, hook_repository
):
    """The hook compares the staged registry with HEAD: change control by default."""
    repo = GitRepo(tmp_path / "unbumped")
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-check"))
    repo.write("registry/ports.yaml", V19)
    repo.commit("registry 1.9")
    moved = V19.replace("redis: 16388, datastorage: 18097", "redis: 16383, datastorage: 18097")
    assert moved != V19
    repo.write("registry/ports.yaml", moved)
    failed = run_pre_commit(repo, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "error PR401 version-not-raised: the allocation changed since HEAD" in failed.stdout


def test_portreg_check_hook_skips_when_no_registry_file(tmp_path, pre_commit_home, hook_repository):
    repo = GitRepo(tmp_path / "no-registry")
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-check"))
    repo.write("README.md", "no registry here\n")
    done = run_pre_commit(repo, pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(no files to check)Skipped" in done.stdout


STALE_DOCS = """\
# Ports

Written by hand.

<!-- portreg:begin allocations -->
old table
<!-- portreg:end allocations -->

More prose.
"""
DOCS_REGISTRY = """\
docs:
  - path: docs/ports.md
services:
  alpha:
    ports: {integration: {postgresql: 15433, redis: 16381}}
"""


def test_portreg_render_docs_hook_rewrites_stale_docs_and_fails_then_passes(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "docs-repo")
    # Only the docs hook: the port moved below without a version bump, which portreg-check
    # (change control against HEAD) rightly refuses.
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-render-docs"))
    registry = repo.write("registry/ports.yaml", MINIMAL + DOCS_REGISTRY)
    # Hand-written prose around a generated section whose table is out of date.
    docs = repo.write("docs/ports.md", STALE_DOCS)
    repo.commit("registry and stale docs")

    # The fixer rewrites the section, and fails so that the change gets looked at.
    fixed = run_pre_commit(repo, pre_commit_home)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "portreg render-docs" in fixed.stdout
    assert "files were modified by this hook" in fixed.stdout
    before = docs.read_text(encoding="utf-8")
    assert "old table" not in before
    assert "16381" in before
    assert before.startswith("# Ports\n\nWritten by hand.\n")
    assert before.endswith("More prose.\n")

    fresh = run_pre_commit(repo, pre_commit_home)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    repo.commit("docs")

    # A port moves in the registry only: the docs are stale, rewritten, and the hook fails.
    registry.write_text(registry.read_text(encoding="utf-8").replace("16381", "16384"), "utf-8")
    stale = run_pre_commit(repo, pre_commit_home)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "files were modified by this hook" in stale.stdout
    rewritten = docs.read_text(encoding="utf-8")
    assert rewritten != before
    assert "16384" in rewritten
    assert "docs/ports.md" in repo.git("status", "--porcelain")

    again = run_pre_commit(repo, pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert docs.read_text(encoding="utf-8") == rewritten


def test_portreg_render_docs_hook_fails_when_it_creates_a_missing_docs_file(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "new-docs-repo")
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-render-docs"))
    repo.write("registry/ports.yaml", MINIMAL + DOCS_REGISTRY)
    repo.commit("registry without its docs")
    docs = repo.path / "docs" / "ports.md"

    # The file is new, so git does not track it: the hook itself must fail.
    created = run_pre_commit(repo, pre_commit_home)
    assert created.returncode == 1, created.stdout + created.stderr
    assert docs.exists() and "16381" in docs.read_text(encoding="utf-8")
    assert "docs/ports.md: created" in created.stdout

    repo.commit("docs")
    assert run_pre_commit(repo, pre_commit_home).returncode == 0


def test_a_hand_edit_in_generated_docs_is_reverted_and_fails(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "hand-edit")
    repo.write(".pre-commit-config.yaml", pre_commit_config(hook_repository, "portreg-render-docs"))
    repo.write("registry/ports.yaml", MINIMAL + DOCS_REGISTRY)
    repo.commit("registry")
    assert run_pre_commit(repo, pre_commit_home).returncode == 1  # creates docs/ports.md
    repo.commit("docs")
    docs = repo.path / "docs" / "ports.md"
    generated = docs.read_text(encoding="utf-8")
    # Only the docs change (no registry file is staged): the hook must still run.
    docs.write_text(generated.replace("16381", "16999"), encoding="utf-8")
    reverted = run_pre_commit(repo, pre_commit_home, all_files=False)
    assert reverted.returncode == 1, reverted.stdout + reverted.stderr
    assert docs.read_text(encoding="utf-8") == generated


def test_portreg_export_hook_writes_the_file_and_fails_then_passes(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "export")
    config = pre_commit_config(hook_repository, "portreg-export")
    config += "        args: [--format, env, -o, gen/ports.env]\n"
    repo.write(".pre-commit-config.yaml", config)
    repo.write("registry/ports.yaml", V19)
    repo.commit("registry")
    created = run_pre_commit(repo, pre_commit_home)
    assert created.returncode == 1, created.stdout + created.stderr
    assert "WORKFLOWEXECUTION_INTEGRATION_REDIS_PORT=16388" in (
        repo.path / "gen" / "ports.env"
    ).read_text(encoding="utf-8")
    assert run_pre_commit(repo, pre_commit_home).returncode == 0


def test_a_broken_registry_is_reported_once_across_hooks(
    tmp_path, pre_commit_home, hook_repository
):
    repo = GitRepo(tmp_path / "broken")
    hooks = ("portreg-check", "portreg-render-docs", "portreg-scan", "portreg-export-check")
    config = pre_commit_config(hook_repository, *hooks)
    config += "        args: [--format, env, -o, gen/ports.env]\n"  # for portreg-export-check
    repo.write(".pre-commit-config.yaml", config)
    repo.write("registry/ports.yaml", V19.replace("tiers:\n", "tiers\n", 1))
    done = run_pre_commit(repo, pre_commit_home)
    assert done.returncode == 1
    assert done.stdout.count("error PR001 yaml-syntax") == 1, done.stdout
    assert done.stdout.count("registry invalid: see portreg-check") == 3, done.stdout
