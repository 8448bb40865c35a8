"""Work records' rows as the laptop and the server both need them (``domain.work_records``)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.names import full_name
from eklase_desktop.domain.work_records import WorkKind, WorkRecord
from eklase_desktop.models.journal import Course, Staff, Student
from eklase_desktop.models.journal import WorkRecord as Row


def student_classes(session: Session, students: Collection[uuid.UUID]) -> set[uuid.UUID | None]:
    """The classes of ``students`` (None for a student in none)."""
    if not students:
        return set()
    return set(
        session.scalars(select(Student.class_group_id).where(Student.id.in_(list(students))))
    )


def record_class(session: Session, record: WorkRecord) -> uuid.UUID | None:
    """The class whose tutor reads the record: its students' (none for accompaniment)."""
    if record.kind is WorkKind.ACCOMPANIMENT:
        return None
    classes = student_classes(session, record.students) - {None}
    return next(iter(classes)) if len(classes) == 1 else None


def accompanied_lessons(session: Session, course_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The course's lessons a concertmaster accompanied, and who (SPEC K1): what the
    teacher's grid shows."""
    rows = session.execute(
        select(Row.lesson_id, Row.hours, Staff.first_name, Staff.last_name)
        .join(Staff, Staff.id == Row.author_id)
        .where(
            Row.course_id == course_id,
            Row.kind == WorkKind.ACCOMPANIMENT.value,
            Row.lesson_id.is_not(None),
            Row.deleted.is_(False),
        )
    ).all()
    return {
        lesson: full_name(first, last)
        for lesson, hours, first, last in rows
        if lesson is not None and Decimal(hours) > 0
    }


def accompanies(session: Session, staff_id: uuid.UUID) -> bool:
    """Whether the member of staff is the concertmaster of a course."""
    found = session.scalar(
        select(Course.id)
        .where(Course.concertmaster_id == staff_id, Course.deleted.is_(False))
        .limit(1)
    )
    return found is not None
