"""The one clock (DESIGN §6): set to a day it runs on from there; nothing else reads the date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from eklase_desktop.domain import clock

SOURCES = Path(__file__).resolve().parents[3]
READS_THE_DATE = re.compile(r"\b(date|datetime)\.(today|now|utcnow)\(|QDate(Time)?\.current")


def test_a_set_clock_says_that_day_and_keeps_running() -> None:
    clock.set_clock(dt.date(2027, 3, 13))  # a Saturday in the spring holidays
    first = clock.now()
    assert clock.today() == dt.date(2027, 3, 13)
    assert first.time() >= dt.time(10, 0) and first < dt.datetime(2027, 3, 13, 10, 1)
    assert clock.now() >= first
    utc = clock.utc_now()
    assert utc.tzinfo is not None and utc.date() == dt.date(2027, 3, 13)
    assert clock.utc_naive().tzinfo is None


def test_a_moment_with_its_time() -> None:
    assert clock.parse_moment("2026-10-30T16:59") == dt.datetime(2026, 10, 30, 16, 59)
    assert clock.parse_moment(" 2026-09-01 ") == dt.datetime(2026, 9, 1, 10, 0)
    with pytest.raises(ValueError):
        clock.parse_moment("30.10.2026")


def test_the_real_clock_again() -> None:
    clock.set_clock(None)
    assert abs(clock.now() - dt.datetime.now()) < dt.timedelta(seconds=5)


def test_no_code_reads_the_date_past_the_clock() -> None:
    found = [
        f"{path.relative_to(SOURCES)}:{number}"
        for package in ("eklase_desktop", "eklase_server")
        for path in sorted((SOURCES / package).rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_THE_DATE.search(line)
    ]
    assert found == []
