"""What several commands do the same way: load the registry, describe it, pick an exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.escaping import json_text
from portreg.findings import Finding, InputError, Location, Severity, UsageError
from portreg.loading.registry import LoadedRegistry, load_registry, resolve_registry_path

if TYPE_CHECKING:
    from portreg.reporters import Display

# The code of a file that cannot be read at all: no source line to show.
UNREADABLE_FILE = "PR002"
# A file that cannot be locked or written (PR607): no line of it to show.
UNWRITABLE_FILE = "PR607"

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


def load(registry_option: str | None) -> LoadedRegistry:
    """The registry named by --registry / PORTREG_REGISTRY, or found from the current dir."""
    return load_registry(resolve_registry_path(registry_option))


def describe(loaded: LoadedRegistry) -> str:
    """What was checked, for the summary line: ``9 services, 33 ports (registry 1.9)``."""
    registry = loaded.registry
    if registry is None:
        files = ", ".join(loaded.files)
        return f"{files} (not checked further until the errors above are fixed)"
    services = len(registry.services)
    ports = len(registry.allocations)
    return (
        f"{services} service{'' if services == 1 else 's'}, "
        f"{ports} port{'' if ports == 1 else 's'} (registry {registry.version})"
    )


def registry_meta(loaded: LoadedRegistry) -> dict[str, object]:
    registry = loaded.registry
    return {
        "registry": {
            "files": loaded.files,
            "version": registry.version if registry else None,
            "services": len(registry.services) if registry else None,
            "ports": len(registry.allocations) if registry else None,
            "valid": registry is not None,
        }
    }


def exit_status(findings: Iterable[Finding], strict: bool = False) -> int:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return EXIT_FINDINGS if any(f.severity in failing for f in findings) else EXIT_CLEAN


def cannot_write(what: str, path: str, error: OSError) -> InputError:
    """The one line for an output file (an export, a run's record) that cannot be written:
    PR002, as for a file that cannot be read, pointing at the file."""
    reason = error.strerror or str(error)
    message = f"cannot write {what}: {reason}"
    return InputError(message, Location(path), code=UNREADABLE_FILE, rule="unreadable-file")


def split_codes(values: Iterable[str]) -> tuple[str, ...]:
    """``--select PR2,PR301 --select port-conflict`` → ("PR2", "PR301", "port-conflict")."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def require_known_rules(patterns: Iterable[str], option: str) -> None:
    from portreg.checker import unknown_patterns

    unknown = unknown_patterns(patterns)
    if unknown:
        raise UsageError(
            f"{option}: no rule matches {', '.join(unknown)} (see 'portreg rules' or docs/rules.md)"
        )


def print_invalid(loaded: LoadedRegistry, command: str) -> int:
    """For commands that need a valid registry: its findings on stderr, exit status 2."""
    if under_pre_commit():
        return see_check(EXIT_INPUT)
    from portreg.reporters import Report, get_renderer

    sys.stderr.write(get_renderer("text")(Report(command, loaded.findings, "the registry")))
    return EXIT_INPUT


# pre-commit sets PRE_COMMIT=1 for every hook it runs.
PRE_COMMIT_ENV = "PRE_COMMIT"
SEE_CHECK = "registry invalid: see portreg-check"


def under_pre_commit() -> bool:
    return os.environ.get(PRE_COMMIT_ENV) == "1"


def see_check(status: int) -> int:
    """Under pre-commit, hooks other than portreg-check say in one line that the registry is
    broken: portreg-check already lists why, and four copies of it would bury it."""
    sys.stderr.write(f"{SEE_CHECK}\n")
    return status


def load_or_defer(path: Path) -> LoadedRegistry | None:
    """The registry at ``path``; None (after one line) when it cannot be read under pre-commit."""
    try:
        return load_registry(path)
    except InputError:
        if not under_pre_commit():
            raise
        see_check(EXIT_INPUT)
        return None


def report_input_error(
    error: InputError, command: str, output_format: str, display: Display | None = None
) -> int:
    """A registry that cannot be read, as a result in a machine format (exit status 2), so
    that CI shows an annotation and code scanning a result, never an empty report. In text
    the error is one line on stderr (raised again for main), and one at a place in a file
    (a YAML syntax error) is followed there by its source line and a summary, as a finding."""
    from portreg.reporters import Report, get_renderer

    if output_format == "text":
        if error.location is None or error.code in (UNREADABLE_FILE, UNWRITABLE_FILE):
            raise error
        file = error.location.file
        scope = f"{file} (not read further until this is fixed)"
        report = Report(command, [error.to_finding()], scope, display=display or Display())
        sys.stderr.write(get_renderer("text")(report))
        return EXIT_INPUT
    finding = error.to_finding()
    meta = {
        "registry": {
            "files": [finding.location.file],
            "version": None,
            "services": None,
            "ports": None,
            "valid": False,
        }
    }
    report = Report(command, [finding], "the registry (not read)", meta)
    sys.stdout.write(get_renderer(output_format)(report))
    return EXIT_INPUT


def json_lines(document: dict[str, object]) -> str:
    """JSON with one line per entry of each top-level list (plan's waves, probe's ports):
    readable, and as fast as compact JSON (an indented dump of thousands of entries is
    several times slower)."""
    lines = ["{"]
    items = list(document.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            lines.extend(
                f"    {json.dumps(entry)}{',' if position < len(value) - 1 else ''}"
                for position, entry in enumerate(value)
            )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    return json_text("\n".join([*lines, "}"])) + "\n"


def write_stdout(text: str) -> None:
    """Write command output to standard output, now: a full or closed one stops the command
    here (main() says so in one line, or stays quiet for a reader that went away)."""
    sys.stdout.write(text)
    sys.stdout.flush()


# Enough names to recognise a typo's target; a registry of thousands is not listed whole.
NAMES_SHOWN = 10


def no_such(kind: str, name: str, known: Iterable[str]) -> str:
    """``no service gatewy (did you mean gateway?; known: a, b … and 4,990 more)``."""
    import difflib

    names = list(known)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean {close[0]}?; " if close else ""
    listed = ", ".join(names[:NAMES_SHOWN]) or "none"
    if len(names) > NAMES_SHOWN:
        listed += f" … and {len(names) - NAMES_SHOWN:,} more"
    return f"no {kind} {name} ({hint}known: {listed})"
