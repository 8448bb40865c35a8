"""When what a user may see changes on the server (the clerk enrols a student, the deputy
gives a course to another teacher), the laptops follow at their next sync (SPEC D2)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from eklase_desktop.models import Course, Enrolment, Mark, Staff, Student
from eklase_server.changes import record_change
from eklase_server.db import VersionAllocator
from tests.integration.laptops import LaptopFactory
from tests.integration.refusals.support import School, database
from tests.integration.servers import ServerProcess


def test_a_student_enrolled_later_reaches_the_teacher(
    server: ServerProcess, laptops: LaptopFactory, school: School
) -> None:
    teacher = laptops("skolotajs1")
    before = teacher.reader.open_journal(school.latvian).students
    with teacher.factory() as session:
        held = set(session.scalars(select(Student.id)))
    with database(server.database_url) as session:  # one the laptop has never held
        newcomer = next(s for s in session.scalars(select(Student.id)) if s not in held)

    with database(server.database_url) as session, session.begin():  # the clerk enrols
        versions = VersionAllocator(session)
        versions.lock()
        enrolment = Enrolment(
            id=uuid.uuid4(),
            course_id=school.latvian,
            student_id=newcomer,
            start=dt.date(2026, 11, 2),
            deleted=False,
        )
        session.add(enrolment)
        session.flush()
        record_change(session, versions, "enrolment", enrolment)
        versions.finish()
        student = session.get(Student, newcomer)
        assert student is not None
        name = (student.last_name, student.first_name)

    teacher.sync()
    students = teacher.reader.open_journal(school.latvian).students
    assert len(students) == len(before) + 1
    [joined] = [s for s in students if s.id == newcomer]
    assert name[0] in joined.name and name[1] in joined.name
    with teacher.factory() as session:  # a name, never the personal data
        local = session.get(Student, newcomer)
        assert local is not None and local.personal_code in (None, "")


def test_a_course_given_to_another_teacher_leaves_the_first_laptop(
    server: ServerProcess, laptops: LaptopFactory, school: School
) -> None:
    first, second = laptops("skolotajs1"), laptops("skolotajs2")
    with database(server.database_url) as session:
        lesson = next(
            lesson
            for lesson in school.plain
            if session.scalars(select(Mark.id).where(Mark.lesson_id == lesson)).first()
        )
    with first.factory() as session:
        assert session.scalars(select(Mark).where(Mark.lesson_id == lesson)).first() is not None
    assert school.latvian in {c.id for c in first.reader.courses()}
    assert school.latvian not in {c.id for c in second.reader.courses()}

    with database(server.database_url) as session, session.begin():  # the deputy decides
        versions = VersionAllocator(session)
        versions.lock()
        course = session.get(Course, school.latvian)
        assert course is not None
        course.teacher_id = session.scalars(
            select(Staff.id).where(Staff.username == "skolotajs2")
        ).one()
        record_change(session, versions, "course", course)
        versions.finish()

    report = first.sync()
    assert report.pulled > 0
    assert school.latvian not in {c.id for c in first.reader.courses()}
    with first.factory() as session:  # its lessons and marks are gone from the laptop too
        assert session.scalars(select(Mark).where(Mark.lesson_id == lesson)).first() is None
    second.sync()
    assert school.latvian in {c.id for c in second.reader.courses()}
    journal = second.reader.open_journal(school.latvian)
    assert lesson in {item.id for item in journal.lessons}
