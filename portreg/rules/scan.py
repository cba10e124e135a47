"""Rules of ``portreg scan`` (ports written in the code that disagree with the registry)
and ``portreg export``.

They run on files, not on the registry, so they are declared here (for their codes, docs,
``--select`` and ``--ignore``) and raised by :mod:`portreg.scan.judge`. A line silences
them with a comment ``portreg: ignore[PR501]`` (or a bare ``portreg: ignore``).
"""

from __future__ import annotations

from portreg.findings import Severity
from portreg.rules import declare

declare(
    "PR501",
    "foreign-port",
    Severity.ERROR,
    """A service's code uses a port that the registry gives to another service.

    The file belongs to a service (it matches the service's ``paths``), and the number is
    allocated to a different one and not shared with it: the two suites will collide on the
    test machine, as WorkflowExecution's audit test did when it still called
    ``localhost:18100``, EffectivenessMonitor's API port. Use the service's own port (or the
    constant ``portreg export`` generates), or declare a share in the registry.
    """,
    group="scan",
)

declare(
    "PR502",
    "reserved-port-used",
    Severity.ERROR,
    """A service's code uses a port that the registry reserves (see ``reserved``).

    Reserved ports are taken by something outside the test suites (a production service,
    an external database); binding them fails or, worse, talks to the wrong server.
    """,
    group="scan",
)

declare(
    "PR503",
    "unallocated-port",
    Severity.WARNING,
    """A service's code uses a port inside a declared range that nobody has allocated.

    Today nothing else binds it, but the next service to ask ``portreg next`` may well be
    given it. Allocate it to the service in the registry, or use the one it already has.
    """,
    group="scan",
)

declare(
    "PR504",
    "port-mention",
    Severity.INFO,
    """A file that belongs to no service mentions a port allocated to a service.

    Only informational: it shows where each port is used (``--format json`` lists them
    all), so that moving a port in the registry also finds the scripts and docs to update.
    """,
    group="scan",
)

declare(
    "PR510",
    "export-name-clash",
    Severity.ERROR,
    """Two allocations would be exported under the same constant name.

    Names are built from the service, tier and component symbols (or their ids), so two
    services given the same ``symbol``, or ids that differ only by ``-`` and ``_``, clash.
    ``portreg export`` stops with exit status 2 and writes nothing; give one a different
    symbol.
    """,
    group="export",
)
