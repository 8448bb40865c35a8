"""Work records on the laptop (SPEC K1, J6, J15): the concertmaster's week answered lesson by
lesson, other work, who may write which kind, and the outbox."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.work_records import InvalidRecord, WorkKind, WorkRecord
from eklase_desktop.models import Course, OutboxEntry
from eklase_desktop.models import WorkRecord as Row
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.work_records import WorkLog
from eklase_desktop.sync.mutation_args import WorkRecordSetArgs
from tests.school import LESSON_DAYS, SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-09-14")
FIRST_WEEK = dt.date(2026, 8, 31)  # lessons on Tuesday 1 and Thursday 3 September


@pytest.fixture
def concertmaster(school: SmallSchool) -> WorkLog:
    staff = add_staff(school.factory, "koncertmeistars", "concertmaster", "Olga", "Ozola")
    with school.factory.begin() as session:
        session.execute(
            update(Course).where(Course.id == school.piano).values(concertmaster_id=staff)
        )
    return WorkLog(school.factory, school.actor("koncertmeistars"))


def _queued(school: SmallSchool) -> list[WorkRecordSetArgs]:
    with school.factory() as session:
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        return [
            WorkRecordSetArgs.model_validate(e.args)
            for e in entries
            if e.mutation == "work_record.set"
        ]


def test_the_week_lists_the_teachers_lessons_until_each_is_answered(
    school: SmallSchool, concertmaster: WorkLog
) -> None:
    assert concertmaster.accompanies() and concertmaster.kinds() == [WorkKind.ACCOMPANIMENT]
    week = concertmaster.week(dt.date(2026, 9, 2))  # any day of the week
    assert week.monday == FIRST_WEEK and [lesson.day for lesson in week.lessons] == list(
        LESSON_DAYS[:2]
    )
    first, second = week.lessons
    assert first.students == "Šmite Līga" and first.teacher == "Ābele Anna"
    assert first.topic == "Tēma 01.09." and week.missing == 2
    assert week.due == dt.datetime(2026, 9, 4, 23, 59, 59)
    assert week.overdue(dt.datetime(2026, 9, 5, 0, 0))
    assert not week.overdue(dt.datetime(2026, 9, 4, 23, 0))

    concertmaster.accompany(first.lesson_id, "1,5", "Etīde")
    concertmaster.accompany(second.lesson_id, "0")
    done = concertmaster.week(FIRST_WEEK)
    assert done.missing == 0 and done.hours == Decimal("1.5")
    assert done.lessons[0].record is not None and done.lessons[0].record.record.topic == "Etīde"
    assert done.lessons[1].record is not None and not done.lessons[1].record.record.accompanied

    # answering again changes the record (one per lesson), with the change's base
    concertmaster.accompany(second.lesson_id, "1")
    assert concertmaster.week(FIRST_WEEK).hours == Decimal("2.5")
    queued = _queued(school)
    assert len(queued) == 3 and queued[2].work_record_id == queued[1].work_record_id
    assert queued[1].base is None and queued[2].base is not None
    assert queued[2].base["hours"] == "0" and queued[2].hours == "1"
    assert queued[0].day == LESSON_DAYS[0] and queued[0].students == [school.students[3]]


def test_overdue_weeks_are_the_past_ones_left_unanswered(
    school: SmallSchool, concertmaster: WorkLog
) -> None:
    now = dt.datetime(2026, 9, 14, 9, 0)
    weeks = concertmaster.overdue_weeks(dt.date(2026, 9, 1), now)
    assert [week.monday for week in weeks] == [FIRST_WEEK, FIRST_WEEK + dt.timedelta(days=7)]
    for lesson in weeks[0].lessons:
        concertmaster.accompany(lesson.lesson_id)
    remaining = concertmaster.overdue_weeks(dt.date(2026, 9, 1), now)
    assert [week.monday for week in remaining] == [FIRST_WEEK + dt.timedelta(days=7)]


def test_other_accompaniment_and_its_deletion(school: SmallSchool, concertmaster: WorkLog) -> None:
    concert = WorkRecord(
        WorkKind.ACCOMPANIMENT, dt.date(2026, 9, 4), frozenset({school.students[3]}), "Koncerts"
    )
    record_id = concertmaster.save(concert)
    week = concertmaster.week(FIRST_WEEK)
    assert [view.record.topic for view in week.other] == ["Koncerts"]
    assert week.other[0].students == "Šmite Līga"
    concertmaster.delete(record_id)
    assert concertmaster.week(FIRST_WEEK).other == ()
    assert _queued(school)[-1].deleted


def test_the_teachers_grid_knows_the_accompanied_lessons(
    school: SmallSchool, concertmaster: WorkLog
) -> None:
    first, second = concertmaster.week(FIRST_WEEK).lessons
    concertmaster.accompany(first.lesson_id)
    concertmaster.accompany(second.lesson_id, "0")
    snapshot = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.piano)
    shown = {lesson.id: lesson.accompanied_by for lesson in snapshot.lessons}
    assert shown[first.lesson_id] == "Ozola Olga" and shown[second.lesson_id] == ""


def test_who_may_write_which_kind(school: SmallSchool, concertmaster: WorkLog) -> None:
    teacher = WorkLog(school.factory, school.actor("skolotajs1"))
    assert WorkKind.ACCOMPANIMENT not in teacher.kinds()
    assert {WorkKind.PRACTICE, WorkKind.CONSULTATION} <= set(teacher.kinds())
    lesson = concertmaster.week(FIRST_WEEK).lessons[0]
    with pytest.raises(PermissionDenied):
        teacher.accompany(lesson.lesson_id)  # the teacher is no concertmaster
    with pytest.raises(PermissionDenied, match="neesat koncertmeistars"):
        concertmaster.save(
            WorkRecord(WorkKind.ACCOMPANIMENT, FIRST_WEEK, topic="x", course_id=school.maths)
        )
    with pytest.raises(PermissionDenied):
        concertmaster.save(
            WorkRecord(WorkKind.CONSULTATION, FIRST_WEEK, frozenset(school.students[:1]), "x")
        )
    assert _queued(school) == []  # nothing refused reached the outbox


def test_individual_work_is_its_authors_and_names_one_class(school: SmallSchool) -> None:
    teacher = WorkLog(school.factory, school.actor("skolotajs1"))
    record = WorkRecord(
        WorkKind.CONSULTATION, dt.date(2026, 9, 10), frozenset(school.students[:2]), "Daļskaitļi",
        "Atkārtojām saīsināšanu", "0,75",
    )  # fmt: skip
    record_id = teacher.save(record)
    [view] = teacher.records(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert view.students == "Apinīte Alise, Āboliņš Ēriks" and view.record.hours == "0.75"
    assert teacher.class_of(view.record.students) == school.class_id

    other = WorkLog(school.factory, school.actor("skolotajs2"))
    assert other.records(dt.date(2026, 9, 1), dt.date(2026, 9, 30)) == []
    with pytest.raises(PermissionDenied, match="Citu darbinieku"):
        other.delete(record_id)
    deputy = WorkLog(school.factory, school.actor("vietnieks"))
    assert len(deputy.records(dt.date(2026, 9, 1), dt.date(2026, 9, 30), everyone=True)) == 1
    with pytest.raises(InvalidRecord):
        teacher.save(WorkRecord(WorkKind.CONSULTATION, dt.date(2026, 9, 10), topic="Nav neviena"))
    [queued] = _queued(school)
    assert queued.kind == "consultation" and queued.hours == "0.75"
    assert sorted(queued.students) == sorted(school.students[:2])
    with school.factory() as session:
        row = session.get(Row, record_id)
        assert row is not None and row.class_group_id == school.class_id
    assert uuid.UUID(str(queued.work_record_id)) == record_id
