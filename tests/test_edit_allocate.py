"""``portreg allocate``: the lowest free port, spliced in with every other line untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_helpers import EDIT_ENV, copy_fixture, endings, line_changes
from inprocess import invoke

from portreg.loading.registry import load_registry

NEWLINES = pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])


def allocate(path: Path, *args: str) -> tuple[int, str, str, bytes]:
    result = invoke("allocate", "--registry", str(path), *args, env=EDIT_ENV)
    return result.code, result.out, result.err, path.read_bytes()


@NEWLINES
def test_allocate_into_a_flow_map_changes_only_that_line(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, out, err, after = allocate(
        path, "gamma", "postgresql", "--tier", "integration", "--no-bump"
    )
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert removed == [f"      integration: {{redis: 16381}}{newline}"]
    # 15433 and 15434 are alpha's and beta's: the lowest free one is 15435.
    assert added == [f"      integration: {{redis: 16381, postgresql: 15435}}{newline}"]
    assert endings(after) == {newline.encode()}
    assert "allocated gamma integration postgresql: 15435" in out


@NEWLINES
def test_allocate_into_a_block_map_adds_one_line(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, _, err, after = allocate(
        path, "beta", "api", "--tier", "integration", "--port", "18090", "--no-bump"
    )
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert removed == []
    assert added == [f"        api: 18090{newline}"]
    text = after.decode()
    # The new line goes after the last entry of beta's integration map, before the comment
    # that introduces e2e.
    assert f"        redis: 16380{newline}        api: 18090{newline}      # e2e next" in text


@NEWLINES
def test_allocate_a_new_service_with_a_bump(tmp_path: Path, newline: str) -> None:
    path = copy_fixture(tmp_path, newline)
    before = path.read_bytes()
    code, out, err, after = allocate(
        path,
        "delta",
        "redis",
        "postgresql",
        "--tier",
        "e2e",
        "--title",
        "Delta",
        "--paths",
        "test/delta/**",
    )
    assert (code, err) == (0, "")
    removed, added = line_changes(before, after)
    assert removed == [f'version: "2.3"{newline}', f"updated: 2026-01-10{newline}"]
    nl = newline
    assert added == [
        f'version: "2.4"{nl}',
        f"updated: 2026-02-01{nl}",
        f"  delta:{nl}",
        f"    title: Delta{nl}",
        f"    paths: [test/delta/**]{nl}",
        f"    ports:{nl}",
        f"      e2e: {{redis: 26380, postgresql: 25434}}{nl}",
        f'  - version: "2.4"{nl}',
        f"    date: 2026-02-01{nl}",
        f'    summary: "delta added (e2e redis 26380, e2e postgresql 25434)"{nl}',
        f"    changes:{nl}",
        f'      - "delta added (e2e redis 26380, e2e postgresql 25434)"{nl}',
    ]
    assert endings(after) == {newline.encode()}
    assert "version 2.3 → 2.4" in out
    loaded = load_registry(path)
    assert loaded.registry is not None
    assert loaded.registry.changelog[0].version == "2.4"


def test_allocate_skips_reserved_and_taken_ports(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    # integration redis: 16379-16381 are taken, 16385 is reserved.
    for expected in (16382, 16383, 16384, 16386):
        service = f"svc{expected}"
        code, out, err, _ = allocate(path, service, "redis", "--tier", "integration", "--no-bump")
        assert (code, err) == (0, "")
        assert f"allocated {service} integration redis: {expected}" in out


def test_allocate_major_bump(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    code, _, _, after = allocate(path, "gamma", "redis", "--tier", "e2e", "--major")
    assert code == 0
    assert b'version: "3.0"\n' in after


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, _, after = allocate(
        path, "gamma", "postgresql", "--tier", "integration", "--dry-run"
    )
    assert code == 0
    assert after == before
    assert "+      integration: {redis: 16381, postgresql: 15435}" in out
    assert "dry run, nothing written" in out


def test_a_conflicting_port_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, err, after = allocate(
        path, "gamma", "postgresql", "--tier", "integration", "--port", "15433"
    )
    assert code == 1
    assert after == before
    assert "PR201 port-conflict" in out
    assert "nothing written: the change would add 1 error" in err


def test_a_reserved_port_is_refused(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, _, after = allocate(path, "gamma", "redis", "--tier", "e2e", "--port", "16385")
    assert code == 1
    assert after == before
    assert "PR204 reserved-port" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("gamma", "redis", "--tier", "staging"), "--tier: no tier staging"),
        (("gamma", "mongodb", "--tier", "e2e"), "no component mongodb"),
        (("alpha", "redis", "--tier", "integration"), "alpha already has integration redis"),
        (("gamma", "api", "--tier", "e2e"), "api declares no range for tier e2e"),
        (("gamma", "redis", "postgresql", "--tier", "e2e", "--port", "1"), "--port gives one port"),
        (("gamma", "redis", "redis", "--tier", "e2e"), "a component is named twice"),
        (
            ("gamma", "redis", "--tier", "e2e", "--title", "G"),
            "--title and --paths only go with a new",
        ),
        (("gamma", "redis", "--tier", "e2e", "--in-block"), "gamma has no e2e block"),
        (("gamma", "redis", "--tier", "e2e", "--major", "--no-bump"), "choose one"),
    ],
)
def test_bad_input_is_exit_2_with_one_line_and_nothing_written(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    path = copy_fixture(tmp_path)
    before = path.read_bytes()
    code, out, err, after = allocate(path, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1
    assert out == ""
    assert after == before


def test_a_full_range_says_so(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    for index in range(6):  # 16382-16384, 16386-16388: the rest of the range
        assert allocate(path, f"s{index}", "redis", "--tier", "integration", "--no-bump")[0] == 0
    code, _, err, _ = allocate(path, "full", "redis", "--tier", "integration")
    assert code == 2
    assert "the redis integration range 16379-16388 has no free port" in err


def test_allocate_in_block(tmp_path: Path, write_registry: object) -> None:
    path = copy_fixture(tmp_path)
    text = path.read_text().replace(
        "  gamma:\n    title: Gamma\n",
        "  gamma:\n    title: Gamma\n    blocks: {e2e: 27000-27009}\n",
    )
    path.write_text(text)
    code, out, err, _ = allocate(
        path, "gamma", "redis", "api", "--tier", "e2e", "--in-block", "--no-bump"
    )
    assert (code, err) == (0, "")
    assert "allocated gamma e2e redis: 27000" in out
    assert "allocated gamma e2e api: 27001" in out


def test_an_invalid_registry_is_not_edited(tmp_path: Path) -> None:
    path = tmp_path / "ports.yaml"
    path.write_text("portreg: 1\ntitle: x\n")
    code, _, err, after = allocate(path, "a", "redis", "--tier", "e2e")
    assert code == 2
    assert after == b"portreg: 1\ntitle: x\n"
    assert "PR101" in err


def test_every_editing_command_is_on_the_command_line() -> None:
    # A merge once left release without its @cli.command(): it silently became no command.
    listed = invoke("--help").out
    for command in ("allocate", "move", "release", "rename", "init"):
        assert f"  {command} " in listed
