"""Work records in the domain (SPEC K1, J6, J15): hours as typed, each kind's rules, and the
concertmaster's week and its deadline around holidays."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.work_records import (
    InvalidRecord,
    WorkKind,
    WorkRecord,
    hours_text,
    parse_hours,
    shown_hours,
    validate_record,
    week_due,
    week_label,
    week_start,
)

ONE, TWO = uuid.uuid4(), uuid.uuid4()
COURSE, LESSON = uuid.uuid4(), uuid.uuid4()
DAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1", "1"),
        (" 1,5 ", "1.5"),
        ("0.75", "0.75"),
        ("0,25", "0.25"),
        ("2.50", "2.5"),
        ("12", "12"),
        ("0", "0"),
    ],
)
def test_hours_as_typed(text: str, hours: str) -> None:
    assert hours_text(parse_hours(text)) == hours


@pytest.mark.parametrize(
    "text", ["", "a", "-1", "1,3", "0.1", "12.25", "13", "1.555", "١", "1 h", "1,,5", "01"]
)
def test_what_is_no_number_of_hours(text: str) -> None:
    with pytest.raises(InvalidRecord):
        parse_hours(text)


@given(st.integers(min_value=0, max_value=48))
def test_every_quarter_hour_reads_back_as_shown(quarters: int) -> None:
    hours = Decimal(quarters) / 4
    assert parse_hours(shown_hours(hours)) == hours


def _record(kind: WorkKind, **changes: object) -> WorkRecord:
    values: dict[str, object] = {"students": frozenset({ONE}), "topic": "Tēma", "hours": "1"}
    values.update(changes)
    return WorkRecord(kind, DAY, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "refusal"),
    [
        (_record(WorkKind.CONSULTATION, students=frozenset()), "vismaz vienu audzēkni"),
        (_record(WorkKind.NURSE, topic="  "), "Norādiet tēmu."),
        (_record(WorkKind.OTHER, hours="0"), "stundu skaitu"),
        (_record(WorkKind.PRACTICE, students=frozenset({ONE, TWO})), "vienam audzēknim"),
        (_record(WorkKind.ACCOMPANIMENT, topic=""), "tēmu vai programmu"),
        (_record(WorkKind.ACCOMPANIMENT, hours="0"), "stundu skaitu"),
        (_record(WorkKind.ACCOMPANIMENT, lesson_id=LESSON), "norādiet kursu"),
        (_record(WorkKind.SOCIAL_PEDAGOGUE, topic="x" * 501), "ne vairāk kā 500"),
    ],
)
def test_each_kind_refuses_what_it_lacks(record: WorkRecord, refusal: str) -> None:
    with pytest.raises(InvalidRecord, match=refusal):
        validate_record(record)


def test_an_accompanied_lesson_may_say_it_was_not_accompanied() -> None:
    record = _record(
        WorkKind.ACCOMPANIMENT, topic="", hours="0", course_id=COURSE, lesson_id=LESSON
    )
    checked = validate_record(record)
    assert not checked.accompanied and checked.hours == "0"


def test_free_standing_accompaniment_needs_no_student_and_texts_are_trimmed() -> None:
    record = _record(WorkKind.ACCOMPANIMENT, students=frozenset(), topic="  Koncerts ")
    checked = validate_record(record)
    assert checked.topic == "Koncerts" and checked.accompanied


def test_only_accompaniment_answers_a_lesson() -> None:
    checked = validate_record(_record(WorkKind.CONSULTATION, lesson_id=LESSON))
    assert checked.lesson_id is None


@pytest.mark.parametrize(
    ("kind", "entity"),
    [
        (WorkKind.ACCOMPANIMENT, Entity.CONCERTMASTER_LOG),
        (WorkKind.PRACTICE, Entity.PRACTICE_HOURS),
        (WorkKind.CONSULTATION, Entity.INDIVIDUAL_WORK_LOG),
        (WorkKind.NURSE, Entity.INDIVIDUAL_WORK_LOG),
        (WorkKind.SOCIAL_PEDAGOGUE, Entity.INDIVIDUAL_WORK_LOG),
        (WorkKind.OTHER, Entity.INDIVIDUAL_WORK_LOG),
    ],
)
def test_who_may_write_each_kind(kind: WorkKind, entity: Entity) -> None:
    assert kind.entity is entity


@pytest.mark.parametrize(
    ("day", "due"),
    [
        # an ordinary week: Friday, end of day
        (dt.date(2026, 11, 25), dt.datetime(2026, 11, 27, 23, 59, 59)),
        # 18 November (Wednesday) is a holiday: still Friday
        (dt.date(2026, 11, 16), dt.datetime(2026, 11, 20, 23, 59, 59)),
        # 1 May 2026 is a Friday: Thursday
        (dt.date(2026, 5, 1), dt.datetime(2026, 4, 30, 23, 59, 59)),
        # Christmas 2026: 24 (Thu) and 25 (Fri) Dec are holidays: Wednesday
        (dt.date(2026, 12, 27), dt.datetime(2026, 12, 23, 23, 59, 59)),
        # New Year 2026: 31 Dec, 1 Jan and the transferred 2 Jan are off: Tuesday 30 Dec
        (dt.date(2026, 1, 2), dt.datetime(2025, 12, 30, 23, 59, 59)),
        # a Sunday belongs to the week before it
        (dt.date(2026, 11, 29), dt.datetime(2026, 11, 27, 23, 59, 59)),
    ],
)
def test_a_week_is_due_at_the_end_of_its_last_working_day(day: dt.date, due: dt.datetime) -> None:
    assert week_due(week_start(day)) == due


def test_week_label_names_both_ends() -> None:
    assert week_label(dt.date(2026, 11, 30)) == "2026. g. 30. nov. – 6. dec."
