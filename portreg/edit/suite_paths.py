"""The ``paths`` globs ``init --discover`` proposes for a suite: the files its suite's
clues come from, written so that they claim that suite's files and no other suite's.

A suite folder is claimed whole (``test/integration/ledger/**``); a file in a folder
several suites share by the suite's name in it (``test/infrastructure/e2e_ledger*``); a
Kind config, or a file of no named suite, alone.
"""

from __future__ import annotations

import re

from portreg.scan.suites import Clue


def suite_glob(relative: str, clue: Clue) -> str:
    """The ``paths`` glob of a suite's file: its suite's folder; in a shared folder, the
    file's name cut just after the suite's name in it (``test/infrastructure/e2e_ledger*``
    for ``e2e_ledger.go``, never ``e2e*``, which would claim every suite's files there);
    else the file itself."""
    folders = relative.split("/")[:-1]
    if clue.how in ("folder", "package") and clue.name in folders:
        return "/".join(folders[: folders.index(clue.name) + 1]) + "/**"
    name = relative.rsplit("/", 1)[-1]
    if clue.how == "file" and clue.name and not _kind_config(name):
        # The clue's words as the file's name spells them: `ledger-api` in `LedgerAPI_e2e.go`.
        spelled = "[^A-Za-z0-9]*".join(re.escape(word) for word in clue.name.split("-"))
        found = re.search(spelled, name, re.IGNORECASE)
        if found is not None:
            return relative[: len(relative) - len(name)] + name[: found.end()] + "*"
    return relative


def broadest(globs: list[str]) -> list[str]:
    """The globs, without those another covers (``dir/ledger_remote*`` beside
    ``dir/ledger*``, ``dir/ledger/kind-config.yaml`` beside ``dir/ledger/**``)."""
    unique = set(globs)
    covering = {glob: glob.removesuffix("**").removesuffix("*") for glob in unique}
    return sorted(
        glob
        for glob in unique
        if not any(
            other != glob and other.endswith("*") and glob.startswith(prefix)
            for other, prefix in covering.items()
        )
    )


def _kind_config(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml")) and "kind" in name.lower()
