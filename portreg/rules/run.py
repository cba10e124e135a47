"""Rules of ``portreg run`` (what a suite really bound while it ran) and ``check --observed``.

They judge observations, not the registry, so they are declared here (for their codes,
docs, ``--select`` and ``--ignore``) and raised by :mod:`portreg.run.judge`. Each points at
the registry line that the observation contradicts.
"""

from __future__ import annotations

from portreg.findings import Severity
from portreg.rules import declare

declare(
    "PR701",
    "observed-foreign-port",
    Severity.ERROR,
    """While a suite ran, something it started bound a port that the registry gives another
    suite, or reserves.

    The finding names who bound it (a process's pid and command, a container and its image,
    or a Kubernetes Service) and points at the owner's line in the registry. The two suites
    collide whenever they run at the same time on one machine, whatever the files say: a
    port computed in code (``basePort + process*k``), a NodePort Kubernetes chose for a
    Service written without ``nodePort:``. A share that lists the suite's service, or an
    exclusive group with ``reuse: true`` that covers both suites, settles it.
    """,
    group="run",
)

declare(
    "PR702",
    "observed-unregistered-port",
    Severity.WARNING,
    """While a suite ran, something it started bound a port that the registry gives it
    nowhere (outside the machine's ephemeral range: see PR705 for those).

    The next suite to be given that port will collide with this one. Allocate it to the
    suite (``portreg allocate``, or ``portreg init --observed`` from the record), or stop
    binding it. Points at the suite's ports in the registry. ``--strict`` fails on it.
    """,
    group="run",
)

declare(
    "PR703",
    "observed-chosen-nodeport",
    Severity.WARNING,
    """Kubernetes chose a NodePort for a Service created during the run, in a cluster where
    the registry holds static NodePorts above the cluster's static band.

    A Service without ``nodePort:`` gets a port from the dynamic band: the whole range but
    its lowest ports (``min(max(16, size/32), 128)`` of them: 30000-30085 of 30000-32767),
    which the allocator hands out only when the rest is full. A static NodePort written in
    the dynamic band can be taken first by such a Service, and the suite that needs it then
    fails to create its own. Points at the first such static NodePort: move them into the
    static band (``portreg next --scope CLUSTER`` offers it first), or give the Service a
    ``nodePort:`` of its own.
    """,
    group="run",
)

declare(
    "PR704",
    "port-held-at-start",
    Severity.ERROR,
    """A port the suite needs was held when its run was to start (after ``--wait``, if
    given), by a process outside portreg's locks: the command was not started.

    The finding names the holder as ``portreg probe`` does (pid and process, or a container
    runtime's proxy) and points at the suite's allocation. Usually a leftover of an earlier
    suite, a container still running; ``--wait SECONDS`` waits for a teardown to free it.
    """,
    group="run",
)

declare(
    "PR705",
    "observed-chosen-port",
    Severity.INFO,
    """While a suite ran, a process bound ports in the machine's ephemeral range that the
    registry gives nobody: ports the operating system chose (a bind to port 0), as test
    servers and envtest's API server do.

    A note, one per process: such ports collide with nothing that listens, but they can
    take a registered port of that range that is not bound yet (PR302 warns about those).
    """,
    group="run",
)

declare(
    "PR706",
    "unreadable-record",
    Severity.ERROR,
    """A file given to ``check --observed`` or ``init --observed`` is not a record that
    ``portreg run --record`` wrote (not JSON, another record version, a field missing or of
    the wrong type), or names a suite the registry does not have; exit status 2.
    """,
    group="run",
)
