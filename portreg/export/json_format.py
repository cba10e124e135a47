"""The ports as JSON, with the names the other formats use, for tools in any language."""

from __future__ import annotations

import json

from portreg.export import GENERATED, Export


def render(export: Export) -> str:
    document = {
        "generated": f"{GENERATED}; do not edit",
        "registry": {"source": export.source, "title": export.title, "version": export.version},
        "ports": [
            {
                "service": c.service,
                "tier": c.tier,
                "component": c.component,
                "port": c.port,
                "protocol": c.protocol,
                "scope": c.scope,
                "note": c.note,
                "name": c.camel,
                "env": c.upper,
            }
            for c in export.constants
        ],
    }
    return json.dumps(document, indent=2) + "\n"
