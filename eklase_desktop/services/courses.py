"""Courses on the clerk's or the deputy's laptop (tarifikācija, SPEC C5, J18): a subject for
a class, a group or one student, its teacher, concertmaster and weekly lessons. Offline like
the rest of the set-up; each save checked as the server checks it, stored with its
enrolments and queued as one ``course.set``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.roles import Entity
from eklase_desktop.domain.school import (
    CourseDetails,
    course_args,
    course_texts,
    validate_course,
)
from eklase_desktop.models import ClassGroup, Course, Enrolment, Staff, Subject
from eklase_desktop.models.setup import (
    check_course,
    course_details,
    enrolment_start,
    store_course_students,
)
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.school import SchoolSetUp, counts, existing


@dataclass(frozen=True)
class CourseView:
    id: uuid.UUID
    details: CourseDetails
    subject: str
    group: str  # the class's name, or the students' count
    teacher: str
    concertmaster: str
    students: int


class Courses(SchoolSetUp):
    """The year's courses, as *Skola → Kursi* shows and changes them."""

    def courses(self, year_id: uuid.UUID) -> list[CourseView]:
        with self._factory() as session:
            rows = session.scalars(
                select(Course).where(Course.school_year_id == year_id, Course.deleted.is_(False))
            ).all()
            subjects = {
                key: name for key, name in session.execute(select(Subject.id, Subject.name))
            }
            groups = {
                key: name for key, name in session.execute(select(ClassGroup.id, ClassGroup.name))
            }
            students = counts(session, Enrolment.course_id, Enrolment.deleted.is_(False))
            views = [
                CourseView(
                    row.id,
                    course_details(session, row),
                    subjects.get(row.subject_id, ""),
                    groups.get(row.class_group_id, "") if row.class_group_id else "",
                    _staff(session, row.teacher_id),
                    _staff(session, row.concertmaster_id),
                    students.get(row.id, 0),
                )
                for row in rows
            ]
        return sorted(views, key=lambda view: (class_sort_key(view.group), view.details.name))

    def save_course(
        self, year_id: uuid.UUID, course_id: uuid.UUID | None, details: CourseDetails
    ) -> uuid.UUID:
        """Stores a new or changed course with its enrolments; raises DomainError."""
        self._require(Entity.COURSE)
        details = validate_course(details)
        with self._factory.begin() as session:
            row = session.get(Course, course_id) if course_id else None
            return self.store_course(session, year_id, row, details, deleted=False)

    def delete_course(self, course_id: uuid.UUID) -> None:
        """Only a course without lessons (DomainError otherwise)."""
        self._require(Entity.COURSE)
        with self._factory.begin() as session:
            row = existing(session, Course, course_id)
            details = course_details(session, row)
            self.store_course(session, row.school_year_id, row, details, deleted=True)

    def store_course(
        self,
        session: Session,
        year_id: uuid.UUID,
        row: Course | None,
        details: CourseDetails,
        deleted: bool,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        base = course_texts(course_details(session, row), row.deleted) if row else None
        if row is None:
            row = Course(id=key or uuid.uuid4(), school_year_id=year_id)
            session.add(row)
        row.name, row.subject_id, row.kind = details.name, details.subject_id, details.kind.value
        row.class_group_id, row.teacher_id = details.class_group_id, details.teacher_id
        row.concertmaster_id, row.weekly_lessons = details.concertmaster_id, details.weekly_lessons
        row.descriptive, row.deleted = details.descriptive, deleted
        session.flush()
        check_course(session, row)
        if not deleted:
            start = enrolment_start(session, row)
            store_course_students(session, row, details.students, start)
        enqueue(session, "course.set", course_args(row.id, year_id, details, deleted, base))
        return row.id


def _staff(session: Session, staff_id: uuid.UUID | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return f"{staff.last_name} {staff.first_name}" if staff else ""
