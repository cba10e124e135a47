"""Measure portreg against a reference tool in the same run, as a ratio of wall times.

Machines here are shared and noisy, so absolute seconds mean little: each comparison runs the
two commands alternately, several times. Other processes only ever add time, so the fastest
run of each is the best estimate of what the command itself costs (as timeit's docs argue);
the ratio of those minimums is what the targets are about. The ratio of medians is shown
beside it, to show how much the noise moved things.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_FILE = ROOT / "registry" / "ports.yaml"


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

    def time_command(self, command: Sequence[str], cwd: Path | None = None) -> float:
        start = time.perf_counter()
        subprocess.run(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        return time.perf_counter() - start

    def resources(
        self,
        command: Sequence[str],
        cwd: Path | None = None,
        output: Path | None = None,
        status: int | None = None,
    ) -> tuple[float, float]:
        """The command's peak resident memory (MiB) and CPU time (user + system, seconds).

        CPU time stands in for wall time where there is no reference tool to run beside it:
        on a shared machine the wall clock also measures the neighbours. With ``output`` the
        command's standard output is kept in that file, and with ``status`` its exit status
        is checked, so that the caller can check the measured run did its work.
        """
        probe = (
            "import resource, subprocess, sys\n"
            "out = open(sys.argv[1], 'wb') if sys.argv[1] else subprocess.DEVNULL\n"
            "done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "peak = used.ru_maxrss / (1024 * 1024 if sys.platform == 'darwin' else 1024)\n"
            "print(peak, used.ru_utime + used.ru_stime, done.returncode)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe, str(output or ""), *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        peak, cpu, returncode = done.stdout.split()
        if status is not None:
            assert int(returncode) == status, (command, returncode)
        return float(peak), float(cpu)

    def time_once(self, command: Sequence[str], repeat: int = 1) -> float:
        """The fastest of ``repeat`` runs of one command, with no reference beside it."""
        return min(self.time_command(command) for _ in range(repeat))

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
    ) -> Comparison:
        """Run both commands alternately (after one warm-up each); keep the fastest of each."""
        self.time_command(ours, cwd)
        self.time_command(reference, cwd)
        our_times, reference_times = [], []
        for _ in range(repeat or self.repeat):
            our_times.append(self.time_command(ours, cwd))
            reference_times.append(self.time_command(reference, cwd))
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
