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
    constant ``portreg export`` generates), or declare a share in the registry. An address
    a client connects to, on a line that names the service owning the port
    (``billingBroker = "localhost:19091"``), reaches that service on purpose and is not
    reported; a bare port or a mapping of another service's port always is.
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
    When the code says which component the port is for (``REDIS_PORT=16383``) and the
    service has that component, PR505 reports it instead.
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
    "PR505",
    "wrong-own-port",
    Severity.ERROR,
    """A service's code binds one of its components on a host port the registry does not
    give it for that component.

    The component comes from the code itself: the container port a mapping points to
    (``"16389:6379"``: Redis by its ``container_port``), the variable or key holding the
    port (``REDIS_PORT="16389"``, ``redis: {addr: localhost:16389}``: the component's
    ``names``), a URL's scheme or path. Whether the port is in a range or owned by anyone
    does not matter: the seed's setup script set ``REDIS_PORT="16389"`` while the registry
    gave WorkflowExecution's Redis 16388, and the suite ran on a port nobody had checked.
    Use the registry's port (or the constant ``portreg export`` generates).
    """,
    group="scan",
)

declare(
    "PR506",
    "port-in-comment",
    Severity.WARNING,
    """A comment, docstring or document of a service states a port that would be an error
    in its code (another service's, reserved, or not its own for that component).

    Comments go stale when a port moves: the seed's infrastructure file still said
    "Redis runs on 16387" after the constant had moved to 16388. A warning (``--strict``
    fails on it), not an error: prose binds nothing. Sentences that are history or a
    reference are not reported at all: ``changed from 16387``, ``was``, ``previously``,
    ``before``, ``deprecated``, ``after <service>``, ``avoids … <service>``, a range
    ``16379-16388``, or a line naming the service that owns the port.
    """,
    group="scan",
)

declare(
    "PR507",
    "paths-match-nothing",
    Severity.WARNING,
    """A service's ``paths`` globs match no file of a whole-project scan.

    Its code is then never checked against its ports: the glob is misspelt, or the code
    moved. Reported only when the whole project is scanned (no PATH, no ``--staged``).
    """,
    group="scan",
)

declare(
    "PR511",
    "port-in-others-block",
    Severity.ERROR,
    """A service's code binds a port inside another service's block that nobody has
    allocated.

    The block (``services.<s>.blocks``) is the other service's to hand out:
    ``portreg next`` gives its free ports to that service's next component, and the two
    suites then collide. Allocate the port to this service (from its own block or a range)
    and use it. Only binds count (a mapping's host side, ``published``, ``hostPort``, a key
    naming a component); a client address is not reported.
    """,
    group="scan",
)

declare(
    "PR512",
    "unregistered-port",
    Severity.WARNING,
    """A service's code binds a port that no allocation, block, range or reservation of
    the registry holds.

    Nothing in the registry collides with it today, but nothing keeps the next allocation
    off it either: the registry is the list of the ports the suites take. Only syntax that
    binds counts (a mapping's host side ``"17010:9000"``, ``-p``, compose ``published``,
    Kind's ``hostPort``, ``socat TCP-LISTEN``, a computed port); a port a client connects
    to is not reported. Allocate it (``portreg allocate``), or use a port the service has.
    """,
    group="scan",
)

declare(
    "PR513",
    "node-port-as-host-port",
    Severity.ERROR,
    """A service's code reaches, on this machine, a port the registry has only as a
    NodePort.

    A NodePort (``nodePort: 30084``) is a port of the Kind cluster's node, not of the host:
    ``localhost:30084`` reaches it only when an ``extraPortMappings`` entry maps a host
    port to it, and the registry then has that host port
    (``{port: 8084, node_port: 30084}``). Use the host port the message names, or add the
    mapping to the registry.
    """,
    group="scan",
)

declare(
    "PR514",
    "computed-port",
    Severity.WARNING,
    """A service's code computes ports from a literal and a parallel process's number
    (``18120 + GinkgoParallelProcess()``, ``16379 + worker_id``) that its ``workers`` do
    not declare.

    The registry holds the literal; the ports above it, one per process, are in no
    allocation, and may be another service's (the message names the first one when it
    is). Declare the workers
    (``services.<s>.workers: {integration: {count: 4, stride: 1}}``) so that every
    worker's port is allocated with the service's and checked, or allocate the span. A
    literal of the service whose tier declares workers with the stride the code
    multiplies the process number by (1 when it does not) is not reported; another
    stride is.
    """,
    group="scan",
)

declare(
    "PR515",
    "port-in-working-notes",
    Severity.INFO,
    """Working notes of a service (a status report, a handoff, a plan, a "SUCCESS" note, a
    dated document) state a port that would be a finding in a living document.

    Working notes say what was true the day they were written; nobody updates them when
    a port moves, and nobody should. They are history: the finding is a note, listed with
    ``--show-notes`` (and always in ``--format json``), never failing the command. Which
    documents are working notes is decided by their name and folder (docs/scan.md).
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
