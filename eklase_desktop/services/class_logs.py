"""A class's logs on the laptop (SPEC T3–T5, J12): list and search, add, change, delete —
offline; each change is one ``class_log_entry.set`` in the outbox, written with the entry."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.class_logs import (
    LogEntry,
    LogKind,
    entry_from,
    entry_texts,
    validate_entry,
)
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, ClassLogEntry, Course, Enrolment, Staff, Student
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import CLASS_READERS, keeps_class, kept_classes
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue

LOG_MUTATION = "class_log_entry.set"


@dataclass(frozen=True)
class LogView:
    id: uuid.UUID
    entry: LogEntry
    student: str
    course: str
    author: str
    entered_at: dt.datetime
    mine: bool  # written by this user


class ClassLogs:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    # --- reading ---------------------------------------------------------------------------

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        """Classes whose logs this user keeps or reads: the own class(es) of a tutor, every
        class for the deputy and the clerk; a teacher's: the classes of the students taught
        (behaviour journal)."""
        with self._factory() as session:
            query = select(ClassGroup).where(ClassGroup.deleted.is_(False))
            if not self._actor.roles & CLASS_READERS:
                taught = (
                    select(Student.class_group_id)
                    .join(Enrolment, Enrolment.student_id == Student.id)
                    .join(Course, Course.id == Enrolment.course_id)
                    .where(Course.teacher_id == self._actor.staff_id)
                )
                query = query.where(
                    or_(ClassGroup.tutor_id == self._actor.staff_id, ClassGroup.id.in_(taught))
                )
            groups = [(g.id, g.name) for g in session.scalars(query)]
        return sorted(groups, key=lambda group: class_sort_key(group[1]))

    def kept_classes(self) -> set[uuid.UUID]:
        """The classes whose four logs this user keeps (a tutor's own, every one for the
        deputy, the clerk, the director); the others' are the behaviour journal only."""
        with self._factory() as session:
            return {
                class_id for class_id, _name in kept_classes(session, self._actor, CLASS_READERS)
            }

    def kinds(self, class_id: uuid.UUID) -> list[LogKind]:
        """The logs of the class this user keeps: all four for its tutor (and the deputy,
        the clerk), the behaviour journal for a teacher of its students."""
        with self._factory() as session:
            group = session.get(ClassGroup, class_id)
            if group is not None and self._keeps_class(group):
                return list(LogKind)
        return [LogKind.BEHAVIOUR]

    def students(self, class_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            rows = session.execute(
                select(Student.id, Student.first_name, Student.last_name).where(
                    Student.class_group_id == class_id, Student.deleted.is_(False)
                )
            ).all()
        named = [(row.id, full_name(row.first_name, row.last_name)) for row in rows]
        return sorted(named, key=lambda student: latvian_sort_key(student[1]))

    def courses(self, student_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        """Courses a behaviour entry about the student may name: the student's courses this
        user teaches (all of them for the tutor, the deputy, the clerk)."""
        with self._factory() as session:
            query = (
                select(Course.id, Course.name, Course.teacher_id, Student.class_group_id)
                .join(Enrolment, Enrolment.course_id == Course.id)
                .join(Student, Student.id == Enrolment.student_id)
                .where(Enrolment.student_id == student_id, Enrolment.deleted.is_(False))
            )
            rows = session.execute(query).all()
            keeps = {
                row.class_group_id
                for row in rows
                if (group := session.get(ClassGroup, row.class_group_id)) is not None
                and self._keeps_class(group)
            }
        mine = [
            (row.id, row.name)
            for row in rows
            if row.teacher_id == self._actor.staff_id or row.class_group_id in keeps
        ]
        return sorted(mine, key=lambda course: course[1])

    def entries(self, class_id: uuid.UUID, kind: LogKind, search: str = "") -> list[LogView]:
        """The class's entries of ``kind``, newest first, those matching ``search`` (any
        part of the title, text, with whom or the student's name, any case)."""
        author = aliased(Staff)
        with self._factory() as session:
            rows = session.execute(
                select(
                    ClassLogEntry,
                    Student.first_name,
                    Student.last_name,
                    Course.name,
                    author.first_name,
                    author.last_name,
                )
                .outerjoin(Student, Student.id == ClassLogEntry.student_id)
                .outerjoin(Course, Course.id == ClassLogEntry.course_id)
                .outerjoin(author, author.id == ClassLogEntry.author_id)
                .where(
                    ClassLogEntry.class_group_id == class_id,
                    ClassLogEntry.kind == kind.value,
                    ClassLogEntry.deleted.is_(False),
                )
                .order_by(ClassLogEntry.day.desc(), ClassLogEntry.entered_at.desc())
            ).all()
        wanted = search.strip().casefold()
        views = []
        for row, first, last, course, author_first, author_last in rows:
            student = full_name(first or "", last or "")
            view = LogView(
                row.id,
                entry_from(row),
                student,
                course or "",
                full_name(author_first or "", author_last or ""),
                row.entered_at,
                row.author_id == self._actor.staff_id,
            )
            haystack = " ".join((row.title, row.text, row.with_whom, student)).casefold()
            if wanted in haystack:
                views.append(view)
        return views

    # --- writing ---------------------------------------------------------------------------

    def save(
        self, class_id: uuid.UUID, entry: LogEntry, entry_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Adds an entry (``entry_id`` None) or changes one; returns its id."""
        checked = validate_entry(entry)
        with self._factory.begin() as session:
            group = session.get(ClassGroup, class_id)
            if group is None:
                raise PermissionDenied(_("Klase nav atrasta."))
            self._require(session, group, checked)
            if entry_id is None:
                row = ClassLogEntry(
                    id=uuid.uuid4(),
                    kind=checked.kind.value,
                    class_group_id=group.id,
                    author_id=self._actor.staff_id,
                    entered_at=clock.utc_naive(),
                    deleted=False,
                    version=0,
                )
                session.add(row)
                base = None
            else:
                row = self._own(session, entry_id, group)
                base = entry_texts(entry_from(row), False)
            _store(row, checked)
            session.flush()
            enqueue(session, LOG_MUTATION, _args(row, base))
            return row.id

    def delete(self, entry_id: uuid.UUID) -> None:
        with self._factory.begin() as session:
            row = session.get(ClassLogEntry, entry_id)
            group = session.get(ClassGroup, row.class_group_id) if row is not None else None
            if row is None or group is None:
                raise PermissionDenied(_("Ieraksts nav atrasts."))
            row = self._own(session, entry_id, group)
            self._require(session, group, entry_from(row))
            base = entry_texts(entry_from(row), False)
            row.deleted = True
            session.flush()
            enqueue(session, LOG_MUTATION, _args(row, base))

    def _own(self, session: Session, entry_id: uuid.UUID, group: ClassGroup) -> ClassLogEntry:
        row = session.get(ClassLogEntry, entry_id)
        if row is None or row.deleted or row.class_group_id != group.id:
            raise PermissionDenied(_("Ieraksts nav atrasts."))
        if not self._keeps_class(group) and row.author_id != self._actor.staff_id:
            raise PermissionDenied(_("Citu skolotāju ierakstus labo klases audzinātājs."))
        return row

    def _keeps_class(self, group: ClassGroup) -> bool:
        return keeps_class(self._actor, group, CLASS_READERS)

    def _require(self, session: Session, group: ClassGroup, entry: LogEntry) -> None:
        roles = set(SCHOOL_WIDE_ROLES.intersection(self._actor.roles))
        if group.tutor_id == self._actor.staff_id:
            roles.add(Role.TUTOR)
        if entry.kind is LogKind.BEHAVIOUR and entry.course_id is not None:
            course = session.get(Course, entry.course_id)
            if course is not None and course.teacher_id == self._actor.staff_id:
                roles.add(Role.TEACHER)
        require(roles, entry.kind.entity)


def _store(row: ClassLogEntry, entry: LogEntry) -> None:
    row.day, row.student_id, row.course_id = entry.day, entry.student_id, entry.course_id
    row.title, row.text, row.with_whom = entry.title, entry.text, entry.with_whom
    row.positive = entry.positive
    row.participants = sorted(str(p) for p in entry.participants)


def _args(row: ClassLogEntry, base: dict[str, str | None] | None) -> dict[str, object]:
    return {
        "class_log_entry_id": str(row.id),
        "kind": row.kind,
        "class_group_id": str(row.class_group_id),
        "day": row.day.isoformat(),
        "student_id": str(row.student_id) if row.student_id else None,
        "course_id": str(row.course_id) if row.course_id else None,
        "title": row.title,
        "text": row.text,
        "with_whom": row.with_whom,
        "positive": row.positive,
        "participants": list(row.participants or []),
        "deleted": bool(row.deleted),
        "base": base,
    }
