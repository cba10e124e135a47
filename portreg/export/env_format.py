"""``NAME=16388`` lines: readable by ``. file`` in sh, by dotenv and by ``docker --env-file``.

Values are bare digits and names are ``[A-Z0-9_]``, so no quoting is needed by any of them.
Comments only on lines of their own: docker's env-file format has no trailing comments.
A suite with parallel workers adds its worker count and each port's stride; with
``--worker I`` the same names hold worker I's ports instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from portreg.export import Export, worker_groups


def render(export: Export) -> str:
    lines = [f"# {line}" for line in export.header()]
    for entry in _entries(export):
        lines.append(entry if isinstance(entry, str) else f"{entry[0]}={entry[1]}")
    return "\n".join(lines) + "\n"


def variables(export: Export) -> list[tuple[str, str]]:
    """The (name, value) pairs the file sets: what ``portreg run`` gives its command."""
    return [entry for entry in _entries(export) if not isinstance(entry, str)]


def _entries(export: Export) -> Iterator[str | tuple[str, str]]:
    """The file's lines after the header: comment lines, and (name, value) pairs."""
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        everything = list(group)
        yield ""
        yield f"# {export.service_heading(service)}"
        for constant in everything:
            if constant.dynamic:
                yield f"# {constant.upper}: {constant.detail()}"
            else:
                yield constant.upper, str(constant.port)
        for workers in worker_groups(export, everything):
            yield f"# {workers.about()}"
            yield f"{workers.upper}_WORKERS", str(workers.count)
            for constant in workers.constants:
                yield f"{constant.upper}_STRIDE", str(constant.stride)
