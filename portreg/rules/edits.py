"""Rules of the editing commands (allocate, move, release, rename, check --fix, init).

They stop an edit before anything is written (exit status 2), so they are declared here
for their codes and docs, and raised by :mod:`portreg.edit`.
"""

from __future__ import annotations

from portreg.findings import Severity
from portreg.rules import declare

declare(
    "PR606",
    "edit-through-alias",
    Severity.ERROR,
    """
    An edit would change a YAML alias (``integration: *gw``) or the node it names
    (``e2e: &gw``): nothing is written (exit status 2).

    An alias and its anchor are one value written in two places; a port allocated, moved
    or released through one of them would change the other service's entry too, with a
    changelog entry that names only one. Write the aliased entries out in full (copy the
    anchor's text over the alias and drop the ``&name``), then run the edit again. Edits
    elsewhere in a registry with aliases are fine.
    """,
    group="edit",
)

declare(
    "PR607",
    "unwritable-file",
    Severity.ERROR,
    """
    A file an edit writes cannot be locked or written: a read-only folder, a full disk, no
    permission, a symbolic link or a folder where the lock file goes, or an interrupted
    edit that cannot be finished there (exit status 2).

    Nothing is written: the registry, its docs, its exports and the code of ``move --code
    --apply`` are written together or not at all (docs/reliability.md). ``--dry-run``
    writes nothing and takes no lock, so it works in a read-only checkout.
    """,
    group="edit",
)
