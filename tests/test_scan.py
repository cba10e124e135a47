"""portreg scan on the fixture tree (the seed's drifts), with real git and real processes."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FILE, ROOT, Result
from scan_tree import build_tree, git

Run = Callable[..., Result]
_FINDING = re.compile(r"^\S+:[0-9]+:[0-9]+: ")


def finding_lines(out: str) -> list[str]:
    """The ``file:line:col: ...`` lines of a text output (not headlines, coverage, summary)."""
    return [line for line in out.splitlines() if _FINDING.match(line)]


WE = "test/integration/workflowexecution"

# Every finding on the fixture tree with the bundled registry: the seed's drifts (audit test
# and setup script on 18100, the setup script's Redis on 16389, the stale Redis 16387
# comment) plus the compose file on hapi's Redis and the reserved 8080, grouped by (service,
# component, wrong port) under one headline each; then the notes of files of no service.
AUDIT = (
    f"{WE}/audit_datastorage_test.go:11:42: error PR501 foreign-port: workflowexecution uses "
    "effectivenessmonitor's integration api 18100; its datastorage is 18097"
)
SETUP_18100 = (
    f"{WE}/setup-infrastructure.sh:6:18: error PR501 foreign-port: workflowexecution uses "
    "effectivenessmonitor's integration api 18100; its datastorage is 18097"
)
SETUP_16389 = (
    f"{WE}/setup-infrastructure.sh:5:12: error PR505 wrong-own-port: workflowexecution binds "
    "redis on 16389, but the registry gives workflowexecution's redis 16388"
)
COMPOSE_16387 = (
    f"{WE}/podman-compose.test.yml:9:10: error PR501 foreign-port: workflowexecution uses "
    "hapi's integration redis 16387; its redis is 16388"
)
COMPOSE_8080 = (
    f"{WE}/podman-compose.test.yml:13:10: error PR502 reserved-port-used: "
    "workflowexecution uses 8080, which is reserved: production Gateway"
)
COMMENT_16387 = (
    "test/infrastructure/workflowexecution_integration.go:4:18: warning PR506 port-in-comment: "
    "a comment says workflowexecution uses hapi's integration redis 16387; its redis is 16388"
)
EXPECTED = [
    "workflowexecution 8080: reserved for production Gateway (1 place)",
    COMPOSE_8080,
    "workflowexecution datastorage 18100: effectivenessmonitor's integration api port (2 places)",
    AUDIT,
    SETUP_18100,
    "workflowexecution redis 16387: hapi's integration redis port (2 places)",
    COMMENT_16387,
    COMPOSE_16387,
    "workflowexecution redis 16389: the registry gives 16388 (1 place)",
    SETUP_16389,
    "docs/testing.md:3:43: info PR504 port-mention: 16388 is workflowexecution's "
    "integration redis port",
    "docs/testing.md:3:63: info PR504 port-mention: 16387 is hapi's integration redis port",
]
# The services of the bundled registry that have no file in the fixture tree.
EMPTY = [
    "aianalysis",
    "datastorage",
    "effectivenessmonitor",
    "gateway",
    "notification",
    "remediationorchestrator",
    "signalprocessing",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "project")


def test_the_seed_drifts_are_reported_with_their_owner(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "--concise", "--show-notes", cwd=tree)
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[: len(EXPECTED)] == EXPECTED
    empty = lines[len(EXPECTED) : len(EXPECTED) + len(EMPTY)]
    assert [line.split(" PR507 paths-match-nothing: ")[1].split("'")[0] for line in empty] == EMPTY
    assert lines[len(EXPECTED) + len(EMPTY) :] == [
        "files owned: aianalysis 0, datastorage 0, effectivenessmonitor 0, gateway 0, hapi 1, "
        "notification 0, remediationorchestrator 0, signalprocessing 0, workflowexecution 5",
        "files of no service holding allocated ports: docs/testing.md (2 ports)",
        "5 errors, 8 warnings, 2 notes in 8 files (1 skipped: 1 excluded) (registry 1.10)",
    ]
    assert result.err == ""


def test_notes_are_counted_but_listed_only_with_show_notes(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "--concise", cwd=tree)
    assert not any(" info PR504 " in line for line in finding_lines(result.out))
    assert result.out.splitlines()[-1] == (
        "5 errors, 8 warnings, 2 notes (shown with --show-notes) in 8 files "
        "(1 skipped: 1 excluded) (registry 1.10)"
    )
    shown = run_cli("scan", "--concise", "--show-notes", cwd=tree)
    assert [line for line in finding_lines(shown.out) if " info PR504 " in line] == EXPECTED[-2:]


def test_counted_notes_are_the_notes_listed(run_cli: Run, tree: Path) -> None:
    """Regression: counted (not listed) notes counted a port named twice on one line twice
    (3,905 notes on a real tree whose --show-notes listed 3,729), in the summary and in the
    files of no service."""
    (tree / "docs" / "ports.md").write_text(
        "| redis | 16388 | 16388 |\n| redis | 16387 |\n", encoding="utf-8"
    )
    counted = run_cli("scan", "--concise", cwd=tree).out.splitlines()
    listed = run_cli("scan", "--concise", "--show-notes", cwd=tree).out.splitlines()
    assert [line for line in listed if "docs/ports.md:" in line] == [
        "docs/ports.md:1:11: info PR504 port-mention: 16388 is workflowexecution's "
        "integration redis port",
        "docs/ports.md:2:11: info PR504 port-mention: 16387 is hapi's integration redis port",
    ]
    assert counted[-2:] == [
        "files of no service holding allocated ports: docs/ports.md (2 ports), "
        "docs/testing.md (2 ports)",
        "5 errors, 8 warnings, 4 notes (shown with --show-notes) in 9 files "
        "(1 skipped: 1 excluded) (registry 1.10)",
    ]
    assert listed[-2] == counted[-2]
    assert listed[-1] == counted[-1].replace(" (shown with --show-notes)", "")


def test_each_finding_shows_its_source_line_with_a_caret(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", f"{WE}/audit_datastorage_test.go", cwd=tree)
    source = (tree / WE / "audit_datastorage_test.go").read_text("utf-8").splitlines()[10]
    lines = result.out.splitlines()
    start = lines.index(AUDIT)
    assert (
        lines[start : start + 5]
        == [
            AUDIT,
            "    |",
            f" 11 | {source.replace(chr(9), '    ')}",  # tabs shown as 4 spaces
            "    | " + " " * len(source[:41].replace("\t", "    ")) + "^",
            "",
        ]
    )
    assert source.startswith("\t\t") and source[41:46] == "18100"


def test_a_service_binding_its_component_elsewhere_is_an_error_whatever_the_ranges(
    run_cli: Run, tmp_path: Path
) -> None:
    """The seed's script said Redis 16389: outside 16379-16388 and nobody's, yet the script
    of workflowexecution binds its Redis there while the registry says 16388 (PR505). Before
    the own-port rule, only a registry whose range covered 16389 reported it (PR503)."""
    bundled = run_cli("scan", f"{WE}/setup-infrastructure.sh", cwd=build_tree(tmp_path / "a"))
    assert SETUP_16389 in bundled.out.splitlines()
    wider = BUNDLED_FILE.read_text("utf-8").replace(
        "ranges: {integration: 16379-16388", "ranges: {integration: 16379-16398"
    )
    assert wider != BUNDLED_FILE.read_text("utf-8")
    tree = build_tree(tmp_path / "b", wider)
    result = run_cli("scan", f"{WE}/setup-infrastructure.sh", cwd=tree)
    assert SETUP_16389 in result.out.splitlines()
    assert "PR503" not in result.out


def test_json_lists_every_finding_with_its_place(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "--format", "json", cwd=tree)
    assert result.code == 1
    document = json.loads(result.out)
    assert document["command"] == "scan"
    assert document["summary"] == {"errors": 5, "warnings": 8, "notes": 2}
    assert document["scan"] == {"files": 8, "skipped": {"excluded": 1}}
    notes = [f for f in document["findings"] if f["severity"] == "info"]
    assert {(f["file"], f["line"], f["column"]) for f in notes} == {
        ("docs/testing.md", 3, 43),
        ("docs/testing.md", 3, 63),
    }


def test_github_annotations(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "--format", "github", f"{WE}/audit_datastorage_test.go", cwd=tree)
    assert result.out.splitlines()[0] == (
        f"::error file={WE}/audit_datastorage_test.go,line=11,col=42,"
        "title=PR501 foreign-port::workflowexecution uses effectivenessmonitor's integration "
        "api 18100; its datastorage is 18097"
    )


def test_warnings_fail_only_with_strict(run_cli: Run, tree: Path) -> None:
    path = "test/infrastructure/workflowexecution_integration.go"  # a stale comment: PR506
    assert run_cli("scan", path, cwd=tree).code == 0
    assert run_cli("scan", "--strict", path, cwd=tree).code == 1


def test_notes_never_fail(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "docs", cwd=tree)
    assert result.code == 0
    assert "2 notes" in result.out


def test_select_and_ignore(run_cli: Run, tree: Path) -> None:
    only = run_cli("scan", "--concise", "--select", "PR502", cwd=tree)
    assert [line.split(": ")[1] for line in finding_lines(only.out)] == [
        "error PR502 reserved-port-used"
    ]
    rest = run_cli("scan", "--ignore", "foreign-port,PR502,PR505", cwd=tree)
    assert rest.code == 0
    assert "PR501" not in rest.out
    assert "PR506 port-in-comment" in rest.out  # a warning: it does not fail without --strict
    bad = run_cli("scan", "--select", "PR599", cwd=tree)
    assert bad.code == 2
    assert bad.err.startswith("portreg: usage: --select: no rule matches PR599")


def test_inline_suppression(run_cli: Run, tree: Path) -> None:
    script = tree / WE / "setup-infrastructure.sh"
    # The fixture's 8080 line is silenced for PR502: nothing reported for it.
    assert ":7:" not in run_cli("scan", str(script), cwd=tree).out
    text = script.read_text("utf-8")
    script.write_text(
        text.replace("DATASTORAGE_PORT=18100", "DATASTORAGE_PORT=18100 # portreg: ignore").replace(
            "ignore[PR502]", "ignore[PR503]"
        ),
        "utf-8",
    )
    result = run_cli("scan", str(script), cwd=tree)
    assert ":6:" not in result.out
    # Silencing another code does not silence this one.
    assert f"{WE}/setup-infrastructure.sh:7:30: error PR502" in result.out


def test_exclude_globs_from_the_registry(run_cli: Run, tmp_path: Path) -> None:
    text = BUNDLED_FILE.read_text("utf-8") + "\nscan:\n  exclude: ['*.yml', docs/]\n"
    tree = build_tree(tmp_path / "p", text)
    result = run_cli("scan", cwd=tree)
    assert "podman-compose" not in result.out
    assert "docs/testing.md" not in result.out
    assert "(3 skipped: 3 excluded)" in result.out


def test_gitignored_files_are_skipped_untracked_ones_are_not(run_cli: Run, tree: Path) -> None:
    (tree / ".gitignore").write_text("build/\n", "utf-8")
    (tree / WE / "build").mkdir()
    (tree / WE / "build" / "ports.txt").write_text("18100\n", "utf-8")
    (tree / WE / "new_test.go").write_text('url := "localhost:18100"\n', "utf-8")
    result = run_cli("scan", WE, cwd=tree)
    assert "build/ports.txt" not in result.out
    assert f"{WE}/new_test.go:1:19: error PR501" in result.out


def test_binary_and_large_files_are_skipped(run_cli: Run, tree: Path) -> None:
    (tree / WE / "blob.bin").write_bytes(b"\0\1\2 localhost:18100 \0")
    big = tree / WE / "big.txt"
    big.write_text("x" * 4000 + "\n18100\n", "utf-8")
    result = run_cli("scan", "--max-size", "2000", WE, cwd=tree)
    assert "blob.bin" not in result.out
    assert "big.txt" not in result.out
    assert "2 skipped: 1 binary, 1 too large" in result.out
    assert "big.txt:2:1: error PR501" in run_cli("scan", WE, cwd=tree).out


def test_symlinks_out_of_the_root_are_never_followed(
    run_cli: Run, tree: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.env").write_text("PORT=18100\n", "utf-8")
    (tree / WE / "linked.env").symlink_to(outside / "secret.env")
    (tree / WE / "linked-dir").symlink_to(outside)
    git(tree, "add", "-A")
    result = run_cli("scan", cwd=tree)
    assert "linked" not in result.out
    assert "secret" not in result.out
    assert "2 symlink" in result.out


def test_outside_git_every_file_is_walked_but_exclude_applies(run_cli: Run, tmp_path: Path) -> None:
    text = BUNDLED_FILE.read_text("utf-8") + "\nscan:\n  exclude: [docs/]\n"
    tree = build_tree(tmp_path / "plain", text, init_git=False)
    (tree / ".gitignore").write_text("build/\n", "utf-8")
    (tree / WE / "build").mkdir()
    (tree / WE / "build" / "ports.txt").write_text("18100\n", "utf-8")
    result = run_cli("scan", "--registry", "registry", cwd=tree)
    # Not a git tree: .gitignore means nothing, the scan.exclude globs still apply.
    assert f"{WE}/build/ports.txt:1:1: error PR501" in result.out
    assert "docs/testing.md" not in result.out
    for expected in finding_lines("\n".join(EXPECTED)):
        assert expected in result.out or expected.startswith("docs/")


def test_staged_scans_the_index_not_the_work_tree(run_cli: Run, tree: Path) -> None:
    new = tree / WE / "staged_test.go"
    new.write_text('url := "localhost:18100"\n', "utf-8")
    git(tree, "add", str(new))
    new.write_text('url := "localhost:18097"\n', "utf-8")  # fixed, but not staged
    (tree / WE / "unstaged_test.go").write_text('u := "localhost:18100"\n', "utf-8")
    result = run_cli("scan", "--staged", "--concise", cwd=tree)
    assert result.out.splitlines() == [
        "workflowexecution api 18100: effectivenessmonitor's integration api port (1 place)",
        f"{WE}/staged_test.go:1:19: error PR501 foreign-port: workflowexecution uses "
        "effectivenessmonitor's integration api 18100",
        "1 error, 0 warnings in 1 file (registry 1.10)",
    ]
    assert result.code == 1


def test_hook_scans_exactly_the_files_it_is_given(run_cli: Run, tree: Path) -> None:
    """The portreg-scan hook runs ``portreg scan FILE…`` with the staged files."""
    audit = f"{WE}/audit_datastorage_test.go"
    result = run_cli("scan", "--concise", "--show-notes", audit, "docs/testing.md", cwd=tree)
    assert [line.split(":")[0] for line in finding_lines(result.out)] == [
        audit,
        "docs/testing.md",
        "docs/testing.md",
    ]
    assert "in 2 files" in result.out.splitlines()[-1]


def test_paths_are_shown_relative_to_the_current_directory(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", ".", cwd=tree / WE)
    assert "audit_datastorage_test.go:11:42: error PR501" in result.out
    assert "docs/testing.md" not in result.out


def test_the_registry_itself_is_not_scanned(run_cli: Run) -> None:
    result = run_cli("scan", "registry", cwd=ROOT)
    assert result.code == 0
    assert result.out == "0 errors, 0 warnings in 0 files (1 skipped: 1 excluded) (registry 1.10)\n"


def test_a_missing_path_is_a_usage_error(run_cli: Run, tree: Path) -> None:
    result = run_cli("scan", "no/such/dir", cwd=tree)
    assert result.code == 2
    assert "does not exist" in result.err
    assert result.out == ""


def test_an_invalid_registry_stops_the_scan(run_cli: Run, tmp_path: Path) -> None:
    tree = build_tree(tmp_path / "p", "portreg: 1\ntitle: x\n")
    result = run_cli("scan", cwd=tree)
    assert result.code == 2
    assert "PR101" in result.out
    assert "foreign-port" not in result.out


def test_staged_outside_git_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    tree = build_tree(tmp_path / "p", init_git=False)
    result = run_cli("scan", "--staged", "--registry", "registry", cwd=tree)
    assert result.code == 2
    assert result.err == "portreg: usage: --staged needs a git work tree\n"
    assert not os.path.exists(tree / ".git")


def test_files_generated_by_export_are_skipped(run_cli: Run, tree: Path) -> None:
    target = tree / WE / "ports_gen.go"
    assert run_cli("export", "--format", "go", "-o", str(target), cwd=tree).code == 0
    result = run_cli("scan", str(target), cwd=tree)
    assert result.out == (
        "0 errors, 0 warnings in 0 files (1 skipped: 1 generated by portreg export) "
        "(registry 1.10)\n"
    )


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_forked_workers_find_exactly_what_one_process_finds(
    run_cli: Run, tree: Path, jobs: str
) -> None:
    single = run_cli("scan", "--format", "json", cwd=tree, env={"PORTREG_SCAN_JOBS": "1"})
    forked = run_cli("scan", "--format", "json", cwd=tree, env={"PORTREG_SCAN_JOBS": jobs})
    assert single.code == forked.code == 1
    assert json.loads(forked.out) == json.loads(single.out)
    text = run_cli("scan", "--concise", "--show-notes", cwd=tree, env={"PORTREG_SCAN_JOBS": jobs})
    assert text.out.splitlines()[: len(EXPECTED)] == EXPECTED


@pytest.mark.parametrize("jobs", ["0", "many"])
def test_a_bad_job_count_is_a_usage_error(run_cli: Run, tree: Path, jobs: str) -> None:
    result = run_cli("scan", cwd=tree, env={"PORTREG_SCAN_JOBS": jobs})
    assert result.code == 2
    assert "PORTREG_SCAN_JOBS" in result.err and "Traceback" not in result.err
