"""Work records' rows as the laptop and the server both need them (``domain.work_records``)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.work_records import WorkKind, WorkRecord
from eklase_desktop.models.journal import Student


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
