"""Reading a course journal: the teacher's courses and a snapshot of one journal grid."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.assessments import TestDetails, assessment_from
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import SubjectKind
from eklase_desktop.domain.marks import MarkSlot, SlotKind
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.report_period import month_key
from eklase_desktop.domain.roles import Entity, Role, can_write, roles_for_course
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import (
    Assessment,
    Attendance,
    ClassGroup,
    Course,
    CourseProgramme,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolYear,
    Student,
)
from eklase_desktop.models.setup import stored_year, substituted_courses
from eklase_desktop.models.work_records import accompanied_lessons
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.cells import Cell

# The period-mark columns after the lessons and the monthly attestations (SPEC J16), in
# order: key, Latvian label, slot.
PERIOD_COLUMNS: tuple[tuple[str, str, SlotKind], ...] = (
    ("S1", N_("I sem."), SlotKind.SEMESTER),
    ("S2", N_("II sem."), SlotKind.SEMESTER),
    ("Y", N_("Gads"), SlotKind.YEAR),
    ("E", N_("Eks."), SlotKind.EXAM),  # examination or ieskaite: the clerk enters (SPEC C3)
    ("P", N_("Pēcp."), SlotKind.POST_EXAM),  # pēcpārbaudījums
    ("YC", N_("Gads lab."), SlotKind.YEAR),  # the year mark corrected after it (G 26)
)
AVERAGE = "AVG"  # the average column: computed, never written (SPEC J16)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def attestation_months(year: YearRules | None) -> list[tuple[int, int]]:
    """(year, month) of each month of the school year: the monthly attestations' columns."""
    if year is None:
        return []
    months, day = [], year.first_day.replace(day=1)
    while day <= year.last_day:
        months.append((day.year, day.month))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def has_attestations(course: Course) -> bool:
    """The monthly attestation is the music school's, in its professional subjects (DOMAIN:
    period marks)."""
    return course.subject.kind == SubjectKind.PROFESSIONAL


@dataclass(frozen=True)
class CourseSummary:
    id: uuid.UUID
    name: str
    subject: str
    class_name: str
    kind: str
    student_count: int


@dataclass(frozen=True)
class StudentRow:
    id: uuid.UUID
    name: str
    exempt: bool
    until: dt.date | None = None  # the last day in the course: an order took them out (C2)


@dataclass(frozen=True)
class LessonColumn:
    id: uuid.UUID
    date: dt.date
    number: int | None
    topic: str
    homework: str
    notes: str
    lesson_type: str
    not_held_reason: str | None
    made_up_date: dt.date | None
    remote: bool
    taught_by_id: uuid.UUID | None
    test: TestDetails | None  # a test is held in the lesson (SPEC J7)
    accompanied_by: str = ""  # the concertmaster who accompanied it (SPEC K1)

    @property
    def is_test(self) -> bool:
        return self.test is not None


@dataclass(frozen=True)
class PeriodColumn:
    period: str
    label: str
    slot: MarkSlot


@dataclass(frozen=True)
class JournalSnapshot:
    """Everything the journal grid of one course shows, as plain values."""

    course: CourseSummary
    students: tuple[StudentRow, ...]
    lessons: tuple[LessonColumn, ...]
    periods: tuple[PeriodColumn, ...]
    cells: Mapping[tuple[uuid.UUID, uuid.UUID], Cell]
    period_marks: Mapping[tuple[uuid.UUID, str], str]
    school_year: YearRules | None
    professional: bool
    descriptive: bool
    programmes: Mapping[int, str] = field(default_factory=dict)  # semester → text (SPEC J11)
    # why the actor cannot edit this journal's lessons ("" when they can); a substitute
    # still edits the lessons they taught (LessonColumn.taught_by_id)
    read_only: str = ""
    # whether the actor writes no cell of this journal (a concertmaster, the director); a
    # substitute still writes in the lessons they taught
    cells_read_only: bool = False


CONCERTMASTER_READS = N_(
    "Koncertmeistars šo žurnālu tikai lasa; pavadītās stundas ierakstiet darba uzskaitē "
    "(Uzskaite → Darba uzskaite)."
)
NOT_YOURS = N_("Šo žurnālu jūs tikai lasāt.")


def course_roles(
    session: Session, actor: Actor, course: Course, lesson: Lesson | None = None
) -> frozenset[Role]:
    """The roles ``actor`` holds for ``course`` (DOMAIN: roles); a substitute holds the
    teacher's for the lessons they teach (SPEC J4)."""
    group = session.get(ClassGroup, course.class_group_id) if course.class_group_id else None
    me = actor.staff_id
    return roles_for_course(
        actor.roles,
        teaches=course.teacher_id == me or (lesson is not None and lesson.taught_by_id == me),
        tutors=group is not None and group.tutor_id == me,
    )


CELL_ENTITIES = (
    Entity.MARK,
    Entity.PRESENCE,
    Entity.JUSTIFICATION,
    Entity.PERIOD_MARK,
    Entity.EXAM_MARK,
)


