import dataclasses
from datetime import date

import pytest

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import FIRST_DAY_TOPIC, automatic_topic
from eklase_desktop.domain.school_year import (
    DEFAULT_SCHOOL_YEARS,
    YEAR_FIELDS,
    HolidayPeriod,
    SchoolYear,
    Semester,
    check_marked_days,
    holidays_from,
    school_year_for,
    semesters_from,
    year_texts,
)

d = date
Y2025, Y2026 = DEFAULT_SCHOOL_YEARS


def test_2025_26_matches_domain() -> None:
    assert (Y2025.first_day, Y2025.last_day) == (d(2025, 9, 1), d(2026, 5, 29))
    assert not Y2025.draft
    s1, s2 = Y2025.semesters
    assert (s1.number, s1.start, s1.end) == (1, d(2025, 9, 1), d(2025, 12, 19))
    assert (s2.number, s2.start, s2.end) == (2, d(2026, 1, 5), d(2026, 5, 29))
    assert [(h.name, h.start, h.end) for h in Y2025.holidays] == [
        ("Rudens brīvdienas", d(2025, 10, 20), d(2025, 10, 24)),
        ("Ziemas brīvdienas", d(2025, 12, 22), d(2026, 1, 2)),
        ("Pavasara brīvdienas", d(2026, 3, 9), d(2026, 3, 13)),
    ]
    assert Y2025.year_mark_deadline == d(2026, 5, 29)


def test_2026_27_is_a_draft_starting_on_tuesday() -> None:
    assert Y2026.draft
    assert Y2026.first_day == d(2026, 9, 1)
    assert Y2026.first_day.weekday() == 1
    assert Y2026.last_day == d(2027, 5, 28)
    assert [(s.start, s.end) for s in Y2026.semesters] == [
        (d(2026, 9, 1), d(2026, 12, 18)),
        (d(2027, 1, 4), d(2027, 5, 28)),
    ]
    assert [(h.start, h.end) for h in Y2026.holidays] == [
        (d(2026, 10, 26), d(2026, 10, 30)),
        (d(2026, 12, 21), d(2027, 1, 1)),
        (d(2027, 3, 15), d(2027, 3, 19)),
    ]


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (d(2025, 9, 1), 1),
        (d(2025, 12, 19), 1),
        (d(2025, 12, 22), None),
        (d(2026, 1, 4), None),
        (d(2026, 1, 5), 2),
        (d(2026, 5, 29), 2),
        (d(2026, 6, 1), None),
    ],
)
def test_semester_of(day: date, number: int | None) -> None:
    semester = Y2025.semester_of(day)
    assert (semester.number if semester else None) == number


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (d(2025, 9, 1), True),  # Zinību diena
        (d(2025, 8, 29), False),  # before the year
        (d(2025, 10, 20), False),  # autumn holidays
        (d(2025, 10, 24), False),
        (d(2025, 10, 27), True),
        (d(2025, 11, 17), False),  # transferred day off
        (d(2025, 11, 18), False),  # public holiday
        (d(2025, 11, 19), True),
        (d(2025, 12, 29), False),  # winter holidays
        (d(2026, 3, 11), False),  # spring holidays
        (d(2026, 4, 3), False),  # Good Friday
        (d(2026, 5, 29), True),
        (d(2026, 6, 1), False),
        (d(2025, 9, 6), False),  # Saturday
    ],
)
def test_is_school_day(day: date, expected: bool) -> None:
    assert Y2025.is_school_day(day) is expected


def test_school_days_skip_holidays_and_weekends() -> None:
    days = Y2025.school_days(d(2025, 12, 15), d(2026, 1, 9))
    assert days == [d(2025, 12, n) for n in range(15, 20)] + [d(2026, 1, n) for n in range(5, 10)]


def test_school_days_of_an_empty_range() -> None:
    assert Y2025.school_days(d(2025, 10, 10), d(2025, 10, 9)) == []


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (d(2025, 9, 1), "2025./2026."),
        (d(2026, 5, 29), "2025./2026."),
        (d(2026, 7, 15), None),
        (d(2026, 9, 1), "2026./2027."),
        (d(2024, 9, 2), None),
    ],
)
def test_school_year_for(day: date, year: str | None) -> None:
    found = school_year_for(day)
    assert (found.name if found else None) == year


def test_school_year_for_custom_years() -> None:
    assert school_year_for(d(2025, 9, 1), years=()) is None


