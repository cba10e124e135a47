"""``portreg scan`` on hostile trees (issue 12, defects 5, 7, 8, 9 and 12): names with
newlines or bytes that are not UTF-8, symlinked parents, submodules and unreadable
directories. Each case is a real git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED_FILE
from gitrepo import GitRepo, git_env
from inprocess import invoke

WE = "test/integration/workflowexecution"
# effectivenessmonitor's integration api port: foreign in a workflowexecution file.
FOREIGN = 'url := "localhost:18100"\n'
CLEAN = 'url := "localhost:18097"\n'


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repository = GitRepo(tmp_path / "repo")
    repository.write("registry/ports.yaml", BUNDLED_FILE.read_text(encoding="utf-8"))
    repository.commit("registry")
    return repository


def write_bytes(repo: GitRepo, name: bytes, text: str) -> bytes:
    path = os.fsencode(repo.path) + b"/" + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(text.encode())
    return path


def git_add(repo: GitRepo, *names: bytes) -> None:
    subprocess.run(["git", "add", "--", *names], cwd=repo.path, env=git_env(), check=True)


def scan_json(repo: GitRepo, *args: str) -> tuple[int, list[dict[str, object]], dict[str, int]]:
    result = invoke("scan", "--format", "json", *args, cwd=repo.path)
    assert result.code in (0, 1), result
    document = json.loads(result.out)
    return result.code, document["findings"], document["scan"]["skipped"]


def files_with(findings: list[dict[str, object]], code: str = "PR501") -> list[object]:
    return [finding["file"] for finding in findings if finding["code"] == code]


# --- defect 5: staged names with a newline


def test_staged_names_with_a_newline_keep_their_own_content(repo: GitRepo) -> None:
    write_bytes(repo, f"{WE}/a\nb_test.go".encode(), CLEAN)
    write_bytes(repo, f"{WE}/z_test.go".encode(), FOREIGN)
    git_add(repo, f"{WE}/a\nb_test.go".encode(), f"{WE}/z_test.go".encode())
    code, findings, _skipped = scan_json(repo, "--staged")
    assert code == 1
    assert files_with(findings) == [f"{WE}/z_test.go"]


# --- defect 7: names that are not UTF-8


def test_a_non_utf8_name_in_sarif_and_staged(repo: GitRepo) -> None:
    write_bytes(repo, f"{WE}/bad\xff_test.go".encode("latin-1"), FOREIGN)
    git_add(repo, f"{WE}/bad\xff_test.go".encode("latin-1"))
    for args in (("--format", "sarif"), ("--format", "text", "--staged"), ("--staged",)):
        result = invoke("scan", *args, cwd=repo.path)
        assert result.code == 1, result
        assert "internal error" not in result.err
    sarif = json.loads(invoke("scan", "--format", "sarif", cwd=repo.path).out)
    (finding,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "PR501"]
    uri = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"{WE}/bad%FF_test.go"


# --- defect 8: a symlinked parent directory leads outside


def test_a_path_through_a_symlinked_parent_outside_is_refused(
    repo: GitRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "secret_test.go").write_text(FOREIGN, encoding="utf-8")
    (repo.path / "lnk").symlink_to(outside, target_is_directory=True)
    result = invoke("scan", "lnk/sub", cwd=repo.path)
    assert result.code == 2, result
    assert "outside the project" in result.err
    assert "secret" not in result.out


def test_a_path_through_a_symlinked_parent_inside_is_scanned(repo: GitRepo) -> None:
    repo.write(f"{WE}/inner_test.go", FOREIGN)
    repo.commit("file")
    (repo.path / "lnk").symlink_to("test", target_is_directory=True)
    code, findings, _skipped = scan_json(repo, "lnk/integration")
    assert code == 1
    assert files_with(findings) == [f"{WE}/inner_test.go"]


# --- defect 9: every skip is counted


def test_staged_regular_file_now_a_symlink_is_scanned_as_staged(repo: GitRepo) -> None:
    path = repo.write(f"{WE}/moved_test.go", FOREIGN)
    git_add(repo, os.fsencode(f"{WE}/moved_test.go"))
    path.unlink()
    path.symlink_to("../../../registry/ports.yaml")
    code, findings, _skipped = scan_json(repo, "--staged")
    assert code == 1
    assert files_with(findings) == [f"{WE}/moved_test.go"]


def test_a_submodule_is_a_counted_skip(repo: GitRepo) -> None:
    inner = GitRepo(repo.path / "vendored")
    inner.write("ports_test.go", FOREIGN)
    inner.commit("inner")
    repo.git("add", "vendored")  # a gitlink: git does not list the files inside
    _code, _findings, skipped = scan_json(repo)
    assert skipped.get("submodule") == 1
    result = invoke("scan", cwd=repo.path)
    assert "1 submodule" in result.out


def test_a_staged_submodule_is_a_counted_skip(repo: GitRepo) -> None:
    inner = GitRepo(repo.path / "vendored")
    inner.commit("inner")
    repo.git("add", "vendored")
    _code, _findings, skipped = scan_json(repo, "--staged")
    assert skipped.get("submodule") == 1


def test_an_unreadable_directory_is_a_counted_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "plain"  # not a git work tree: the directory walk
    (project / "registry").mkdir(parents=True)
    (project / "registry" / "ports.yaml").write_text(BUNDLED_FILE.read_text("utf-8"), "utf-8")
    (project / "locked").mkdir()
    (project / "locked" / "a_test.go").write_text(FOREIGN, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        # Root may enter any directory: refuse this one the way a mode of 000 would.
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = invoke("scan", "--format", "json", cwd=project)
    assert result.code in (0, 1), result
    assert json.loads(result.out)["scan"]["skipped"]["unreadable directory"] == 1


# --- defect 12: a file name cannot forge a finding line


def test_a_newline_in_a_name_cannot_forge_a_line(repo: GitRepo) -> None:
    forged = f"{WE}/x.go:1:1: error PR501 foreign-port: forged\nreal_test.go"
    write_bytes(repo, forged.encode(), FOREIGN)
    repo.commit("odd name")
    result = invoke("scan", "--concise", cwd=repo.path)
    assert result.code == 1
    lines = result.out.splitlines()
    assert not any(line.startswith("real_test.go") for line in lines), result.out
    (line,) = [line for line in lines if "18100" in line and "PR501" in line]
    assert "forged\\nreal_test.go:1:" in line


# --- issue 21 (13, 2, 10) and issue 18: names, folders, sizes and copies, on the reading side


def test_json_holds_no_lone_surrogate_for_a_name_that_is_not_utf8(repo: GitRepo) -> None:
    write_bytes(repo, f"{WE}/bad\xff_test.go".encode("latin-1"), FOREIGN)
    repo.commit("odd name")
    result = invoke("scan", "--format", "json", cwd=repo.path)
    assert "\\udc" not in result.out  # the escape JSON writes for a lone surrogate
    result.out.encode("utf-8")  # valid Unicode throughout
    files = files_with(json.loads(result.out)["findings"])
    assert files == [f"{WE}/bad\\xff_test.go"]  # as the text format shows it


def test_a_path_into_a_submodule_is_refused(repo: GitRepo) -> None:
    inner = GitRepo(repo.path / "vendored")
    inner.write("deep/ports_test.go", FOREIGN)
    inner.commit("inner")
    repo.git("add", "vendored")
    result = invoke("scan", "vendored/deep", cwd=repo.path)
    assert result.code == 2, result
    assert "inside the submodule vendored" in result.err
    assert "PR501" not in result.out


def test_a_listed_file_below_a_folder_now_a_symlink_out_is_never_read(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.write(f"{WE}/sub/env.sh", "REDIS_PORT=16388\n")
    repo.commit("sub")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "env.sh").write_text('url := "localhost:18100"\n', encoding="utf-8")
    sub = repo.path / WE / "sub"
    (sub / "env.sh").unlink()
    sub.rmdir()
    sub.symlink_to(outside, target_is_directory=True)  # git still lists sub/env.sh
    _code, findings, skipped = scan_json(repo)
    assert not files_with(findings)
    assert skipped.get("symlink") == 2  # the file git lists below it, and the link itself


# The general rule (a kind's extension, then a suffix that is no kind or variant) names
# what no list did; .orig and ~ were listed already (guards).
@pytest.mark.parametrize(
    "name",
    ["infra.go.tmpbak", "suite_test.go.eventfix", "client.go.ogenbak", "x.go.orig", "x.sh~"],
)
def test_backup_and_editor_copies_are_skipped_and_counted(repo: GitRepo, name: str) -> None:
    repo.write(f"{WE}/{name}", FOREIGN)
    repo.commit("copy")
    code, findings, skipped = scan_json(repo)
    assert code == 0 and not files_with(findings)
    assert skipped.get("backup copy") == 1


# Guards of the rule above: templates and variants are files of their own.
@pytest.mark.parametrize("name", ["values.yaml.tpl", "config.toml.example", ".env.e2e"])
def test_templates_and_variants_are_not_backups(repo: GitRepo, name: str) -> None:
    repo.write(f"{WE}/{name}", 'url: "localhost:18100"\n')
    repo.commit("variant")
    _code, findings, _skipped = scan_json(repo)
    assert files_with(findings) == [f"{WE}/{name}"]


def test_a_file_larger_than_max_size_is_refused_without_being_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grew past --max-size after it was listed is refused after max-size + 1
    bytes, not read whole."""
    from portreg.scan import files

    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (files.BINARY_SNIFF * 4))
    asked: list[int] = []
    real_read = os.read

    def counting_read(descriptor: int, size: int) -> bytes:
        asked.append(size)
        return real_read(descriptor, size)

    monkeypatch.setattr(files.os, "read", counting_read)
    limit = files.BINARY_SNIFF + 10
    listed = files.FileToScan(str(path), "big.txt", size=10, limit=limit)  # small when listed
    assert files.read(listed) == (None, "too large")
    assert sum(asked) <= limit + 1


