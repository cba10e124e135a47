"""``portreg render-docs`` as users run it: targets, markers, --check, --section, errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Result
from markdown_tables import tables_under

from portreg.render import SECTIONS

RunCli = Callable[..., Result]

DOC = "docs/ports.md"
REGISTRY = """\
docs:
  - path: docs/ports.md
services:
  a:
    ports: {integration: {postgresql: 15433, redis: 16379}}
  b:
    ports: {integration: {postgresql: 15434, redis: 16380}}
changelog:
  - {version: "1.0", date: 2025-01-01, summary: First}
"""

PROSE = (
    "# Ports\n\nHand-written intro.\n\n"
    "<!-- portreg:begin allocations -->\nold table\n<!-- portreg:end allocations -->\n\n"
    "Prose between.\n\n"
    "<!-- portreg:begin ranges -->\n<!-- portreg:end ranges -->\n\nTrailing prose\n"
)


@pytest.fixture
def project(tmp_path: Path, write_registry: Callable[..., Path]) -> Path:
    """A git project with registry/ports.yaml declaring docs/ports.md."""
    (tmp_path / ".git").mkdir()
    write_registry(REGISTRY, name="registry/ports.yaml")
    (tmp_path / "docs").mkdir()
    return tmp_path


def region(text: str, name: str) -> str:
    return text.split(f"<!-- portreg:begin {name} -->")[1].split(f"<!-- portreg:end {name} -->")[0]


def test_creates_a_missing_file_whole_then_updates_it_in_place(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("render-docs", cwd=project)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == f"{DOC}: created (13 sections)"
    # the port map the map section links to, written beside it
    assert result.out.splitlines()[1:] == ["docs/port-map-integration.svg: created (port map)"]
    created = (project / DOC).read_text(encoding="utf-8")
    assert created.startswith("<!-- portreg:begin header -->\n# Test ports\n")
    again = run_cli("render-docs", cwd=project)
    assert again.out.splitlines()[0] == f"{DOC}: up to date (13 sections)"
    assert (project / DOC).read_text(encoding="utf-8") == created
    stdout = run_cli("render-docs", "--output", "-", cwd=project)
    assert stdout.out == created


def test_replaces_only_between_markers(project: Path, run_cli: RunCli) -> None:
    target = project / DOC
    target.write_text(PROSE, encoding="utf-8")
    result = run_cli("render-docs", cwd=project)
    assert result.code == 0, result.err
    assert result.out == f"{DOC}: updated (2 sections)\n"
    text = target.read_text(encoding="utf-8")
    assert "old table" not in text
    assert "| a " in region(text, "allocations")
    assert "16381-16388" in region(text, "ranges")
    outside = [text.split("<!-- portreg:begin")[0], text.split("-->")[-1]]
    assert outside == ["# Ports\n\nHand-written intro.\n\n", "\n\nTrailing prose\n"]
    assert (
        "\n<!-- portreg:end allocations -->\n\nProse between.\n\n<!-- portreg:begin ranges -->\n"
        in text
    )
    first = target.read_bytes()
    assert run_cli("render-docs", cwd=project).out == f"{DOC}: up to date (2 sections)\n"
    assert target.read_bytes() == first


def test_crlf_file_keeps_its_line_endings(project: Path, run_cli: RunCli) -> None:
    target = project / DOC
    original = PROSE.replace("\n", "\r\n").encode()
    target.write_bytes(original)
    assert run_cli("render-docs", cwd=project).code == 0
    data = target.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF anywhere
    before, after = original.split(b"old table\r\n")
    assert data.startswith(before)
    assert data.endswith(after.split(b"<!-- portreg:begin ranges -->")[1])
    unix = run_cli("render-docs", "--output", "-", "--section", "allocations", cwd=project).out
    assert region(data.decode(), "allocations") == region(unix, "allocations").replace("\n", "\r\n")
    assert run_cli("render-docs", "--check", cwd=project).code == 0


def test_check_reports_stale_with_a_diff_and_writes_nothing(project: Path, run_cli: RunCli) -> None:
    target = project / DOC
    target.write_text(PROSE, encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))
    result = run_cli("render-docs", "--check", cwd=project)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f"{DOC}: stale"
    assert lines[1:3] == [f"--- {DOC}", f"+++ {DOC} (rendered)"]
    assert "-old table" in lines
    assert any(line.startswith("+| a ") for line in lines)
    assert target.read_text(encoding="utf-8") == PROSE
    assert target.stat().st_mtime == 1_000_000
    assert run_cli("render-docs", cwd=project).code == 0
    fresh = run_cli("render-docs", "--check", cwd=project)
    assert (fresh.code, fresh.out) == (0, f"{DOC}: up to date\n")


def test_check_on_a_missing_file_does_not_create_it(project: Path, run_cli: RunCli) -> None:
    result = run_cli("render-docs", "--check", cwd=project)
    assert result.code == 1
    assert result.out.startswith(f"{DOC}: missing\n--- /dev/null\n+++ {DOC} (rendered)\n")
    assert not (project / DOC).exists()


def test_section_option_renders_only_that_section(project: Path, run_cli: RunCli) -> None:
    target = project / DOC
    target.write_text(PROSE, encoding="utf-8")
    result = run_cli("render-docs", "--section", "ranges", cwd=project)
    assert result.code == 0, result.err
    assert result.out == f"{DOC}: updated (1 section)\n"
    text = target.read_text(encoding="utf-8")
    assert region(text, "allocations") == "\nold table\n"
    assert "16381-16388" in region(text, "ranges")
    stale = run_cli("render-docs", "--check", "--section", "allocations", cwd=project)
    assert stale.code == 1
    assert run_cli("render-docs", "--check", "--section", "ranges", cwd=project).code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--section", "tables"],
            "--section: no section tables; sections: header, services, allocations",
        ),
        (["--section", "changelog"], "--section changelog: no target holds it"),
        (["--check", "--output", "-"], "--check compares files; it cannot be used with --output -"),
    ],
)
def test_bad_usage(project: Path, run_cli: RunCli, args: list[str], message: str) -> None:
    (project / DOC).write_text(PROSE, encoding="utf-8")
    result = run_cli("render-docs", *args, cwd=project)
    assert result.code == 2
    assert result.err.startswith("portreg: usage: ")
    assert message in result.err
    assert len(result.err.splitlines()) == 1
    assert (project / DOC).read_text(encoding="utf-8") == PROSE


def test_no_targets_is_a_usage_error(run_cli: RunCli, write_registry: Callable[..., Path]) -> None:
    registry = write_registry()
    result = run_cli("render-docs", "--registry", str(registry))
    assert result.code == 2
    assert "the registry lists no docs to generate" in result.err


def test_output_file_is_relative_to_the_current_directory(project: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "render-docs", "--output", "out.md", "--section", "changelog", cwd=project / "docs"
    )
    assert result.code == 0, result.err
    assert result.out == "out.md: created (1 section)\n"
    text = (project / "docs" / "out.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- portreg:begin changelog -->\n## Revision history\n")


def test_same_output_from_any_directory_and_registry_spelling(
    project: Path, run_cli: RunCli
) -> None:
    outputs = {
        run_cli("render-docs", "-o", "-", cwd=project).out,
        run_cli("render-docs", "-o", "-", cwd=project / "docs").out,
        run_cli("render-docs", "-o", "-", "--registry", "registry/ports.yaml", cwd=project).out,
        run_cli("render-docs", "-o", "-", "--registry", str(project / "registry")).out,
    }
    assert len(outputs) == 1
    assert "from `registry/ports.yaml`" in outputs.pop()


def test_registry_with_errors_is_not_rendered(project: Path, run_cli: RunCli) -> None:
    registry = project / "registry" / "ports.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("redis: 16380", "redis: 16379"),
        encoding="utf-8",
    )
    result = run_cli("render-docs", cwd=project)
    assert result.code == 1
    assert "error PR201 port-conflict: redis 16379" in result.out
    assert "nothing rendered" in result.out
    assert not (project / DOC).exists()
    piped = run_cli("render-docs", "--output", "-", cwd=project)
    assert (piped.code, piped.out) == (1, "")
    assert "PR201" in piped.err


def test_registry_docs_entry_with_declared_sections(project: Path, run_cli: RunCli) -> None:
    registry = project / "registry" / "ports.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace(
            "  - path: docs/ports.md\n",
            "  - {path: docs/ports.md, sections: [changelog, header]}\n",
        ),
        encoding="utf-8",
    )
    result = run_cli("render-docs", cwd=project)
    assert result.out == f"{DOC}: created (2 sections)\n"
    created = (project / DOC).read_text(encoding="utf-8")
    assert created.index("portreg:begin changelog") < created.index("portreg:begin header")
    assert "portreg:begin allocations" not in created


def test_unknown_section_in_registry_docs_is_a_check_finding(
    run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    registry = write_registry(
        "docs:\n  - {path: x.md, sections: [header, tabels]}\n  - {path: x.md}\n"
    )
    result = run_cli("check", "--registry", str(registry))
    assert result.code == 1
    assert "ports.yaml:13:37: error PR601 docs-target: unknown section 'tabels'" in result.out
    assert "ports.yaml:14:12: error PR601 docs-target: x.md is listed twice (line 13)" in result.out


def test_not_utf8_target(project: Path, run_cli: RunCli) -> None:
    (project / DOC).write_bytes(b"# Ports\n\xff\xfe\n")
    result = run_cli("render-docs", cwd=project)
    assert result.code == 2
    assert result.err == (
        f"{DOC}:2:1: error PR603 doc-unreadable: {DOC} is not UTF-8 (byte 8); "
        "portreg writes only UTF-8\n"
    )


def test_dogfood_docs_are_fresh(run_cli: RunCli) -> None:
    result = run_cli("render-docs", "--check", cwd=ROOT)
    assert (result.code, result.out.splitlines()) == (
        0,
        [
            "docs/port-allocation.md: up to date",
            "docs/port-map-integration.svg: up to date",
            "docs/port-map-e2e.svg: up to date",
        ],
    )


def test_help(run_cli: RunCli) -> None:
    result = run_cli("render-docs", "--help")
    assert result.code == 0
    for option in ("--registry", "--output", "--check", "--section"):
        assert option in result.out
    flat = " ".join(result.out.split())
    assert ", ".join(SECTIONS) in flat


def test_a_registry_change_without_regenerated_docs_fails_the_check(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / ".git").mkdir()
    pictures = [f"docs/{path.name}" for path in (ROOT / "docs").glob("port-map-*.svg")]
    for name in ("registry/ports.yaml", "docs/port-allocation.md", *pictures):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    assert run_cli("render-docs", "--check", cwd=tmp_path).code == 0
    registry = tmp_path / "registry" / "ports.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("{postgresql: 15441, redis: 16388", "{postgresql: 15441, redis: 16383"),
        encoding="utf-8",
    )
    stale = run_cli("render-docs", "--check", cwd=tmp_path)
    assert stale.code == 1
    removed = [line for line in stale.out.splitlines() if line.startswith("-|")]
    added = [line for line in stale.out.splitlines() if line.startswith("+|")]
    assert any("Workflow Execution (WE)" in line and "16388" in line for line in removed)
    assert any("Workflow Execution (WE)" in line and "16383" in line for line in added)
    assert any("| Redis " in line and "16386, 16388" in line for line in added)
    written = run_cli("render-docs", cwd=tmp_path)
    # the Redis moved within the integration map's lane: that picture changes too
    assert written.out.splitlines() == [
        "docs/port-allocation.md: updated (9 sections)",
        "docs/port-map-integration.svg: updated (port map)",
        "docs/port-map-e2e.svg: up to date (port map)",
    ]
    assert run_cli("render-docs", "--check", cwd=tmp_path).code == 0


def test_warnings_do_not_stop_rendering(
    run_cli: RunCli, write_registry: Callable[..., Path], tmp_path: Path
) -> None:
    registry = write_registry("services:\n  a: {ports: {integration: {redis: 6379}}}\n")
    result = run_cli("render-docs", "-r", str(registry), "-o", "out.md", cwd=tmp_path)
    assert (result.code, result.out) == (
        0,
        "out.md: created (13 sections)\nport-map-integration.svg: created (port map)\n",
    )
    (table,) = tables_under((tmp_path / "out.md").read_text(encoding="utf-8"), "integration")
    assert table.rows == [["a", "6379"]]
