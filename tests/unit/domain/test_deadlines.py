from datetime import date, datetime, time

import pytest

from eklase_desktop.domain.deadlines import (
    DeadlineSettings,
    EntryKind,
    due_moment,
    is_overdue,
)
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS

d = date
Y2025 = DEFAULT_SCHOOL_YEARS[0]
E = EntryKind


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def test_default_settings_match_domain() -> None:
    settings = DeadlineSettings()
    assert settings.entry_time == time(17, 0)
    assert settings.formative_max_working_days == 3
    assert settings.summative_working_days == 5
    assert settings.large_work_working_days == 7


@pytest.mark.parametrize("kind", [E.LESSON_RECORD, E.REMOTE_ABSENCES])
def test_lesson_records_due_the_same_day_at_five(kind: EntryKind) -> None:
    assert due_moment(kind, d(2025, 10, 6)) == datetime(2025, 10, 6, 17, 0)


def test_entry_time_is_a_school_setting() -> None:
    settings = DeadlineSettings(entry_time=time(18, 30))
    assert due_moment(E.LESSON_RECORD, d(2025, 10, 6), settings=settings) == datetime(
        2025, 10, 6, 18, 30
    )


def test_remote_topic_due_before_the_lesson_starts() -> None:
    start = datetime(2025, 10, 6, 9, 45)
    assert due_moment(E.REMOTE_TOPIC, d(2025, 10, 6), lesson_start=start) == start


def test_remote_topic_needs_the_lesson_start() -> None:
    with pytest.raises(ValueError, match="lesson_start"):
        due_moment(E.REMOTE_TOPIC, d(2025, 10, 6))


def test_formative_mark_due_by_the_next_lesson() -> None:
    next_lesson = datetime(2025, 10, 8, 8, 30)
    due = due_moment(E.FORMATIVE_MARK, d(2025, 10, 6), next_lesson=next_lesson)
    assert due == next_lesson


def test_formative_mark_due_within_three_working_days_at_most() -> None:
    # Thu 18 Dec 2025: Fri 19, Mon 22, Tue 23 (24 Dec is a holiday).
    later = datetime(2026, 1, 8, 8, 30)
    assert due_moment(E.FORMATIVE_MARK, d(2025, 12, 18), next_lesson=later) == end_of(
        d(2025, 12, 23)
    )
    assert due_moment(E.FORMATIVE_MARK, d(2025, 12, 18)) == end_of(d(2025, 12, 23))


@pytest.mark.parametrize(
    ("kind", "day", "due_day"),
    [
        (E.SUMMATIVE_MARK, d(2025, 10, 6), d(2025, 10, 13)),
        (E.SUMMATIVE_MARK, d(2025, 10, 17), d(2025, 10, 24)),  # autumn holidays still count
        (E.SUMMATIVE_MARK, d(2025, 11, 14), d(2025, 11, 25)),  # 17, 18 Nov are off
        (E.SUMMATIVE_MARK, d(2025, 12, 22), d(2026, 1, 6)),  # over Christmas and new year
        (E.LARGE_WORK_MARK, d(2025, 10, 6), d(2025, 10, 15)),
        (E.LARGE_WORK_MARK, d(2025, 12, 22), d(2026, 1, 8)),
    ],
)
def test_summative_marks_due_after_working_days(kind: EntryKind, day: date, due_day: date) -> None:
    assert due_moment(kind, day) == end_of(due_day)


def test_retake_counts_from_the_retake_day() -> None:
    original = due_moment(E.SUMMATIVE_MARK, d(2025, 10, 6))
    retake = due_moment(E.SUMMATIVE_MARK, d(2025, 11, 3))
    assert retake == end_of(d(2025, 11, 10))
    assert retake > original


@pytest.mark.parametrize("kind", [E.MONTHLY_ATTESTATION, E.JUSTIFICATION])
@pytest.mark.parametrize(
    ("day", "due_day"),
    [
        (d(2025, 12, 1), d(2025, 12, 30)),  # 31 Dec is a holiday
        (d(2025, 12, 31), d(2025, 12, 30)),
        (d(2026, 1, 15), d(2026, 1, 30)),  # 31 Jan is a Saturday
        (d(2025, 10, 3), d(2025, 10, 31)),
    ],
)
def test_month_end_deadlines(kind: EntryKind, day: date, due_day: date) -> None:
    assert due_moment(kind, day) == end_of(due_day)


@pytest.mark.parametrize(
    ("day", "due_day"),
    [
        (d(2025, 10, 6), d(2025, 10, 10)),
        (d(2025, 10, 11), d(2025, 10, 10)),  # a Saturday lesson in a music school
        (d(2026, 3, 30), d(2026, 4, 2)),  # Good Friday
    ],
)
def test_concertmaster_log_due_by_the_weeks_last_working_day(day: date, due_day: date) -> None:
    assert due_moment(E.CONCERTMASTER_LOG, day) == end_of(due_day)


@pytest.mark.parametrize(
    ("day", "due_day"),
    [(d(2025, 10, 6), d(2025, 12, 19)), (d(2026, 3, 2), d(2026, 5, 29))],
)
def test_semester_marks_due_by_the_school_year_deadline(day: date, due_day: date) -> None:
    assert due_moment(E.SEMESTER_MARK, day, school_year=Y2025) == end_of(due_day)


def test_year_marks_due_by_the_school_year_deadline() -> None:
    assert due_moment(E.YEAR_MARK, d(2026, 5, 20), school_year=Y2025) == end_of(d(2026, 5, 29))


def test_period_marks_without_school_year_have_no_deadline() -> None:
    with pytest.raises(DomainError, match="Semestra vērtējumu termiņš nav zināms"):
        due_moment(E.SEMESTER_MARK, d(2025, 10, 6))
    with pytest.raises(DomainError, match="Gada vērtējumu termiņš nav zināms"):
        due_moment(E.YEAR_MARK, d(2025, 10, 6))


def test_semester_mark_outside_any_semester_has_no_deadline() -> None:
    with pytest.raises(DomainError):
        due_moment(E.SEMESTER_MARK, d(2025, 12, 29), school_year=Y2025)


def test_every_entry_kind_has_a_rule() -> None:
    context = {
        "lesson_start": datetime(2025, 10, 6, 8, 30),
        "school_year": Y2025,
    }
    for kind in EntryKind:
        assert due_moment(kind, d(2025, 10, 6), **context) >= datetime(2025, 10, 6)  # type: ignore[arg-type]


DUE = datetime(2025, 10, 6, 17, 0)
BEFORE = datetime(2025, 10, 6, 16, 59)
AFTER = datetime(2025, 10, 6, 17, 1)


@pytest.mark.parametrize(
    ("entered_at", "now", "overdue"),
    [
        (None, BEFORE, False),
        (None, DUE, False),
        (None, AFTER, True),
        (BEFORE, AFTER, False),
        (DUE, AFTER, False),
        (AFTER, AFTER, True),
        (AFTER, BEFORE, True),  # an entry after the due moment stays overdue
    ],
)
def test_is_overdue(entered_at: datetime | None, now: datetime, overdue: bool) -> None:
    assert is_overdue(DUE, entered_at, now) is overdue
