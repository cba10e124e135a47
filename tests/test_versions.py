"""The next version: minor or major for numbered versions, today's date for calendar ones."""

from __future__ import annotations

import datetime as dt

import pytest

from portreg.versions import calendar_date, raised_version

TODAY = dt.date(2026, 1, 30)


@pytest.mark.parametrize(
    ("version", "kind", "raised"),
    [
        ("1.9", "minor", "1.10"),
        ("1.9", "major", "2.0"),
        ("3", "minor", "3.1"),
        ("2.0.1", "minor", "2.1"),
        # A calendar version moves to today, written as it was (padded or not).
        ("2026.01.12", "minor", "2026.01.30"),
        ("2026.01.12", "major", "2026.01.30"),
        ("2026.1.12", "minor", "2026.1.30"),
        ("2025.12.31.4", "minor", "2026.01.30"),
        # Today's date taken, or a version dated after today: a serial, never backwards.
        ("2026.01.30", "minor", "2026.01.30.1"),
        ("2026.01.30.1", "minor", "2026.01.30.2"),
        ("2026.02.03", "minor", "2026.02.03.1"),
        # Not a date: numbered as usual.
        ("2026.13.40", "minor", "2026.14"),
        ("1999.01.01", "minor", "1999.2"),
    ],
)
def test_raised_version(version: str, kind: str, raised: str) -> None:
    assert raised_version(version, kind, TODAY) == raised


def test_calendar_date() -> None:
    assert calendar_date("2026.01.12") == dt.date(2026, 1, 12)
    assert calendar_date("2026.02.30") is None
    assert calendar_date("1.10") is None
