"""``portreg schema``: the registry's JSON Schema, for editors and other validators.

Made from the pydantic models (what the loader validates), describing what users write: a
port as a number or a mapping, a range as ``START-END`` text or a number. The repository
ships the output as docs/registry.schema.json; a test fails when it is stale.
"""

from __future__ import annotations

import json
import sys
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "portreg registry"
DESCRIPTION = (
    "A port-allocation registry (file-format version 1): tiers, components with their "
    "ranges, services with their ports per tier and component, shares, reservations, "
    "exceptions and the changelog. portreg check validates more than this schema can: "
    "conflicts, references and ranges (docs/rules.md)."
)


# Editors show these on hover and in completion. The models describe most fields; these fill
# in the rest (None: the top level, else the model's name in $defs).
DESCRIPTIONS: dict[str | None, dict[str, str]] = {
    None: {
        "title": "The registry's name, shown in the generated docs",
        "description": "What the registry is for (markdown)",
        "tiers": "Kinds of test suite (integration, e2e ...), by id",
        "scopes": "Where ports live besides the shared host: isolated networks, NodePorts",
        "components": "Kinds of port (postgresql, redis ...), with their ranges per tier",
        "services": "Each service's ports, by service id",
        "reserved": "Ports nobody may take",
        "shares": "The only way two services may use the same port",
        "exceptions": "Rules silenced for one service's allocations, with a reason",
        "docs": "Markdown files generated from the registry (portreg render-docs)",
        "scan": "Settings of portreg scan",
    },
    "Allocation": {
        "port": "The port number, 1-65535",
        "note": "Shown next to the port in the generated docs",
    },
    "ChangelogEntry": {
        "summary": "One line: what changed",
        "changes": "The changes, one line each (portreg diff --changelog writes them)",
    },
    "DocTarget": {"path": "The markdown file, relative to the repository root"},
    "Share": {
        "port": "The shared port",
        "services": "The services that use it (each must allocate it)",
    },
    "Service": {
        "title": "Display name",
        "owner": "Team or person to ask about these ports",
        "description": "What the service's suites start (markdown)",
    },
}
MODEL_DESCRIPTIONS = {
    "ChangelogEntry": "One version of the registry: newest first in changelog",
    "Service": "A service and the ports its test suites bind",
    "ScanSettings": "What portreg scan reads",
}
_SHARED = {"title": "Display name", "description": "Longer description (markdown)"}


def registry_schema() -> dict[str, Any]:
    from portreg.models import Registry

    generated = Registry.model_json_schema(mode="validation")
    generated.pop("title", None)
    _describe(generated.get("properties", {}), DESCRIPTIONS[None])
    for name, definition in generated.get("$defs", {}).items():
        if name in MODEL_DESCRIPTIONS:
            definition.setdefault("description", MODEL_DESCRIPTIONS[name])
        _describe(definition.get("properties", {}), {**_SHARED, **DESCRIPTIONS.get(name, {})})
    return {"$schema": SCHEMA_DIALECT, "title": TITLE, "description": DESCRIPTION, **generated}


def _describe(properties: dict[str, Any], descriptions: dict[str, str]) -> None:
    for name, text in descriptions.items():
        if name in properties:
            properties[name].setdefault("description", text)


def render() -> str:
    return json.dumps(registry_schema(), indent=2, ensure_ascii=False) + "\n"


def run() -> int:
    sys.stdout.write(render())
    return 0
