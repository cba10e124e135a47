"""``portreg run --service S --tier T -- CMD``: hold a suite's ports while CMD runs, and
report what it really binds.

Before CMD: the machine-wide locks of the suite's ports and exclusive groups (waiting for
the suites that hold them), then a probe that its host ports are free. While CMD runs: the
observers (its processes, container runtimes, Kubernetes clusters). After: the findings,
the record, and the exit status: CMD's own when it failed, else 1 for errors (warnings too
with ``--strict``), else 0. Everything portreg says goes to standard error, so that CMD's
standard output stays its own.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from portreg.commands.common import EXIT_FINDINGS, cannot_write, exit_status, print_invalid
from portreg.escaping import escape_control, terminal_line
from portreg.export import registry_source
from portreg.findings import Finding, InputError, UsageError
from portreg.loading.registry import load_registry, resolve_registry_path
from portreg.probe import needed_ports, probe
from portreg.probe.sockets import bind_test
from portreg.rules import Context
from portreg.run.judge import Judge, Suite, ephemeral_range
from portreg.run.locks import (
    POLL_SECONDS,
    Holder,
    Identity,
    LockName,
    LockTimeout,
    PortLocks,
    lock_directory,
)
from portreg.run.needs import Needs, needs_of, require_suite, suite_environment
from portreg.run.observe import Bind, Observer, Watch
from portreg.run.record import Record, observer_states, to_json
from portreg.wording import plural, possessive

if TYPE_CHECKING:
    from portreg.loading.registry import LoadedRegistry
    from portreg.probe import PortStatus

PREFIX = "portreg run: "


def run(
    registry: str | None,
    service: str,
    tier: str,
    worker: int | None,
    wait: float | None,
    record_file: str | None,
    output_format: str,
    strict: bool,
    command: Sequence[str],
) -> int:
    if not command:
        raise UsageError("give the command to run after --: portreg run -s S -t T -- CMD [ARGS]")
    _require_runnable(command[0])
    path = resolve_registry_path(registry)
    loaded = load_registry(path)
    if loaded.registry is None:
        return print_invalid(loaded, "run")
    known = loaded.registry
    suite = Suite(service, tier, worker)
    require_suite(known, suite)
    source = registry_source(path, loaded.root)
    needs = needs_of(known, suite, suite_environment(known, source, suite))
    deadline = None if wait is None else time.monotonic() + wait
    try:
        directory = lock_directory()
    except OSError as error:
        raise InputError(str(error), code="PR002", rule="unreadable-file") from None
    locks = PortLocks(directory, Identity(service, tier, worker, list(command)))
    record = Record(suite, list(command), [], ephemeral_range(), source, known.version)
    record.host, record.started = socket.gethostname(), _now()
    try:
        try:
            locks.acquire(needs.locks, deadline, _say_waiting)
        except LockTimeout as timeout:
            _say(_timed_out(timeout, wait))
            return EXIT_FINDINGS
        held = _held_ports(loaded, needs, deadline)
        if held:
            findings = _held_findings(loaded, suite, held, wait)
            return _finish(loaded, record, findings, output_format, strict, record_file)
        _say(f"{suite}: {_locked(locks.held)}; running {_shown(command)}")
        clusters = [name for name, scope in known.scopes.items() if scope.kind == "nodeport"]
        observers, binds = _run_command(command, needs, record, clusters)
    finally:
        locks.release()
    record.binds = binds
    record.observers = observer_states(observers)
    judge = Judge(Context(known, loaded.sources), suite, record.ephemeral)
    findings = judge.judge(binds)
    return _finish(loaded, record, findings, output_format, strict, record_file)


def _require_runnable(program: str) -> None:
    """Refuse a command that cannot start before any lock is taken (exit status 2)."""
    import shutil

    if os.sep in program or (os.altsep and os.altsep in program):
        found = os.path.isfile(program) and os.access(program, os.X_OK)
    else:
        found = shutil.which(program) is not None
    if not found:
        raise UsageError(f"cannot run {_shown([program])}: no such program (or not executable)")


def _run_command(
    command: Sequence[str], needs: Needs, record: Record, clusters: list[str]
) -> tuple[list[Observer], list[Bind]]:
    """Start the command, watch it until it ends; its exit status goes into ``record``."""
    from portreg.run.containers import Runtime
    from portreg.run.kubernetes import Clusters
    from portreg.run.processes import ProcessTree, become_subreaper

    adopts = become_subreaper()
    started_at = time.time()
    environment = {**os.environ, **needs.environment}
    try:
        child = subprocess.Popen(list(command), env=environment)
    except OSError as error:
        raise UsageError(f"cannot run {_shown(command)}: {error.strerror or error}") from None
    observers: list[Observer] = [
        ProcessTree(child.pid, adopts),
        Runtime("docker", started_at),
        Runtime("podman", started_at),
    ]
    if clusters:
        observers.append(Clusters(clusters, started_at))
    watch = Watch(observers)
    watch.start()
    with _forwarding_signals(child):
        child.wait()
    record.seconds = time.time() - started_at
    record.exit_status = _status(child.returncode)
    binds = watch.stop()
    return observers, binds


@contextmanager
def _forwarding_signals(child: subprocess.Popen[bytes]) -> Iterator[None]:
    """While the command runs, a SIGTERM or SIGHUP for portreg is passed on to it (a CI
    job cancelled), and Ctrl-C is left to it (the terminal sends it to both)."""
    if sys.platform == "win32":
        yield
        return

    def forward(number: int, _frame: object) -> None:
        child.send_signal(number)

    saved: dict[signal.Signals, Callable[..., object] | int | None] = {}
    try:
        for number, handler in (
            (signal.SIGTERM, forward),
            (signal.SIGHUP, forward),
            (signal.SIGINT, signal.SIG_IGN),
        ):
            saved[number] = signal.signal(number, handler)
    except ValueError:  # not the main thread: leave the signals alone
        pass
    try:
        yield
    finally:
        for number, previous in saved.items():
            signal.signal(number, previous)


def _status(returncode: int) -> int:
    """A shell's view of the status: 128 + N for a command killed by signal N."""
    return 128 - returncode if returncode < 0 else returncode


