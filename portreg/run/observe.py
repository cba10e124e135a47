"""What a run observes: binds, the observers that find them, and the watch that polls them.

Every source of binds (the command's processes, a container runtime, a Kubernetes cluster)
is an :class:`Observer`: it is polled every ``interval`` seconds and returns the binds it
sees now; the :class:`Watch` keeps the first sighting of each. Observers say what they
could not see (a runtime that is not installed, a daemon that does not answer) in their
``status``, which the record and the summary repeat, so that "nothing observed" is never
mistaken for "nothing bound".
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from portreg.escaping import escape_control

# Binds of each source, and where in the record they are described (docs/output-formats.md).
PROCESS, CONTAINER, KUBERNETES = "process", "container", "kubernetes"
HOST = "host"
# How much of a command line a message shows.
COMMAND_SHOWN = 80


# The tools the observers run (docker ps, kubectl get) are children of this process, as
# are, on Linux, the command's orphans that it adopts (see processes.py): the process tree
# tells them apart by this set, which a tool's pid joins before the tree can see it.
SPAWNING = threading.Lock()
TOOL_PIDS: set[int] = set()
# Long enough for a busy daemon, short enough that a hung one does not hold up the end.
TOOL_TIMEOUT = 10.0


def run_tool(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run an observer's tool; (exit status, stdout, stderr); 127 when it cannot start."""
    try:
        with SPAWNING:
            child = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
            )
            TOOL_PIDS.add(child.pid)
    except OSError as error:
        return 127, "", str(error)
    try:
        out, err = child.communicate(timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        err = f"no answer within {TOOL_TIMEOUT:g} s. {err}"
    finally:
        TOOL_PIDS.discard(child.pid)
    return child.returncode, out, err


@dataclass(frozen=True)
class Bind:
    """A port something took during the run: a listening socket of the command's processes,
    a container's published port, or a Service's NodePort."""

    source: str  # process, container or kubernetes
    protocol: str
    port: int
    scope: str = HOST  # host, or the cluster a NodePort lives in
    address: str | None = None  # the local address (host IP of a container's port)
    seen: float = 0.0  # seconds after the command started
    # A process's
    pid: int | None = None
    process: str | None = None
    command: tuple[str, ...] = ()
    # A container's
    runtime: str | None = None  # docker or podman
    container: str | None = None
    image: str | None = None
    container_port: int | None = None
    # A Service's
    context: str | None = None  # the kubectl context of its cluster
    namespace: str | None = None
    name: str | None = None
    service_port: int | None = None
    assigned: bool | None = None  # the NodePort was chosen by Kubernetes (None: cannot tell)

    @property
    def key(self) -> tuple[str, str, int]:
        """(scope, protocol, port), as the registry's allocations are keyed."""
        return (self.scope, self.protocol, self.port)

    @property
    def identity(self) -> tuple[object, ...]:
        """What makes two sightings the same bind."""
        return (self.source, *self.key, self.address, self.pid, self.container, self.name)

    def who(self) -> str:
        """Who bound it: ``pid 4242 (redis-server --port 16387)``, ``container db
        (postgres:16, docker)``, ``Service shop/api in kind-e2e``."""
        if self.source == PROCESS:
            shown = " ".join(self.command) or self.process or "?"
            if len(shown) > COMMAND_SHOWN:
                shown = shown[: COMMAND_SHOWN - 3] + "..."
            return escape_control(f"pid {self.pid} ({shown})")
        if self.source == CONTAINER:
            return escape_control(f"container {self.container} ({self.image}, {self.runtime})")
        return escape_control(f"Service {self.namespace}/{self.name} in {self.context}")

    def what(self) -> str:
        """The port as bound: ``16387/tcp on 0.0.0.0``, ``16387/tcp → container port 6379``,
        ``NodePort 31234/tcp (port 80, chosen by Kubernetes)``."""
        where = f"{self.port}/{self.protocol}"
        if self.source == KUBERNETES:
            chose = ""
            if self.assigned is not None:
                chose = ", chosen by Kubernetes" if self.assigned else ", written in the Service"
            return f"NodePort {where} (port {self.service_port}{chose})"
        if self.source == CONTAINER and self.container_port is not None:
            return f"{where} → container port {self.container_port}"
        return f"{where} on {self.address}" if self.address else where


@dataclass
class Status:
    """What one observer could do: ``ok``, ``absent`` (not installed, nothing to look at) or
    ``failed`` (it answered with an error), with a note for people."""

    state: str = "ok"
    note: str | None = None
    polls: int = 0


class Observer:
    """One source of binds. Subclasses set ``name`` and ``interval`` and define ``poll``."""

    name = "observer"
    interval = 1.0

    def __init__(self) -> None:
        self.status = Status()

    def poll(self, elapsed: float) -> list[Bind]:
        """The binds this source shows now; ``elapsed`` is the seconds since the command
        started."""
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the command ended, after the last poll."""


@dataclass
class Watch:
    """Polls observers while the command runs: each in a thread of its own, so that a slow
    one (kubectl) never delays another (the process tree, every 0.2 s)."""

    observers: Sequence[Observer]
    started: float = field(default_factory=time.monotonic)
    binds: dict[tuple[object, ...], Bind] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._loop, args=(observer,), daemon=True)
            for observer in self.observers
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> list[Bind]:
        """Stop polling after one last poll of every observer (all at once: the command's
        end waits for the slowest, not for their sum), and return every bind seen."""
        self._stop.set()
        for thread in self._threads:
            thread.join()
        return sorted(self.binds.values(), key=lambda bind: (bind.seen, bind.key))

    def _loop(self, observer: Observer) -> None:
        while not self._stop.is_set():
            self._poll(observer)
            self._stop.wait(observer.interval)
        if observer.status.state == "ok":
            # What the command left behind as it ended. A tool that is absent, or did not
            # answer the last time (a docker client without its daemon), is not asked again
            # at the end: the command's status would wait for nothing.
            self._poll(observer)
        observer.finish()

    def _poll(self, observer: Observer) -> None:
        elapsed = time.monotonic() - self.started
        try:
            found = observer.poll(elapsed)
        except Exception as error:  # an observer's bug must not stop the suite's run
            observer.status.state = "failed"
            observer.status.note = f"{type(error).__name__}: {error}"
            return
        observer.status.polls += 1
        with self._lock:
            for bind in found:
                self.binds.setdefault(bind.identity, bind)
