"""The fuzzing harness as real processes (``make fuzz`` only: a process costs ~0.3 s).

Same properties as tests/test_fuzz.py, for what an in-process run cannot show: the real
stdout and stderr encodings, the interpreter's own start-up and exit, signals. Its file name
does not start with ``test_``, so ``make test`` does not collect it; ``make fuzz`` names it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import ROOT
from fuzz_strategies import hostile_registries
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import DEADLINE, PROFILE, TALLY

EXAMPLES = 300 if PROFILE == "fuzz" else 10


@settings(max_examples=EXAMPLES)
@given(hostile_registries(), st.sampled_from(["check", "export", "render-docs"]))
def test_hostile_registries_in_real_processes(data: bytes, command: str) -> None:
    extra = {"check": [], "export": ["--format", "env"], "render-docs": ["-o", "-"]}[command]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}
    with tempfile.TemporaryDirectory(prefix="portreg-fuzz-") as name:
        registry = Path(name) / "ports.yaml"
        registry.write_bytes(data)
        TALLY["examples"] += 1
        TALLY["runs"] += 1
        try:
            done = subprocess.run(
                [sys.executable, "-m", "portreg", command, "-r", str(registry), *extra],
                cwd=ROOT,
                env=env,
                capture_output=True,
                timeout=DEADLINE * 3,  # a cold interpreter on a busy machine
            )
        except subprocess.TimeoutExpired:
            TALLY["hangs"] += 1
            raise AssertionError(f"hang: portreg {command} on {data[:200]!r}") from None
    TALLY[f"exit {done.returncode}"] += 1
    stderr = done.stderr.decode("utf-8", "replace")
    if "internal error" in stderr or "Traceback" in stderr:
        TALLY["internal errors"] += 1
        raise AssertionError(stderr)
    if done.returncode not in (0, 1, 2):
        TALLY["wrong exit codes"] += 1
        raise AssertionError(f"exit {done.returncode}: {stderr}")
