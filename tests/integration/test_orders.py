"""Transfers and expulsions against a real server on SQLite and PostgreSQL (SPEC C2): an
expelled student's rows leave a subject teacher's laptop at its next sync while the class
tutor and the office keep the history; a transferred student reaches the new class's teacher
and leaves the old one's, the marks given staying where they were given."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from eklase_desktop.domain.orders import OrderDetails, OrderKind
from eklase_desktop.models import (
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    Staff,
    Student,
    cell_id,
)
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.people import People
from tests.integration.laptops import Laptop, LaptopFactory, class_7a, database, server_session
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-11-04")
DAY = dt.date(2026, 11, 4)


def has_student(laptop: Laptop, student: object) -> bool:
    with laptop.factory() as session:
        return session.get(Student, student) is not None


def marks_of(laptop: Laptop, student: object) -> int:
    with laptop.factory() as session:
        return session.scalar(select(func.count()).where(Mark.student_id == student)) or 0


def test_an_expelled_student_leaves_the_teachers_laptop(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
    course, student = ids["latvian"], ids["students"][0]
    teacher = laptops("skolotajs1")
    tutor = laptops("audzinatajs")
    assert has_student(teacher, student) and marks_of(teacher, student) > 0
    lesson = ids["latvian_lessons"][0]
    value = "9" if teacher.cell(course, lesson, student).mark != "9" else "8"
    teacher.write(course, lesson, student, value)
    assert teacher.sync().pushed["applied"] == 1
    mark = cell_id("mark", lesson, student)
    assert teacher.client.history("mark", mark).entries  # before the order: the teacher's
    deputy = laptops("vietnieks")
    People(deputy.factory, deputy.actor).order(
        student, OrderDetails(OrderKind.EXPULSION, "1-12/77", DAY)
    )
    assert deputy.sync().pushed["applied"] == 1
    teacher.sync()
    assert not has_student(teacher, student) and marks_of(teacher, student) == 0
    assert course in {summary.id for summary in teacher.reader.courses()}  # the rest stays
    assert teacher.client.history("mark", mark).entries == []  # not even the mark's history
    tutor.sync()
    assert has_student(tutor, student) and marks_of(tutor, student) > 0
    with database(server.database_url) as session:
        assert session.scalar(select(func.count()).where(Mark.student_id == student))
        row = session.get(Student, student)
        assert row is not None and row.left_on == DAY and row.leaving_order == "1-12/77"


def test_a_transferred_student_moves_to_the_new_class_teacher(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
        student = ids["students"][1]
        old_teacher = session.scalars(select(Staff).where(Staff.username == "skolotajs1")).one()
        # another class of the year with a class course of another teacher
        target, new_course, login = session.execute(
            select(ClassGroup, Course, Staff.username)
            .join(Course, Course.class_group_id == ClassGroup.id)
            .join(Staff, Staff.id == Course.teacher_id)
            .where(
                ClassGroup.name == "8.a",
                Course.kind == "class",
                Course.teacher_id != old_teacher.id,
            )
        ).first()
    old, new = laptops("skolotajs1"), laptops(login)
    assert student not in {row.id for row in new.reader.open_journal(new_course.id).students}
    deputy = laptops("vietnieks")
    People(deputy.factory, deputy.actor).order(
        student, OrderDetails(OrderKind.TRANSFER, "1-12/78", DAY, target.id)
    )
    assert deputy.sync().pushed["applied"] == 1
    new.sync()
    assert student in {row.id for row in new.reader.open_journal(new_course.id).students}
    old.sync()
    assert student not in {row.id for row in old.reader.open_journal(ids["latvian"]).students}
    with database(server.database_url) as session:
        ended = session.scalar(
            select(Enrolment.end).where(
                Enrolment.course_id == ids["latvian"], Enrolment.student_id == student
            )
        )
        assert ended == DAY - dt.timedelta(days=1)
        assert session.scalar(select(func.count()).where(Mark.student_id == student))


def test_a_reassigned_course_leaves_the_old_teachers_laptop(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    """A course given to another teacher: its rows go from the old teacher's laptop at the
    next sync and reach the new teacher's (their scopes changed)."""
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
        new_teacher = session.scalars(select(Staff.id).where(Staff.username == "skolotajs6")).one()
    course = ids["latvian"]
    old, new = laptops("skolotajs1"), laptops("skolotajs6")
    with old.factory() as session:
        assert session.get(Course, course) is not None
    clerk = laptops("lietvedis")
    courses = Courses(clerk.factory, clerk.actor)
    row = next(view for view in courses.courses(courses.years()[0].id) if view.id == course)
    courses.save_course(
        courses.years()[0].id, course, dataclasses.replace(row.details, teacher_id=new_teacher)
    )
    assert clerk.sync().pushed["applied"] == 1
    old.sync()
    with old.factory() as session:
        assert session.get(Course, course) is None
        assert not session.scalar(select(func.count()).where(Lesson.course_id == course))
    new.sync()
    assert course in {summary.id for summary in new.reader.courses()}
