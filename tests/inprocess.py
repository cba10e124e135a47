"""Run the CLI in this process, the way ``portreg`` does: ``main()`` with captured streams.

Much faster than a subprocess (no interpreter start-up), so the fuzzing harness and most
hostile-input tests use it. The exit status is what ``main()`` passes to ``sys.exit``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

from conftest import Result

from portreg.main import main


@contextlib.contextmanager
def _environment(cwd: Path | None, env: dict[str, str] | None) -> Iterator[None]:
    saved = dict(os.environ)
    before = Path.cwd()
    try:
        for key in [key for key in os.environ if key.startswith("PORTREG_")]:
            del os.environ[key]
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        os.chdir(before)
        os.environ.clear()
        os.environ.update(saved)


def invoke(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """``portreg ARGS`` in-process: exit status, stdout and stderr as text."""
    out, err = io.StringIO(), io.StringIO()
    code: int | str | None = 0
    with _environment(cwd, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
    return Result(
        code if isinstance(code, int) else (0 if code is None else 2),
        out.getvalue(),
        err.getvalue(),
    )
