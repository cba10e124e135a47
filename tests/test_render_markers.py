"""Broken markers stop render-docs with one line, exit status 2, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from portreg.findings import InputError
from portreg.render import SECTIONS
from portreg.render.markers import find_regions, new_document, replace_regions

RunCli = Callable[..., Result]

B = "<!-- portreg:begin {} -->\n".format
E = "<!-- portreg:end {} -->\n".format


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "# Ports\n\nNo markers here.\n",
            "1:1",
            "no portreg markers: put <!-- portreg:begin NAME -->",
        ),
        (
            B("ranges") + E("ranges") + "x\n" + B("ranges") + E("ranges"),
            "4:1",
            "section ranges appears twice (first at line 1)",
        ),
        (
            B("ranges") + B("shares") + E("shares") + E("ranges"),
            "2:1",
            "portreg:begin shares inside section ranges (opened at line 1); close that one first",
        ),
        (
            "text\n" + E("ranges"),
            "2:1",
            "portreg:end ranges without a portreg:begin ranges before it",
        ),
        (
            B("ranges") + "\n" + E("shares"),
            "3:1",
            "portreg:end shares, but section ranges (line 1) is the one open",
        ),
        (
            "a\n  " + B("ranges") + "b\n",
            "2:3",
            "portreg:begin ranges is never closed: add a line <!-- portreg:end ranges --> after it",
        ),
        (B("ranges") + "<!-- portreg:end ranges --> trailing words\n", "2:1", "malformed marker"),
        ("<!-- portreg:begin -->\n", "1:1", "malformed marker"),
        (B("tables") + E("tables"), "1:1", "unknown section 'tables'; sections: header,"),
    ],
    ids=[
        "missing",
        "duplicated",
        "nested",
        "end-without-begin",
        "mismatched",
        "unclosed",
        "malformed",
        "no-name",
        "unknown",
    ],
)
def test_marker_errors(
    tmp_path: Path,
    run_cli: RunCli,
    write_registry: Callable[..., Path],
    text: str,
    where: str,
    message: str,
) -> None:
    registry = write_registry()
    target = tmp_path / "ports.md"
    target.write_bytes(text.encode())
    result = run_cli(
        "render-docs", "--registry", str(registry), "--output", "ports.md", cwd=tmp_path
    )
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"ports.md:{where}: error PR602 doc-markers: {message}")
    assert len(result.err.splitlines()) == 1
    assert target.read_bytes() == text.encode()
    check = run_cli(
        "render-docs", "--registry", str(registry), "--output", "ports.md", "--check", cwd=tmp_path
    )
    assert check.code == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ports.md", "ports.yaml"]


def test_a_broken_second_target_leaves_the_first_unwritten(
    tmp_path: Path, run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    registry = write_registry("docs:\n  - path: good.md\n  - path: bad.md\n")
    (tmp_path / ".git").mkdir()
    good = B("changelog") + "stale\n" + E("changelog")
    (tmp_path / "good.md").write_text(good, encoding="utf-8")
    (tmp_path / "bad.md").write_text(B("changelog"), encoding="utf-8")
    result = run_cli("render-docs", "--registry", str(registry), cwd=tmp_path)
    assert result.code == 2
    assert "bad.md:1:1: error PR602" in result.err
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == good


def test_declared_sections_need_their_markers(
    tmp_path: Path, run_cli: RunCli, write_registry: Callable[..., Path]
) -> None:
    registry = write_registry("docs:\n  - {path: p.md, sections: [ranges, changelog]}\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.md").write_text(B("ranges") + E("ranges"), encoding="utf-8")
    result = run_cli("render-docs", "--registry", str(registry), cwd=tmp_path)
    assert result.code == 2
    assert "p.md:1:1: error PR602 doc-markers: no markers for section changelog" in result.err
    (tmp_path / "p.md").write_text(
        B("ranges") + E("ranges") + B("changelog") + E("changelog") + B("shares") + E("shares"),
        encoding="utf-8",
    )
    extra = run_cli("render-docs", "--registry", str(registry), cwd=tmp_path)
    assert extra.code == 2
    assert extra.err.startswith(
        "p.md:5:1: error PR602 doc-markers: markers for section shares, which the registry's "
        "docs entry does not list"
    )


def test_markers_in_code_and_prose_are_not_markers() -> None:
    text = (
        "Put `<!-- portreg:begin NAME -->` lines in the file:\n\n"
        "```markdown\n" + B("ranges") + "~~~\n" + E("ranges") + "```\n\n"
        "~~~~\n" + B("header") + "~~~~\n\n" + B("changelog") + "old\n" + E("changelog")
    )
    regions = find_regions(text, "f.md", SECTIONS)
    assert list(regions) == ["changelog"]
    replaced = replace_regions(text, regions, {"changelog": "new"})
    assert replaced == text.replace("old\n", "new\n")


def test_regions_are_replaced_and_everything_else_kept() -> None:
    text = "intro\r\n" + B("header").replace("\n", "\r\n") + "x\r\ny\r\n" + E("header") + "tail"
    regions = find_regions(text, "f.md", SECTIONS)
    assert replace_regions(text, regions, {"header": "a\nb\n"}) == (
        "intro\r\n<!-- portreg:begin header -->\r\na\r\nb\r\n<!-- portreg:end header -->\ntail"
    )
    empty = B("shares") + E("shares")
    assert replace_regions(empty, find_regions(empty, "f", SECTIONS), {"shares": "t"}) == (
        B("shares") + "t\n" + E("shares")
    )
    document = new_document({"ranges": "r", "shares": "s"})
    assert document == B("ranges") + "r\n" + E("ranges") + "\n" + B("shares") + "s\n" + E("shares")
    assert list(find_regions(document, "f", SECTIONS)) == ["ranges", "shares"]


def test_error_is_an_input_error_with_its_place() -> None:
    with pytest.raises(InputError) as caught:
        find_regions("a\nb\n   " + E("header"), "doc.md", SECTIONS)
    assert str(caught.value).startswith("doc.md:3:4: error PR602 doc-markers: portreg:end header")


def test_a_byte_order_mark_is_kept_and_does_not_hide_the_first_marker() -> None:
    text = "\ufeff" + B("header") + "old\n" + E("header")
    regions = find_regions(text, "f.md", SECTIONS)
    assert list(regions) == ["header"]
    assert replace_regions(text, regions, {"header": "new"}) == text.replace("old", "new")
