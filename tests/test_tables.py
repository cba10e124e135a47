"""The one table helper: tabulate's module state is left as found, and the tables look the
same whichever was drawn first."""

from __future__ import annotations

import tabulate as tabulate_module

from portreg.tables import markdown_table, terminal_table


def _tabulate_globals() -> dict[str, object]:
    return {
        name: value
        for name, value in vars(tabulate_module).items()
        if name.isupper() and isinstance(value, int | str | bool | float)
    }


def test_terminal_table_leaves_tabulate_globals_as_found() -> None:
    before = _tabulate_globals()
    terminal_table([["PR101", "error"]], headers=["CODE", "SEVERITY"])
    assert _tabulate_globals() == before
    assert tabulate_module.MIN_PADDING == 2


def test_terminal_columns_two_spaces_apart_headers_included() -> None:
    lines = terminal_table(
        [["8080", "api"], ["443", "billing-gateway"]], headers=["PORT", "SERVICE"], right=[0]
    )
    assert lines == [
        "PORT  SERVICE",
        "8080  api",
        " 443  billing-gateway",
    ]


def test_a_drawn_terminal_table_does_not_change_a_later_pipe_table() -> None:
    """Another caller of tabulate in the same process (a plugin, a test) sees its defaults."""
    from tabulate import tabulate

    first = markdown_table(["PORT", "SERVICE"], [["8080", "api"]])
    terminal_table([["x", "y"]], headers=["LONG HEADER", "B"])
    # tabulate's default: a header's rule two wider than the header.
    assert tabulate([["a"]], headers=["h"], tablefmt="simple") == "h\n---\na"
    assert markdown_table(["PORT", "SERVICE"], [["8080", "api"]]) == first
