"""``NAME=16388`` lines: readable by ``. file`` in sh, by dotenv and by ``docker --env-file``.

Values are bare digits and names are ``[A-Z0-9_]``, so no quoting is needed by any of them.
Comments only on lines of their own: docker's env-file format has no trailing comments.
A suite with parallel workers adds its worker count and each port's stride; with
``--worker I`` the same names hold worker I's ports instead.
"""

from __future__ import annotations

from itertools import groupby

from portreg.export import Export, worker_groups


def render(export: Export) -> str:
    lines = [f"# {line}" for line in export.header()]
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        everything = list(group)
        lines += ["", f"# {export.service_heading(service)}"]
        lines += [
            f"# {c.upper}: {c.detail()}" if c.dynamic else f"{c.upper}={c.port}"
            for c in everything
        ]
        for workers in worker_groups(export, everything):
            lines += [f"# {workers.about()}", f"{workers.upper}_WORKERS={workers.count}"]
            lines += [f"{c.upper}_STRIDE={c.stride}" for c in workers.constants]
    return "\n".join(lines) + "\n"
