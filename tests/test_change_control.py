"""``portreg check --base REV``: change control against a real git history."""

from __future__ import annotations

import json

import pytest
from gitrepo import V19, GitRepo, registry_1_8

REGISTRY = "registry/ports.yaml"


@pytest.fixture
def repo(tmp_path):
    """A repository whose main branch holds the registry at 1.8 (before the Redis fix)."""
    repository = GitRepo(tmp_path / "repo")
    repository.write(REGISTRY, registry_1_8())
    repository.commit("DD-TEST-001 1.8")
    return repository


def line_of(text: str, needle: str, start: str | None = None) -> int:
    """The 1-based line of the first ``needle`` (after the line holding ``start``)."""
    lines = text.splitlines()
    begin = 0
    if start is not None:
        begin = next(i for i, line in enumerate(lines) if start in line)
    return next(i for i, line in enumerate(lines) if i >= begin and needle in line) + 1


def moved_1_8() -> str:
    """1.8 with workflowexecution's Redis moved to 16383, and nothing else changed."""
    text = registry_1_8()
    moved = text.replace("redis: 16387, datastorage: 18097", "redis: 16383, datastorage: 18097")
    assert moved != text
    return moved


def findings(run_cli, repo, *args, env=None):
    result = run_cli("check", "--base", "main", "--format", "json", *args, cwd=repo.path, env=env)
    assert result.code in (0, 1), result.err
    return result, json.loads(result.out)["findings"]


def one_finding(run_cli, repo, text: str, code: str) -> dict:
    """Write ``text`` as the registry, check it against main: exit 1 and one ``code`` finding."""
    repo.write(REGISTRY, text)
    result, found = findings(run_cli, repo)
    assert result.code == 1
    (finding,) = [f for f in found if f["code"] == code]
    return finding


def test_the_real_fix_passes(run_cli, repo):
    """1.8 → 1.9 as it was done: port moved, version raised, changelog entry added."""
    repo.write(REGISTRY, V19)
    result, found = findings(run_cli, repo)
    assert result.code == 0
    assert found == []
    assert json.loads(result.out)["base"] == "main"


def test_port_moved_without_version_bump(run_cli, repo):
    text = moved_1_8()
    finding = one_finding(run_cli, repo, text, "PR401")
    assert finding["rule"] == "version-not-raised"
    assert finding["file"] == REGISTRY
    assert finding["line"] == line_of(text, 'version: "1.8"')
    assert "workflowexecution integration redis: 16387 → 16383" in finding["message"]
    assert "since main" in finding["message"]


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            "  - port: 8080\n    service: gateway\n    reason: production Gateway\n",
            "",
            "reserved 8080",
        ),
        (
            "integration: 16379-16388, e2e",
            "integration: 16379-16398, e2e",
            "redis integration range",
        ),
        (
            "services: [notification, hapi]",
            "services: [notification, hapi, gateway]",
            "share 15439",
        ),
    ],
)
def test_reservations_ranges_and_shares_are_governed(run_cli, repo, old, new, what):
    text = registry_1_8()
    assert text.count(old) == 1
    repo.write(REGISTRY, text.replace(old, new))
    _, found = findings(run_cli, repo)
    (finding,) = [f for f in found if f["code"] == "PR401"]
    assert what in finding["message"]


def test_a_reason_edit_needs_no_new_version(run_cli, repo):
    repo.write(REGISTRY, V19)
    repo.commit("1.9")
    text = V19.replace("Only PostgreSQL is shared.", "Only PostgreSQL is shared!")
    repo.write(REGISTRY, text)
    result, found = findings(run_cli, repo)
    assert result.code == 0
    assert [f["code"] for f in found if f["code"].startswith("PR4")] == []


def test_version_raised_without_changelog_entry(run_cli, repo):
    text = registry_1_8().replace('version: "1.8"\nupdated', 'version: "1.9"\nupdated')
    text = text.replace("redis: 16387, datastorage: 18097", "redis: 16388, datastorage: 18097")
    finding = one_finding(run_cli, repo, text, "PR402")
    assert finding["line"] == line_of(text, 'version: "1.9"')
    assert "no 1.9 entry" in finding["message"]
    _, found = findings(run_cli, repo)
    assert not [f for f in found if f["code"] == "PR401"]


