"""Rules of ``portreg init``: what adoption finds in a tree and a hand-kept document.

They are about the sources (code, markdown), not the registry, so they are declared here
(for their codes, docs, ``--select`` and ``--ignore``) and raised by :mod:`portreg.adopt`.
Each finding points at the place in the source.
"""

from __future__ import annotations

from portreg.findings import Severity
from portreg.rules import declare

declare(
    "PR108",
    "suite-collision",
    Severity.ERROR,
    """Two services' suites use one port (in one scope and protocol): they cannot run at
    the same time.

    ``portreg init`` reports each collision it proposes, naming both parties and the
    places (file:line:col in the code or the document) that give them the port. The
    registry it writes keeps the collision, so ``portreg check`` reports it (PR201) until
    one side moves or a ``shares`` entry says why they share it. With ``init --baseline``
    the collision is recorded as a known conflict (reason "found at adoption on DATE"),
    and this finding is a warning.
    """,
    group="init",
)

declare(
    "PR109",
    "collision-within-service",
    Severity.WARNING,
    """One service uses one port twice: in two tiers, or for two components.

    Set apart from PR108: it is one team's own affair, and often one port read twice
    (a service's API that a table lists again as a dependency). Two components of one
    suite on one port are proposed as one allocation; two tiers of one service keep
    their ports, and ``portreg check`` reports them (PR201) unless ``--baseline`` records
    them as known.
    """,
    group="init",
)

declare(
    "PR110",
    "port-disagreement",
    Severity.WARNING,
    """One source gives one port of a suite two values.

    Files of one service disagree (a client's default ``os.getenv("X_PORT", "18121")``
    against the port its compose file publishes), or one document states the port twice
    differently (an authoritative table and a summary table). The proposal takes the
    strongest evidence (a bind over a constant over a client's default or a URL; the
    first statement of a document); the others are listed, each with its place. A
    reservation that the same source allocates is reported here too.
    """,
    group="init",
)

declare(
    "PR111",
    "table-code-mismatch",
    Severity.ERROR,
    """The hand-kept document says one port, the code binds another
    (``init --discover PATH --from-table DOC``).

    The proposal takes the document's port, so that ``portreg scan`` then points at the
    code that binds the other one; fix whichever is wrong.
    """,
    group="init",
)

declare(
    "PR112",
    "one-source-only",
    Severity.WARNING,
    """A port that only one of the sources has (``init --discover PATH --from-table DOC``):
    the document lists it and no code binds it, or the code binds it and the document
    does not list it.

    The first is often a stale row, the second an allocation nobody wrote down. Both are
    proposed; check which is true.
    """,
    group="init",
)

declare(
    "PR113",
    "unplaced-port",
    Severity.WARNING,
    """A cell or line that looks like a port but could not be placed in the registry.

    A table column portreg does not understand, a "TBD" port, a number without the
    name of what it is for, a container port the code never publishes on the host (no
    allocation to write), host ports a file of no suite binds (``scripts/x.sh`` with
    ``docker run -p 3300:3000``): the file:line:col points at the cell or line. Add it to
    the registry by hand (``portreg allocate --port N``), or leave it if it is not an
    allocation.
    """,
    group="init",
)

declare(
    "PR114",
    "name-changed",
    Severity.INFO,
    """A name was changed on its way into the registry.

    An id must be a lowercase slug starting with a letter: ``01_alert_processing``
    becomes ``alert-processing``, ``Data Storage`` becomes ``data-storage``. Spellings of
    one service (``DataStorage``, ``data-storage``, an acronym the document gives, ``KA``
    for ``Kestrel Agent``) are merged into one service, named in the note. The names as
    written stay as the service's ``title``.
    """,
    group="init",
)