def test_staged_blobs_over_max_size_are_never_fetched(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portreg.scan import staged

    write_bytes(repo, f"{WE}/big_test.go".encode(), FOREIGN + "// " + "x" * 4000 + "\n")
    write_bytes(repo, f"{WE}/small_test.go".encode(), FOREIGN)
    git_add(repo, f"{WE}/big_test.go".encode(), f"{WE}/small_test.go".encode())
    asked: list[bytes] = []
    real_git = staged.git

    def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
        if args[:2] == ["cat-file", "--batch"]:
            asked.append(stdin or b"")
        return real_git(args, cwd, stdin)

    monkeypatch.setattr(staged, "git", git)
    _code, findings, skipped = scan_json(repo, "--staged", "--max-size", "1000")
    assert files_with(findings) == [f"{WE}/small_test.go"]
    assert skipped.get("too large") == 1
    (request,) = asked
    assert len(request.split()) == 1  # only the small blob's id was asked for


def test_discover_skips_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    folder = os.fsencode(tree) + b"/svc/bad\xffdir"
    os.makedirs(folder)
    with open(folder + b"/docker-compose.yml", "wb") as stream:
        stream.write(b'services:\n  r:\n    image: redis\n    ports:\n      - "16390:6379"\n')
    (tree / "svc" / "ok").mkdir()
    (tree / "svc" / "ok" / "docker-compose.yml").write_text(
        'services:\n  r:\n    image: redis\n    ports:\n      - "16391:6379"\n', "utf-8"
    )
    result = invoke("init", "--discover", ".", "--dry-run", cwd=tree)
    assert result.code in (0, 1), result
    assert "internal error" not in result.err
    assert "{redis: 16391}" in result.out and "redis: 16390" not in result.out
    assert "(1 file read)" in result.out + result.err  # the other one skipped, never read


def test_a_kind_config_nested_too_deeply_for_the_python_loader_is_not_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: RecursionError escaped read_kind_config (a traceback from init --discover
    # and scan). libyaml refuses a YAML nested deeper than 1,000 levels itself; the pure
    # Python loader (a PyYAML without libyaml) recurses a few frames a level first.
    monkeypatch.setattr("portreg.scan.kind_configs.YamlLoader", yaml.SafeLoader)
    tree = tmp_path / "tree"
    deep = tree / "test" / "e2e" / "ledger" / "kind-config.yaml"
    deep.parent.mkdir(parents=True)
    nested = "".join("  " * level + "-\n" for level in range(900))
    deep.write_text(f"kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n{nested}")
    fine = tree / "test" / "e2e" / "billing" / "kind-config.yaml"
    fine.parent.mkdir(parents=True)
    fine.write_text(
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n"
        "    extraPortMappings:\n      - containerPort: 30090\n        hostPort: 8090\n"
    )
    result = invoke("init", "--discover", ".", "--dry-run", cwd=tree)
    assert (result.code, "internal error" in result.err) == (0, False), result
    assert "billing:" in result.out and "ledger:" not in result.out
    (tree / "registry").mkdir()
    (tree / "registry" / "ports.yaml").write_text(result.out, encoding="utf-8")
    scanned = invoke("scan", cwd=tree)
    assert (scanned.code, "internal error" in scanned.err) == (0, False), scanned