def read_only(session: Session, actor: Actor, course: Course) -> tuple[str, bool]:
    """(why ``actor`` may not edit the lessons of ``course``, "" when they may; whether they
    write no kind of cell in its journal) — from the roles they hold for it, read once."""
    roles = course_roles(session, actor, course)
    cells = not any(can_write(roles, entity) for entity in CELL_ENTITIES)
    if can_write(roles, Entity.LESSON):
        return "", cells
    mine = course.concertmaster_id == actor.staff_id
    return _(CONCERTMASTER_READS if mine else NOT_YOURS), cells


def to_lesson_column(
    lesson: Lesson, test: TestDetails | None, accompanied_by: str = ""
) -> LessonColumn:
    return LessonColumn(
        id=lesson.id,
        date=lesson.date,
        number=lesson.number,
        topic=lesson.topic,
        homework=lesson.homework,
        notes=lesson.notes,
        lesson_type=lesson.lesson_type,
        not_held_reason=lesson.not_held_reason,
        made_up_date=lesson.made_up_date,
        remote=lesson.remote,
        taught_by_id=lesson.taught_by_id,
        test=test,
        accompanied_by=accompanied_by,
    )


def programmes_of(session: Session, course_id: uuid.UUID) -> dict[int, str]:
    """The course's semester programmes (SPEC J11) by semester."""
    rows = session.execute(
        select(CourseProgramme.semester, CourseProgramme.text).where(
            CourseProgramme.course_id == course_id,
            CourseProgramme.deleted.is_(False),
            CourseProgramme.text != "",
        )
    )
    return {semester: text for semester, text in rows}


def lesson_test(session: Session, lesson_id: uuid.UUID) -> TestDetails | None:
    """The test held in the lesson, or None (SPEC J7)."""
    row = session.scalar(
        select(Assessment).where(Assessment.lesson_id == lesson_id, Assessment.deleted.is_(False))
    )
    return None if row is None else assessment_from(row)


def year_rules(session: Session, school_year_id: uuid.UUID) -> YearRules | None:
    """The school year row as the domain's rules object (semesters, holidays)."""
    year = session.get(SchoolYear, school_year_id)
    return None if year is None else stored_year(session, year)


def class_sort_key(name: str) -> tuple[int, tuple[tuple[int, ...], str]]:
    """Orders classes by grade, then letter: 7.a, 7.b, 10.a (not 10.a, 7.a)."""
    grade, _dot, rest = name.partition(".")
    digits = grade.isascii() and grade.isdigit()
    return (int(grade), latvian_sort_key(rest)) if digits else (99, latvian_sort_key(name))


def _summary(course: Course, class_name: str, student_count: int) -> CourseSummary:
    return CourseSummary(
        id=course.id,
        name=course.name,
        subject=course.subject.name,
        class_name=class_name,
        kind=course.kind,
        student_count=student_count,
    )


