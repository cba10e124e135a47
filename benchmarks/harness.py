"""Measure portreg against a reference tool in the same run, as a ratio of wall times.

Machines here are shared and noisy, so absolute seconds mean little: each comparison runs the
two commands alternately, several times. Other processes only ever add time, so the fastest
run of each is the best estimate of what the command itself costs (as timeit's docs argue);
the ratio of those minimums is what the targets are about. The ratio of medians is shown
beside it, to show how much the noise moved things.

A figure of a command that failed would measure nothing (an edit refused in a few
milliseconds looks fast): every run's exit status is checked, and a comparison may also
check what the command did (its output, the file it wrote). A run that fails either stops
the benchmark with the command's own words (``BenchmarkFailed``).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FILE = ROOT / "registry" / "ports.yaml"


# yamllint's exit status is 1 when it reports a long line or another problem: still its work.
LINTED = (0, 1)
# What a run printed and how it ended, for the checks of its effect.
Done = subprocess.CompletedProcess[bytes]
Check = Callable[[Done], None]


class BenchmarkFailed(Exception):
    """A measured command did not do its work: its figure would mean nothing."""


def tool(name: str) -> str:
    """A command installed beside the running Python (the project's .venv)."""
    return str(Path(sys.executable).parent / name)


@dataclass
class Comparison:
    name: str
    ours: float
    reference: float
    reference_name: str
    target: float | None
    note: str = ""
    median_ratio: float | None = None

    @property
    def ratio(self) -> float:
        return self.ours / self.reference if self.reference else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "-"
        return "met" if self.ratio <= self.target else "MISSED"


@dataclass
class Bench:
    workdir: Path
    repeat: int = 7
    results: list[Comparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def time_command(
        self,
        command: Sequence[str],
        cwd: Path | None = None,
        expect: Sequence[int] = (0,),
        check: Check | None = None,
    ) -> float:
        """The wall time of one run; BenchmarkFailed when it exits otherwise than ``expect``
        or ``check`` (given what it printed) finds it did not do its work."""
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        verify(command, done, expect, check)
        return elapsed

    def resources(
        self, command: Sequence[str], cwd: Path | None = None, expect: Sequence[int] = (0,)
    ) -> tuple[float, float]:
        """The command's peak resident memory (MiB) and CPU time (user + system, seconds).

        CPU time stands in for wall time where there is no reference tool to run beside it:
        on a shared machine the wall clock also measures the neighbours.
        """
        probe = (
            "import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.PIPE)\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "peak = used.ru_maxrss / (1024 * 1024 if sys.platform == 'darwin' else 1024)\n"
            "print(peak, used.ru_utime + used.ru_stime, done.returncode)\n"
            "sys.stderr.buffer.write(done.stderr)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe, *command],
            cwd=cwd,
            capture_output=True,
            check=True,
        )
        peak, cpu, status = done.stdout.split()
        measured = subprocess.CompletedProcess(command, int(status), b"", done.stderr)
        verify(command, measured, expect, None)
        return float(peak), float(cpu)

    def time_once(
        self, command: Sequence[str], repeat: int = 1, expect: Sequence[int] = (0,)
    ) -> float:
        """The fastest of ``repeat`` runs of one command, with no reference beside it."""
        return min(self.time_command(command, expect=expect) for _ in range(repeat))

    def compare(
        self,
        name: str,
        ours: Sequence[str],
        reference: Sequence[str],
        reference_name: str,
        target: float | None = None,
        cwd: Path | None = None,
        repeat: int | None = None,
        note: str = "",
        expect: Sequence[int] = (0,),
        check: Check | None = None,
        reference_expect: Sequence[int] = (0,),
    ) -> Comparison:
        """Run both commands alternately (after one warm-up each); keep the fastest of each.

        Every run of ours must exit with a status of ``expect`` and pass ``check``; every run
        of the reference, with one of ``reference_expect``."""

        def mine() -> float:
            return self.time_command(ours, cwd, expect, check)

        def theirs() -> float:
            return self.time_command(reference, cwd, reference_expect)

        mine()
        theirs()
        our_times, reference_times = [], []
        for _ in range(repeat or self.repeat):
            our_times.append(mine())
            reference_times.append(theirs())
        result = Comparison(
            name,
            min(our_times),
            min(reference_times),
            reference_name,
            target,
            note,
            statistics.median(our_times) / statistics.median(reference_times),
        )
        self.results.append(result)
        print(
            f"{name}: {result.ours:.3f}s vs {reference_name} {result.reference:.3f}s "
            f"= {result.ratio:.2f}x (target {target or '-'}) {result.verdict}",
            flush=True,
        )
        return result

    def record(
        self,
        name: str,
        ours: float,
        reference: float,
        reference_name: str,
        target: float | None,
        note: str = "",
    ) -> Comparison:
        """A comparison measured by the caller (for growth ratios and the like)."""
        result = Comparison(name, ours, reference, reference_name, target, note)
        self.results.append(result)
        print(
            f"{name}: {ours:.3f} vs {reference_name} {reference:.3f} = {result.ratio:.2f}x "
            f"(target {target or '-'}) {result.verdict}",
            flush=True,
        )
        return result

    def markdown(self) -> str:
        lines = [
            "| benchmark | portreg (s) | reference (s) | ratio | median ratio | target | verdict |",
            "|---|---|---|---|---|---|---|",
        ]
        for item in self.results:
            target = f"≤ {item.target}×" if item.target is not None else "-"
            median = f"{item.median_ratio:.2f}×" if item.median_ratio is not None else "-"
            lines.append(
                f"| {item.name} | {item.ours:.3f} | {item.reference_name}: {item.reference:.3f} "
                f"| {item.ratio:.2f}× | {median} | {target} | {item.verdict} |"
            )
        notes = [f"- {item.name}: {item.note}" for item in self.results if item.note]
        return "\n".join(lines + (["", *notes] if notes else []) + [""])


def verify(command: Sequence[str], done: Done, expect: Sequence[int], check: Check | None) -> None:
    """Raise BenchmarkFailed unless the run ended as expected and did its work."""
    if done.returncode not in expect:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise BenchmarkFailed(
            f"{' '.join(command)} exited {done.returncode} (expected {', '.join(map(str, expect))})"
            f": {' / '.join(said) or 'no message'}"
        )
    if check is not None:
        try:
            check(done)
        except AssertionError as error:
            raise BenchmarkFailed(f"{' '.join(command)} did not do its work: {error}") from None


def says(text: str) -> Check:
    """A check that the run printed ``text`` (on stdout or stderr)."""

    def check(done: Done) -> None:
        printed = (done.stdout + done.stderr).decode("utf-8", "replace")
        assert text in printed, f"{text!r} not in its output"

    return check
