"""Monthly statements through a real server (SPEC T7): the tutor's ticks reach the deputy
director, who sees who is missing; a subject teacher receives none and may write none; two
laptops recording one statement write one row."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from eklase_desktop.models import MonthlyStatement, Student, cell_id
from eklase_desktop.services.monthly_statements import MonthlyStatements
from eklase_desktop.services.outbox import enqueue
from tests.integration.laptops import LaptopFactory, database
from tests.integration.refusals.support import School

MONTH = "2026-10"
pytestmark = pytest.mark.today("2026-11-09")  # a week after October's statements were printed
PRINTED = dt.date(2026, 11, 4)


def test_the_tutors_ticks_reach_the_deputy_and_no_teacher(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, teacher, deputy = laptops("audzinatajs"), laptops("skolotajs1"), laptops("vietnieks")
    with tutor.factory() as session:
        klass = session.scalars(
            select(Student.class_group_id).where(Student.id == school.students[0])
        ).one()
    assert klass is not None
    mine = MonthlyStatements(tutor.factory, tutor.actor)
    printed = mine.mark_printed(klass, MONTH, PRINTED)
    mine.set_returned(school.students[0], MONTH, True, dt.date(2026, 11, 6))
    assert tutor.sync().pushed["applied"] == printed + 1
    teacher.sync(), deputy.sync()
    seen = MonthlyStatements(deputy.factory, deputy.actor).of_class(klass, MONTH)
    assert (seen.printed, seen.returned) == (printed, 1)
    assert len(seen.missing) == printed - 1
    with teacher.factory() as session:
        assert session.scalar(select(func.count()).select_from(MonthlyStatement)) == 0
    with database(laptops.server.database_url) as session:
        row = session.get(MonthlyStatement, cell_id("monthly_statement", school.students[0], MONTH))
        assert row is not None and row.returned_on == dt.date(2026, 11, 6)


def test_two_laptops_one_statement_and_a_teacher_refused(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, deputy, teacher = laptops("audzinatajs"), laptops("vietnieks"), laptops("skolotajs1")
    student = school.students[1]
    statement_id = cell_id("monthly_statement", student, MONTH)
    with tutor.factory() as session:
        klass = session.scalars(select(Student.class_group_id).where(Student.id == student)).one()
    assert klass is not None
    # offline, both record it: the deputy prints, the tutor prints and ticks it back
    MonthlyStatements(deputy.factory, deputy.actor).mark_printed(klass, MONTH, PRINTED)
    own = MonthlyStatements(tutor.factory, tutor.actor)
    own.mark_printed(klass, MONTH, PRINTED)
    own.set_returned(student, MONTH, True, dt.date(2026, 11, 7))
    deputy.sync(), tutor.sync(), deputy.sync()
    with database(laptops.server.database_url) as session:
        rows = session.scalars(
            select(MonthlyStatement).where(MonthlyStatement.student_id == student)
        ).all()
        assert [(r.id, r.printed_on, r.returned_on) for r in rows] == [
            (statement_id, PRINTED, dt.date(2026, 11, 7))
        ]
    with deputy.factory() as session:
        kept = session.get(MonthlyStatement, statement_id)
        assert kept is not None and kept.returned_on == dt.date(2026, 11, 7)
    with teacher.factory.begin() as session:  # past the laptop's own check, as a bad client
        enqueue(
            session,
            "monthly_statement.set",
            {
                "monthly_statement_id": str(statement_id),
                "student_id": str(student),
                "month": MONTH,
                "printed_on": None,
                "returned_on": None,
            },
        )
    assert teacher.sync().rejected == 1


def test_a_laptop_that_saw_nothing_clears_no_signature(
    laptops: LaptopFactory, school: School
) -> None:
    tutor, deputy = laptops("audzinatajs"), laptops("vietnieks")
    student = school.students[2]
    with tutor.factory() as session:
        klass = session.scalars(select(Student.class_group_id).where(Student.id == student)).one()
    assert klass is not None
    own = MonthlyStatements(tutor.factory, tutor.actor)
    own.mark_printed(klass, MONTH, PRINTED)
    own.set_returned(student, MONTH, True, dt.date(2026, 11, 7))
    tutor.sync()
    # the deputy, not synced since, prints the class's statements again on the 8th
    MonthlyStatements(deputy.factory, deputy.actor).mark_printed(klass, MONTH, dt.date(2026, 11, 8))
    report = deputy.sync()
    assert report.rejected == 0
    with database(laptops.server.database_url) as session:
        row = session.get(MonthlyStatement, cell_id("monthly_statement", student, MONTH))
        assert row is not None
        assert (row.printed_on, row.returned_on) == (PRINTED, dt.date(2026, 11, 7))
    with deputy.factory() as session:  # and the deputy's laptop now shows the same
        kept = session.get(MonthlyStatement, cell_id("monthly_statement", student, MONTH))
        assert kept is not None and kept.returned_on == dt.date(2026, 11, 7)
