"""Calendar: Latvian public holidays and working days (DOMAIN: calendar and working days).

A working day (darbdiena) is Monday-Friday that is not a public holiday, including the
days off transferred by government order. School holidays do not stop the count. Holiday
data comes from the ``holidays`` package (country ``LV``), cached per year because these
functions run in hot loops (deadlines of every cell of a grid).

Saturdays made working days by a transfer (e.g. 17 Jan 2026) are not counted: the journal's
deadlines run on Monday-Friday only.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

# Days the package lists that are no day off: Mother's Day is an observance, not a holiday
# (always a Sunday, but a music school may teach on Sundays).
_NOT_DAYS_OFF = frozenset({"Mātes diena", "Mother's Day"})
_ONE_DAY = timedelta(days=1)


def _load(year: int) -> Mapping[date, str]:
    try:
        return holidays.country_holidays("LV", years=year, language="lv")
    except (NotImplementedError, KeyError, ValueError):  # pragma: no cover - old package
        return holidays.country_holidays("LV", years=year)


def _is_day_off_name(name: str) -> bool:
    return any(part not in _NOT_DAYS_OFF for part in name.split("; "))


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> Mapping[date, str]:
    found = {day: name for day, name in _load(year).items() if _is_day_off_name(name)}
    return MappingProxyType(found)


def holiday_name(day: date) -> str | None:
    """The Latvian name of the public holiday or transferred day off on ``day``, or None."""
    return _holidays_of(day.year).get(day)


def is_public_holiday(day: date) -> bool:
    """True on a public holiday, a day off moved from a weekend holiday or a transferred day."""
    return day in _holidays_of(day.year)


def is_working_day(day: date) -> bool:
    """Monday-Friday that is not a public holiday (DOMAIN: calendar)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    day += _ONE_DAY
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def previous_working_day(day: date) -> date:
    """The last working day strictly before ``day``."""
    day -= _ONE_DAY
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (before it if ``n`` is negative).

    ``day`` itself never counts for ``n != 0``, working or not: a Saturday lesson plus 3 is
    the Wednesday. ``n == 0`` returns ``day`` if it is a working day, else the next one
    (the earliest working day on or after ``day``).
    """
    if n == 0:
        return day if is_working_day(day) else next_working_day(day)
    step = next_working_day if n > 0 else previous_working_day
    for _index in range(abs(n)):
        day = step(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days ``d`` with ``start < d <= end``; negative if ``end`` is before ``start``.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n > 0``.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += is_working_day(day)
        day += _ONE_DAY
    return count


def last_working_day_of_month(year: int, month: int) -> date:
    """The month's last working day (deadline of monthly attestations and justifications)."""
    last = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    return last if is_working_day(last) else previous_working_day(last)


def last_working_day_of_week(day: date) -> date:
    """The last working day of ``day``'s Monday-Sunday week (concertmaster, SPEC K1).

    A week without any working day has no such day; then the first working day after that
    week is returned, so a deadline never falls before the week it belongs to.
    """
    monday = day - timedelta(days=day.weekday())
    for offset in range(4, -1, -1):
        candidate = monday + timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    return next_working_day(monday + timedelta(days=6))
