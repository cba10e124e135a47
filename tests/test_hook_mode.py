"""Under pre-commit (PRE_COMMIT=1) a broken registry is portreg-check's to report: the other
hooks say so in one line. And the export fixer's exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import V19

BROKEN = {
    "syntax": V19.replace("tiers:\n", "tiers\n", 1),  # PR001: an input error
    "schema": V19.replace("portreg: 1\n", "portreg: 7\n", 1),  # PR1xx: does not validate
}
COMMANDS = {
    "render-docs": ("render-docs", "--exit-nonzero-on-change"),
    "export": ("export", "--format", "env", "--check", "-o", "ports.env"),
    "scan": ("scan",),
}


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "ports.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_other_hooks_say_see_portreg_check_in_one_line(run_cli, tmp_path, broken, command):
    root = project(tmp_path, BROKEN[broken])
    hooked = run_cli(*COMMANDS[command], cwd=root, env={"PRE_COMMIT": "1"})
    assert hooked.code in (1, 2)
    assert (hooked.out, hooked.err) == ("", "registry invalid: see portreg-check\n")
    # Outside pre-commit, the command still says why.
    plain = run_cli(*COMMANDS[command], cwd=root)
    assert plain.code == hooked.code
    assert "registry/ports.yaml:" in plain.out + plain.err


def test_portreg_check_still_reports_the_errors_under_pre_commit(run_cli, tmp_path):
    root = project(tmp_path, BROKEN["schema"])
    result = run_cli("check", cwd=root, env={"PRE_COMMIT": "1"})
    assert result.code == 1
    assert "registry/ports.yaml:5:10: error PR1" in result.out


def test_export_fixer_fails_when_it_writes_and_passes_when_fresh(run_cli, tmp_path):
    root = project(tmp_path, V19)
    args = ("export", "--format", "env", "-o", "gen/ports.env", "--exit-nonzero-on-change")
    created = run_cli(*args, cwd=root)
    assert (created.code, created.err) == (1, "wrote gen/ports.env (33 ports)\n")
    written = root / "gen" / "ports.env"
    before = written.stat().st_mtime_ns
    fresh = run_cli(*args, cwd=root)
    assert (fresh.code, fresh.err) == (0, "gen/ports.env: up to date (33 ports)\n")
    assert written.stat().st_mtime_ns == before  # not rewritten
