"""Period locks on the laptop (DOMAIN: period locks): the deputy director closes a month or a
semester for the school, a class or a course and reopens it (``period_lock.set``); every
change of a mark or an absence asks ``late_reason`` first — offline, by the locks and the
school's rule this laptop holds."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.period_locks import (
    Decision,
    LockDetails,
    LockScope,
    PeriodClosed,
    checked_reason,
    decide,
    lock_texts,
    validate_lock,
)
from eklase_desktop.domain.roles import Entity, Role, can_write, require
from eklase_desktop.domain.statistics import LateChanges
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    ClassGroup,
    Course,
    PeriodLock,
    SchoolYear,
    Staff,
    Student,
)
from eklase_desktop.models.setup import lock_details
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import class_sort_key, current_year
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.reporting.facts import staff_names
from eklase_desktop.services.reporting.statistics import year_periods
from eklase_desktop.services.statistics import school_rules


@dataclass(frozen=True)
class CourseLocks:
    """The open locks that may hold a course's cells, and the school's rule: read once for
    a write of many cells (with none, a cell asks nothing)."""

    course_id: uuid.UUID
    class_id: uuid.UUID | None
    locks: tuple[LockDetails, ...]
    rule: LateChanges
    deputy: bool

    def reason_for(self, session: Session, day: dt.date, student_id: uuid.UUID, reason: str) -> str:
        """The reason a change of this cell carries ("" for none needed); raises
        PeriodClosed when the period is closed to it (``needs_reason``: a reason would let
        it through)."""
        if not self.locks:
            return ""
        classes: set[uuid.UUID | None] = {self.class_id}
        if any(lock.scope is LockScope.CLASS for lock in self.locks):
            classes.add(
                session.scalar(select(Student.class_group_id).where(Student.id == student_id))
            )
        lock = next(
            (lock for lock in self.locks if lock.covers(day, self.course_id, classes)), None
        )
        if lock is None:
            return ""
        decision = decide(True, self.deputy, self.rule, checked_reason(reason))
        if decision is Decision.FREE:
            return ""
        if decision is Decision.WITH_REASON:
            return checked_reason(reason)
        raise PeriodClosed(lock, needs_reason=decision is Decision.NEEDS_REASON)


def course_locks(session: Session, actor: Actor, course: Course) -> CourseLocks:
    school = session.scalar(
        select(SchoolYear.school_id).where(SchoolYear.id == course.school_year_id)
    )
    rows = session.scalars(
        select(PeriodLock).where(
            PeriodLock.school_id == school,
            PeriodLock.deleted.is_(False),
            PeriodLock.reopened.is_(False),
        )
    ).all()
    return CourseLocks(
        course.id,
        course.class_group_id,
        tuple(lock_details(row) for row in rows),
        school_rules(session, school).late_changes if rows else LateChanges.REASON,
        Role.DEPUTY in actor.roles,
    )


@dataclass(frozen=True)
class LockView:
    id: uuid.UUID
    details: LockDetails
    about: str  # "visa skola", "7.a", "Matemātika 7.a"
    author: str
    waiting: bool


class PeriodLocks:
    """The deputy's locks: what is closed, closing and reopening."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    @property
    def writable(self) -> bool:
        return can_write(self._actor.roles, Entity.PERIOD_LOCK)

    def _school(self, session: Session) -> uuid.UUID | None:
        return session.scalar(select(Staff.school_id).where(Staff.id == self._actor.staff_id))

    def locks(self) -> list[LockView]:
        """The school's locks, the latest period first; reopened ones too (marked)."""
        with self._factory() as session:
            rows = session.scalars(
                select(PeriodLock)
                .where(PeriodLock.school_id == self._school(session), PeriodLock.deleted.is_(False))
                .order_by(PeriodLock.start.desc(), PeriodLock.end.desc())
            ).all()
            names = staff_names(session)
            named: dict[uuid.UUID | None, str] = {None: _("visa skola")}
            for model in (ClassGroup, Course):
                named.update(
                    (row.id, row.name) for row in session.execute(select(model.id, model.name))
                )
            return [
                LockView(
                    row.id,
                    lock_details(row),
                    named.get(row.course_id or row.class_group_id, ""),
                    names.get(row.author_id, "") if row.author_id else "",
                    row.version == 0,
                )
                for row in rows
            ]

    def choices(self, today: dt.date) -> LockChoices:
        with self._factory() as session:
            return lock_choices(session, self._school(session), today)

    def close(self, details: LockDetails) -> uuid.UUID:
        """Closes a period; raises DomainError (in Latvian)."""
        require(self._actor.roles, Entity.PERIOD_LOCK)
        details = validate_lock(details)
        with self._factory.begin() as session:
            school = self._school(session)
            if school is None:
                raise PermissionDenied(_("Lietotājs nav atrasts."))
            row = PeriodLock(id=uuid.uuid4(), school_id=school, author_id=self._actor.staff_id)
            self._store(session, row, details, None)
            session.add(row)
            return row.id

    def reopen(self, lock_id: uuid.UUID, reopened: bool = True) -> None:
        require(self._actor.roles, Entity.PERIOD_LOCK)
        with self._factory.begin() as session:
            row = session.get(PeriodLock, lock_id)
            if row is None or row.deleted:
                raise PermissionDenied(_("Ieraksts nav atrasts."))
            before = lock_details(row)
            details = LockDetails(**{**vars(before), "reopened": reopened})
            self._store(session, row, details, lock_texts(before))

    @staticmethod
    def _store(
        session: Session, row: PeriodLock, details: LockDetails, base: dict[str, str | None] | None
    ) -> None:
        row.scope, row.start, row.end, row.label = (
            details.scope.value,
            details.start,
            details.end,
            details.label,
        )
        row.class_group_id, row.course_id, row.reopened = (
            details.class_group_id,
            details.course_id,
            details.reopened,
        )
        enqueue(
            session,
            "period_lock.set",
            {
                "lock_id": str(row.id),
                "scope": details.scope.value,
                "class_group_id": str(details.class_group_id) if details.class_group_id else None,
                "course_id": str(details.course_id) if details.course_id else None,
                "start": details.start.isoformat(),
                "end": details.end.isoformat(),
                "label": details.label,
                "reopened": details.reopened,
                "deleted": False,
                "base": base,
            },
        )


