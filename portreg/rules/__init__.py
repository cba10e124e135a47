"""The catalogue of rules: each has a stable code, a name, a default severity and a docstring.

A rule with a check is a function that takes a :class:`Context` and yields :class:`Problem`
objects (where and what); the checker turns them into findings. Rules without a check are
raised by the loader or the schema validation and are listed here for their code and docs.
``docs/rules.md`` is generated from this catalogue (``python -m portreg.rules_doc``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.findings import Finding, Severity, Subject
from portreg.loading.sourcemap import PathKey, SourceMap

if TYPE_CHECKING:
    from portreg.models import PortUse, Registry, Share
    from portreg.rules.clashes import ClashReport


@dataclass(frozen=True)
class Problem:
    """What a rule found: the registry path it is about and a one-line message."""

    path: PathKey
    message: str
    subject: Subject | None = None
    related: tuple[PathKey, ...] = ()
    at_key: bool = False


Check = Callable[["Context"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None
    group: str = "registry"

    @property
    def fixable(self) -> bool:
        """``portreg check --fix`` repairs its findings."""
        return self.code in FIXABLE

    @property
    def summary(self) -> str:
        """The first paragraph of the docs, on one line."""
        first = self.doc.strip().split("\n\n")[0]
        return " ".join(first.split()) or self.name


RULES: dict[str, Rule] = {}
# Rules whose findings ``portreg check --fix`` repairs (see portreg/edit/fixes.py).
FIXABLE = frozenset({"PR104", "PR202", "PR208", "PR213", "PR306", "PR307", "PR401", "PR402"})


# Change control's findings: --fix repairs them only when nothing else fails.
CHANGE_CODES = ("PR401", "PR402")


def unfixable_errors(findings: list[Finding], writes_entry: bool = False) -> list[Finding]:
    """The errors --fix leaves (not fixable, and not change control's own). With
    ``writes_entry`` (--fix writes the missing changelog entry of a raised version), the
    version's mismatch with the newest entry (PR210) goes with it."""
    return [
        finding
        for finding in findings
        if finding.severity is Severity.ERROR
        and not finding.fixable
        and finding.code not in CHANGE_CODES
        and not (writes_entry and finding.code == "PR210")
    ]


def honest_fixable(findings: list[Finding]) -> list[Finding]:
    """``findings`` with PR401/PR402 marked fixable only when --fix will repair them: not
    while another error that --fix cannot repair remains."""
    writes_entry = any(finding.code == "PR402" for finding in findings)
    if not unfixable_errors(findings, writes_entry):
        return findings
    return [
        replace(finding, fixable=False) if finding.code in CHANGE_CODES else finding
        for finding in findings
    ]


def rule(
    code: str, name: str, severity: Severity, group: str = "registry"
) -> Callable[[Check], Check]:
    """Register a check function as a rule; its docstring is the rule's documentation."""

    def register(check: Check) -> Check:
        _add(Rule(code, name, severity, inspect.cleandoc(check.__doc__ or ""), check, group))
        return check

    return register


def declare(code: str, name: str, severity: Severity, doc: str, group: str = "registry") -> None:
    """Register a rule that the loader or another command raises itself."""
    _add(Rule(code, name, severity, inspect.cleandoc(doc), None, group))


def _add(new: Rule) -> None:
    for existing in RULES.values():
        if existing.name == new.name and existing.code != new.code:
            raise ValueError(f"rule name {new.name} is used by {existing.code} and {new.code}")
    if new.code in RULES:
        raise ValueError(f"rule code {new.code} is registered twice")
    RULES[new.code] = new


# Importing a module registers its rules. A command with rules of its own adds its module here
# so that the rules' docs, --select and exceptions know every code.
RULE_MODULES = (
    "portreg.rules.inputs",
    "portreg.rules.conflicts",
    "portreg.rules.shapes",
    "portreg.rules.blocks",
    "portreg.rules.exclusive",
    "portreg.rules.baseline",
    "portreg.rules.references",
    "portreg.rules.changelog",
    "portreg.rules.hazards",
    "portreg.rules.change_control",
    "portreg.rules.scan",
    "portreg.rules.docs",
    "portreg.rules.adoption",
    "portreg.rules.run",
    "portreg.rules.paths",
    "portreg.rules.edits",
)
_catalogue: list[Rule] = []


def all_rules() -> list[Rule]:
    """Every rule, by code."""
    if not _catalogue:
        for module in RULE_MODULES:
            importlib.import_module(module)
        _catalogue.extend(sorted(RULES.values(), key=lambda item: item.code))
    return _catalogue


def find_rule(code_or_name: str) -> Rule | None:
    all_rules()
    found = RULES.get(code_or_name.upper())
    if found is not None:
        return found
    for candidate in RULES.values():
        if candidate.name == code_or_name:
            return candidate
    return None


class Context:
    """A valid registry and the indexes that several rules need, each built once."""

    def __init__(self, registry: Registry, sources: SourceMap, root: Path | None = None) -> None:
        self.registry = registry
        self.sources = sources
        # The project's folder, for the rules that look at the files the registry names
        # (None: a registry read from git, whose paths are not on disk as it names them).
        self.root = root

    @cached_property
    def by_key(self) -> dict[tuple[str, str, int], list[PortUse]]:
        """Allocations grouped by (scope, protocol, port): conflicts are found in one pass."""
        index: dict[tuple[str, str, int], list[PortUse]] = {}
        for use in self.registry.allocations:
            index.setdefault(use.key, []).append(use)
        return index

    @cached_property
    def shares_by_key(self) -> dict[tuple[str, str, int], list[tuple[int, Share]]]:
        index: dict[tuple[str, str, int], list[tuple[int, Share]]] = {}
        for position, share in enumerate(self.registry.shares):
            index.setdefault((share.scope, share.protocol, share.port), []).append(
                (position, share)
            )
        return index

    @cached_property
    def clashes(self) -> ClashReport:
        """Ports and blocks held by several suites, and what settles them (see clashes.py)."""
        from portreg.rules.clashes import find_clashes

        return find_clashes(self)

    @cached_property
    def nodeport_scopes(self) -> frozenset[str]:
        return frozenset(
            name for name, scope in self.registry.scopes.items() if scope.kind == "nodeport"
        )

    def is_host_side(self, use: PortUse) -> bool:
        """A port bound on a machine (host or isolated scope), not a NodePort in a cluster."""
        return use.side == "port" and use.scope not in self.nodeport_scopes

    def port_path(self, use: PortUse) -> PathKey:
        """The path of the number itself, whether written bare or as ``port:``/``node_port:``."""
        detailed = (*use.path, use.side)
        return detailed if detailed in self.sources.values else use.path

    def host_uses(self) -> Iterator[PortUse]:
        return (use for use in self.registry.allocations if use.scope == "host")
