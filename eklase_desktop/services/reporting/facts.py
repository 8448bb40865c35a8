"""What reports are made of, read from the cache in a few queries per report: students, their
courses, marks, absences, period marks and behaviour entries in a period (SPEC P1–P7).

Everything here is plain frozen data; the builders beside this module turn it into
``reports.document.Document``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.domain.class_logs import LogKind
from eklase_desktop.domain.marks import InvalidMark, Mark, parse_mark
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.report_period import ReportPeriod
from eklase_desktop.models import (
    Attendance,
    ClassGroup,
    ClassLogEntry,
    Course,
    Enrolment,
    Lesson,
    PeriodMark,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.models import Mark as MarkRow
from eklase_desktop.services.journal import class_sort_key

ABSENCE_CODES = ("n", "ns", "nc", "k")


@dataclass(frozen=True)
class Pupil:
    id: uuid.UUID
    name: str  # "Surname Name", as class lists are written
    class_name: str


@dataclass(frozen=True)
class CourseFacts:
    id: uuid.UUID
    subject: str
    name: str
    class_name: str
    teacher: str
    descriptive: bool


@dataclass(frozen=True)
class MarkFacts:
    student_id: uuid.UUID
    course_id: uuid.UUID
    day: dt.date
    value: str


@dataclass(frozen=True)
class AbsenceFacts:
    student_id: uuid.UUID
    course_id: uuid.UUID
    day: dt.date
    number: int | None
    code: str  # n, ns, nc, k


@dataclass(frozen=True)
class BehaviourFacts:
    student_id: uuid.UUID
    day: dt.date
    positive: bool | None
    text: str
    course: str
    author: str


@dataclass
class Facts:
    """One class's (or one student's) journal in a period."""

    pupils: list[Pupil]
    courses: dict[uuid.UUID, CourseFacts]
    enrolled: dict[uuid.UUID, list[uuid.UUID]]  # student → course ids, in subject order
    marks: list[MarkFacts] = field(default_factory=list)
    absences: list[AbsenceFacts] = field(default_factory=list)
    period_marks: dict[tuple[uuid.UUID, uuid.UUID, str], str] = field(default_factory=dict)
    behaviour: list[BehaviourFacts] = field(default_factory=list)

    @cached_property
    def _marks_by(self) -> dict[tuple[uuid.UUID, uuid.UUID | None], list[MarkFacts]]:
        found: dict[tuple[uuid.UUID, uuid.UUID | None], list[MarkFacts]] = defaultdict(list)
        for mark in self.marks:
            found[mark.student_id, mark.course_id].append(mark)
            found[mark.student_id, None].append(mark)
        return found

    @cached_property
    def _absences_by(self) -> dict[tuple[uuid.UUID, uuid.UUID | None], dict[str, int]]:
        found: dict[tuple[uuid.UUID, uuid.UUID | None], dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(ABSENCE_CODES, 0)
        )
        for absence in self.absences:
            found[absence.student_id, absence.course_id][absence.code] += 1
            found[absence.student_id, None][absence.code] += 1
        return found

    def marks_of(self, student: uuid.UUID, course: uuid.UUID | None = None) -> list[MarkFacts]:
        """The student's marks in date order, in one course or (None) in all."""
        return self._marks_by.get((student, course), [])

    def absence_counts(self, student: uuid.UUID, course: uuid.UUID | None = None) -> dict[str, int]:
        """``n``, ``ns``, ``nc``, ``k`` → how many lessons, in one course or (None) in all."""
        return dict(self._absences_by.get((student, course), dict.fromkeys(ABSENCE_CODES, 0)))

    def period_mark(self, student: uuid.UUID, course: uuid.UUID, period: str) -> str:
        return self.period_marks.get((student, course, period), "")


