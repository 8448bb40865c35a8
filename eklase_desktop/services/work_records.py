"""Work logs on the laptop (SPEC K1, J6, J15): the concertmaster's week, practice hours and
individual work — read, add, change, delete, offline; each change is one ``work_record.set``
in the outbox, written with the record."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import Role, require
from eklase_desktop.domain.work_records import (
    WORK_READERS,
    WorkKind,
    WorkRecord,
    course_refusal,
    record_from,
    record_texts,
    validate_record,
    week_days,
    week_due,
    week_start,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, Course, Enrolment, Lesson, Staff, Student
from eklase_desktop.models import WorkRecord as Row
from eklase_desktop.models.work_records import (
    accompanied_lessons,
    accompanies,
    record_class,
    student_classes,
)
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue

RECORD_MUTATION = "work_record.set"


@dataclass(frozen=True)
class RecordView:
    id: uuid.UUID
    record: WorkRecord
    author: str
    students: str  # names, comma-separated
    course: str
    teacher: str  # the course's teacher (accompaniment)
    mine: bool


@dataclass(frozen=True)
class WeekLesson:
    """A lesson of a course the concertmaster accompanies, and the record that answers it."""

    lesson_id: uuid.UUID
    course_id: uuid.UUID
    day: dt.date
    course: str
    teacher: str
    students: str
    topic: str  # the teacher's topic of the lesson
    record: RecordView | None

    @property
    def answered(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class Week:
    monday: dt.date
    lessons: tuple[WeekLesson, ...]
    other: tuple[RecordView, ...]  # accompaniment not in a teacher's journal
    due: dt.datetime

    @property
    def missing(self) -> int:
        """Lessons of the week not answered yet (accompanied or not)."""
        return sum(not lesson.answered for lesson in self.lessons)

    @property
    def hours(self) -> Decimal:
        records = [lesson.record for lesson in self.lessons if lesson.record] + list(self.other)
        return sum((Decimal(view.record.hours) for view in records), Decimal(0))

    def overdue(self, now: dt.datetime) -> bool:
        return self.missing > 0 and now > self.due


class WorkLog:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    # --- reading ---------------------------------------------------------------------------

    def kinds(self) -> list[WorkKind]:
        """The kinds of record this user keeps (by the permission table)."""
        found = []
        for kind in WorkKind:
            try:
                require(self._actor.roles, kind.entity)
            except PermissionDenied:
                continue
            found.append(kind)
        if Role.DEPUTY in self._actor.roles:  # the deputy reads them, accompanies nothing
            found.remove(WorkKind.ACCOMPANIMENT)
        return found

    def read_kinds(self) -> list[WorkKind]:
        """The kinds of record this user reads: every kind for the deputy and the director
        (the concertmasters' too), else those they keep."""
        return list(WorkKind) if self._actor.roles & WORK_READERS else self.kinds()

    def accompanies(self) -> bool:
        """Whether the user is a course's concertmaster (the week window is theirs)."""
        with self._factory() as session:
            return accompanies(session, self._actor.staff_id)

    def week(self, monday: dt.date) -> Week:
        """The concertmaster's week: the teachers' lessons in the courses accompanied, each
        with its record, and the other accompaniment of those days (SPEC K1)."""
        monday = week_start(monday)
        first, last = week_days(monday)
        teacher = aliased(Staff)
        with self._factory() as session:
            lessons = session.execute(
                select(Lesson, Course.name, teacher.first_name, teacher.last_name)
                .join(Course, Course.id == Lesson.course_id)
                .join(teacher, teacher.id == Course.teacher_id)
                .where(
                    *self._accompanied(),
                    Lesson.deleted.is_(False),
                    Lesson.date.between(first, last),
                    Lesson.lesson_type != LessonType.NOT_HELD.value,
                )
            ).all()
            views = self._views(
                session,
                select(Row).where(
                    Row.author_id == self._actor.staff_id,
                    Row.kind == WorkKind.ACCOMPANIMENT.value,
                    Row.day.between(first, last),
                ),
            )
            by_lesson = {view.record.lesson_id: view for view in views if view.record.lesson_id}
            # the courses' students in one query, their names in another (not per lesson)
            enrolled: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date | None]]] = {}
            for course_id, student_id, end in session.execute(
                select(Enrolment.course_id, Enrolment.student_id, Enrolment.end).where(
                    Enrolment.course_id.in_({row[0].course_id for row in lessons}),
                    Enrolment.deleted.is_(False),
                )
            ):
                enrolled.setdefault(course_id, []).append((student_id, end))
            names = _name_map(session, {s for pairs in enrolled.values() for s, _end in pairs})
            week_lessons = [
                WeekLesson(
                    lesson.id,
                    lesson.course_id,
                    lesson.date,
                    course,
                    full_name(teacher_first, teacher_last),
                    _joined(
                        names,
                        (
                            student
                            for student, end in enrolled.get(lesson.course_id, [])
                            if end is None or end >= lesson.date
                        ),
                    ),
                    lesson.topic,
                    by_lesson.get(lesson.id),
                )
                for lesson, course, teacher_first, teacher_last in lessons
            ]
        week_lessons.sort(key=lambda item: (item.day, latvian_sort_key(item.students)))
        other = tuple(view for view in views if view.record.lesson_id is None)
        return Week(monday, tuple(week_lessons), other, week_due(monday))

    def overdue_weeks(self, since: dt.date, now: dt.datetime) -> list[Week]:
        """Past weeks from ``since`` with lessons still unanswered after their due moment."""
        weeks = []
        monday = week_start(since)
        while week_due(monday) < now:
            week = self.week(monday)
            if week.overdue(now):
                weeks.append(week)
            monday += dt.timedelta(days=7)
        return weeks

    def records(
        self,
        first: dt.date,
        last: dt.date,
        kinds: Iterable[WorkKind] = tuple(WorkKind),
        everyone: bool = False,
    ) -> list[RecordView]:
        """The user's records of ``kinds`` from ``first`` to ``last``, newest first; with
        ``everyone`` (the deputy, the director) every member of staff's."""
        query = select(Row).where(
            Row.day.between(first, last), Row.kind.in_([kind.value for kind in kinds])
        )
        if not (everyone and self._actor.roles & WORK_READERS):
            query = query.where(Row.author_id == self._actor.staff_id)
        with self._factory() as session:
            views = self._views(session, query)
        return sorted(views, key=lambda view: view.record.day, reverse=True)

    def accompanied_lessons(self, course_id: uuid.UUID) -> dict[uuid.UUID, str]:
        """The course's accompanied lessons and who accompanied them, for its grid (K1)."""
        with self._factory() as session:
            return accompanied_lessons(session, course_id)

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        """Classes whose students an individual-work or practice record may name."""
        with self._factory() as session:
            groups = [
                (row.id, row.name)
                for row in session.scalars(select(ClassGroup).where(ClassGroup.deleted.is_(False)))
            ]
        return sorted(groups, key=lambda group: class_sort_key(group[1]))

    def students(self, class_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            ids = session.scalars(
                select(Student.id).where(
                    Student.class_group_id == class_id, Student.deleted.is_(False)
                )
            ).all()
        return self._named(ids)

    def class_of(self, students: frozenset[uuid.UUID]) -> uuid.UUID | None:
        """The class of ``students`` (a record names one class's), or None."""
        with self._factory() as session:
            classes = student_classes(session, students) - {None}
        return next(iter(classes)) if len(classes) == 1 else None

    def accompanied_students(self) -> list[tuple[uuid.UUID, str]]:
        """The students of every course the user accompanies (free-standing work)."""
        with self._factory() as session:
            ids = set(
                session.scalars(
                    select(Enrolment.student_id)
                    .join(Course, Course.id == Enrolment.course_id)
                    .where(*self._accompanied(), Enrolment.deleted.is_(False))
                )
            )
        return self._named(ids)

    def accompanied_courses(self) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            rows = session.execute(select(Course.id, Course.name).where(*self._accompanied())).all()
        return sorted(((row.id, row.name) for row in rows), key=lambda c: latvian_sort_key(c[1]))

    def course_students(self, course_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            ids = self._enrolled(session, course_id, None)
        return self._named(ids)

    def _named(self, ids: Iterable[uuid.UUID]) -> list[tuple[uuid.UUID, str]]:
        """(id, name) of the students, in Latvian name order."""
        with self._factory() as session:
            names = _name_map(session, set(ids))
        return sorted(names.items(), key=lambda student: latvian_sort_key(student[1]))

    # --- writing ---------------------------------------------------------------------------

    def accompany(
        self, lesson_id: uuid.UUID, hours: str = "1", topic: str | None = None, text: str = ""
    ) -> uuid.UUID:
        """Answers a teacher's lesson: accompanied for ``hours`` ("0": not accompanied),
        with the lesson's topic unless another is given."""
        with self._factory() as session:
            lesson = session.get(Lesson, lesson_id)
            if lesson is None or lesson.deleted:
                raise PermissionDenied(_("Stunda nav atrasta."))
            course = session.get(Course, lesson.course_id)
            students = frozenset(self._enrolled(session, lesson.course_id, lesson.date))
            default_topic = lesson.topic or (course.name if course else "")
            existing = session.scalar(
                select(Row.id).where(
                    Row.lesson_id == lesson_id,
                    Row.author_id == self._actor.staff_id,
                    Row.deleted.is_(False),
                )
            )
        record = WorkRecord(
            WorkKind.ACCOMPANIMENT,
            lesson.date,
            students,
            default_topic if topic is None else topic,
            text,
            hours,
            lesson.course_id,
            lesson.id,
        )
        return self.save(record, existing)

    def save(self, record: WorkRecord, record_id: uuid.UUID | None = None) -> uuid.UUID:
        """Adds a record (``record_id`` None) or changes one; returns its id."""
        checked = validate_record(record)
        require(self._actor.roles, checked.kind.entity)
        with self._factory.begin() as session:
            self._check(session, checked)
            if record_id is None:
                row = Row(
                    id=uuid.uuid4(),
                    kind=checked.kind.value,
                    author_id=self._actor.staff_id,
                    entered_at=clock.utc_naive(),
                    deleted=False,
                    version=0,
                )
                session.add(row)
                base = None
            else:
                row = self._own(session, record_id)
                if row.kind != checked.kind.value:
                    raise PermissionDenied(_("Ieraksta veidu nevar mainīt."))
                base = record_texts(record_from(row), False)
            _store(row, checked)
            row.class_group_id = record_class(session, checked)
            session.flush()
            enqueue(session, RECORD_MUTATION, _args(row, base))
            return row.id

    def delete(self, record_id: uuid.UUID) -> None:
        with self._factory.begin() as session:
            row = self._own(session, record_id)
            base = record_texts(record_from(row), False)
            row.deleted = True
            session.flush()
            enqueue(session, RECORD_MUTATION, _args(row, base))

    # --- helpers ---------------------------------------------------------------------------

    def _accompanied(self) -> tuple[Any, ...]:
        """The conditions of a course the user accompanies."""
        return Course.concertmaster_id == self._actor.staff_id, Course.deleted.is_(False)

    def _check(self, session: Session, record: WorkRecord) -> None:
        """What the server checks too, with the same messages (it has the last word)."""
        me = self._actor.staff_id
        if record.course_id is not None:
            course = session.get(Course, record.course_id)
            if course is None or course.deleted:
                raise PermissionDenied(_("Žurnāls nav atrasts."))
            refusal = course_refusal(record.kind, me, course.teacher_id, course.concertmaster_id)
            if refusal is not None:
                raise PermissionDenied(refusal)
        if (
            record.kind is not WorkKind.ACCOMPANIMENT
            and len(student_classes(session, record.students)) > 1
        ):
            raise PermissionDenied(_("Vienā ierakstā norādiet vienas klases audzēkņus."))

    def _own(self, session: Session, record_id: uuid.UUID) -> Row:
        row = session.get(Row, record_id)
        if row is None or row.deleted:
            raise PermissionDenied(_("Ieraksts nav atrasts."))
        if row.author_id != self._actor.staff_id and Role.DEPUTY not in self._actor.roles:
            raise PermissionDenied(_("Citu darbinieku ierakstus nevar labot."))
        return row

    @staticmethod
    def _enrolled(session: Session, course_id: uuid.UUID, day: dt.date | None) -> list[uuid.UUID]:
        """The course's students (on ``day``: not those an order took out before it)."""
        query = select(Enrolment.student_id).where(
            Enrolment.course_id == course_id, Enrolment.deleted.is_(False)
        )
        if day is not None:
            query = query.where(or_(Enrolment.end.is_(None), Enrolment.end >= day))
        return list(session.scalars(query))

    def _views(self, session: Session, query: Select[Any]) -> list[RecordView]:
        author, teacher = aliased(Staff), aliased(Staff)
        rows = session.execute(
            query.add_columns(
                Course.name,
                teacher.first_name,
                teacher.last_name,
                author.first_name,
                author.last_name,
            )
            .outerjoin(Course, Course.id == Row.course_id)
            .outerjoin(teacher, teacher.id == Course.teacher_id)
            .join(author, author.id == Row.author_id)
            .where(Row.deleted.is_(False))
        ).all()
        names = _name_map(session, {uuid.UUID(str(s)) for row in rows for s in row[0].students})
        views = []
        for row, course, t_first, t_last, a_first, a_last in rows:
            record = record_from(row)
            views.append(
                RecordView(
                    row.id,
                    record,
                    full_name(a_first, a_last),
                    _joined(names, record.students),
                    course or "",
                    full_name(t_first or "", t_last or ""),
                    row.author_id == self._actor.staff_id,
                )
            )
        return views


def _name_map(session: Session, students: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The students' names, in one query."""
    if not students:
        return {}
    rows = session.execute(
        select(Student.id, Student.first_name, Student.last_name).where(
            Student.id.in_(list(students))
        )
    )
    return {row.id: full_name(row.first_name, row.last_name) for row in rows}


def _joined(names: dict[uuid.UUID, str], students: Iterable[uuid.UUID]) -> str:
    """``Bērziņa Anna, Kalniņš Jānis``: in Latvian name order."""
    return ", ".join(sorted((names.get(s, "") for s in students), key=latvian_sort_key))


def _store(row: Row, record: WorkRecord) -> None:
    row.day, row.course_id, row.lesson_id = record.day, record.course_id, record.lesson_id
    row.topic, row.text, row.hours = record.topic, record.text, record.hours
    row.students = sorted(str(s) for s in record.students)


def _args(row: Row, base: dict[str, str | None] | None) -> dict[str, object]:
    return {
        "work_record_id": str(row.id),
        "kind": row.kind,
        "day": row.day.isoformat(),
        "course_id": str(row.course_id) if row.course_id else None,
        "lesson_id": str(row.lesson_id) if row.lesson_id else None,
        "students": list(row.students or []),
        "topic": row.topic,
        "text": row.text,
        "hours": row.hours,
        "deleted": bool(row.deleted),
        "base": base,
    }
