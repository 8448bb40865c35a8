"""Substitutions on the deputy's laptop (SPEC J4): a substitute teacher for a course from
one day to another, kept offline and queued as ``substitution.set`` like the rest of the
set-up; the clerk and the director read them. With each the lessons the substitute has
entered so far (report P5 counts the same)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import Entity, Role, parse_roles
from eklase_desktop.domain.substitutions import (
    SubstitutionDetails,
    substitution_args,
    substitution_texts,
    validate_substitution,
)
from eklase_desktop.models import Course, Lesson, Staff, Substitution
from eklase_desktop.models.setup import check_substitution, substitution_details
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.reporting.facts import staff_names
from eklase_desktop.services.school import SchoolSetUp, existing


@dataclass(frozen=True)
class SubstitutionView:
    id: uuid.UUID
    details: SubstitutionDetails
    course: str
    teacher: str
    substitute: str
    lessons: int  # entered by the substitute in the days


class Substitutions(SchoolSetUp):
    """*Skola → Aizvietošanas*: the deputy writes, the clerk and the director read."""

    @property
    def writable(self) -> bool:
        return Role.DEPUTY in self._actor.roles

    def substitutions(self, year_id: uuid.UUID) -> list[SubstitutionView]:
        with self._factory() as session:
            rows = session.execute(
                select(Substitution, Course)
                .join(Course, Course.id == Substitution.course_id)
                .where(Course.school_year_id == year_id, Substitution.deleted.is_(False))
            ).all()
            names = staff_names(session)
            views = [
                SubstitutionView(
                    row.id,
                    substitution_details(row),
                    course.name,
                    names.get(course.teacher_id, ""),
                    names.get(row.substitute_id, ""),
                    _lessons(session, row),
                )
                for row, course in rows
            ]
        return sorted(views, key=lambda v: (v.details.start, class_sort_key(v.course)))

    def courses(self, year_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        """The year's courses to choose from: "Matemātika 7.a (Ozols Andris)", by name."""
        with self._factory() as session:
            rows = session.execute(
                select(Course.id, Course.name, Course.teacher_id).where(
                    Course.school_year_id == year_id, Course.deleted.is_(False)
                )
            ).all()
            names = staff_names(session)
        labelled = [(key, f"{name} ({names.get(teacher, '')})") for key, name, teacher in rows]
        return sorted(labelled, key=lambda r: class_sort_key(r[1]))

    def teachers(self) -> list[tuple[uuid.UUID, str]]:
        """Who may substitute: the school's teachers, in Latvian order."""
        with self._factory() as session:
            rows = session.execute(
                select(Staff.id, Staff.first_name, Staff.last_name, Staff.roles).where(
                    Staff.school_id == self._school(session), Staff.deleted.is_(False)
                )
            ).all()
        found = [
            (key, full_name(first, last))
            for key, first, last, roles in rows
            if Role.TEACHER in parse_roles(roles)
        ]
        return sorted(found, key=lambda item: latvian_sort_key(item[1]))

    def save(self, key: uuid.UUID | None, details: SubstitutionDetails) -> uuid.UUID:
        """Stores a new or changed substitution; raises DomainError with the reason."""
        self._require(Entity.SUBSTITUTION)
        details = validate_substitution(details)
        with self._factory.begin() as session:
            row = session.get(Substitution, key) if key else None
            return self._store(session, row, details, deleted=False)

    def cancel(self, key: uuid.UUID) -> None:
        self._require(Entity.SUBSTITUTION)
        with self._factory.begin() as session:
            row = existing(session, Substitution, key)
            self._store(session, row, substitution_details(row), deleted=True)

    def _store(
        self,
        session: Session,
        row: Substitution | None,
        details: SubstitutionDetails,
        deleted: bool,
    ) -> uuid.UUID:
        base = substitution_texts(substitution_details(row), row.deleted) if row else None
        if row is None:
            row = Substitution(id=uuid.uuid4())
            session.add(row)
        row.course_id, row.substitute_id = details.course_id, details.substitute_id
        row.start, row.end, row.deleted = details.start, details.end, deleted
        session.flush()
        check_substitution(session, row)
        enqueue(session, "substitution.set", substitution_args(row.id, details, deleted, base))
        return row.id


def _lessons(session: Session, row: Substitution) -> int:
    query = select(func.count()).where(
        Lesson.course_id == row.course_id,
        Lesson.taught_by_id == row.substitute_id,
        Lesson.date.between(row.start, row.end),
        Lesson.deleted.is_(False),
    )
    return session.scalar(query) or 0