def _held_ports(loaded: LoadedRegistry, needs: Needs, deadline: float | None) -> list[PortStatus]:
    """The suite's host ports that something holds, after waiting until ``deadline``."""
    registry = loaded.registry
    assert registry is not None
    wanted = {use.key[1:] for use in needs.host_uses}
    if all(bind_test(protocol, port) is False for protocol, port in wanted):
        # Every port binds on the loopback addresses: free. psutil's view of the whole
        # machine's sockets, which names holders, costs more the busier the machine is.
        return []
    needed = {key: uses for key, uses in needed_ports(registry).items() if key in wanted}
    report = probe(registry, needed)
    announced = False
    while report.held and deadline is not None and time.monotonic() < deadline:
        if not announced:
            held = ", ".join(f"{status.port}/{status.protocol}" for status in report.held)
            _say(f"waiting for {held} to be freed: {_holders_text(report.held)}")
            announced = True
        time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))
        report = probe(registry, needed)
    return report.held


def _held_findings(
    loaded: LoadedRegistry, suite: Suite, held: list[PortStatus], wait: float | None
) -> list[Finding]:
    registry = loaded.registry
    assert registry is not None
    judge = Judge(Context(registry, loaded.sources), suite, ephemeral_range())
    for status in held:
        ours = [use for use in status.needed_by if suite.owns(registry, use)]
        holders = "; ".join(holder.describe() for holder in status.holders)
        judge.held(ours[0], escape_control(holders), wait)
    return sorted(judge.findings, key=Finding.sort_key)


def _finish(
    loaded: LoadedRegistry,
    record: Record,
    findings: list[Finding],
    output_format: str,
    strict: bool,
    record_file: str | None,
) -> int:
    from portreg.reporters import Report, get_renderer

    if record_file is not None:
        _write_record(record_file, record, findings)
    document = to_json(record, findings)
    meta = {"run": {key: value for key, value in document.items() if key != "findings"}}
    scope = (
        f"{plural(len(record.binds), 'bind')} of {possessive(str(record.suite))} run "
        f"(registry {record.registry_version})"
    )
    report = Report("run", findings, scope, meta)
    report.notes = [_seen_by(record)] if record.observers else []
    sys.stderr.write(get_renderer(output_format)(report))
    if record.exit_status is not None and record.exit_status != 0:
        return record.exit_status
    return exit_status(findings, strict)


def _write_record(name: str, record: Record, findings: list[Finding]) -> None:
    import json

    from portreg.edit.atomic import write_atomic

    try:
        write_atomic(Path(name), json.dumps(to_json(record, findings), indent=2) + "\n")
    except OSError as error:
        raise cannot_write("the record", name, error) from None


def _seen_by(record: Record) -> str:
    """``seen by processes (212 polls), docker (failed: Cannot connect ...), podman (not on
    PATH)``: what each observer could see, so that no bind is not mistaken for none seen."""
    parts = []
    for observer in record.observers:
        state, note = observer["state"], observer.get("note")
        if state == "ok":
            detail = f"{observer['polls']} polls" + (f"; {note}" if note else "")
        else:
            detail = f"{state}: {note}" if note else state
        parts.append(f"{observer['name']} ({escape_control(detail)})")
    status = record.exit_status
    ended = f"exited {status}" if status is not None else "was not started"
    return (
        f"{_shown(record.command)} {ended} after {record.seconds:.1f} s; seen by {', '.join(parts)}"
    )


def _say_waiting(lock: LockName, holders: list[Holder]) -> None:
    _say(f"waiting for {lock.label}, held by {_lock_holders(holders)}")


def _timed_out(timeout: LockTimeout, wait: float | None) -> str:
    return (
        f"still waiting after {wait or 0:g} s for {timeout.lock.label}, held by "
        f"{_lock_holders(timeout.holders)}; the command was not started"
    )


def _lock_holders(holders: list[Holder]) -> str:
    if not holders:
        return "a run that left no note"
    return escape_control("; ".join(holder.describe() for holder in holders))


def _holders_text(held: list[PortStatus]) -> str:
    return escape_control(
        "; ".join(
            f"{status.port}/{status.protocol} by "
            + ", ".join(holder.describe() for holder in status.holders)
            for status in held
        )
    )


def _locked(locks: list[LockName]) -> str:
    ports = [lock.port for lock in locks if lock.port is not None]
    groups = len(locks) - len(ports)
    text = f"{plural(len(ports), 'port')} locked"
    if ports:
        text += f" ({', '.join(ports[:8])}{' ...' if len(ports) > 8 else ''})"
    if groups:
        text += f", {plural(groups, 'exclusive group')}"
    return text


def _shown(command: Sequence[str]) -> str:
    text = " ".join(command)
    return escape_control(text if len(text) <= 60 else text[:57] + "...")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _say(line: str) -> None:
    sys.stderr.write(terminal_line(PREFIX + line) + "\n")
    sys.stderr.flush()
