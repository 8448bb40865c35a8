"""Mani kavētie ieraksti (SPEC J1, J8, K1; DOMAIN: deadlines): everything the user has not
entered by its deadline, or will miss today — read offline from the laptop's cache.

A teacher's: lessons without a topic (by 17:00 of the day; a remote lesson's before it
starts, taken as 8:00 since the journal has no bell times), test marks past the test's
deadline (5 working days, 7 for a large or creative work), ``nv`` still open after it,
monthly attestations after the month's last working day, semester and year marks after the
school year's deadlines; a concertmaster's weeks not answered by their last working day.
The list shows; it never blocks a late entry."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.assessments import assessment_from
from eklase_desktop.domain.calendar import last_working_day_of_month
from eklase_desktop.domain.deadlines import DEFAULT_DEADLINE_SETTINGS, EntryKind, due_moment
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.report_period import month_key
from eklase_desktop.domain.school_year import SchoolYear as YearRules
from eklase_desktop.domain.work_records import week_start
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.models import (
    Assessment,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    SchoolYear,
)
from eklase_desktop.models.setup import year_closed
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import (
    attestation_months,
    has_attestations,
    programmes_of,
    year_rules,
)
from eklase_desktop.services.work_records import WorkLog

REMOTE_START = dt.time(8, 0)
_UNANSWERED = N_("{count} neatzīmētas stundas")


class OverdueKind(enum.Enum):
    TOPIC = "topic"
    TEST_MARKS = "test_marks"
    NOT_MARKED = "not_marked"
    MONTH_MARKS = "month_marks"
    SEMESTER_MARKS = "semester_marks"
    YEAR_MARKS = "year_marks"
    WEEK = "week"
    PROGRAMME = "programme"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    OverdueKind.TOPIC: N_("Stundas tēma"),
    OverdueKind.TEST_MARKS: N_("Pārbaudes darba vērtējumi"),
    OverdueKind.NOT_MARKED: N_("Neaizstāts nv"),
    OverdueKind.MONTH_MARKS: N_("Mēneša vērtējumi"),
    OverdueKind.SEMESTER_MARKS: N_("Semestra vērtējumi"),
    OverdueKind.YEAR_MARKS: N_("Gada vērtējumi"),
    OverdueKind.WEEK: N_("Koncertmeistara nedēļa"),
    OverdueKind.PROGRAMME: N_("Semestra programma"),
}


@dataclass(frozen=True)
class OverdueItem:
    """One thing to enter; where to enter it: the course and lesson or period column, or
    the concertmaster's week."""

    kind: OverdueKind
    due: dt.datetime
    what: str
    course: str = ""
    course_id: uuid.UUID | None = None
    lesson_id: uuid.UUID | None = None
    period: str | None = None
    week: dt.date | None = None
    writer_id: uuid.UUID | None = None  # who should have entered it

    def late(self, now: dt.datetime) -> bool:
        return now > self.due


