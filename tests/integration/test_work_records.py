"""Work logs against a real server on SQLite and PostgreSQL (SPEC K1, J6, J15): the
concertmaster's week reaches the course's teacher and the deputy; individual work reaches
its author, the student's class tutor and the deputy only; the server refuses records a
sender may not make."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import select

from eklase_desktop.domain.work_records import WorkKind, WorkRecord
from eklase_desktop.models import ClassGroup, Course, Staff, Student
from eklase_desktop.models import WorkRecord as Row
from eklase_desktop.services.work_records import WorkLog
from tests.integration.laptops import LaptopFactory, class_7a, database, push_one, server_session
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-10-27")
MONDAY = dt.date(2026, 10, 19)  # the demo's last week of music lessons


def test_a_concertmasters_week_reaches_the_teacher_and_the_deputy(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    concertmaster = laptops("koncertmeistars")
    log = WorkLog(concertmaster.factory, concertmaster.actor)
    week = log.week(MONDAY)
    todo = [lesson for lesson in week.lessons if not lesson.answered]
    assert len(todo) >= 3 and week.missing == len(todo)  # the demo left the week's end
    assert week.overdue(dt.datetime(2026, 10, 27, 9, 0))
    first, skipped, *rest = todo
    log.accompany(first.lesson_id, "1,5", "Etīde e-moll")
    log.accompany(skipped.lesson_id, "0")  # the concertmaster was not there
    for lesson in rest:
        log.accompany(lesson.lesson_id)
    log.save(WorkRecord(WorkKind.ACCOMPANIMENT, dt.date(2026, 10, 22), topic="Koncerts", hours="2"))
    done = log.week(MONDAY)
    assert done.missing == 0 and not done.overdue(dt.datetime(2026, 10, 27, 9, 0))
    assert done.hours == week.hours + Decimal("1.5") + len(rest) + 2
    assert concertmaster.sync().pushed["applied"] == len(todo) + 1

    with server_session(server.database_url) as session:
        course = session.get(Course, first.course_id)
        assert course is not None
        teacher_name = session.get(Staff, course.teacher_id).username  # type: ignore[union-attr]
        stored = session.scalars(select(Row).where(Row.lesson_id == first.lesson_id)).one()
        assert (stored.hours, stored.topic, stored.day) == ("1.5", "Etīde e-moll", first.day)

    teacher = laptops(teacher_name)
    marks = WorkLog(teacher.factory, teacher.actor).accompanied_lessons(first.course_id)
    this_week = {lesson.lesson_id for lesson in done.lessons}
    accompanied = {
        lesson.lesson_id
        for lesson in done.lessons
        if lesson.course_id == first.course_id
        and lesson.record
        and lesson.record.record.accompanied
    }
    assert {key for key in marks if key in this_week} == accompanied
    assert first.lesson_id in accompanied and set(marks.values()) == {"Šmite Olga"}
    assert skipped.lesson_id not in marks  # the lesson not accompanied

    deputy = laptops("vietnieks")
    seen = WorkLog(deputy.factory, deputy.actor).records(
        MONDAY, MONDAY + dt.timedelta(days=6), [WorkKind.ACCOMPANIMENT], everyone=True
    )
    assert len(seen) == len(done.lessons) + len(done.other)
    assert {view.author for view in seen} == {"Šmite Olga"}

    # a second laptop of the concertmaster's gets the week as it was left
    again = laptops("koncertmeistars")
    assert WorkLog(again.factory, again.actor).week(MONDAY).missing == 0


def test_individual_work_reaches_only_its_author_the_tutor_and_the_deputy(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        student = class_7a(session)["students"][0]
    author = laptops("skolotajs1")
    log = WorkLog(author.factory, author.actor)
    assert WorkKind.CONSULTATION in log.kinds() and WorkKind.ACCOMPANIMENT not in log.kinds()
    record = WorkRecord(
        WorkKind.CONSULTATION,
        dt.date(2026, 10, 26),
        frozenset({student}),
        "Konsultācija: saliktie teikumi",
        "Atkārtojām komatus",
        "1",
    )
    record_id = log.save(record)
    assert author.sync().pushed["applied"] == 1

    def holds(username: str) -> bool:
        laptop = laptops(username)
        with laptop.factory() as session:
            return session.get(Row, record_id) is not None

    assert holds("audzinatajs")  # the student's class tutor
    assert holds("vietnieks")
    assert not holds("skolotajs2")  # teaches the student, but it is not theirs to read
    assert not holds("lietvedis")  # the clerk reads the school, not its individual work
    assert not holds("koncertmeistars")

    # the author changes it on another laptop; the change reaches the tutor
    second = laptops("skolotajs1")
    WorkLog(second.factory, second.actor).save(
        WorkRecord(
            WorkKind.CONSULTATION,
            dt.date(2026, 10, 26),
            frozenset({student}),
            "Konsultācija: saliktie teikumi",
            "Atkārtojām komatus un domuzīmes",
            "1,5",
        ),
        record_id,
    )
    assert second.sync().pushed["applied"] == 1
    with database(server.database_url) as session:
        row = session.get(Row, record_id)
        assert row is not None and row.hours == "1.5"
        assert row.text == "Atkārtojām komatus un domuzīmes"


def test_the_server_refuses_records_their_sender_may_not_make(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        ids = class_7a(session)
    teacher = laptops("skolotajs1")
    base = {"day": "2026-10-26", "topic": "Koncerts", "hours": "1"}
    not_theirs = push_one(
        teacher.client,
        "work_record.set",
        {**base, "work_record_id": str(uuid.uuid4()), "kind": "accompaniment"},
    )
    assert not_theirs.status == "rejected"
    assert "koncertmeistara" in (not_theirs.reason or "")

    concertmaster = laptops("koncertmeistars")
    foreign_course = push_one(
        concertmaster.client,
        "work_record.set",
        {
            **base,
            "work_record_id": str(uuid.uuid4()),
            "kind": "accompaniment",
            "course_id": str(ids["latvian"]),
        },
    )
    assert foreign_course.status == "rejected"
    assert foreign_course.reason == "Šim kursam jūs neesat koncertmeistars."

    two_classes = push_one(
        teacher.client,
        "work_record.set",
        {
            **base,
            "work_record_id": str(uuid.uuid4()),
            "kind": "consultation",
            "students": [str(ids["students"][0]), str(_another_class_student(server))],
        },
    )
    assert two_classes.status == "rejected"
    assert two_classes.reason == "Vienā ierakstā norādiet vienas klases audzēkņus."

    quarter = push_one(
        teacher.client,
        "work_record.set",
        {
            **base,
            "work_record_id": str(uuid.uuid4()),
            "kind": "consultation",
            "students": [str(ids["students"][0])],
            "hours": "1,3",
        },
    )
    assert quarter.status == "rejected" and "0,25" in (quarter.reason or "")


def _another_class_student(server: ServerProcess) -> uuid.UUID:
    with server_session(server.database_url) as session:
        group = session.scalars(select(ClassGroup.id).where(ClassGroup.name == "8.a")).one()
        return session.scalars(select(Student.id).where(Student.class_group_id == group)).first()
