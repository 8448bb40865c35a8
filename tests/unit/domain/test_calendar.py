from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.calendar import (
    add_working_days,
    holiday_name,
    is_public_holiday,
    is_working_day,
    last_working_day_of_month,
    last_working_day_of_week,
    working_days_between,
)

d = date


@pytest.mark.parametrize(
    "day",
    [
        d(2026, 1, 1),  # Jaungada diena
        d(2026, 1, 2),  # transferred day off
        d(2026, 6, 22),  # transferred day off
        d(2026, 6, 23),
        d(2026, 6, 24),
        d(2025, 12, 24),
        d(2025, 12, 25),
        d(2025, 12, 26),
        d(2025, 12, 31),
        d(2026, 4, 3),  # Good Friday
        d(2026, 4, 6),  # Easter Monday
        d(2025, 4, 18),  # Good Friday
        d(2025, 4, 21),  # Easter Monday
        d(2026, 5, 1),
        d(2026, 5, 4),
        d(2025, 11, 18),
        d(2025, 11, 17),  # transferred day off
        d(2023, 11, 20),  # 18 Nov 2023 was a Saturday
        d(2025, 5, 5),  # 4 May 2025 was a Sunday
        d(2024, 5, 6),  # 4 May 2024 was a Saturday
    ],
)
def test_days_off_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert is_public_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        d(2025, 10, 20),  # autumn school holidays: still a working day
        d(2025, 12, 29),  # winter school holidays: still a working day
        d(2026, 1, 5),
        d(2023, 11, 17),
        d(2025, 5, 6),
        d(2026, 5, 5),
    ],
)
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert not is_public_holiday(day)
    assert is_working_day(day)


@pytest.mark.parametrize("day", [d(2025, 10, 18), d(2025, 10, 19), d(2023, 11, 18)])
def test_weekends_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_transferred_working_saturday_is_not_a_working_day() -> None:
    # 17 Jan 2026 is worked instead of 2 Jan; the journal counts Monday-Friday only.
    assert not is_working_day(d(2026, 1, 17))


def test_holiday_names_are_latvian() -> None:
    assert holiday_name(d(2025, 11, 18)) == "Latvijas Republikas Proklamēšanas diena"
    assert holiday_name(d(2026, 1, 1)) == "Jaungada diena"
    assert (holiday_name(d(2026, 1, 2)) or "").startswith("Brīvdiena")
    assert holiday_name(d(2026, 1, 5)) is None


def test_mothers_day_is_not_a_holiday_but_pentecost_is() -> None:
    assert not is_public_holiday(d(2026, 5, 10))
    assert holiday_name(d(2026, 5, 10)) is None
    assert holiday_name(d(2026, 5, 24)) == "Vasarsvētki"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (d(2025, 10, 6), 1, d(2025, 10, 7)),
        (d(2025, 10, 10), 1, d(2025, 10, 13)),  # Friday -> Monday
        (d(2025, 10, 17), 1, d(2025, 10, 20)),  # school holidays do not stop the count
        (d(2025, 10, 11), 3, d(2025, 10, 15)),  # from a Saturday
        (d(2025, 12, 23), 1, d(2025, 12, 29)),  # over Christmas
        (d(2025, 12, 23), 3, d(2026, 1, 5)),  # over Christmas and the new year
        (d(2025, 12, 22), 5, d(2026, 1, 6)),
        (d(2026, 12, 30), 1, d(2027, 1, 4)),
        (d(2025, 11, 14), 1, d(2025, 11, 19)),  # 17 and 18 Nov 2025 are off
        (d(2026, 1, 5), -1, d(2025, 12, 30)),
        (d(2026, 1, 5), -3, d(2025, 12, 23)),
        (d(2025, 10, 11), -1, d(2025, 10, 10)),
        (d(2025, 10, 6), 0, d(2025, 10, 6)),  # a working day is itself
        (d(2025, 12, 24), 0, d(2025, 12, 29)),  # else the next working day
        (d(2025, 10, 11), 0, d(2025, 10, 13)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (d(2025, 10, 6), d(2025, 10, 6), 0),
        (d(2025, 10, 6), d(2025, 10, 10), 4),
        (d(2025, 10, 6), d(2025, 10, 13), 5),
        (d(2025, 12, 19), d(2026, 1, 5), 5),  # 22, 23, 29, 30 Dec and 5 Jan
        (d(2025, 10, 13), d(2025, 10, 6), -5),
    ],
)
def test_working_days_between(start: date, end: date, count: int) -> None:
    assert working_days_between(start, end) == count


dates = st.dates(min_value=d(2023, 1, 1), max_value=d(2028, 12, 31))


@given(dates, st.integers(min_value=1, max_value=40))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert is_working_day(end)
    assert end > start
    assert working_days_between(start, end) == n


@given(dates, st.integers(min_value=1, max_value=40))
def test_going_back_returns_to_a_working_start(start: date, n: int) -> None:
    start = add_working_days(start, 0)
    assert add_working_days(add_working_days(start, n), -n) == start


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2025, 12, d(2025, 12, 30)),  # 31 Dec is a holiday
        (2026, 1, d(2026, 1, 30)),  # 31 Jan is a Saturday
        (2026, 5, d(2026, 5, 29)),
        (2025, 10, d(2025, 10, 31)),
        (2026, 2, d(2026, 2, 27)),
        (2027, 12, d(2027, 12, 30)),  # 31 Dec 2027 Friday is a holiday
    ],
)
def test_last_working_day_of_month(year: int, month: int, expected: date) -> None:
    assert last_working_day_of_month(year, month) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (d(2025, 10, 6), d(2025, 10, 10)),
        (d(2025, 10, 12), d(2025, 10, 10)),  # Sunday belongs to the week before Monday
        (d(2026, 3, 30), d(2026, 4, 2)),  # Good Friday 3 Apr 2026
        (d(2026, 12, 21), d(2026, 12, 23)),  # 24 and 25 Dec 2026
        (d(2025, 12, 29), d(2025, 12, 30)),  # 31 Dec, 1 and 2 Jan
    ],
)
def test_last_working_day_of_week(day: date, expected: date) -> None:
    assert last_working_day_of_week(day) == expected


@given(dates)
def test_last_working_day_of_week_is_in_that_week(day: date) -> None:
    result = last_working_day_of_week(day)
    monday = day - timedelta(days=day.weekday())
    assert monday <= result <= monday + timedelta(days=4)
    assert is_working_day(result)
