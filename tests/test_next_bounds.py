"""``portreg next`` on a range beyond 1-65535 (issue 12, defect 4): it walked every number
of ``1-99999999999999999999`` and ate memory; now it refuses the range at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from inprocess import invoke


def _registry(tmp_path: Path, ranges: str) -> Path:
    path = tmp_path / "ports.yaml"
    path.write_text(MINIMAL.replace("16379-16388", ranges), encoding="utf-8")
    return path


@pytest.mark.parametrize("ranges", ["1-99999999999999999999", "0-10", "65530-70000"])
def test_an_out_of_bounds_range_is_refused_quickly(tmp_path: Path, ranges: str) -> None:
    registry = _registry(tmp_path, ranges)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTREG_")}
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "portreg",
                "next",
                "redis",
                "--tier",
                "integration",
                "-r",
                str(registry),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("portreg next walked an unbounded range")
    assert done.returncode == 2, done
    assert "1-65535" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_another_component_out_of_bounds_does_not_hang_the_report(tmp_path: Path) -> None:
    # redis is full; postgresql's range is out of bounds: the "other ranges" summary must
    # count only 1-65535.
    text = (
        MINIMAL.replace("15433-15442", "15433-99999999999999").replace("16379-16388", "16379-16379")
        + "services:\n  app:\n    ports:\n      integration: {redis: 16379}\n"
    )
    registry = tmp_path / "ports.yaml"
    registry.write_text(text, encoding="utf-8")
    result = invoke("next", "redis", "--tier", "integration", "-r", str(registry))
    assert result.code == 1, result
    assert "postgresql integration 15433-99999999999999" in result.err
