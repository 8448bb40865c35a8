"""The next school year from the last (SPEC Y1; DOMAIN: school set-up): *Skola → Jauns
mācību gads…*. The new year is a draft with the last one's dates 52 weeks on; every class
moves up a grade keeping its letter (7.a → 8.a, names editable), the last grade graduates;
the students go with their class by a promotion order (a graduation order for the last
grade); the courses are copied to the new classes for the clerk to adjust. All offline, in
one transaction, as the set-up mutations the server checks again. The old year's journals
become read-only once the new year has begun (``models.setup.year_closed``)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import CourseKind
from eklase_desktop.domain.orders import OrderDetails, OrderKind, validate_order
from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school import MAX_GRADE, GroupKind, validate_class
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.domain.school_year import next_year
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, Course, Student
from eklase_desktop.models.setup import class_details, course_details
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.people import People

BASIC_SCHOOL_END = 9  # pamatskola: a school without grades 10–12 ends with the 9th


@dataclass(frozen=True)
class ClassStep:
    old_id: uuid.UUID
    old_name: str
    new_name: str  # the next year's class; "" when it graduates
    grade: int  # the next year's grade
    graduates: bool
    students: int


@dataclass(frozen=True)
class RolloverPlan:
    old_year_id: uuid.UUID
    old_name: str
    year: YearRules  # the next year, a draft
    classes: tuple[ClassStep, ...]


def next_class_name(name: str, grade: int) -> str:
    """7.a → 8.a, 2. kurss → 3. kurss: the grade in the name goes up; a name without it
    (Koris) stays."""
    match = re.match(r"^(\d+)", name)
    if match is None or int(match.group(1)) != grade:
        return name
    return f"{grade + 1}{name[match.end() :]}"


class Rollover(People, Courses):
    def plan(self) -> RolloverPlan:
        """The next year from the latest: what becomes of each class (a suggestion)."""
        self._require(Entity.SCHOOL_YEAR)
        years = self.years()
        if not years:
            raise DomainError(_("Vispirms izveidojiet pirmo mācību gadu."))
        latest = years[0]
        year = replace(next_year(latest.rules), draft=True)
        classes = self.classes(latest.id)
        grades = [view.details.grade for view in classes]
        general_end = MAX_GRADE if any(g > BASIC_SCHOOL_END for g in grades) else BASIC_SCHOOL_END
        music_end = max(
            (v.details.grade for v in classes if v.details.kind is GroupKind.COURSE), default=0
        )
        steps = []
        for view in classes:
            details = view.details
            end = music_end if details.kind is GroupKind.COURSE else general_end
            graduates = details.grade >= end
            steps.append(
                ClassStep(
                    view.id,
                    details.name,
                    "" if graduates else next_class_name(details.name, details.grade),
                    min(details.grade + 1, MAX_GRADE),
                    graduates,
                    view.students,
                )
            )
        return RolloverPlan(latest.id, latest.rules.name, year, tuple(steps))

    def run(self, plan: RolloverPlan, number: str) -> uuid.UUID:
        """Makes the next year as planned (class names as edited); ``number`` is the order
        the students move up or graduate by. Raises DomainError; nothing is saved then."""
        for entity in (Entity.SCHOOL_YEAR, Entity.CLASS_GROUP, Entity.STUDENT, Entity.COURSE):
            self._require(entity)
        if any(view.rules.name == plan.year.name for view in self.years()):
            raise DomainError(_("Mācību gads {name} jau ir.").format(name=plan.year.name))
        day = plan.year.first_day
        validate_order(OrderDetails(OrderKind.GRADUATION, number, day))
        with self._factory.begin() as session:
            year_id = self.store_year(session, None, plan.year)
            moved: dict[uuid.UUID, uuid.UUID] = {}
            renamed: dict[str, str] = {}
            for step in plan.classes:
                if step.graduates:
                    continue
                row = session.get(ClassGroup, step.old_id)
                assert row is not None
                details = validate_class(
                    replace(class_details(row), name=step.new_name, grade=step.grade)
                )
                moved[step.old_id] = self.store_class(
                    session, year_id, None, details, row.tutor_id, False
                )
                renamed[step.old_name] = details.name
            self._move_students(session, plan, moved, number, day)
            self._copy_courses(session, plan.old_year_id, year_id, moved, renamed)
            return year_id

    def _move_students(
        self,
        session: Session,
        plan: RolloverPlan,
        moved: dict[uuid.UUID, uuid.UUID],
        number: str,
        day: dt.date,
    ) -> None:
        old = [step.old_id for step in plan.classes]
        students = session.scalars(
            select(Student).where(
                Student.class_group_id.in_(old),
                Student.deleted.is_(False),
                Student.left_on.is_(None),
            )
        ).all()
        for student in students:
            target = moved.get(student.class_group_id) if student.class_group_id else None
            kind = OrderKind.PROMOTION if target else OrderKind.GRADUATION
            self.store_order(session, student, OrderDetails(kind, number, day, target))

    def _copy_courses(
        self,
        session: Session,
        old_year: uuid.UUID,
        year_id: uuid.UUID,
        moved: dict[uuid.UUID, uuid.UUID],
        renamed: dict[str, str],
    ) -> None:
        """The old year's courses for the new classes and the students who stay."""
        gone = set(session.scalars(select(Student.id).where(Student.left_on.is_not(None))))
        courses = session.scalars(
            select(Course).where(Course.school_year_id == old_year, Course.deleted.is_(False))
        ).all()
        for course in courses:
            details = course_details(session, course)
            group = moved.get(course.class_group_id) if course.class_group_id else None
            if course.class_group_id is not None and group is None:
                continue  # its class graduated
            students = details.students - gone
            if details.kind is not CourseKind.CLASS and not students:
                continue
            name = details.name
            for old_name, new_name in renamed.items():
                name = re.sub(rf"(?<![\w.]){re.escape(old_name)}(?![\w])", new_name, name)
            new_group = session.get(ClassGroup, group) if group else None
            descriptive = details.descriptive and (new_group is None or new_group.grade <= 3)
            copied = replace(
                details, name=name, class_group_id=group, students=students,
                descriptive=descriptive,
            )  # fmt: skip
            self.store_course(session, year_id, None, copied, deleted=False)