class JournalReader:
    """Read side of the journal: what the teacher may open and what a journal holds."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def courses(self) -> list[CourseSummary]:
        """The actor's courses (taught or accompanied); the deputy director sees every one."""
        with self._factory() as session:
            query = select(Course).where(Course.deleted.is_(False))
            if not self._actor.is_deputy:
                me = self._actor.staff_id
                substituted = select(Lesson.course_id).where(Lesson.taught_by_id == me)
                query = query.where(
                    (Course.teacher_id == me)
                    | (Course.concertmaster_id == me)
                    | Course.id.in_(substituted)  # SPEC J4: the substitute makes the entries
                    | Course.id.in_(substituted_courses(me))  # named substitute, for days
                )
            courses = session.scalars(query).all()
            counts = dict(
                session.execute(
                    select(Enrolment.course_id, func.count())
                    .where(Enrolment.deleted.is_(False))
                    .group_by(Enrolment.course_id)
                ).all()
            )
            summaries = [
                _summary(
                    course,
                    course.class_group.name if course.class_group else "",
                    counts.get(course.id, 0),
                )
                for course in courses
            ]
        return sorted(
            summaries,
            key=lambda c: (latvian_sort_key(c.subject), class_sort_key(c.class_name), c.name),
        )

    def open_journal(self, course_id: uuid.UUID) -> JournalSnapshot:
        with self._factory() as session:
            course = session.get(Course, course_id)
            if course is None or course.deleted:
                raise DomainError(_("Žurnāls nav atrasts."))
            students = self._students(session, course_id)
            lessons = self._lessons(session, course_id)
            rules = year_rules(session, course.school_year_id)
            lesson_ids = [lesson.id for lesson in lessons]
            why, cells = read_only(session, self._actor, course)
            return JournalSnapshot(
                course=_summary(
                    course, course.class_group.name if course.class_group else "", len(students)
                ),
                students=students,
                lessons=lessons,
                periods=period_columns(course, rules),
                cells=self._cells(session, lesson_ids, [student.id for student in students]),
                period_marks=self._period_marks(session, course_id),
                school_year=rules,
                professional=course.subject.kind == SubjectKind.PROFESSIONAL,
                descriptive=course.descriptive,
                programmes=MappingProxyType(programmes_of(session, course.id)),
                read_only=why,
                cells_read_only=cells,
            )

    @staticmethod
    def _students(session: Session, course_id: uuid.UUID) -> tuple[StudentRow, ...]:
        rows = session.execute(
            select(
                Student.id, Student.last_name, Student.first_name, Enrolment.exempt, Enrolment.end
            )
            .join(Enrolment, Enrolment.student_id == Student.id)
            .where(Enrolment.course_id == course_id, Enrolment.deleted.is_(False))
        )
        students = [
            StudentRow(sid, f"{last} {first}", exempt, end)
            for sid, last, first, exempt, end in rows
        ]
        return tuple(sorted(students, key=lambda s: latvian_sort_key(s.name)))

    @staticmethod
    def _lessons(session: Session, course_id: uuid.UUID) -> tuple[LessonColumn, ...]:
        tests = {
            row.lesson_id: assessment_from(row)
            for row in session.scalars(
                select(Assessment)
                .join(Lesson, Lesson.id == Assessment.lesson_id)
                .where(Lesson.course_id == course_id, Assessment.deleted.is_(False))
            )
        }
        lessons = session.scalars(
            select(Lesson)
            .where(Lesson.course_id == course_id, Lesson.deleted.is_(False))
            # a day's numbered lessons in order, then any without a number (one just added)
            .order_by(Lesson.date, Lesson.number.is_(None), Lesson.number)
        ).all()
        accompanied = accompanied_lessons(session, course_id)
        return tuple(
            to_lesson_column(lesson, tests.get(lesson.id), accompanied.get(lesson.id, ""))
            for lesson in lessons
        )

    @staticmethod
    def _cells(
        session: Session, lesson_ids: list[uuid.UUID], student_ids: list[uuid.UUID]
    ) -> dict[tuple[uuid.UUID, uuid.UUID], Cell]:
        """The journal's cells. The ids come as the stored text and are looked up among the
        journal's own (a 200-lesson journal has thousands of cells, and making a UUID of
        each id was a third of the time to open it, bench/grid.py)."""
        known = {key.hex: key for key in (*lesson_ids, *student_ids)}

        def key_of(value: object) -> uuid.UUID:
            if isinstance(value, uuid.UUID):
                return value
            text = str(value).replace("-", "")
            return known.get(text) or uuid.UUID(text)

        presence: dict[tuple[uuid.UUID, uuid.UUID], tuple[str, str]] = {}
        marks: dict[tuple[uuid.UUID, uuid.UUID], str] = {}
        for chunk in _chunks(lesson_ids):
            for lesson_id, student_id, code, justification in session.execute(
                select(
                    type_coerce(Attendance.lesson_id, String),
                    type_coerce(Attendance.student_id, String),
                    Attendance.presence,
                    Attendance.justification,
                ).where(Attendance.lesson_id.in_(chunk), Attendance.deleted.is_(False))
            ):
                presence[(key_of(student_id), key_of(lesson_id))] = (code, justification)
            for lesson_id, student_id, value in session.execute(
                select(
                    type_coerce(Mark.lesson_id, String),
                    type_coerce(Mark.student_id, String),
                    Mark.value,
                ).where(Mark.lesson_id.in_(chunk), Mark.deleted.is_(False))
            ):
                marks[(key_of(student_id), key_of(lesson_id))] = value
        cells: dict[tuple[uuid.UUID, uuid.UUID], Cell] = {}
        for key in presence.keys() | marks.keys():
            code, justification = presence.get(key, ("", ""))
            cell = Cell(code, justification, marks.get(key, ""))
            if not cell.is_empty:
                cells[key] = cell
        return cells

    @staticmethod
    def _period_marks(session: Session, course_id: uuid.UUID) -> dict[tuple[uuid.UUID, str], str]:
        rows = session.execute(
            select(PeriodMark.student_id, PeriodMark.period, PeriodMark.value).where(
                PeriodMark.course_id == course_id, PeriodMark.deleted.is_(False)
            )
        )
        return {(student_id, period): value for student_id, period, value in rows}


def period_columns(course: Course, year: YearRules | None) -> tuple[PeriodColumn, ...]:
    """A course's period columns: its monthly attestations, then ``PERIOD_COLUMNS``."""
    months = attestation_months(year) if has_attestations(course) else []
    monthly = tuple(
        PeriodColumn(
            month_key(year_number, month),
            f"M {ROMAN_MONTHS[month - 1]}",
            course.mark_slot(SlotKind.MONTH),
        )
        for year_number, month in months
    )
    return monthly + tuple(
        PeriodColumn(key, _(label), course.mark_slot(kind)) for key, label, kind in PERIOD_COLUMNS
    )


def _chunks(ids: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)] or [[]]


def current_year(session: Session, school_id: uuid.UUID | None, today: dt.date) -> SchoolYear:
    """The school year under way (or the latest begun, in the summer)."""
    years = session.scalars(
        select(SchoolYear)
        .where(
            SchoolYear.school_id == school_id,
            SchoolYear.deleted.is_(False),
            SchoolYear.first_day <= today,
        )
        .order_by(SchoolYear.first_day.desc())
    ).all()
    if not years:
        raise DomainError(_("Mācību gada dati nav atrasti."))
    return next((year for year in years if today <= year.last_day), years[0])
