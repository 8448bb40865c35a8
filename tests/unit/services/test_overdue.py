"""Mani kavētie ieraksti (SPEC J1, J8, K1): each kind of entry turns up when its deadline
passes (or falls later today), and goes away once it is entered."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from eklase_desktop.models import Course
from eklase_desktop.services.editing import CellEdit, JournalEditor, LessonDetails
from eklase_desktop.services.overdue import OverdueItem, OverdueKind, OverdueList
from eklase_desktop.services.work_records import WorkLog
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-09-22")
TUESDAY = dt.date(2026, 9, 22)


def _items(school: SmallSchool, now: dt.datetime, user: str = "skolotajs1") -> list[OverdueItem]:
    """The list but the piano course's semester programme (tests/unit/services/
    test_programmes.py has it)."""
    found = OverdueList(school.factory, school.actor(user)).items(now)
    return [item for item in found if item.kind is not OverdueKind.PROGRAMME]


def _kinds(items: list[OverdueItem]) -> list[tuple[OverdueKind, str, str]]:
    return [(item.kind, item.course, item.what) for item in items]


def test_a_lesson_without_a_topic_is_late_after_17(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    lesson = editor.add_lesson(school.maths, TUESDAY)
    before, after = dt.datetime(2026, 9, 22, 16, 0), dt.datetime(2026, 9, 22, 17, 30)
    [due_today] = [item for item in _items(school, before) if item.kind is OverdueKind.TOPIC]
    assert not due_today.late(before) and due_today.due == dt.datetime(2026, 9, 22, 17, 0)
    assert due_today.lesson_id == lesson.id and due_today.course == "Matemātika 7.a"
    [late] = [item for item in _items(school, after) if item.kind is OverdueKind.TOPIC]
    assert late.late(after) and late.what == "Stunda 22.09.: nav tēmas"
    editor.update_lesson(lesson.id, LessonDetails(date=TUESDAY, topic="Procenti"))
    assert not [item for item in _items(school, after) if item.kind is OverdueKind.TOPIC]


def test_a_remote_lessons_topic_is_due_before_it_starts(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    lesson = editor.add_lesson(school.maths, TUESDAY)
    editor.update_lesson(lesson.id, LessonDetails(date=TUESDAY, remote=True))
    [item] = [i for i in _items(school, dt.datetime(2026, 9, 22, 9)) if i.kind is OverdueKind.TOPIC]
    assert item.due == dt.datetime(2026, 9, 22, 8, 0) and item.late(dt.datetime(2026, 9, 22, 9))


def test_test_marks_and_open_nv_after_the_tests_deadline(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    test = school.maths_test  # 15 September: due five working days later, on the 22nd
    editor.write_cells(school.maths, [CellEdit(school.students[0], test, "n")])  # nv
    items = _items(school, dt.datetime(2026, 9, 22, 12, 0))
    assert _kinds(items) == [
        (OverdueKind.TEST_MARKS, "Matemātika 7.a", "Pārbaudes darbs 15.09.: 3 bez vērtējuma"),
        (OverdueKind.NOT_MARKED, "Matemātika 7.a", "Pārbaudes darbs 15.09.: 1 ar nv"),
    ]
    assert all(not item.late(dt.datetime(2026, 9, 22, 12)) for item in items)
    assert all(item.due == dt.datetime(2026, 9, 22, 23, 59, 59) for item in items)
    editor.write_cells(
        school.maths, [CellEdit(student, test, "7") for student in school.students[1:]]
    )
    [left] = _items(school, dt.datetime(2026, 9, 23, 9, 0))
    assert left.kind is OverdueKind.NOT_MARKED and left.late(dt.datetime(2026, 9, 23, 9, 0))
    editor.write_cells(school.maths, [CellEdit(school.students[0], test, "n 6")])
    assert _items(school, dt.datetime(2026, 9, 23, 9, 0)) == []
    # a colleague's list is the colleague's
    assert _items(school, dt.datetime(2026, 9, 23, 9, 0), "skolotajs2") == []


@pytest.mark.today("2026-12-18")
def test_semester_marks_and_monthly_attestations(school: SmallSchool) -> None:
    now = dt.datetime(2026, 12, 18, 10, 0)
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    editor.write_cells(
        school.maths, [CellEdit(student, test, "8") for student in school.students
                       for test in (school.maths_test,)]
    )  # fmt: skip
    items = _items(school, now)
    semester = [item for item in items if item.kind is OverdueKind.SEMESTER_MARKS]
    assert {(item.course, item.what) for item in semester} == {
        ("Matemātika 7.a", "1. semestris: 4 bez vērtējuma"),
        ("Matemātika 2.a", "1. semestris: 4 bez vērtējuma"),
        ("Klavierspēle — Līga Šmite", "1. semestris: 1 bez vērtējuma"),
    }
    assert all(not item.late(now) and item.period == "S1" for item in semester)
    months = [item for item in items if item.kind is OverdueKind.MONTH_MARKS]
    assert [item.period for item in months] == ["M2026-09", "M2026-10", "M2026-11"]
    assert all(item.course == "Klavierspēle — Līga Šmite" for item in months)
    assert months[0].due == dt.datetime(2026, 9, 30, 23, 59, 59) and months[0].late(now)
    editor.write_cells(school.piano, [CellEdit(school.students[3], "M2026-09", "8")])
    later = [i.period for i in _items(school, now) if i.kind is OverdueKind.MONTH_MARKS]
    assert later == ["M2026-10", "M2026-11"]


def test_a_concertmasters_unanswered_week(school: SmallSchool) -> None:
    staff = add_staff(school.factory, "koncertmeistars", "concertmaster", "Olga", "Ozola")
    with school.factory.begin() as session:
        session.execute(
            update(Course).where(Course.id == school.piano).values(concertmaster_id=staff)
        )
    now = dt.datetime(2026, 9, 11, 9, 0)  # Friday of the second week
    items = _items(school, now, "koncertmeistars")
    assert [(item.kind, item.week, item.late(now)) for item in items] == [
        (OverdueKind.WEEK, dt.date(2026, 8, 31), True),
        (OverdueKind.WEEK, dt.date(2026, 9, 7), False),  # due tonight
    ]
    assert items[0].what == "2 neatzīmētas stundas"
    log = WorkLog(school.factory, school.actor("koncertmeistars"))
    for lesson in log.week(dt.date(2026, 8, 31)).lessons:
        log.accompany(lesson.lesson_id)
    assert [item.week for item in _items(school, now, "koncertmeistars")] == [dt.date(2026, 9, 7)]
