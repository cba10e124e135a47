"""Go constants, laid out exactly as gofmt would (so ``gofmt -l`` stays quiet).

One ``const ( ... )`` block per service; gofmt aligns the ``=`` of a block's lines with
spaces, so the names are padded to the longest. Comments stay outside the blocks, where
they cannot change that alignment.
"""

from __future__ import annotations

from itertools import groupby

from portreg.export import Constant, Export, one_line


def render(export: Export) -> str:
    lines = [f"// {line}" for line in export.header()]
    lines += [
        "",
        f"// Package {export.package} holds the test ports of {one_line(export.title)}.",
        f"package {export.package}",
    ]
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        constants = list(group)
        lines += ["", f"// {service}: {export.service_titles[service]}."]
        lines += [f"// {_detail(c)}" for c in constants if _detail(c)]
        width = max(len(constant.camel) for constant in constants)
        lines.append("const (")
        lines += [f"\t{c.camel:<{width}} = {c.port}" for c in constants]
        lines.append(")")
    return "\n".join(lines) + "\n"


def _detail(constant: Constant) -> str:
    """What the name does not say: another protocol or scope, and the note."""
    parts = []
    if constant.protocol != "tcp":
        parts.append(constant.protocol)
    if constant.scope != "host":
        parts.append(f"scope {constant.scope}")
    if constant.note:
        parts.append(one_line(constant.note))
    return f"{constant.camel}: {', '.join(parts)}." if parts else ""