class OverdueList:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def items(self, now: dt.datetime) -> list[OverdueItem]:
        """What is late at ``now`` and what falls due later today, the most overdue first."""
        today = now.date()
        found: list[OverdueItem] = []
        with self._factory() as session:
            courses = self._courses(session, today)
            if courses:
                found += self._lessons(session, courses, today)
                found += self._period_marks(session, courses, today)
        found += self._weeks(now)
        end_of_today = dt.datetime.combine(today, dt.time.max)
        kept = [item for item in found if item.due <= end_of_today]
        return sorted(kept, key=lambda item: (item.due, latvian_sort_key(item.course)))

    # --- the user's courses ------------------------------------------------------------------

    def _courses(self, session: Session, today: dt.date) -> dict[uuid.UUID, Course]:
        """The courses the user teaches (or substitutes in) of the school year under way."""
        me = self._actor.staff_id
        taught = select(Lesson.course_id).where(Lesson.taught_by_id == me)
        rows = session.scalars(
            select(Course)
            .join(SchoolYear, SchoolYear.id == Course.school_year_id)
            .where(
                Course.deleted.is_(False),
                or_(Course.teacher_id == me, Course.id.in_(taught)),
                SchoolYear.first_day <= today,
            )
        ).all()
        open_years = {
            year: not year_closed(session, year) for year in {row.school_year_id for row in rows}
        }
        return {row.id: row for row in rows if open_years[row.school_year_id]}

    def _lessons(
        self, session: Session, courses: dict[uuid.UUID, Course], today: dt.date
    ) -> list[OverdueItem]:
        lessons = session.scalars(
            select(Lesson).where(
                Lesson.course_id.in_(list(courses)),
                Lesson.deleted.is_(False),
                Lesson.date <= today,
                Lesson.lesson_type != LessonType.NOT_HELD.value,
            )
        ).all()
        mine = [lesson for lesson in lessons if self._writes(_writer(lesson, courses))]
        items = []
        for lesson in mine:
            if lesson.topic.strip():
                continue
            due = (
                dt.datetime.combine(lesson.date, REMOTE_START)
                if lesson.remote
                else due_moment(EntryKind.LESSON_RECORD, lesson.date)
            )
            items.append(
                OverdueItem(
                    OverdueKind.TOPIC,
                    due,
                    _("Stunda {day}: nav tēmas").format(day=f"{lesson.date:%d.%m.}"),
                    courses[lesson.course_id].name,
                    lesson.course_id,
                    lesson.id,
                    writer_id=_writer(lesson, courses),
                )
            )
        return items + self._tests(session, courses, mine)

    def _writes(self, writer: uuid.UUID) -> bool:
        """Whether the list holds what ``writer`` should enter: the user's own."""
        return writer == self._actor.staff_id

    def _tests(
        self, session: Session, courses: dict[uuid.UUID, Course], lessons: list[Lesson]
    ) -> list[OverdueItem]:
        by_id = {lesson.id: lesson for lesson in lessons}
        tests = {
            row.lesson_id: assessment_from(row)
            for row in session.scalars(
                select(Assessment).where(
                    Assessment.lesson_id.in_(list(by_id)), Assessment.deleted.is_(False)
                )
            )
        }
        if not tests:
            return []
        marks: dict[uuid.UUID, dict[uuid.UUID, str]] = defaultdict(dict)
        for lesson_id, student_id, value in session.execute(
            select(Mark.lesson_id, Mark.student_id, Mark.value).where(
                Mark.lesson_id.in_(list(tests)), Mark.deleted.is_(False)
            )
        ):
            marks[lesson_id][student_id] = value
        enrolled = self._enrolled(session, {by_id[lesson].course_id for lesson in tests})
        items = []
        for lesson_id, test in tests.items():
            lesson = by_id[lesson_id]
            due = due_moment(test.kind.mark_deadline, lesson.date)
            students = [
                student
                for student, start, end in enrolled[lesson.course_id]
                if start <= lesson.date and (end is None or lesson.date <= end)
            ]
            given = marks[lesson_id]
            missing = sum(student not in given for student in students)
            open_nv = sum(given.get(student) == "nv" for student in students)
            course = courses[lesson.course_id]
            day = f"{lesson.date:%d.%m.}"
            for kind, count, text in (
                (OverdueKind.TEST_MARKS, missing, N_("{kind} {day}: {count} bez vērtējuma")),
                (OverdueKind.NOT_MARKED, open_nv, N_("{kind} {day}: {count} ar nv")),
            ):
                if count:
                    what = _(text).format(kind=test.kind.label, day=day, count=count)
                    writer = _writer(lesson, courses)
                    items.append(
                        OverdueItem(
                            kind, due, what, course.name, course.id, lesson_id, writer_id=writer
                        )
                    )
        return items

    def _period_marks(
        self, session: Session, courses: dict[uuid.UUID, Course], today: dt.date
    ) -> list[OverdueItem]:
        given: dict[tuple[uuid.UUID, str], set[uuid.UUID]] = defaultdict(set)
        for course_id, student_id, period in session.execute(
            select(PeriodMark.course_id, PeriodMark.student_id, PeriodMark.period).where(
                PeriodMark.course_id.in_(list(courses)), PeriodMark.deleted.is_(False)
            )
        ):
            given[(course_id, period)].add(student_id)
        enrolled = self._enrolled(session, set(courses))
        end_of_day = DEFAULT_DEADLINE_SETTINGS.end_of_day
        items = []
        years = {}
        for course in courses.values():
            if course.school_year_id not in years:
                years[course.school_year_id] = year_rules(session, course.school_year_id)
            year = years[course.school_year_id]
            if year is None:
                continue
            due_columns: list[tuple[OverdueKind, str, dt.date, dt.date, str]] = []
            if has_attestations(course):  # a professional subject: its programme (J11)
                items += self._programmes(session, course, year, today)
                for year_number, month in attestation_months(year):
                    last = last_working_day_of_month(year_number, month)
                    name = f"{month:02d}.{year_number}"
                    due_columns.append(
                        (OverdueKind.MONTH_MARKS, month_key(year_number, month), last, last, name)
                    )
            for semester in year.semesters:
                due_columns.append(
                    (
                        OverdueKind.SEMESTER_MARKS,
                        f"S{semester.number}",
                        semester.mark_deadline,
                        semester.end,
                        _("{number}. semestris").format(number=semester.number),
                    )
                )
            due_columns.append(
                (OverdueKind.YEAR_MARKS, "Y", year.year_mark_deadline, year.last_day, year.name)
            )
            for kind, period, deadline, period_end, name in due_columns:
                if deadline > today:
                    continue
                students = [
                    student
                    for student, start, end in enrolled[course.id]
                    if start <= period_end and (end is None or end >= period_end)
                ]
                missing = len([s for s in students if s not in given[(course.id, period)]])
                if missing:
                    what = _("{name}: {count} bez vērtējuma").format(name=name, count=missing)
                    due = dt.datetime.combine(deadline, end_of_day)
                    items.append(
                        OverdueItem(
                            kind,
                            due,
                            what,
                            course.name,
                            course.id,
                            None,
                            period,
                            writer_id=course.teacher_id,
                        )
                    )
        return items

    @staticmethod
    def _programmes(
        session: Session, course: Course, year: YearRules, today: dt.date
    ) -> list[OverdueItem]:
        entered = programmes_of(session, course.id)
        return [
            OverdueItem(
                OverdueKind.PROGRAMME,
                due_moment(EntryKind.SEMESTER_PROGRAMME, semester.start),
                _("{number}. semestra programma nav ievadīta").format(number=semester.number),
                course.name,
                course.id,
                writer_id=course.teacher_id,
            )
            for semester in year.semesters
            if semester.start <= today and semester.number not in entered
        ]

    @staticmethod
    def _enrolled(
        session: Session, courses: set[uuid.UUID]
    ) -> dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dt.date | None]]]:
        """Per course its students who take part in its marks (not the exempt ones)."""
        found: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dt.date | None]]] = defaultdict(list)
        for course_id, student_id, start, end in session.execute(
            select(Enrolment.course_id, Enrolment.student_id, Enrolment.start, Enrolment.end).where(
                Enrolment.course_id.in_(list(courses)),
                Enrolment.deleted.is_(False),
                Enrolment.exempt.is_(False),
            )
        ):
            found[course_id].append((student_id, start, end))
        return found

    def _weeks(self, now: dt.datetime) -> list[OverdueItem]:
        log = WorkLog(self._factory, self._actor)
        if not log.accompanies():
            return []
        today = now.date()
        since = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        weeks = log.overdue_weeks(since, now)
        current = log.week(week_start(today))
        if current.missing and current.due.date() == today and not current.overdue(now):
            weeks.append(current)
        return [
            OverdueItem(
                OverdueKind.WEEK,
                week.due,
                plural(
                    week.missing, N_("{count} neatzīmēta stunda"), N_("{count} neatzīmētas stundas")
                ),
                _("nedēļa no {day}").format(day=f"{week.monday:%d.%m.}"),
                week=week.monday,
            )
            for week in weeks
        ]


def _writer(lesson: Lesson, courses: dict[uuid.UUID, Course]) -> uuid.UUID:
    """The lesson's writer: its substitute if one taught it, else the course's teacher."""
    return lesson.taught_by_id or courses[lesson.course_id].teacher_id


class CourseGaps(OverdueList):
    """What is late in the chosen courses, whoever should have entered it (the deputy's
    journal check, SPEC V2); the concertmasters' weeks are asked for on their own."""

    def __init__(
        self, factory: sessionmaker[Session], actor: Actor, course_ids: Collection[uuid.UUID]
    ) -> None:
        super().__init__(factory, actor)
        self._chosen = set(course_ids)

    def _courses(self, session: Session, today: dt.date) -> dict[uuid.UUID, Course]:
        rows = session.scalars(
            select(Course).where(Course.id.in_(list(self._chosen)), Course.deleted.is_(False))
        ).all()
        years = {year: not year_closed(session, year) for year in {r.school_year_id for r in rows}}
        return {row.id: row for row in rows if years[row.school_year_id]}

    def _writes(self, writer: uuid.UUID) -> bool:
        return True

    def _weeks(self, now: dt.datetime) -> list[OverdueItem]:
        return []
