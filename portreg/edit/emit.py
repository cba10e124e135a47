"""Write new YAML text for the editor: scalars, flow collections and block lines.

Only what the editor adds goes through here; existing text is never re-emitted. The style
is the one the bundled registry uses: small mappings and lists of scalars in flow style
(``{postgresql: 15433, redis: 16379}``), nested mappings and lists of mappings in block
style, strings plain when YAML reads them back as the same string, double-quoted otherwise.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from portreg.escaping import yaml_quoted
from portreg.loading.compose import YamlLoader

# Plain scalars that need no look at YAML's resolver: a letter first, then word characters.
_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
# Other plain scalars: no flow indicator, comment or mapping colon anywhere, and what YAML
# treats specially (alias, tag, block scalar, quote ...) only after the first character.
_SAFE_PLAIN = re.compile(r"[A-Za-z0-9_/][^:#{}\[\],'\"]*\Z")


class BlockList(list[object]):
    """A list that is written in block style (one ``- item`` per line) even when flat."""


def scalar_text(value: object) -> str:
    """One scalar as YAML text that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _SIMPLE.match(text) and _reads_back(text):
        return text
    if _SAFE_PLAIN.match(text) and text == text.strip() and _reads_back(text):
        return text
    return yaml_quoted(text)


def _reads_back(text: str) -> bool:
    try:
        return bool(yaml.load(f"x: {text}\n", Loader=YamlLoader) == {"x": text})
    except yaml.YAMLError:
        return False


def flow_text(value: object) -> str:
    """A scalar, or a collection in flow style."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_text(item) for item in value) + "]"
    return scalar_text(value)


def _is_flat(value: object) -> bool:
    """Small enough for one line: scalars, or a collection of scalars."""
    if isinstance(value, dict):
        return all(not isinstance(v, dict | list | tuple) for v in value.values())
    if isinstance(value, BlockList):
        return False
    if isinstance(value, list | tuple):
        return all(not isinstance(v, dict | list | tuple) for v in value)
    return True


def block_lines(value: object, column: int, step: int = 2, dash_gap: int = 2) -> list[str]:
    """``value`` (a mapping or a list) as block lines whose keys or dashes start at ``column``."""
    pad = " " * column
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = scalar_text(key)
            if _is_flat(item):
                lines.append(f"{pad}{name}: {flow_text(item)}")
            else:
                lines.append(f"{pad}{name}:")
                # Lists of mappings under a key: dashes indented like their parent's keys.
                lines.extend(block_lines(item, column + step, step, dash_gap))
        return lines
    if isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, dict) and item:
                inner = block_lines(item, column + dash_gap, step, dash_gap)
                lines.append(f"{pad}-{' ' * (dash_gap - 1)}{inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {flow_text(item)}")
        return lines
    raise TypeError(f"block_lines takes a mapping or a list, not {type(value).__name__}")


def quoted_as(style: str | None, value: str) -> str | None:
    """``value`` in the quotes ``style`` names (``"`` or ``'``); None for a plain style, or
    for text single quotes cannot hold on one line."""
    if style == '"':
        return yaml_quoted(value)
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return None
