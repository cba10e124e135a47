"""What every section is built from: the registry being rendered, and safe markdown pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import tabulate as _tabulate

from portreg.models import HOST_SCOPE, Registry
from portreg.rules import Context
from portreg.sourcemap import SourceMap

NONE = "—"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class View:
    """The registry as the sections see it, with the indexes the rules use."""

    registry: Registry
    # The registry's path relative to the project root (``registry/ports.yaml``), never an
    # absolute path: the output must be the same on every machine and from every directory.
    source: str
    sources: SourceMap

    @cached_property
    def context(self) -> Context:
        return Context(self.registry, self.sources)

    def service(self, service_id: str) -> str:
        """A service as people call it: its title, or its id."""
        entry = self.registry.services.get(service_id)
        return text(entry.title) if entry is not None and entry.title else text(service_id)

    def services(self, service_ids: Iterable[str]) -> str:
        return join_names([self.service(item) for item in service_ids])

    def tier(self, tier_id: str) -> str:
        entry = self.registry.tiers.get(tier_id)
        return text(entry.title) if entry is not None and entry.title else text(tier_id)

    def component(self, component_id: str) -> str:
        entry = self.registry.components.get(component_id)
        return text(entry.title) if entry is not None and entry.title else text(component_id)

    def scope(self, scope_id: str) -> str:
        entry = self.registry.scopes.get(scope_id)
        if scope_id == HOST_SCOPE or entry is None or not entry.title:
            return text(scope_id)
        return f"{text(entry.title)} ({text(scope_id)})"


def text(value: object) -> str:
    """Registry text as literal markdown: one line, markdown punctuation escaped, control
    characters written as escapes (tabulate draws a row starting with \\x01 as a rule)."""
    from portreg.reporters.text_format import escape_control

    return _SPECIAL.sub(r"\\\1", escape_control(" ".join(str(value).split())))


def join_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub-flavoured pipe table; cells are used exactly as given (already escaped)."""
    # Numbers stay as written ("1.10" is not 1.1), and column widths never depend on whether
    # wcwidth happens to be installed: the same registry must give the same bytes everywhere.
    saved = _tabulate.WIDE_CHARS_MODE
    _tabulate.WIDE_CHARS_MODE = False
    try:
        return _tabulate.tabulate(
            [list(row) for row in rows],
            headers=list(headers),
            tablefmt="github",
            disable_numparse=True,
        )
    finally:
        _tabulate.WIDE_CHARS_MODE = saved


def port_runs(ports: Iterable[int], limit: int = 24) -> str:
    """``16383, 16386`` or ``30000-30085, 30090``; long lists end with how many are left."""
    runs: list[tuple[int, int]] = []
    for port in sorted(set(ports)):
        if runs and runs[-1][1] == port - 1:
            runs[-1] = (runs[-1][0], port)
        else:
            runs.append((port, port))
    shown = [str(start) if start == end else f"{start}-{end}" for start, end in runs[:limit]]
    rest = sum(end - start + 1 for start, end in runs[limit:])
    if rest:
        shown.append(f"… and {rest} more")
    return ", ".join(shown) or NONE