def _year(**changes: object) -> SchoolYear:
    values: dict[str, object] = {
        "name": "2030./2031.",
        "first_day": d(2030, 9, 2),
        "last_day": d(2031, 5, 30),
        "semesters": (
            Semester(1, d(2030, 9, 2), d(2030, 12, 20), d(2030, 12, 20)),
            Semester(2, d(2031, 1, 6), d(2031, 5, 30), d(2031, 5, 30)),
        ),
        "holidays": (HolidayPeriod("Rudens brīvdienas", d(2030, 10, 21), d(2030, 10, 25)),),
        "year_mark_deadline": d(2031, 5, 30),
    }
    values.update(changes)
    return SchoolYear(**values)  # type: ignore[arg-type]


def test_valid_school_year_is_accepted() -> None:
    assert _year().contains(d(2030, 9, 2))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_day": d(2030, 8, 1)}, "beigas 01.08.2030 ir pirms sākuma 02.09.2030"),
        (
            {
                "semesters": (
                    Semester(1, d(2030, 9, 2), d(2031, 1, 10), d(2030, 12, 20)),
                    Semester(2, d(2031, 1, 6), d(2031, 5, 30), d(2031, 5, 30)),
                )
            },
            "semestri pārklājas",
        ),
        (
            {"semesters": (Semester(2, d(2030, 9, 2), d(2030, 12, 20), d(2030, 12, 20)),)},
            "numurētiem pēc kārtas",
        ),
        (
            {"semesters": (Semester(1, d(2030, 8, 2), d(2030, 12, 20), d(2030, 12, 20)),)},
            "nav mācību gada robežās",
        ),
        (
            {"holidays": (HolidayPeriod("Vasara", d(2031, 6, 1), d(2031, 8, 31)),)},
            "«Vasara» nav mācību gada robežās",
        ),
        ({"year_mark_deadline": d(2030, 1, 1)}, "gada vērtējumu termiņš"),
    ],
)
def test_inconsistent_school_year_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        _year(**changes)


def test_semester_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(DomainError, match=r"1\. semestris: beigas"):
        Semester(1, d(2030, 12, 20), d(2030, 9, 2), d(2030, 12, 20))


def test_semester_deadline_before_start_is_refused() -> None:
    with pytest.raises(DomainError, match="vērtējumu termiņš ir pirms semestra sākuma"):
        Semester(1, d(2030, 9, 2), d(2030, 12, 20), d(2030, 8, 1))


def test_holiday_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(DomainError, match="Ziemas brīvdienas: beigas"):
        HolidayPeriod("Ziemas brīvdienas", d(2031, 1, 2), d(2030, 12, 22))


def test_the_first_school_day_is_inside_the_year_and_gets_zinibu_diena() -> None:
    year = dataclasses.replace(DEFAULT_SCHOOL_YEARS[1], first_school_day=date(2026, 9, 2))
    assert year.first_lesson_day == date(2026, 9, 2)
    assert automatic_topic(date(2026, 9, 2), year) == FIRST_DAY_TOPIC
    assert automatic_topic(date(2026, 9, 1), year) is None
    with pytest.raises(DomainError, match="pirmā mācību diena"):
        dataclasses.replace(DEFAULT_SCHOOL_YEARS[1], first_school_day=date(2026, 8, 31))


def test_a_year_as_wire_text_and_back() -> None:
    year = DEFAULT_SCHOOL_YEARS[1]
    texts = year_texts(year)
    assert set(texts) == set(YEAR_FIELDS)
    assert texts["first_day"] == "2026-09-01" and texts["draft"] == "true"
    assert semesters_from(texts["semesters"] or "") == year.semesters
    assert holidays_from(texts["holidays"] or "") == year.holidays


def test_days_with_marks_keep_their_semester() -> None:
    year = DEFAULT_SCHOOL_YEARS[1]
    first, second = year.semesters
    later = dataclasses.replace(first, end=date(2026, 12, 22))
    moved = dataclasses.replace(year, semesters=(later, second))
    check_marked_days(year, moved, [date(2026, 10, 14), date(2027, 2, 3)])  # nothing moves
    earlier = dataclasses.replace(first, end=date(2026, 12, 11))
    shortened = dataclasses.replace(year, semesters=(earlier, second))
    with pytest.raises(DomainError, match=r"Dienā 15\.12\.2026\. jau ir vērtējumi"):
        check_marked_days(year, shortened, [date(2026, 12, 15)])  # would leave semester 1
    with pytest.raises(DomainError, match="ārpus mācību gada"):
        check_marked_days(year, year, [date(2027, 6, 1)])
