"""``portreg check --write-baseline`` and ``portreg check --fix`` through the editor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV, EDIT_FIXTURES, copy_fixture, line_changes
from gitrepo import GitRepo
from inprocess import invoke

from portreg.loading.registry import load_registry

CONFLICTS = EDIT_FIXTURES / "conflicts.yaml"


def run_check(path: Path, *args: str) -> tuple[int, str, str, bytes]:
    result = invoke("check", "--registry", str(path), *args, env=EDIT_ENV)
    return result.code, result.out, result.err, path.read_bytes()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_write_baseline_adds_three_entries_and_only_lines(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline, source=CONFLICTS)
    before = path.read_bytes()
    code, out, _, _ = run_check(path)
    assert code == 1
    assert out.count("PR201 port-conflict") == 3
    code, out, err, after = run_check(path, "--write-baseline")
    assert (code, err) == (0, "")
    assert "baseline: 3 known conflicts added" in out
    removed, added = line_changes(before, after)
    assert removed == []  # every comment, blank line and value is where it was
    assert sum(line.startswith("  - port:") for line in added) == 3
    registry = load_registry(path).registry
    assert registry is not None
    entries = [(kc.port, kc.scope, kc.services) for kc in registry.known_conflicts]
    assert entries == [
        (15433, "host", ["alpha", "beta"]),
        (16379, "host", ["alpha", "beta"]),
        (30080, "kind", ["gamma", "delta"]),
    ]
    assert all("2026-02-01" in kc.reason for kc in registry.known_conflicts)
    # The next check passes, with each conflict still shown as a known one.
    code, out, _, _ = run_check(path)
    assert code == 0
    assert out.count("warning PR308 known-conflict") == 3
    assert out.splitlines()[-1].startswith("0 errors, 3 warnings")
    assert run_check(path, "--strict")[0] == 1


def test_write_baseline_appends_to_an_existing_list(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=CONFLICTS)
    text = path.read_text().replace("# the history", "known_conflicts: []\n\n# the history")
    path.write_text(text)
    before = path.read_bytes()
    code, _, _, after = run_check(path, "--write-baseline")
    assert code == 0
    removed, added = line_changes(before, after)
    assert removed == ["known_conflicts: []\n"]
    assert added[0].startswith("known_conflicts: [{port: 15433")


def test_write_baseline_on_a_clean_registry_writes_nothing(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, _, after = run_check(path, "--write-baseline")
    assert code == 0
    assert after == before
    assert "no conflicts: the baseline has nothing to add" in out


def test_write_baseline_dry_run(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=CONFLICTS)
    before = path.read_bytes()
    code, out, _, after = run_check(path, "--write-baseline", "--dry-run")
    assert code == 0
    assert after == before
    assert "+known_conflicts:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dry-run",), "--dry-run shows what --fix or --write-baseline would change"),
        (("--fix", "--write-baseline"), "separate steps"),
    ],
)
def test_bad_option_combinations(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    path = copy_fixture(tmp_path)
    code, out, err, _ = run_check(path, *args)
    assert (code, out) == (2, "")
    assert message in err


def test_fix_quotes_versions_that_yaml_reads_as_numbers(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    path.write_text(path.read_text().replace('version: "2.3"', "version: 2.30"))
    path.write_text(path.read_text().replace('  - version: "2.3"', "  - version: 2.30"))
    code, _, _, _ = run_check(path)
    assert code == 1
    before = path.read_bytes()
    code, _, err, after = run_check(path, "--fix")
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert removed == ["version: 2.30\n", "  - version: 2.30\n"]
    assert added == ['version: "2.30"\n', '  - version: "2.30"\n']
    assert run_check(path)[0] == 0


def test_fix_repairs_shares_exceptions_updated_and_reuse(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=EDIT_FIXTURES / "shared.yaml")
    text = path.read_text()
    # beta leaves 15433 by hand: the share goes stale; updated falls behind the changelog.
    text = text.replace("{postgresql: 15433, redis: 16380}", "{postgresql: 15436, redis: 16380}")
    text = text.replace("updated: 2026-01-10", "updated: 2026-01-01")
    text = text.replace(
        "  - services: [beta, gamma, delta]\n    reason: separate runners\n",
        "  - services: [beta, gamma]\n    reason: separate runners\n    reuse: true\n",
    )
    path.write_text(text)
    code, out, _, _ = run_check(path)
    assert code == 1
    assert "PR202" in out and "PR306" in out
    code, out, err, _ = run_check(path, "--fix")
    assert (code, err) == (0, "")
    assert "share of 15433 removed: not shared any more" in out
    assert "removed the unused exception for port-outside-range on beta" in out
    assert "updated: 2026-01-01 → 2026-01-10 (changelog 1.0)" in out
    assert "reuse: false (nothing reuses a port)" in out
    code, out, _, _ = run_check(path)
    assert (code, out.splitlines()[-1]) == (
        0,
        "0 errors, 0 warnings in 5 services, 8 ports (registry 1.0)",
    )
    registry = load_registry(path).registry
    assert registry is not None
    assert [group.reuse for group in registry.exclusive] == [False]


def test_fix_on_a_clean_registry_changes_nothing(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, _, after = run_check(path, "--fix")
    assert code == 0
    assert after == before
    assert "nothing to change" in out


def committed_then_changed(directory: Path, fixture: Path, old: str, new: str) -> Path:
    """A git repository with ``fixture`` committed as its registry, then ``old`` replaced
    by ``new`` in the work tree; the repository's folder."""
    repo = GitRepo(directory / "repo")
    repo.write("registry/ports.yaml", fixture.read_text())
    repo.commit("registry")
    registry = repo.path / "registry/ports.yaml"
    registry.write_text(registry.read_text().replace(old, new))
    return repo.path


