"""A begin marker's options: ``<!-- portreg:begin allocations tiers=e2e columns=redis -->``.

They let a document keep its own layout: which tiers and clusters a section shows, and
which components get a column of their own. Every name is checked against the registry: a
typo stops the command (PR602, exit status 2) instead of silently showing nothing.
"""

from __future__ import annotations

from typing import NoReturn

from portreg.findings import InputError
from portreg.render.markdown import EVERYTHING, Options, View
from portreg.render.markers import MARKER_CODE, MARKER_RULE, Region

OPTION_KEYS = ("tiers", "clusters", "columns")


def marker_options(view: View, region: Region) -> Options:
    """The region's ``key=a,b`` options, each name checked against the registry."""
    registry = view.registry
    known = {
        "tiers": list(registry.tiers),
        "clusters": [name for name in registry.scopes if registry.scope_kind(name) != "host"],
        "columns": list(registry.components),
    }
    chosen: dict[str, tuple[str, ...]] = {}
    for key, value in region.options:
        if key not in known:
            _fail(region, f"unknown option {key}=; options: {', '.join(OPTION_KEYS)}")
        names = tuple(part for part in value.split(",") if part)
        unknown = [name for name in names if name not in known[key]]
        if unknown or not names:
            what = {"tiers": "tier", "clusters": "cluster", "columns": "component"}[key]
            given = ", ".join(unknown) or "(none given)"
            _fail(region, f"{key}=: no {what} {given}; known: {', '.join(known[key]) or 'none'}")
        chosen[key] = names
    return Options(**chosen) if chosen else EVERYTHING


def _fail(region: Region, message: str) -> NoReturn:
    raise InputError(
        f"section {region.name}: {message}", region.location, code=MARKER_CODE, rule=MARKER_RULE
    )
