"""Run the portreg CLI in this process (fast), with its real exit status and output."""

from __future__ import annotations

import pytest
from conftest import Result

from portreg.main import main


def run_portreg(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """``portreg ARGS`` through main(), as the console script runs it."""
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    captured = capsys.readouterr()
    code = stopped.value.code
    return Result(code if isinstance(code, int) else 1, captured.out, captured.err)