def test_older_changelog_entry_edited(run_cli, repo):
    text = V19.replace("summary: Every service's ports documented", "summary: All ports documented")
    finding = one_finding(run_cli, repo, text, "PR403")
    assert finding["line"] == line_of(text, "summary: All ports documented")
    assert "1.7 was edited" in finding["message"]
    assert "summary" in finding["message"]


def test_older_changelog_entry_removed(run_cli, repo):
    text = V19.replace(
        '  - version: "1.0"\n    date: 2025-11-26\n    summary: Initial port allocation strategy\n',
        "",
    )
    assert text != V19
    finding = one_finding(run_cli, repo, text, "PR403")
    assert finding["line"] == line_of(text, "changelog:")
    assert "1.0 (2025-11-26) was removed" in finding["message"]


def test_version_lowered(run_cli, repo):
    text = registry_1_8().replace('version: "1.8"\nupdated', 'version: "1.7"\nupdated')
    repo.write(REGISTRY, text)
    result, found = findings(run_cli, repo, "--select", "PR4")
    assert result.code == 1
    assert [f["code"] for f in found] == ["PR404"]
    assert found[0]["line"] == line_of(text, 'version: "1.7"')


def test_ignore_and_environment_variable(run_cli, repo):
    text = moved_1_8()
    repo.write(REGISTRY, text)
    by_env = run_cli("check", cwd=repo.path, env={"PORTREG_BASE": "main"})
    assert by_env.code == 1
    assert "PR401 version-not-raised" in by_env.out
    ignored = run_cli("check", "--ignore", "PR401", cwd=repo.path, env={"PORTREG_BASE": "main"})
    assert "PR401" not in ignored.out
    without = run_cli("check", cwd=repo.path)
    assert "PR401" not in without.out


def test_text_output_points_at_the_version_line(run_cli, repo):
    text = moved_1_8()
    repo.write(REGISTRY, text)
    result = run_cli("check", "--base", "HEAD", cwd=repo.path)
    line = line_of(text, 'version: "1.8"')
    assert f"{REGISTRY}:{line}:10: error PR401 version-not-raised:" in result.out


def test_registry_new_at_base_is_fine(run_cli, tmp_path):
    repository = GitRepo(tmp_path / "fresh")
    repository.write("README.md", "nothing yet\n")
    repository.commit("start")
    repository.write(REGISTRY, V19)
    result = run_cli("check", "--base", "HEAD", cwd=repository.path)
    assert result.code == 0, result.out + result.err


def test_directory_registry_at_base(run_cli, tmp_path):
    """A registry split into files: the base is read file by file from the tree."""
    repository = GitRepo(tmp_path / "split")
    head, services = V19.split("services:\n", 1)
    services, rest = services.split("\nshares:\n", 1)
    repository.write("registry/a.yaml", head + "\nshares:\n" + rest)
    repository.write("registry/b.yaml", "portreg: 1\nservices:\n" + services + "\n")
    repository.write("registry/notes.txt", "not a registry file\n")
    repository.commit("split registry")
    assert run_cli("check", "--base", "HEAD", cwd=repository.path).code == 0
    moved = services.replace("redis: 16388, datastorage: 18097", "redis: 16383, datastorage: 18097")
    repository.write("registry/b.yaml", "portreg: 1\nservices:\n" + moved + "\n")
    result = run_cli("check", "--base", "HEAD", cwd=repository.path)
    assert result.code == 1
    assert "registry/a.yaml:" in result.out
    assert "PR401" in result.out
    assert "16388 → 16383" in result.out


def test_base_with_errors_is_a_note(run_cli, repo):
    repo.write(REGISTRY, "portreg: 1\ntitle: [broken\n")
    repo.commit("broken registry")
    repo.write(REGISTRY, V19)
    result = run_cli("check", "--base", "HEAD", "--format", "json", cwd=repo.path)
    assert result.code == 0, result.err
    (finding,) = json.loads(result.out)["findings"]
    assert finding["code"] == "PR405"
    assert finding["severity"] == "info"
    assert "HEAD:registry/ports.yaml" in finding["message"]


