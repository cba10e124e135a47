"""What several commands do the same way: load the registry, describe it, pick an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from portreg.findings import Finding, InputError, Severity, UsageError
from portreg.registry import LoadedRegistry, load_registry, resolve_registry_path

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
    from portreg.reporters import Report, get_renderer

    sys.stderr.write(get_renderer("text")(Report(command, loaded.findings, "the registry")))
    return EXIT_INPUT


def write_stdout(text: str) -> None:
    """Write command output to standard output; a closed one is bad input, not a crash."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError("it is closed")
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise  # a reader that stopped early (head): main() ends quietly
    except OSError as error:
        raise InputError(
            f"cannot write to standard output: {error.strerror or error}",
            code="PR002",
            rule="unreadable-file",
        ) from None
