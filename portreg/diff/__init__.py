"""The semantic diff of two registries: what changed, in the words a reviewer uses.

``registries`` compares services and ports, ``entries`` the lists and settings, ``changes``
holds the change kinds, ``render`` prints them (text, json, a changelog entry).
"""

from __future__ import annotations

from portreg.diff.changes import Change, Kind
from portreg.diff.registries import diff_registries

__all__ = ["Change", "Kind", "diff_registries"]
