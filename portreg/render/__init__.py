"""Markdown generated from the registry (``portreg render-docs``).

This package file stays free of imports: the command line reads the section names from it
for ``--help`` without paying for the renderers.
"""

from __future__ import annotations

# In the order a newly created file gets them.
SECTIONS = (
    "header",
    "services",
    "allocations",
    "mappings",
    "components",
    "ranges",
    "map",
    "reserved",
    "shares",
    "exclusive",
    "exceptions",
    "parallel",
    "changelog",
)
