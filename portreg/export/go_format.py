"""Go constants, laid out exactly as gofmt would (so ``gofmt -l`` stays quiet).

One ``const ( ... )`` block per service; gofmt aligns the ``=`` of a block's lines with
spaces, so the names are padded to the longest. Comments stay outside the blocks, where
they cannot change that alignment.
"""

from __future__ import annotations

from itertools import groupby

from portreg.export import Export, one_line


def render(export: Export) -> str:
    lines = [f"// {line}" for line in export.header()]
    lines += [
        "",
        f"// Package {export.package} holds the test ports of {one_line(export.title)}.",
        f"package {export.package}",
    ]
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        everything = list(group)
        lines += ["", f"// {export.service_heading(service)}."]
        lines += [f"// {c.camel}: {c.detail()}." for c in everything if c.detail()]
        constants = [c for c in everything if not c.dynamic]
        if not constants:
            continue
        width = max(len(constant.camel) for constant in constants)
        lines.append("const (")
        lines += [f"\t{c.camel:<{width}} = {c.port}" for c in constants]
        lines.append(")")
    return "\n".join(lines) + "\n"
