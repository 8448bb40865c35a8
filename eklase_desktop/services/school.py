"""The school's set-up on the clerk's or the deputy's laptop (SPEC C1, V4; DOMAIN: school
set-up): school years with their semesters and holidays, classes, subjects. Everything works
offline: each save is checked as the server checks it, stored in the cache and queued as one
mutation (``school_year.set``, ``class_group.set``, ``subject.set``). The director reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Entity, Role, require
from eklase_desktop.domain.school import (
    ClassDetails,
    SubjectDetails,
    class_args,
    class_texts,
    subject_args,
    subject_texts,
    validate_class,
    validate_subject,
)
from eklase_desktop.domain.school_year import (
    DEFAULT_SCHOOL_YEARS,
    next_year,
    year_args,
    year_texts,
)
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    ClassGroup,
    Course,
    School,
    SchoolYear,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.models.setup import (
    check_class,
    check_subject,
    check_year,
    class_details,
    store_holidays,
    store_semesters,
    stored_year,
    subject_details,
)
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue

READERS = frozenset({Role.CLERK, Role.DEPUTY, Role.DIRECTOR})


@dataclass(frozen=True)
class YearView:
    id: uuid.UUID
    rules: YearRules
    classes: int


@dataclass(frozen=True)
class ClassView:
    id: uuid.UUID
    school_year_id: uuid.UUID
    details: ClassDetails
    tutor_id: uuid.UUID | None
    tutor: str
    students: int


@dataclass(frozen=True)
class SubjectView:
    id: uuid.UUID
    details: SubjectDetails
    courses: int


class SchoolSetUp:
    """What the *Skola* windows read and write."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor
        if not actor.roles & READERS:
            raise PermissionDenied(_("Skolas datus kārto lietvedis un direktora vietnieks."))

    @property
    def writable(self) -> bool:
        return bool(self._actor.roles & SCHOOL_WIDE_ROLES)

    def _require(self, entity: Entity) -> None:
        require(SCHOOL_WIDE_ROLES.intersection(self._actor.roles), entity)

    def _school(self, session: Session) -> uuid.UUID:
        """The user's school: a server may keep several (the demo keeps two)."""
        staff = session.get(Staff, self._actor.staff_id)
        if staff is None:
            raise PermissionDenied(_("Lietotājs nav atrasts."))
        return staff.school_id

    def school_name(self) -> str:
        with self._factory() as session:
            school = session.get(School, self._school(session))
            return school.name if school is not None else ""

    # --- school years -------------------------------------------------------------------

    def years(self) -> list[YearView]:
        """The school's years, the latest first."""
        with self._factory() as session:
            rows = session.scalars(
                select(SchoolYear)
                .where(SchoolYear.school_id == self._school(session), SchoolYear.deleted.is_(False))
                .order_by(SchoolYear.first_day.desc())
            ).all()
            classes = counts(session, ClassGroup.school_year_id, ClassGroup.deleted.is_(False))
            return [
                YearView(row.id, stored_year(session, row), classes.get(row.id, 0)) for row in rows
            ]

    def suggested_year(self) -> YearRules:
        """A new year to start from: the shipped year of today if none is stored (DOMAIN:
        calendar), else the one after the latest stored."""
        years, today = self.years(), clock.today()
        year = (
            next_year(years[0].rules)
            if years
            else next(
                (year for year in DEFAULT_SCHOOL_YEARS if year.last_day >= today),
                next_year(DEFAULT_SCHOOL_YEARS[-1]),
            )
        )
        return replace(year, draft=year.first_day > today)  # a year under way is no draft

    def save_year(self, year_id: uuid.UUID | None, year: YearRules) -> uuid.UUID:
        """Stores a new (``year_id`` None) or changed year; raises DomainError with the
        reason (nothing is saved then)."""
        self._require(Entity.SCHOOL_YEAR)
        with self._factory.begin() as session:
            row = session.get(SchoolYear, year_id) if year_id else None
            return self.store_year(session, row, year)

    def store_year(
        self,
        session: Session,
        row: SchoolYear | None,
        year: YearRules,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """Stores ``year`` in ``row`` (a new row, with ``key`` if given, when None)."""
        before = stored_year(session, row) if row is not None else None
        base = year_texts(before) if before is not None else None
        if row is None:
            row = SchoolYear(id=key or uuid.uuid4(), school_id=self._school(session))
            session.add(row)
        row.name, row.first_day, row.last_day = year.name, year.first_day, year.last_day
        row.first_school_day, row.draft = year.first_school_day, year.draft
        row.year_mark_deadline = year.year_mark_deadline
        store_semesters(session, row, year.semesters)
        store_holidays(session, row, year.holidays)
        session.flush()
        check_year(session, row, before)
        enqueue(session, "school_year.set", year_args(row.id, year, base))
        return row.id

    # --- classes ------------------------------------------------------------------------

    def classes(self, year_id: uuid.UUID) -> list[ClassView]:
        with self._factory() as session:
            rows = session.scalars(
                select(ClassGroup).where(
                    ClassGroup.school_year_id == year_id, ClassGroup.deleted.is_(False)
                )
            ).all()
            pupils = counts(session, Student.class_group_id, Student.deleted.is_(False))
            names = _staff_names(session, self._school(session))
            views = [
                ClassView(
                    row.id,
                    row.school_year_id,
                    class_details(row),
                    row.tutor_id,
                    names.get(row.tutor_id, "") if row.tutor_id else "",
                    pupils.get(row.id, 0),
                )
                for row in rows
            ]
        return sorted(views, key=lambda view: class_sort_key(view.details.name))

    def save_class(
        self,
        year_id: uuid.UUID,
        class_id: uuid.UUID | None,
        details: ClassDetails,
        tutor_id: uuid.UUID | None,
    ) -> uuid.UUID:
        self._require(Entity.CLASS_GROUP)
        details = validate_class(details)
        with self._factory.begin() as session:
            row = session.get(ClassGroup, class_id) if class_id else None
            return self.store_class(session, year_id, row, details, tutor_id, deleted=False)

    def delete_class(self, class_id: uuid.UUID) -> None:
        self._require(Entity.CLASS_GROUP)
        with self._factory.begin() as session:
            row = existing(session, ClassGroup, class_id)
            details = class_details(row)
            self.store_class(session, row.school_year_id, row, details, row.tutor_id, True)

    def store_class(
        self,
        session: Session,
        year_id: uuid.UUID,
        row: ClassGroup | None,
        details: ClassDetails,
        tutor_id: uuid.UUID | None,
        deleted: bool,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        base = class_texts(class_details(row), row.tutor_id, row.deleted) if row else None
        if row is None:
            row = ClassGroup(id=key or uuid.uuid4(), school_year_id=year_id)
            session.add(row)
        row.name, row.grade, row.kind = details.name, details.grade, details.kind.value
        row.programme, row.tutor_id, row.deleted = details.programme, tutor_id, deleted
        session.flush()
        check_class(session, row)
        args = class_args(row.id, row.school_year_id, details, tutor_id, deleted, base)
        enqueue(session, "class_group.set", args)
        return row.id

    # --- subjects -----------------------------------------------------------------------

    def subjects(self) -> list[SubjectView]:
        with self._factory() as session:
            rows = session.scalars(
                select(Subject).where(
                    Subject.school_id == self._school(session), Subject.deleted.is_(False)
                )
            ).all()
            used = counts(session, Course.subject_id, Course.deleted.is_(False))
            views = [SubjectView(row.id, subject_details(row), used.get(row.id, 0)) for row in rows]
        return sorted(views, key=lambda view: latvian_sort_key(view.details.name))

    def save_subject(self, subject_id: uuid.UUID | None, details: SubjectDetails) -> uuid.UUID:
        self._require(Entity.SUBJECT)
        details = validate_subject(details)
        with self._factory.begin() as session:
            row = session.get(Subject, subject_id) if subject_id else None
            return self.store_subject(session, row, details, deleted=False)

    def delete_subject(self, subject_id: uuid.UUID) -> None:
        self._require(Entity.SUBJECT)
        with self._factory.begin() as session:
            row = existing(session, Subject, subject_id)
            self.store_subject(session, row, subject_details(row), deleted=True)

    def store_subject(
        self,
        session: Session,
        row: Subject | None,
        details: SubjectDetails,
        deleted: bool,
        key: uuid.UUID | None = None,
    ) -> uuid.UUID:
        base = subject_texts(subject_details(row), row.deleted) if row else None
        if row is None:
            row = Subject(id=key or uuid.uuid4(), school_id=self._school(session))
            session.add(row)
        row.name, row.short_name = details.name, details.short_name
        row.kind, row.pass_fail, row.deleted = details.kind.value, details.pass_fail, deleted
        session.flush()
        check_subject(session, row)
        enqueue(session, "subject.set", subject_args(row.id, details, deleted, base))
        return row.id

    # --- staff (to choose a tutor) ------------------------------------------------------

    def staff(self) -> list[tuple[uuid.UUID, str]]:
        """(id, "Last First") of every member of staff, in Latvian order."""
        with self._factory() as session:
            names = _staff_names(session, self._school(session))
        return sorted(names.items(), key=lambda item: latvian_sort_key(item[1]))


def _staff_names(session: Session, school: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = session.execute(
        select(Staff.id, Staff.last_name, Staff.first_name).where(
            Staff.school_id == school, Staff.deleted.is_(False)
        )
    )
    return {key: full_name(first, last) for key, last, first in rows}


def counts(session: Session, key: Any, *where: Any) -> dict[uuid.UUID, int]:
    """How many rows there are of each value of ``key``."""
    rows = session.execute(select(key, func.count()).where(*where).group_by(key))
    return {value: count for value, count in rows}


def existing(session: Session, model: Any, key: uuid.UUID) -> Any:
    row = session.get(model, key)
    if row is None or row.deleted:
        raise PermissionDenied(_("Ieraksts nav atrasts."))
    return row
