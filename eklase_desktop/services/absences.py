"""Reading a class's absences for the tutor's absence editor (SPEC T2, DOMAIN: attendance):
a month of students × school days, each day with its lessons' presence and displayed code,
and per student the unjustified, justified and late counts of the month and the semester."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.domain.deadlines import EntryKind, due_moment
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.i18n import _
from eklase_desktop.models import Attendance, Course, Lesson, Student, Subject
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import CLASS_READERS, kept_classes, require_class
from eklase_desktop.services.journal import year_rules


@dataclass(frozen=True)
class LessonPresence:
    """One lesson of a student on a day, as the absence editor shows it."""

    lesson_id: uuid.UUID
    course_id: uuid.UUID
    subject: str
    number: int | None
    presence: Presence
    justification: Justification

    @property
    def code(self) -> str:
        return display_code(self.presence, self.justification)


@dataclass
class Counts:
    """Lessons missed without a reason (``n``), with one (``ns``, ``nc``), arrived late."""

    unjustified: int = 0
    justified: int = 0
    late: int = 0

    def add(self, presence: Presence, justification: Justification) -> None:
        if presence is Presence.LATE:
            self.late += 1
        elif presence is Presence.ABSENT and justification is Justification.NONE:
            self.unjustified += 1
        elif presence is Presence.ABSENT:
            self.justified += 1


@dataclass(frozen=True)
class StudentMonth:
    id: uuid.UUID
    name: str
    month: Counts
    semester: Counts
    overdue: int  # unjustified absences of this month past the tutor's deadline


@dataclass(frozen=True)
class ClassMonth:
    class_id: uuid.UUID
    class_name: str
    first_day: dt.date  # of the month
    days: list[dt.date]  # the month's school days
    students: list[StudentMonth]
    lessons: dict[tuple[uuid.UUID, dt.date], list[LessonPresence]] = field(default_factory=dict)
    deadline: dt.datetime | None = None  # by which this month's absences are to be justified

    def on(self, student_id: uuid.UUID, day: dt.date) -> list[LessonPresence]:
        return self.lessons.get((student_id, day), [])


class AbsenceReader:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        """The classes whose absences this user keeps: the own class(es) for a tutor, every
        class for the deputy, the clerk and the director."""
        with self._factory() as session:
            return kept_classes(session, self._actor, CLASS_READERS)

    def class_month(
        self, class_id: uuid.UUID, year: int, month: int, *, now: dt.datetime | None = None
    ) -> ClassMonth:
        """The class's absences in the month; raises PermissionDenied for another's class."""
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        with self._factory() as session:
            refusal = _("Kavējumus redz un attaisno klases audzinātājs.")
            group = require_class(session, self._actor, class_id, refusal, CLASS_READERS)
            rules = year_rules(session, group.school_year_id)
            semester = rules.semester_of(first) if rules is not None else None
            start = min(first, semester.start) if semester is not None else first
            end = max(last, semester.end) if semester is not None else last
            students = list(
                session.execute(
                    select(Student.id, Student.first_name, Student.last_name).where(
                        Student.class_group_id == class_id, Student.deleted.is_(False)
                    )
                )
            )
            ids = [row.id for row in students]
            rows = session.execute(
                select(Attendance, Lesson.date, Lesson.number, Lesson.course_id, Subject.name)
                .join(Lesson, Lesson.id == Attendance.lesson_id)
                .join(Course, Course.id == Lesson.course_id)
                .join(Subject, Subject.id == Course.subject_id)
                .where(
                    Attendance.student_id.in_(ids),
                    Attendance.deleted.is_(False),
                    Lesson.deleted.is_(False),
                    Lesson.date.between(start, end),
                )
            ).all()
            days = rules.school_days(first, last) if rules is not None else []
        deadline = due_moment(EntryKind.JUSTIFICATION, first, school_year=rules)
        late_now = now is not None and now > deadline
        in_month: dict[uuid.UUID, Counts] = defaultdict(Counts)
        term: dict[uuid.UUID, Counts] = defaultdict(Counts)
        lessons: dict[tuple[uuid.UUID, dt.date], list[LessonPresence]] = defaultdict(list)
        for attendance, day, number, course_id, subject in rows:
            presence = Presence(attendance.presence)
            justification = Justification(attendance.justification)
            in_semester = semester is None or semester.contains(day)
            if in_semester:
                term[attendance.student_id].add(presence, justification)
            if first <= day <= last:
                in_month[attendance.student_id].add(presence, justification)
                lessons[(attendance.student_id, day)].append(
                    LessonPresence(
                        attendance.lesson_id, course_id, subject, number, presence, justification
                    )
                )
        for cells in lessons.values():
            cells.sort(key=lambda cell: (cell.number is None, cell.number or 0, cell.subject))
        result = [
            StudentMonth(
                row.id,
                full_name(row.first_name, row.last_name),
                in_month[row.id],
                term[row.id],
                in_month[row.id].unjustified if late_now else 0,
            )
            for row in students
        ]
        result.sort(key=lambda student: latvian_sort_key(student.name))
        return ClassMonth(class_id, group.name, first, days, result, dict(lessons), deadline)
