"""The next school year from the last (SPEC Y1): classes up a grade keeping the letter, the
last grade graduating, the students with their class by an order, the courses copied to the
new classes; once the new year has begun the old year's journals are read-only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.school import ClassDetails
from eklase_desktop.models import ClassGroup, Course, Enrolment, OutboxEntry, Student
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.rollover import Rollover, next_class_name
from eklase_desktop.services.school import SchoolSetUp
from tests.school import SmallSchool

pytestmark = pytest.mark.today("2027-06-15")


def test_class_names_move_up_a_grade() -> None:
    assert next_class_name("7.a", 7) == "8.a"
    assert next_class_name("2. kurss", 2) == "3. kurss"
    assert next_class_name("12.b", 12) == "13.b"
    assert next_class_name("Koris", 3) == "Koris"


def test_the_next_year_moves_the_classes_and_copies_the_courses(school: SmallSchool) -> None:
    deputy = school.actor("vietnieks")
    setup = SchoolSetUp(school.factory, deputy)
    setup.save_class(school.year_id, None, ClassDetails("9.a", 9), None)
    rollover = Rollover(school.factory, deputy)
    plan = rollover.plan()
    assert plan.old_name == "2026./2027." and plan.year.name == "2027./2028." and plan.year.draft
    steps = {step.old_name: step for step in plan.classes}
    assert steps["9.a"].graduates  # a basic school ends with the 9th grade
    assert (steps["7.a"].new_name, steps["7.a"].grade, steps["7.a"].graduates) == ("8.a", 8, False)
    edited = dataclasses.replace(
        plan,
        classes=tuple(
            dataclasses.replace(step, new_name="3.b") if step.old_name == "2.a" else step
            for step in plan.classes
        ),
    )
    with pytest.raises(DomainError, match="rīkojuma numuru"):
        rollover.run(edited, " ")
    year_id = rollover.run(edited, "1-12/120")
    with school.factory() as session:
        names = set(
            session.scalars(select(ClassGroup.name).where(ClassGroup.school_year_id == year_id))
        )
        assert names == {"8.a", "3.b"}
        eight = session.scalars(select(ClassGroup).where(ClassGroup.name == "8.a")).one()
        pupils = set(session.scalars(select(Student.id).where(Student.class_group_id == eight.id)))
        assert pupils == set(school.students)
        copied = session.scalars(select(Course).where(Course.school_year_id == year_id)).all()
        assert {c.name for c in copied} >= {"Matemātika 8.a", "Latviešu valoda 8.a"}
        maths = next(c for c in copied if c.name == "Matemātika 8.a")
        enrolled = set(
            session.scalars(select(Enrolment.student_id).where(Enrolment.course_id == maths.id))
        )
        assert enrolled == set(school.students)
        grade2 = next(c for c in copied if c.name == "Matemātika 3.b")
        assert grade2.descriptive  # 3.b: still descriptive marks
        kinds = [e.mutation for e in session.scalars(select(OutboxEntry))]
    assert kinds[:4] == ["class_group.set", "school_year.set", "class_group.set", "class_group.set"]
    assert kinds.count("student.order") == len(school.students)
    with pytest.raises(DomainError, match="jau ir"):
        rollover.run(edited, "1-12/121")


@pytest.mark.today("2027-09-02")
def test_the_old_year_is_read_only_once_the_new_one_has_begun(school: SmallSchool) -> None:
    deputy = school.actor("vietnieks")
    Rollover(school.factory, deputy).run(Rollover(school.factory, deputy).plan(), "1-12/120")
    teacher = JournalEditor(school.factory, school.actor("skolotajs1"))
    with pytest.raises(DomainError, match="noslēgts"):
        teacher.write_cells(
            school.maths, [CellEdit(school.students[0], school.maths_lessons[0], "9")]
        )
    with pytest.raises(DomainError, match="noslēgts"):
        teacher.add_lesson(school.maths, dt.date(2027, 5, 20))
