"""The next version of a registry: what the editing commands and ``diff --changelog`` raise
it to.

Most registries count ``1.9`` → ``1.10``; some hand-kept tables were versioned by date
(``2026.01.12``), and raising the minor part of that (``2026.2``) would read as a date
gone wrong. A calendar version moves to today's date instead, written the same way.
"""

from __future__ import annotations

import datetime as dt
import re

# YYYY.MM.DD, with an optional serial for a second change on one day (2026.01.30.1).
_CALENDAR = re.compile(r"(20[0-9]{2})\.([0-9]{1,2})\.([0-9]{1,2})(?:\.([0-9]+))?\Z")


def calendar_date(version: str) -> dt.date | None:
    """The date a calendar version (``2026.01.12``) stands for; None for any other version."""
    found = _CALENDAR.match(version)
    if found is None:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:  # 2026.13.40 is a number, not a date
        return None


def raised_version(version: str, kind: str, today: dt.date) -> str:
    """``1.9`` → ``1.10`` (``minor``) or ``2.0`` (``major``). A calendar version becomes
    today's date, zero-padded as it was (``2026.01.12`` → ``2026.01.30``), with a serial
    when the date would not move forward (``2026.01.30`` → ``2026.01.30.1``)."""
    date = calendar_date(version)
    if date is not None:
        return _raised_calendar(version, date, today)
    parts = [int(part) for part in version.split(".")]
    if kind == "major":
        return f"{parts[0] + 1}.0"
    minor = parts[1] + 1 if len(parts) > 1 else 1
    return f"{parts[0]}.{minor}"


def _raised_calendar(version: str, date: dt.date, today: dt.date) -> str:
    year, month, day, *serial = version.split(".")
    if today > date:
        width = 2 if len(month) == 2 else 1
        return f"{today.year}.{today.month:0{width}d}.{today.day:0{width}d}"
    # Today's date is taken (or the clock is behind the version): never go backwards.
    number = int(serial[0]) + 1 if serial else 1
    return f"{year}.{month}.{day}.{number}"
