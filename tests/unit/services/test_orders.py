"""Transfers and expulsions by order on the office's laptop (SPEC C2; DOMAIN: school set-up):
on the order's day the student leaves the old courses (the marks before stay), a transfer
enrols them in the new class's courses; nothing can be entered for them after it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.orders import OrderDetails, OrderKind
from eklase_desktop.models import ClassGroup, Enrolment, Mark, OutboxEntry, Student, StudentOrder
from eklase_desktop.services.editing import CellEdit, CellRejected, JournalEditor
from eklase_desktop.services.people import People
from tests.school import SmallSchool

pytestmark = pytest.mark.today("2026-11-16")
DAY = dt.date(2026, 11, 16)


def enrolments(school: SmallSchool, student: object) -> dict[object, dt.date | None]:
    with school.factory() as session:
        rows = session.scalars(select(Enrolment).where(Enrolment.student_id == student))
        return {row.course_id: row.end for row in rows}


def test_a_transfer_keeps_the_marks_and_ends_the_old_class(school: SmallSchool) -> None:
    student = school.students[0]
    teacher = JournalEditor(school.factory, school.actor("skolotajs1"))
    teacher.write_cells(school.maths, [CellEdit(student, school.maths_lessons[0], "9")])
    with school.factory() as session:
        grade2_class = session.scalars(select(ClassGroup.id).where(ClassGroup.name == "2.a")).one()
    office = People(school.factory, school.actor("vietnieks"))
    office.order(student, OrderDetails(OrderKind.TRANSFER, " 1-12/45 ", DAY, grade2_class))
    [moved] = [v for v in office.students(grade2_class) if v.id == student]
    assert moved.moved_in == DAY and moved.left_on is None
    ends = enrolments(school, student)
    yesterday = DAY - dt.timedelta(days=1)
    assert ends[school.maths] == yesterday and ends[school.latvian] == yesterday
    with school.factory() as session:
        moved = session.get(Student, student)
        assert moved is not None and moved.class_group_id == grade2_class
        order = session.scalars(select(StudentOrder)).one()
        assert (order.kind, order.number, order.day) == ("transfer", "1-12/45", DAY)
        assert session.scalars(select(Mark.value).where(Mark.student_id == student)).all() == [
            "9"
        ]  # the mark given stays
        entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None and entry.mutation == "student.order"
    # the journal has the student's history, and nothing after the order's day
    later = teacher.add_lesson(school.maths, dt.date(2026, 11, 17))
    with pytest.raises(CellRejected, match=r"mācījās līdz 15\.11\.2026"):
        teacher.write_cells(school.maths, [CellEdit(student, later.id, "7")])
    teacher.write_cells(school.maths, [CellEdit(student, school.maths_lessons[1], "8")])


def grade2_class(school: SmallSchool) -> object:
    with school.factory() as session:
        return session.scalars(select(ClassGroup.id).where(ClassGroup.name == "2.a")).one()


def test_an_expulsion_ends_every_course_once(school: SmallSchool) -> None:
    student = school.students[-1]  # also in the individual piano course
    office = People(school.factory, school.actor("vietnieks"))
    office.order(student, OrderDetails(OrderKind.EXPULSION, "1-12/50", DAY))
    assert set(enrolments(school, student).values()) == {DAY - dt.timedelta(days=1)}
    [view] = [v for v in office.students(school.class_id) if v.id == student]
    assert view.left_on == DAY
    with pytest.raises(DomainError, match="jau ir atskaitīts"):
        office.order(student, OrderDetails(OrderKind.EXPULSION, "1-12/51", DAY))
    for details, says in (
        (OrderDetails(OrderKind.EXPULSION, "  ", DAY), "rīkojuma numuru"),
        (OrderDetails(OrderKind.TRANSFER, "1-12/52", DAY), "Izvēlieties klasi"),
        (OrderDetails(OrderKind.TRANSFER, "1-12/52", DAY, school.class_id), "jau mācās"),
        (OrderDetails(OrderKind.EXPULSION, "1-12/52", dt.date(2027, 8, 1)), "mācību gadā"),
        (  # a promotion goes to a later year's class, never to one of this year
            OrderDetails(OrderKind.PROMOTION, "1-12/52", DAY, grade2_class(school)),
            "nākamā mācību gada",
        ),
    ):
        with pytest.raises(DomainError, match=says):
            office.order(school.students[0], details)
    with school.factory() as session:
        assert len(session.scalars(select(StudentOrder)).all()) == 1
