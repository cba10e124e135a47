"""Two ``portreg allocate`` processes on one registry at the same time: neither update is lost.

Real processes, because the lock is an OS lock between processes; 20 rounds, because a lost
update shows only when the two runs overlap, and they do not every time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from edit_helpers import EDIT_ENV, copy_fixture

from portreg.loading.registry import load_registry

ROUNDS = 20


def start(path: Path, service: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTREG_")}
    env.update(EDIT_ENV)
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "portreg", "allocate", service, "redis", "--tier", "e2e"),
            *("--registry", str(path), "--no-docs"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_allocations_both_land(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    # Room for every allocation of every round.
    path.write_text(path.read_text().replace("e2e: 26379-26388", "e2e: 26379-26499"))
    for round_number in range(ROUNDS):
        runs = [start(path, f"r{round_number}-{side}") for side in ("a", "b")]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert (run.returncode, err) == (0, ""), out
    loaded = load_registry(path)
    registry = loaded.registry
    assert registry is not None
    new = [name for name in registry.services if name.startswith("r")]
    assert len(new) == 2 * ROUNDS
    ports = [registry.services[name].flat_ports()["e2e"]["redis"].port for name in new]
    assert len(set(ports)) == len(ports)
    # Each run raised the version once and wrote its own changelog entry.
    assert registry.version == f"2.{3 + 2 * ROUNDS}"
    assert len(registry.changelog) == 2 + 2 * ROUNDS
