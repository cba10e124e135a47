"""``portreg who PORT``: who owns a port, and where the registry says so."""

from __future__ import annotations

import json
import sys

from portreg.commands.common import EXIT_CLEAN, EXIT_FINDINGS, load, print_invalid
from portreg.escaping import escape_control, json_text, terminal_line
from portreg.lookup import facts


def run(
    registry: str | None,
    port: int,
    protocol: str | None,
    scope: str | None,
    output_format: str,
) -> int:
    loaded = load(registry)
    if loaded.registry is None:
        return print_invalid(loaded, "who")
    found = facts(loaded.registry, loaded.sources, port, protocol, scope)
    owned = any(fact.owned for fact in found)
    if output_format == "json":
        document = {
            "port": port,
            "owned": owned,
            "facts": [
                {
                    "kind": fact.kind,
                    "text": fact.text,
                    "location": str(loaded.sources.locate(fact.path)) if fact.path else None,
                }
                for fact in found
            ],
        }
        sys.stdout.write(json_text(json.dumps(document, indent=2)) + "\n")
        return EXIT_CLEAN if owned else EXIT_FINDINGS
    for fact in found:
        where = f"{loaded.sources.locate(fact.path)}: " if fact.path else ""
        sys.stdout.write(terminal_line(f"{where}{escape_control(fact.text)}") + "\n")
    if not owned:
        narrowed = "".join(
            f" {name} {value}"
            for name, value in (("protocol", protocol), ("scope", scope))
            if value is not None
        )
        sys.stdout.write(f"{port}: nobody owns it{' in' + narrowed if narrowed else ''}\n")
    return EXIT_CLEAN if owned else EXIT_FINDINGS
