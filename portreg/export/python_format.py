"""A Python module of ``Final`` integer constants (PEP 8 names: upper case)."""

from __future__ import annotations

from itertools import groupby

from portreg.export import Constant, Export


def render(export: Export) -> str:
    lines = [f"# {line}" for line in export.header()]
    lines += ["", "from typing import Final"]
    for service, group in groupby(export.constants, key=lambda constant: constant.service):
        lines += ["", f"# {export.service_heading(service)}"]
        lines += [_line(constant) for constant in group]
    return "\n".join(lines) + "\n"


def _line(constant: Constant) -> str:
    if constant.dynamic:
        return f"# {constant.upper}: {constant.detail()}"
    return f"{constant.upper}: Final = {constant.port}"