def month_lock(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


@dataclass(frozen=True)
class LockChoices:
    """What the deputy may close in the school year under way: its semesters and months,
    the whole school, each class and each course."""

    periods: list[tuple[str, dt.date, dt.date]]
    targets: list[tuple[str, LockScope, uuid.UUID | None]]
    suggested: int  # the period to offer first: the month before this one


def lock_choices(session: Session, school_id: uuid.UUID | None, today: dt.date) -> LockChoices:
    year = current_year(session, school_id, today)
    periods = []
    for label, choice in year_periods(session, year.id)[1:]:  # (not the whole year)
        period = choice.resolve(session, year.id)
        periods.append((label, period.start, period.end))
    before = today.replace(day=1) - dt.timedelta(days=1)
    suggested = next(
        (
            i
            for i, (_l, start, end) in enumerate(periods)
            if start <= before <= end and end - start < dt.timedelta(days=32)
        ),
        0,
    )
    targets: list[tuple[str, LockScope, uuid.UUID | None]] = [
        (_("visa skola"), LockScope.SCHOOL, None)
    ]
    groups = session.execute(
        select(ClassGroup.id, ClassGroup.name).where(
            ClassGroup.school_year_id == year.id, ClassGroup.deleted.is_(False)
        )
    ).all()
    for key, name in sorted(groups, key=lambda row: class_sort_key(row[1])):
        targets.append((_("klase {name}").format(name=name), LockScope.CLASS, key))
    courses = session.execute(
        select(Course.id, Course.name).where(
            Course.school_year_id == year.id, Course.deleted.is_(False)
        )
    ).all()
    for key, name in sorted(courses, key=lambda row: latvian_sort_key(row[1])):
        targets.append((_("kurss {name}").format(name=name), LockScope.COURSE, key))
    return LockChoices(periods, targets, suggested)