def test_fix_against_base_raises_the_version(tmp_path: Path) -> None:
    root = committed_then_changed(
        tmp_path, EDIT_FIXTURES / "commented.yaml", "{redis: 16381}", "{redis: 16382}"
    )
    checked = invoke("check", "--base", "HEAD", cwd=root, env=EDIT_ENV)
    assert checked.code == 1
    assert "PR401" in checked.out
    fixed = invoke("check", "--fix", "--base", "HEAD", cwd=root, env=EDIT_ENV)
    assert fixed.code == 0, fixed.out + fixed.err
    assert "version 2.3 → 2.4" in fixed.out
    assert invoke("check", "--base", "HEAD", cwd=root, env=EDIT_ENV).code == 0
    text = (root / "registry/ports.yaml").read_text()
    assert '      - "gamma integration redis: 16381 → 16382"\n' in text


@pytest.mark.parametrize(
    ("settings", "option"),
    [('base = "HEAD"\n', ()), ('base = "auto"\n', ()), ("", ("--base", "auto"))],
    ids=["settings-file", "settings-file-auto", "option-auto"],
)
def test_fix_repairs_against_the_base_plain_check_uses(
    tmp_path: Path, settings: str, option: tuple[str, ...]
) -> None:
    # What check reports against its base (from .portreg.toml, or auto = HEAD as the hook
    # runs it), check --fix repairs against the same base.
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", (EDIT_FIXTURES / "commented.yaml").read_text())
    if settings:
        repo.write(".portreg.toml", settings)
    repo.commit("2.3")
    registry = repo.path / "registry/ports.yaml"
    registry.write_text(registry.read_text().replace("{redis: 16381}", "{redis: 16382}"))
    checked = invoke("check", *option, cwd=repo.path, env=EDIT_ENV)
    assert checked.code == 1 and "PR401" in checked.out
    fixed = invoke("check", "--fix", *option, cwd=repo.path, env=EDIT_ENV)
    assert fixed.code == 0, fixed.out + fixed.err
    assert "version 2.3 → 2.4" in fixed.out
    assert invoke("check", *option, cwd=repo.path, env=EDIT_ENV).code == 0