def parsed(values: Iterable[str]) -> list[Mark]:
    """Stored marks as domain marks; a value the domain no longer takes is left out."""
    marks = []
    for value in values:
        try:
            marks.append(parse_mark(value))
        except InvalidMark:
            continue
    return marks


def average(values: Iterable[str]) -> Decimal | None:
    """Mean of the balles (1–10) among ``values``; others do not count (DOMAIN: marks)."""
    points = [mark.points for mark in parsed(values) if mark.points is not None]
    if not points:
        return None
    return (Decimal(sum(points)) / len(points)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def average_text(values: Iterable[str]) -> str:
    """The average as printed: ``7,45``; empty when there is nothing to average."""
    mean = average(values)
    return "" if mean is None else f"{mean}".replace(".", ",")


def insufficient(values: Iterable[str]) -> int:
    """How many marks do not pass: balles below 4 and ``ni`` (DOMAIN: marks)."""
    return sum(mark.is_passing is False for mark in parsed(values))


def staff_names(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(select(Staff.id, Staff.first_name, Staff.last_name))
    return {row.id: full_name(row.first_name, row.last_name) for row in rows}


def class_pupils(session: Session, class_ids: Collection[uuid.UUID]) -> list[Pupil]:
    """The students of the classes, by class and then Latvian alphabetical order."""
    return _pupils(session, Student.class_group_id.in_(class_ids))


def course_pupils(session: Session, course_id: uuid.UUID) -> list[Pupil]:
    """The students enrolled in the course (also those who have left it), in class order."""
    enrolled = select(Enrolment.student_id).where(
        Enrolment.course_id == course_id, Enrolment.deleted.is_(False)
    )
    return _pupils(session, Student.id.in_(enrolled))


def _pupils(session: Session, where: Any) -> list[Pupil]:
    rows = session.execute(
        select(Student.id, Student.first_name, Student.last_name, ClassGroup.name)
        .outerjoin(ClassGroup, Student.class_group_id == ClassGroup.id)
        .where(where, Student.deleted.is_(False))
    )
    pupils = [Pupil(r.id, full_name(r.first_name, r.last_name), r.name or "") for r in rows]
    return sorted(pupils, key=lambda p: (class_sort_key(p.class_name), latvian_sort_key(p.name)))


def load_facts(
    session: Session,
    pupils: list[Pupil],
    period: ReportPeriod,
    *,
    course_ids: Collection[uuid.UUID] | None = None,
    with_marks: bool = True,
    period_keys: Collection[str] | None = None,
) -> Facts:
    """The pupils' courses (or only ``course_ids``) and what they hold in ``period``; the
    period marks ``period_keys`` (by default those of the period)."""
    ids = [pupil.id for pupil in pupils]
    facts = Facts(pupils, *_courses(session, ids, period, course_ids))
    courses = list(facts.courses)
    if with_marks:
        facts.marks = _marks(session, ids, courses, period)
        facts.absences = _absences(session, ids, courses, period)
    keys = period.period_marks() if period_keys is None else tuple(period_keys)
    if keys:
        rows = session.execute(
            select(
                PeriodMark.student_id, PeriodMark.course_id, PeriodMark.period, PeriodMark.value
            ).where(
                PeriodMark.student_id.in_(ids),
                PeriodMark.course_id.in_(courses),
                PeriodMark.period.in_(keys),
                PeriodMark.deleted.is_(False),
            )
        )
        facts.period_marks = {(r.student_id, r.course_id, r.period): r.value for r in rows}
    facts.behaviour = behaviour_entries(session, ids, period)
    return facts


def _courses(
    session: Session,
    student_ids: list[uuid.UUID],
    period: ReportPeriod,
    only: Collection[uuid.UUID] | None,
) -> tuple[dict[uuid.UUID, CourseFacts], dict[uuid.UUID, list[uuid.UUID]]]:
    group = aliased(ClassGroup)
    query = (
        select(Enrolment.student_id, Course, Subject.name, group.name, Staff)
        .join(Course, Enrolment.course_id == Course.id)
        .join(Subject, Course.subject_id == Subject.id)
        .join(Staff, Course.teacher_id == Staff.id)
        .outerjoin(group, Course.class_group_id == group.id)
        .where(
            Enrolment.student_id.in_(student_ids),
            Enrolment.deleted.is_(False),
            Course.deleted.is_(False),
            Enrolment.start <= period.end,
            (Enrolment.end.is_(None)) | (Enrolment.end >= period.start),
        )
    )
    if only is not None:
        query = query.where(Course.id.in_(only))
    courses: dict[uuid.UUID, CourseFacts] = {}
    enrolled: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for student_id, course, subject, class_name, teacher in session.execute(query):
        courses[course.id] = CourseFacts(
            course.id,
            subject,
            course.name,
            class_name or "",
            full_name(teacher.first_name, teacher.last_name),
            course.descriptive,
        )
        enrolled[student_id].append(course.id)
    for course_ids in enrolled.values():
        course_ids.sort(key=lambda c: (latvian_sort_key(courses[c].subject), courses[c].name))
    return courses, dict(enrolled)


def _marks(
    session: Session, students: list[uuid.UUID], courses: list[uuid.UUID], period: ReportPeriod
) -> list[MarkFacts]:
    rows = session.execute(
        select(MarkRow.student_id, Lesson.course_id, Lesson.date, MarkRow.value)
        .join(Lesson, MarkRow.lesson_id == Lesson.id)
        .where(
            MarkRow.student_id.in_(students),
            Lesson.course_id.in_(courses),
            Lesson.date.between(period.start, period.end),
            MarkRow.deleted.is_(False),
            Lesson.deleted.is_(False),
        )
        .order_by(Lesson.date, Lesson.number)
    )
    return [MarkFacts(*row) for row in rows]


def _absences(
    session: Session, students: list[uuid.UUID], courses: list[uuid.UUID], period: ReportPeriod
) -> list[AbsenceFacts]:
    rows = session.execute(
        select(
            Attendance.student_id,
            Lesson.course_id,
            Lesson.date,
            Lesson.number,
            Attendance.presence,
            Attendance.justification,
        )
        .join(Lesson, Attendance.lesson_id == Lesson.id)
        .where(
            Attendance.student_id.in_(students),
            Lesson.course_id.in_(courses),
            Lesson.date.between(period.start, period.end),
            Attendance.presence != "",
            Attendance.deleted.is_(False),
            Lesson.deleted.is_(False),
        )
        .order_by(Lesson.date, Lesson.number)
    )
    found = []
    for student, course, day, number, presence, justification in rows:
        try:
            code = display_code(Presence(presence), Justification(justification))
        except ValueError:
            continue
        found.append(AbsenceFacts(student, course, day, number, code))
    return found


def behaviour_entries(
    session: Session, students: list[uuid.UUID], period: ReportPeriod
) -> list[BehaviourFacts]:
    rows = session.execute(
        select(ClassLogEntry, Subject.name, Staff.first_name, Staff.last_name)
        .outerjoin(Course, ClassLogEntry.course_id == Course.id)
        .outerjoin(Subject, Course.subject_id == Subject.id)
        .outerjoin(Staff, ClassLogEntry.author_id == Staff.id)
        .where(
            ClassLogEntry.kind == LogKind.BEHAVIOUR.value,
            ClassLogEntry.student_id.in_(students),
            ClassLogEntry.day.between(period.start, period.end),
            ClassLogEntry.deleted.is_(False),
        )
        .order_by(ClassLogEntry.day, ClassLogEntry.entered_at)
    )
    return [
        BehaviourFacts(
            entry.student_id,
            entry.day,
            entry.positive,
            entry.text or entry.title,
            subject or "",
            full_name(first, last) if first else "",
        )
        for entry, subject, first, last in rows
        if entry.student_id is not None
    ]
