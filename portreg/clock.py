"""Today's date, in one place, so that examples and tests can fix it (``PORTREG_TODAY``)."""

from __future__ import annotations

import datetime as dt
import os

from portreg.findings import UsageError

TODAY_ENV = "PORTREG_TODAY"


def today() -> dt.date:
    """Today's date, or the ISO date in PORTREG_TODAY when it is set (for reproducible runs)."""
    fixed = os.environ.get(TODAY_ENV)
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise UsageError(f"{TODAY_ENV}={fixed!r} is not a date like 2026-01-31") from None