def test_fix_with_base_auto_before_the_first_commit_has_nothing_to_compare(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", (EDIT_FIXTURES / "commented.yaml").read_text())
    fixed = invoke("check", "--fix", "--base", "auto", cwd=repo.path, env=EDIT_ENV)
    assert (fixed.code, fixed.err) == (0, "")
    assert "nothing to change" in fixed.out


def test_fix_writes_a_missing_entry_for_a_raised_version(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("registry/ports.yaml", (EDIT_FIXTURES / "commented.yaml").read_text())
    repo.commit("2.3")
    registry = repo.path / "registry/ports.yaml"
    text = registry.read_text().replace("{redis: 16381}", "{redis: 16382}")
    registry.write_text(text.replace('version: "2.3"', 'version: "2.4"', 1))
    fixed = invoke("check", "--fix", "--base", "HEAD", cwd=repo.path, env=EDIT_ENV)
    assert fixed.code == 0, fixed.out + fixed.err
    assert "changelog entry 2.4 written" in fixed.out
    assert invoke("check", "--base", "HEAD", cwd=repo.path, env=EDIT_ENV).code == 0


def test_fix_sets_an_updated_date_ahead_of_the_changelog_back(tmp_path: Path) -> None:
    # PR213 fires either way; the fix follows its message: set updated to the newest entry.
    path = copy_fixture(tmp_path, source=EDIT_FIXTURES / "shared.yaml")
    path.write_text(path.read_text().replace("updated: 2026-01-10", "updated: 2026-03-01"))
    code, out, _, _ = run_check(path, "--format", "json")
    assert code == 1
    findings = {item["code"]: item["fixable"] for item in json.loads(out)["findings"]}
    assert findings["PR213"] is True
    code, out, err, _ = run_check(path, "--fix")
    assert (code, err) == (0, "")
    assert "updated: 2026-03-01 → 2026-01-10 (changelog 1.0)" in out
    assert "PR213" not in run_check(path)[1]


# --- issue 22: --fix fixes what it calls fixable, and says what remains


def test_fix_removes_a_stale_known_conflict(tmp_path: Path) -> None:
    # Regression: check called PR208 fixable; --fix answered "nothing to change", exit 0,
    # and the next check still failed.
    path = copy_fixture(tmp_path, source=CONFLICTS)
    assert run_check(path, "--write-baseline")[0] == 0
    path.write_text(path.read_text().replace("        redis: 16379\n", "        redis: 16380\n"))
    code, out, _, _ = run_check(path)
    assert code == 1
    assert "error PR208 stale-known-conflict" in out
    assert "1 finding is fixable with portreg check --fix (PR208)" in out
    code, out, err, _ = run_check(path, "--fix")
    assert (code, err) == (0, ""), out
    assert "removed the stale known conflict 16379 (host): the conflict is gone" in out
    assert out.splitlines()[-1] == "0 errors, 2 warnings in 4 services, 6 ports (registry 1.0)"
    assert run_check(path)[0] == 0


def test_fix_reports_what_remains_and_fails_while_errors_remain(tmp_path: Path) -> None:
    # Regression: with an unfixable conflict left, --fix exited 0.
    path = copy_fixture(tmp_path, source=CONFLICTS)
    path.write_text(path.read_text().replace("updated: 2026-01-10", "updated: 2026-01-01"))
    code, out, err, _ = run_check(path, "--fix")
    assert (code, err) == (1, "")
    assert "updated: 2026-01-01 → 2026-01-10 (changelog 1.0)" in out  # fixed
    assert out.count("error PR201 port-conflict") == 3  # what remains, as check prints it
    assert "fixable" not in out
    assert out.splitlines()[-1] == "3 errors, 0 warnings in 4 services, 6 ports (registry 1.0)"
    assert "PR213" not in run_check(path)[1]


def test_the_version_is_not_raised_for_a_change_that_still_fails(tmp_path: Path) -> None:
    # Regression: with --base HEAD, --fix raised the version and wrote a changelog entry
    # for a change that had a conflict; check called PR401 fixable all the same.
    root = committed_then_changed(tmp_path, CONFLICTS, "redis: 16379}", "redis: 16380}")
    registry = root / "registry/ports.yaml"
    checked = invoke("check", "--base", "HEAD", cwd=root, env=EDIT_ENV)
    assert checked.code == 1
    assert "error PR401 version-not-raised" in checked.out
    assert "fixable" not in checked.out
    before = registry.read_bytes()
    fixed = invoke("check", "--fix", "--base", "HEAD", cwd=root, env=EDIT_ENV)
    assert fixed.code == 1, fixed.out + fixed.err
    assert "version not raised: 2 errors that --fix cannot repair remain" in fixed.out
    assert registry.read_bytes() == before
    assert "error PR401 version-not-raised" in fixed.out


def test_check_diff_shows_the_fix_and_writes_nothing(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=EDIT_FIXTURES / "shared.yaml")
    path.write_text(path.read_text().replace("updated: 2026-01-10", "updated: 2026-01-01"))
    before = path.read_bytes()
    for args in (("--diff",), ("--fix", "--dry-run")):
        code, out, err, after = run_check(path, *args)
        assert (code, err) == (1, ""), args
        assert "-updated: 2026-01-01\n+updated: 2026-01-10\n" in out
        assert "dry run, nothing written" in out
        assert after == before
    assert run_check(path, "--fix")[0] == 0
    code, out, _, _ = run_check(path, "--diff")
    assert code == 0
    assert "nothing to change" in out


def test_fix_in_a_machine_format_keeps_stdout_for_the_report(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, source=CONFLICTS)
    path.write_text(path.read_text().replace("updated: 2026-01-10", "updated: 2026-01-01"))
    code, out, err, _ = run_check(path, "--fix", "--format", "json")
    assert code == 1
    assert "+updated: 2026-01-10" in err  # the fix, for people
    findings = json.loads(out)["findings"]  # what remains, for machines
    assert [finding["code"] for finding in findings] == ["PR201", "PR201", "PR201"]
