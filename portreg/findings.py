"""What every check produces: a finding with a rule code, a severity and a place in a file."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a file, as editors count them."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Subject:
    """The allocation a finding is about, so that an exception can silence it."""

    service: str
    tier: str | None = None
    component: str | None = None
    scope: str | None = None  # for a NodePort: its cluster (an exception may name it)


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    location: Location
    related: tuple[Location, ...] = ()
    subject: Subject | None = field(default=None, compare=False)
    # The headline of the group this finding is shown under (the text format prints it once
    # before the group's first finding); None: no group.
    group: str | None = field(default=None, compare=False)
    # ``portreg check --fix`` repairs it: the rule's mark (``portreg rules``), narrowed where
    # the fix takes only some of a rule's findings (PR104: versions, not ports).
    fixable: bool = field(default=False, compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code)


class InputError(Exception):
    """Input that cannot be read at all: the command stops with exit status 2.

    Raised with the place and the rule code, so the one line printed for it has the same
    shape as every finding.
    """

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        code: str = "PR001",
        rule: str = "yaml-syntax",
    ):
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code
        self.rule = rule

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}error {self.code} {self.rule}: {self.message}"

    def to_finding(self, fallback_file: str = ".") -> Finding:
        """The error as a finding, for machine formats: a place is required there, so an
        error about no file in particular is put on ``fallback_file``."""
        where = self.location or Location(fallback_file)
        return Finding(self.code, self.rule, Severity.ERROR, self.message, where)


class UsageError(Exception):
    """A command was called with options that do not fit together (exit status 2)."""