@pytest.mark.parametrize("base", ["no-such-branch", "main~5", "--help"])
def test_bad_revision_is_one_line_exit_2(run_cli, repo, base):
    result = run_cli("check", f"--base={base}", cwd=repo.path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "PR400 base-unreadable" in result.err
    assert base in result.err


def test_outside_git_is_one_line_exit_2(run_cli, tmp_path):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_text(V19, encoding="utf-8")
    result = run_cli(
        "check", "--base", "HEAD", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    )
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "PR400" in result.err
    assert "git repository" in result.err


def test_github_format_carries_change_findings(run_cli, repo):
    text = moved_1_8()
    repo.write(REGISTRY, text)
    result = run_cli("check", "--base", "main", "--format", "github", cwd=repo.path)
    line = line_of(text, 'version: "1.8"')
    assert (
        f"::error file={REGISTRY},line={line},col=10,title=PR401 version-not-raised::" in result.out
    )


def test_check_help_names_base(run_cli):
    result = run_cli("check", "--help")
    assert "--base REV" in result.out
    assert "PORTREG_BASE" in result.out


def test_registry_file_outside_registry_dir(run_cli, tmp_path):
    """--registry names a file at the top of the repository; run from a subdirectory."""
    repository = GitRepo(tmp_path / "flat")
    repository.write("ports.yaml", registry_1_8())
    repository.write("sub/README.md", "a subdirectory\n")
    repository.commit("1.8")
    repository.write("ports.yaml", moved_1_8())
    result = run_cli(
        "check", "--registry", "../ports.yaml", "--base", "HEAD", cwd=repository.path / "sub"
    )
    assert result.code == 1
    assert "PR401 version-not-raised" in result.out


def test_base_auto_compares_with_head(run_cli, repo):
    """What the pre-commit hook runs: an unbumped move fails at commit time."""
    repo.write(REGISTRY, moved_1_8())
    result = run_cli("check", "--base", "auto", "--format", "json", cwd=repo.path)
    assert result.code == 1, result.err
    document = json.loads(result.out)
    assert document["base"] == "HEAD"
    assert "PR401" in [finding["code"] for finding in document["findings"]]


def test_base_auto_without_a_commit_or_git_is_a_plain_check(run_cli, tmp_path):
    fresh = GitRepo(tmp_path / "fresh")  # no commit yet: HEAD does not exist
    fresh.write(REGISTRY, V19)
    plain = tmp_path / "plain"
    (plain / "registry").mkdir(parents=True)
    (plain / REGISTRY).write_text(V19, encoding="utf-8")
    for project in (fresh.path, plain):
        result = run_cli("check", "--base", "auto", "--format", "json", cwd=project)
        assert result.code == 0, result.err
        assert "base" not in json.loads(result.out)


def test_a_conflict_points_at_the_allocation_that_changed_since_base(run_cli, tmp_path):
    """1.9 committed; then workflowexecution's Redis moves back onto hapi's 16387. Without a
    base the finding points at the last party in the file (hapi, untouched); with it, at
    workflowexecution's edited line."""
    repository = GitRepo(tmp_path / "repo")
    repository.write(REGISTRY, V19)
    repository.commit("1.9")
    text = V19.replace("redis: 16388, datastorage: 18097", "redis: 16387, datastorage: 18097")
    assert text != V19
    repository.write(REGISTRY, text)
    edited = line_of(text, "redis: 16387, datastorage: 18097")
    untouched = line_of(text, "redis: 16387, datastorage: 18098")
    assert edited < untouched
    plain = run_cli("check", "--format", "json", cwd=repository.path)
    [conflict] = [f for f in json.loads(plain.out)["findings"] if f["code"] == "PR201"]
    assert conflict["line"] == untouched
    changed = run_cli("check", "--base", "HEAD", "--format", "json", cwd=repository.path)
    [conflict] = [f for f in json.loads(changed.out)["findings"] if f["code"] == "PR201"]
    assert conflict["line"] == edited
    assert [place["line"] for place in conflict["related"]] == [untouched]
