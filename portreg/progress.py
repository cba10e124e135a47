"""A one-line counter on stderr for long work: ``scan: 1,204 of 10,000 files, 37 findings``.

Shown only when stderr is a terminal (never in a pipe, a file or a CI log) and not turned
off with ``--no-progress``. Redrawn at most every ``INTERVAL`` seconds, so that counting a
hundred thousand files costs a clock reading each, and cleared before the command prints
its output (``clear()``, or leaving the ``with`` block, also on Ctrl-C), so that no stray
counter is left in what a user copies from the terminal.

A long loop uses it as::

    with Progress("scan", total=len(files), unit="file", enabled=show) as progress:
        for file in files:
            ...
            progress.advance(finding=len(found))
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from types import TracebackType
from typing import TextIO

from portreg.escaping import escape_control
from portreg.wording import plural

# Seconds between two redraws: fast enough to look alive, rare enough to cost nothing.
INTERVAL = 0.1
# Nothing is drawn for work that ends sooner than this: a quick run stays silent.
FIRST_DRAW_AFTER = 0.5
# Move to the start of the line and erase it (ECMA-48 EL 2 after CR).
_ERASE = "\r\x1b[2K"


class Progress:
    """A counter of done units (out of ``total`` when known) and of other things found,
    named by their noun (``finding=3``), drawn on one line of stderr; does nothing when not
    enabled."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        unit: str = "file",
        enabled: bool = True,
        stream: TextIO | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and shows_on(self.stream)
        self.label = escape_control(label)
        self.total = total
        self.unit = unit
        self.done = 0
        self.counts: dict[str, int] = {}
        self._drawn = False
        self._next_draw = time.monotonic() + FIRST_DRAW_AFTER

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.clear()

    def advance(self, done: int = 1, **counts: int) -> None:
        """Count ``done`` more units and add to the named counts (``finding=2``); redraw
        when it is time."""
        if not self.enabled:
            return
        self.done += done
        for name, count in counts.items():
            self.counts[name] = self.counts.get(name, 0) + count
        now = time.monotonic()
        if now >= self._next_draw:
            self._next_draw = now + INTERVAL
            self._draw()

    def set_total(self, total: int | None) -> None:
        """The total, once it is known (files are counted while they are listed)."""
        self.total = total

    def clear(self) -> None:
        """Erase the counter line (before the command prints its output); the next
        ``advance`` draws it again."""
        if self._drawn:
            self._write(_ERASE)
            self._drawn = False

    def text(self) -> str:
        """``scan: 1,204 of 10,000 files, 37 findings``."""
        if self.total is None:
            done = plural(self.done, self.unit, thousands=True)
        else:
            done = f"{self.done:,} of {plural(self.total, self.unit, thousands=True)}"
        counts = [plural(count, noun, thousands=True) for noun, count in self.counts.items()]
        return f"{self.label}: " + ", ".join([done, *counts])

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        # A line as wide as the terminal wraps, and a wrapped line cannot be erased with CR.
        self._write(_ERASE + self.text()[: max(width - 1, 10)])
        self._drawn = True

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a terminal closed under us: progress is not worth a failure
            self.enabled = False


def shows_on(stream: TextIO | None) -> bool:
    """Is ``stream`` a terminal that can erase a line (not TERM=dumb)?"""
    if stream is None or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
