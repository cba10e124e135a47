"""The ports as JSON, with the names the other formats use, for tools in any language."""

from __future__ import annotations

import json
from typing import Any

from portreg.escaping import json_text
from portreg.export import GENERATED, Constant, Export


def render(export: Export) -> str:
    document = {
        "generated": f"{GENERATED}; do not edit",
        "registry": {"source": export.source, "title": export.title, "version": export.version},
        "ports": [_entry(c) | {"port": c.port} for c in export.constants if not c.dynamic],
        "dynamic": [_entry(c) for c in export.constants if c.dynamic],
    }
    return json_text(json.dumps(document, indent=2)) + "\n"


def _entry(c: Constant) -> dict[str, Any]:
    workers = {"workers": c.workers, "stride": c.stride} if c.workers > 1 else {}
    return {
        "service": c.service,
        "tier": c.tier,
        "component": c.component,
        "instance": c.instance,
        "side": c.side,
        "protocol": c.protocol,
        "scope": c.scope,
        "note": c.note,
        "name": c.camel,
        "env": c.upper,
        **workers,
    }
