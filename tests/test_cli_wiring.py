"""The command line's wiring (portreg/main.py and portreg/cli/): every command is listed and
has help, none is defined and left out, and wiring them loads none of their work."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
import pytest
from conftest import BUNDLED_FILE, ROOT
from helpers import after_portreg
from inprocess import invoke

import portreg.cli
from portreg.main import cli

# Alphabetical, as `portreg --help` lists them.
COMMANDS = (
    "allocate",
    "check",
    "diff",
    "export",
    "init",
    "move",
    "next",
    "plan",
    "probe",
    "release",
    "rename",
    "render-docs",
    "rules",
    "run",
    "scan",
    "schema",
    "who",
)


def listed_commands(help_text: str) -> list[str]:
    """The command names of the Commands: section of a group's --help."""
    section = help_text.split("\nCommands:\n")[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def test_top_level_help_lists_every_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--help")  # a real `python -m portreg` process
    assert result.code == 0 and result.err == ""
    assert listed_commands(result.out) == list(COMMANDS)
    assert cli.list_commands(click.Context(cli)) == list(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help(command: str, flag: str) -> None:
    result = invoke(command, flag)
    assert result.code == 0 and result.err == "", result.err
    assert result.out.startswith(f"Usage: portreg {command} [OPTIONS]")
    assert "\nOptions:\n" in result.out and "-h, --help" in result.out
    # Every --help ends with what its exit statuses mean.
    statuses = " ".join(result.out.split("Exit status: ")[1].split())
    assert statuses.startswith("0 ") and "2 input that cannot be read or bad usage" in statuses
    assert statuses.endswith("130 interrupted (Ctrl-C).")


def test_every_command_defined_in_the_cli_package_is_wired() -> None:
    """A command declared in portreg/cli/ but left out of its module's COMMANDS would be
    missing from the command line without any other test noticing."""
    defined = {}
    for module_info in pkgutil.iter_modules(portreg.cli.__path__):
        module = importlib.import_module(f"portreg.cli.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command):
                defined[value.name] = value
    assert sorted(defined) == list(COMMANDS)
    context = click.Context(cli)
    assert all(cli.get_command(context, name) is command for name, command in defined.items())


def test_unknown_command_is_exit_2_with_usage() -> None:
    result = invoke("frobnicate")
    assert result.code == 2 and result.out == ""
    assert "No such command 'frobnicate'" in result.err


def loaded_modules(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_wiring_loads_no_command_work() -> None:
    """`import portreg.main` is on every command's start-up (git hooks run check): it may
    load click and the group, never a command's wiring or work, a reporter, YAML or pydantic."""
    loaded = loaded_modules("import portreg.main")
    packages = {name.split(".")[0] for name in loaded if not name.startswith("_")}
    # coverage measures this process too under `make test` (pyproject.toml: patch subprocess).
    tooling = {"coverage", "$coverage"}
    assert packages - set(sys.stdlib_module_names) - tooling == {"click", "portreg"}
    ours = {name for name in loaded if name.startswith("portreg.")}
    work = (
        "portreg.cli",
        "portreg.commands",
        "portreg.reporters",
        "portreg.loading.loader",
        "portreg.checker",
    )
    assert not {name for name in ours if name.startswith(work)}


def test_a_command_loads_only_its_own_wiring() -> None:
    loaded = after_portreg(["check", "--registry", str(BUNDLED_FILE)], "sorted(sys.modules)")
    wiring = {name for name in loaded if name.startswith("portreg.cli.")}
    assert wiring == {"portreg.cli.checking", "portreg.cli.options"}


def test_check_draws_no_table_so_loads_no_tabulate() -> None:
    """tabulate is imported where a table is drawn: a plain check (a git hook) never pays for
    it, --statistics (a table) does."""
    plain = after_portreg(["check", "--registry", str(BUNDLED_FILE)], "sorted(sys.modules)")
    assert "tabulate" not in plain
    counted = after_portreg(
        ["check", "--statistics", "--registry", str(BUNDLED_FILE)], "sorted(sys.modules)"
    )
    assert "tabulate" in counted


def test_a_scan_loads_pathspec_only_for_globs() -> None:
    """pathspec is imported where a registry has globs (``paths``, ``scan.exclude``): its
    import is a tenth of a scan's start-up, which hooks pay at every commit."""
    clues = ROOT / "tests" / "fixtures" / "states" / "scan-clues"  # a registry without globs
    plain = after_portreg(
        ["scan", "--registry", str(clues / "registry" / "ports.yaml"), str(clues)],
        "sorted(sys.modules)",
    )
    assert "pathspec" not in plain and "re2" in plain  # it did scan
    globbed = after_portreg(
        ["scan", "--registry", str(BUNDLED_FILE), str(ROOT / "tests" / "fixtures" / "scan-tree")],
        "sorted(sys.modules)",
    )
    assert "pathspec" in globbed
