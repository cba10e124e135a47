"""Every table portreg draws, markdown or terminal, through tabulate, so that all look alike.

tabulate is imported inside the functions, never at module level: ``portreg check`` (a git
hook) draws no table unless asked for ``--statistics``, and its start-up is benchmarked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# What an empty markdown cell shows: a cell left blank reads as a rendering fault.
EMPTY_CELL = "—"


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str = EMPTY_CELL
) -> str:
    """A GitHub-flavoured pipe table; cells are used exactly as given (already escaped).

    Cells are not padded to a column width (tabulate's github format with alignment off),
    and the rule under the headers is ``|---|`` per column whatever the widths: one longer
    cell must not rewrite every line of the table, so that a registry change shows as a
    change of the rows it touches. An empty cell shows ``empty``.
    """
    from tabulate import tabulate

    body = [[cell or empty for cell in row] for row in rows]
    drawn = tabulate(
        body,
        headers=list(headers),
        tablefmt="github",
        stralign=None,
        numalign=None,
        disable_numparse=True,
    )
    lines = drawn.split("\n")
    lines[1] = "|" + "---|" * len(headers)
    return "\n".join(lines)


def terminal_table(
    rows: Iterable[Sequence[str]],
    headers: Sequence[str] = (),
    right: Sequence[int] = (),
) -> list[str]:
    """Aligned columns two spaces apart, for a terminal: the lines, without trailing blanks.

    ``right`` lists the columns aligned to the right (counts); ANSI colours in a cell do not
    count towards its width.
    """
    from tabulate import tabulate

    body = [list(row) for row in rows]
    if not body:
        return []
    # The headers go in as the first row: tabulate pads a header by its module-global
    # MIN_PADDING (two more than its column), and a terminal table is read best with every
    # column two spaces apart, headers included. The plain format draws a header row exactly
    # as a data row, so this is the same table without touching the library's globals.
    if headers:
        body.insert(0, list(headers))
    columns = max(len(row) for row in body)
    align = ["right" if column in right else "left" for column in range(columns)]
    drawn = tabulate(body, tablefmt="plain", colalign=align, disable_numparse=True)
    return [line.rstrip() for line in drawn.split("\n")]
