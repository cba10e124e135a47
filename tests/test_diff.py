"""``portreg diff``: the seed's two real fixes, every kind of change, and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from gitrepo import V19, GitRepo, registry_1_7, registry_1_8

from portreg.diff import Kind, diff_registries
from portreg.models import ChangelogEntry, Registry

REGISTRY = "registry/ports.yaml"


def model(text: str) -> Registry:
    return Registry.model_validate(yaml.safe_load(text))


@pytest.fixture
def repo_at_1_8(tmp_path):
    repository = GitRepo(tmp_path / "repo")
    repository.write(REGISTRY, registry_1_8())
    repository.commit("DD-TEST-001 1.8")
    repository.write(REGISTRY, V19)
    return repository


def test_fix_1_8_to_1_9_from_git(run_cli, repo_at_1_8):
    result = run_cli("diff", "--base", "HEAD", cwd=repo_at_1_8.path)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"registry 1.8 (HEAD:{REGISTRY}) → 1.9 ({REGISTRY})",
        "~ version: 1.8 → 1.9",
        "~ workflowexecution integration redis: 16387 → 16388",
        "+ changelog 1.9: WorkflowExecution Redis moved off HAPI's port (added)",
        "3 changes: 1 version changed, 1 port moved, 1 changelog entry added",
    ]


def test_default_base_is_head(run_cli, repo_at_1_8):
    result = run_cli("diff", cwd=repo_at_1_8.path)
    assert "workflowexecution integration redis: 16387 → 16388" in result.out
    by_env = run_cli("diff", cwd=repo_at_1_8.path, env={"PORTREG_BASE": "HEAD"})
    assert by_env.out == result.out


def test_fix_1_7_to_1_8_between_files(run_cli, tmp_path):
    (tmp_path / "old.yaml").write_text(registry_1_7(), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(registry_1_8(), encoding="utf-8")
    result = run_cli("diff", "old.yaml", "new.yaml", "--format", "json", cwd=tmp_path)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["old"] == {"name": "old.yaml", "version": "1.7"}
    assert document["new"] == {"name": "new.yaml", "version": "1.8"}
    (moved,) = [change for change in document["changes"] if change["kind"] == "port-moved"]
    column = moved.pop("column")
    assert moved == {
        "kind": "port-moved",
        "action": "changed",
        "subject": "hapi integration datastorage",
        "old": "18094",
        "new": "18098",
        "governed": True,
        "text": "hapi integration datastorage: 18094 → 18098",
        "file": "new.yaml",
        "line": next(
            number
            for number, line in enumerate(registry_1_8().splitlines(), start=1)
            if "datastorage: 18098" in line
        ),
    }
    line = registry_1_8().splitlines()[moved["line"] - 1]
    assert line[column - 1 :].startswith("18098")
    assert document["summary"] == {"changes": 3, "added": 1, "removed": 0, "changed": 2}


def test_markdown_table(run_cli, repo_at_1_8):
    result = run_cli("diff", "--format", "markdown", cwd=repo_at_1_8.path)
    assert result.out.splitlines()[:5] == [
        "### Port registry: 1.8 → 1.9",
        "",
        "| change | what | before | after |",
        "|---|---|---|---|",
        "| changed | version | 1.8 | 1.9 |",
    ]
    assert "| moved | workflowexecution integration redis | 16387 | 16388 |" in result.out


def test_changelog_entry_pastes_into_the_registry(run_cli, tmp_path):
    (tmp_path / "old.yaml").write_text(registry_1_7(), encoding="utf-8")
    # The fix without its changelog entry and version: --changelog writes them.
    unbumped = registry_1_7().replace(
        "datastorage: 18094, api: 18120", "datastorage: 18098, api: 18120"
    )
    (tmp_path / "new.yaml").write_text(unbumped, encoding="utf-8")
    result = run_cli("diff", "old.yaml", "new.yaml", "--changelog", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == ['  - version: "1.8"', f"    date: {dt.date.today()}"]
    (entry,) = yaml.safe_load(result.out)
    ChangelogEntry.model_validate(entry)
    assert entry["changes"] == ["hapi integration datastorage: 18094 → 18098"]
    # Pasted at the top of changelog: with version and updated raised, the registry checks
    # clean (PR213: updated is the newest entry's date).
    pasted = unbumped.replace("changelog:\n", "changelog:\n" + result.out, 1).replace(
        'version: "1.7"\nupdated: 2025-12-25', f'version: "1.8"\nupdated: {dt.date.today()}'
    )
    (tmp_path / "pasted.yaml").write_text(pasted, encoding="utf-8")
    check = run_cli("check", "--registry", "pasted.yaml", "--select", "PR21", cwd=tmp_path)
    assert check.code == 0, check.out


def test_changelog_after_a_bump_uses_the_new_version(run_cli, repo_at_1_8):
    result = run_cli("diff", "--changelog", cwd=repo_at_1_8.path)
    (entry,) = yaml.safe_load(result.out)
    assert entry["version"] == "1.9"
    assert entry["summary"] == "workflowexecution integration redis: 16387 → 16388"


def test_next_version():
    from portreg.diff.render import next_version

    today = dt.date(2026, 1, 30)
    assert next_version("1.9", "1.9", today) == "1.10"
    assert next_version("1.9", "2.0", today) == "2.0"
    # As the editing commands raise it (minor), not its last part (2.0.2).
    assert next_version("2.0.1", "2.0.1", today) == "2.1"
    assert next_version(None, "1.0", today) == "1.0"
    assert next_version("2026.01.12", "2026.01.12", today) == "2026.01.30"


def test_every_kind_of_change():
    old = model(V19)
    text = V19.replace(
        "  hapi:\n", "  newsvc:\n    ports:\n      integration: {redis: 16383}\n  hapi:\n"
    )
    text = text.replace(
        "integration: 16379-16388, e2e: 26379", "integration: 16379-16398, e2e: 26379"
    )
    text = text.replace(
        "  - port: 8080\n    service: gateway\n    reason: production Gateway\n", ""
    )
    text = text.replace(
        "      integration: {postgresql: 15434, datastorage: 18092, api: 18100}",
        "      integration: {postgresql: 15434, datastorage: {port: 18092, protocol: udp}}",
    )
    text = text.replace(
        "exceptions:\n",
        "exceptions:\n  - rule: PR301\n    service: gateway\n    reason: the API predates it\n",
    )
    text = text.replace(
        "shares:\n",
        "shares:\n  - port: 16383\n    services: [newsvc, gateway]\n    reason: testing shares\n",
    )
    changes = {change.kind: change for change in diff_registries(old, model(text))}
    assert changes[Kind.SERVICE_ADDED].text == "newsvc added (integration redis 16383)"
    assert changes[Kind.RANGE_CHANGED].text == "redis integration range: 16379-16388 → 16379-16398"
    assert changes[Kind.RESERVATION_REMOVED].text == "reserved 8080: production Gateway (removed)"
    assert (
        changes[Kind.PORT_REMOVED].text == "effectivenessmonitor integration api: 18100 (removed)"
    )
    assert changes[Kind.PORT_CHANGED].text == (
        "effectivenessmonitor integration datastorage: 18092 → 18092/udp"
    )
    assert changes[Kind.EXCEPTION_ADDED].subject == "exception PR301 for gateway"
    assert changes[Kind.SHARE_ADDED].text == "share 16383: newsvc, gateway (added)"
    assert all(change.governed for change in changes.values())
    back = {change.kind for change in diff_registries(model(text), old)}
    assert {Kind.SERVICE_REMOVED, Kind.RESERVATION_ADDED, Kind.PORT_ADDED} <= back
    assert {Kind.EXCEPTION_REMOVED, Kind.SHARE_REMOVED} <= back


def test_registry_new_at_base(run_cli, tmp_path):
    repository = GitRepo(tmp_path / "fresh")
    repository.write("README.md", "nothing yet\n")
    repository.commit("start")
    repository.write(REGISTRY, V19)
    result = run_cli("diff", cwd=repository.path)
    assert result.code == 0, result.err
    assert result.out.startswith("registry none (HEAD: no registry) → 1.9")
    assert "+ hapi added (integration postgresql 15439," in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("only-one.yaml",), "give two registries"),
        (("a.yaml", "b.yaml", "--base", "HEAD"), "does not apply"),
        (("--base", "nope"), "PR400"),
    ],
)
def test_usage_errors(run_cli, repo_at_1_8, args, message):
    result = run_cli("diff", *args, cwd=repo_at_1_8.path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert message in result.err


def test_a_registry_with_errors_is_not_compared(run_cli, tmp_path):
    (tmp_path / "old.yaml").write_text(V19, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        V19.replace('version: "1.9"', "version: 1.9"), encoding="utf-8"
    )
    result = run_cli("diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert "new.yaml:7:10: error PR104 yaml11-value: " in result.err
    assert "cannot compare a registry with errors" in result.err
    assert result.err.count("\n") == 1


def test_every_change_kind_is_documented():
    from conftest import ROOT

    text = (ROOT / "docs" / "output-formats.md").read_text(encoding="utf-8")
    assert [kind.value for kind in Kind if f"`{kind.value}`" not in text] == []


@pytest.mark.parametrize("command", ["diff", "schema"])
def test_help(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0
    assert f"Usage: portreg {command}" in result.out


def test_portreg_today_fixes_the_changelog_date_and_must_be_a_date(run_cli, repo_at_1_8):
    fixed = run_cli(
        "diff", "--changelog", cwd=repo_at_1_8.path, env={"PORTREG_TODAY": "2030-02-03"}
    )
    assert fixed.code == 0, fixed.err
    assert "    date: 2030-02-03\n" in fixed.out
    bad = run_cli("diff", "--changelog", cwd=repo_at_1_8.path, env={"PORTREG_TODAY": "soon"})
    assert (bad.code, bad.out) == (2, "")
    assert bad.err == "portreg: usage: PORTREG_TODAY='soon' is not a date like 2026-01-31\n"


def test_changelog_with_no_change_writes_no_entry(run_cli, tmp_path):
    (tmp_path / "a.yaml").write_text(V19, encoding="utf-8")
    result = run_cli("diff", str(tmp_path / "a.yaml"), str(tmp_path / "a.yaml"), "--changelog")
    assert (result.code, result.out) == (0, "")
    assert result.err.endswith(": no changelog entry to add\n") and result.err.count("\n") == 1


def test_changelog_says_what_else_to_set(run_cli, repo_at_1_8):
    result = run_cli(
        "diff", "--changelog", cwd=repo_at_1_8.path, env={"PORTREG_TODAY": "2030-02-03"}
    )
    assert result.err.endswith('set version: "1.9" and updated: 2030-02-03\n')
