"""The deputy director's statistics and their dynamics (SPEC V1, V8), read from the laptop's
cache, offline: by education programme, subject, class or group, or teacher — the balles'
average and distribution, the share of marks that do not pass, absences by code; month by
month through the school year beside the same months of the previous one; and the problems
the school's rules (``domain.statistics.SchoolRules``) make of them.

``school_statistics`` computes the figures; ``statistics_document`` makes them a report with
charts to show, print or save.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import itertools
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain import clock
from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import InvalidMark, MarkKind, parse_mark
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.report_period import (
    ROMAN,
    ReportPeriod,
    day_text,
)
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.statistics import (
    Figures,
    SchoolRules,
    decimal_text,
    fell,
    figures,
)
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.models import (
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    SchoolYear,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.models import SchoolRules as RulesRow
from eklase_desktop.models.setup import rules_details
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.services.reporting.facts import staff_names

STATISTICS_READERS = frozenset({Role.DEPUTY, Role.DIRECTOR})
NOT_COUNTED = frozenset({MarkKind.NOT_MARKED, MarkKind.EXEMPT, MarkKind.EXEMPT_MEDICAL})


class Grouping(enum.Enum):
    PROGRAMME = "programme"
    SUBJECT = "subject"
    CLASS = "class"
    TEACHER = "teacher"

    @property
    def title(self) -> str:
        return _(_GROUPING_TITLES[self])


_GROUPING_TITLES = {
    Grouping.PROGRAMME: N_("Izglītības programma"),
    Grouping.SUBJECT: N_("Mācību priekšmets"),
    Grouping.CLASS: N_("Klase vai grupa"),
    Grouping.TEACHER: N_("Skolotājs"),
}


class ProblemKind(enum.Enum):
    AVERAGE_DROP = "average-drop"
    UNJUSTIFIED = "unjustified"
    FEW_MARKS = "few-marks"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    about: str  # the class, the student (class) or the course (teacher)
    text: str


@dataclass(frozen=True)
class GroupFigures:
    name: str
    figures: Figures  # in the period asked for
    months: tuple[Figures, ...]  # each month of the school year
    previous: tuple[Figures, ...] | None  # the same months a year earlier, where they exist


@dataclass(frozen=True)
class Statistics:
    school_year: str
    previous_year: str  # "" when the cache holds no earlier year
    grouping: Grouping
    period: ReportPeriod
    months: tuple[tuple[int, int], ...]  # (year, month) of the school year
    groups: tuple[GroupFigures, ...]
    total: GroupFigures
    problems: tuple[Problem, ...]
    rules: SchoolRules


# --- the school's rules -------------------------------------------------------------------


def school_rules(session: Session, school_id: uuid.UUID | None) -> SchoolRules:
    """The school's rules; the defaults until the deputy sets them."""
    row = session.get(RulesRow, school_id) if school_id is not None else None
    if row is None or row.deleted:
        return SchoolRules()
    return rules_details(row)


def staff_school(session: Session, staff_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(Staff.school_id).where(Staff.id == staff_id))


# --- reading the cache --------------------------------------------------------------------


@dataclass(frozen=True)
class _Course:
    subject: str
    name: str
    teacher: str
    class_name: str  # the course's class; "" for a group or an individual course
    programme: str  # the class's programme


@dataclass(frozen=True)
class _Pupil:
    name: str
    programme: str  # the student's own education programme, if given


@dataclass(frozen=True)
class _Entry:
    """A mark (its value) or an absence (its code) of a student in a lesson."""

    day: dt.date
    student: uuid.UUID
    course: uuid.UUID
    writer: str  # who taught the lesson: its substitute, else the course's teacher
    value: str


@dataclass
class _Year:
    """One school year's courses, lessons, marks and absences, and each student's class in
    it (a student's class row is the latest; an earlier year's is its class courses')."""

    id: uuid.UUID
    name: str
    first_day: dt.date
    last_day: dt.date
    semesters: list[tuple[int, dt.date, dt.date]]
    courses: dict[uuid.UUID, _Course] = field(default_factory=dict)
    marks: list[_Entry] = field(default_factory=list)
    absences: list[_Entry] = field(default_factory=list)
    lessons: dict[uuid.UUID, list[dt.date]] = field(default_factory=dict)
    # course → (student, from, until) of each student taking it, the exempt left out
    enrolled: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dt.date | None]]] = field(
        default_factory=dict
    )
    classes: dict[uuid.UUID, tuple[str, str]] = field(default_factory=dict)  # (name, programme)

    def class_of(self, student: uuid.UUID) -> str:
        return self.classes.get(student, ("", ""))[0]


def _load_year(session: Session, year: SchoolYear, pupils: dict[uuid.UUID, _Pupil]) -> _Year:
    """The year's journal; rows of deleted students are left out."""
    found = _Year(
        year.id,
        year.name,
        year.first_day,
        year.last_day,
        [(s.number, s.start, s.end) for s in year.semesters if not s.deleted],
    )
    names = staff_names(session)
    rows = session.execute(
        select(Course.id, Course.name, Subject.name, Course.teacher_id)
        .add_columns(ClassGroup.name, ClassGroup.programme)
        .join(Subject, Subject.id == Course.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == Course.class_group_id)
        .where(Course.school_year_id == year.id, Course.deleted.is_(False))
    )
    for key, name, subject, teacher, class_name, programme in rows:
        found.courses[key] = _Course(
            subject, name, names.get(teacher, ""), class_name or "", programme or ""
        )
    found.classes = _classes(session, year.id)
    of_year = Lesson.course_id.in_(list(found.courses)), Lesson.deleted.is_(False)
    for course, day in session.execute(select(Lesson.course_id, Lesson.date).where(*of_year)):
        found.lessons.setdefault(course, []).append(day)
    for course, student, start, end in session.execute(
        select(Enrolment.course_id, Enrolment.student_id, Enrolment.start, Enrolment.end).where(
            Enrolment.course_id.in_(list(found.courses)),
            Enrolment.deleted.is_(False),
            Enrolment.exempt.is_(False),
        )
    ):
        if student in pupils:
            found.enrolled.setdefault(course, []).append((student, start, end))

    def writer(course: uuid.UUID, taught_by: uuid.UUID | None) -> str:
        return names.get(taught_by, "") if taught_by else found.courses[course].teacher

    for day, student, course, taught_by, value in session.execute(
        select(Lesson.date, Mark.student_id, Lesson.course_id, Lesson.taught_by_id, Mark.value)
        .join(Lesson, Lesson.id == Mark.lesson_id)
        .where(*of_year, Mark.deleted.is_(False))
    ):
        if student in pupils:
            found.marks.append(_Entry(day, student, course, writer(course, taught_by), value))
    for day, student, course, taught_by, presence, justification in session.execute(
        select(
            Lesson.date,
            Attendance.student_id,
            Lesson.course_id,
            Lesson.taught_by_id,
            Attendance.presence,
            Attendance.justification,
        )
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .where(*of_year, Attendance.presence != "", Attendance.deleted.is_(False))
    ):
        try:
            code = display_code(Presence(presence), Justification(justification))
        except ValueError:
            continue
        if student in pupils:
            found.absences.append(_Entry(day, student, course, writer(course, taught_by), code))
    return found


def _classes(session: Session, year_id: uuid.UUID) -> dict[uuid.UUID, tuple[str, str]]:
    """Each student's class in the year and its programme: the class row if it is of the
    year, else the class of most of the student's courses in the year."""
    found: dict[uuid.UUID, tuple[str, str]] = {}
    for student, name, programme in session.execute(
        select(Student.id, ClassGroup.name, ClassGroup.programme)
        .join(ClassGroup, ClassGroup.id == Student.class_group_id)
        .where(ClassGroup.school_year_id == year_id)
    ):
        found[student] = (name, programme or "")
    taken: dict[uuid.UUID, Counter[tuple[str, str]]] = defaultdict(Counter)
    for student, name, programme in session.execute(
        select(Enrolment.student_id, ClassGroup.name, ClassGroup.programme)
        .join(Course, Course.id == Enrolment.course_id)
        .join(ClassGroup, ClassGroup.id == Course.class_group_id)
        .where(Course.school_year_id == year_id, Enrolment.deleted.is_(False))
    ):
        if student not in found:
            taken[student][name, programme or ""] += 1
    for student, counts in taken.items():
        found[student] = counts.most_common(1)[0][0]
    return found


def _pupils(session: Session) -> dict[uuid.UUID, _Pupil]:
    """The students not deleted."""
    rows = session.execute(
        select(Student.id, Student.first_name, Student.last_name, Student.programme).where(
            Student.deleted.is_(False)
        )
    )
    return {key: _Pupil(full_name(first, last), own or "") for key, first, last, own in rows}


def school_months(first: dt.date, last: dt.date) -> tuple[tuple[int, int], ...]:
    """The months of the school year that hold lessons: September to May or June."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month not in (7, 8):
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


# --- the figures --------------------------------------------------------------------------


class _Grouper:
    """Which group a mark or absence falls in. ``cohort``: a class is its students of the
    year ``cohort`` — the previous year's marks of this year's 7.a are those of its
    students, whatever class they were in."""

    def __init__(
        self,
        grouping: Grouping,
        pupils: dict[uuid.UUID, _Pupil],
        year: _Year,
        cohort: _Year | None = None,
    ) -> None:
        self.grouping = grouping
        self.pupils = pupils
        self.year = year
        self.cohort = cohort

    def __call__(self, entry: _Entry) -> str:
        course = self.year.courses[entry.course]
        if self.grouping is Grouping.SUBJECT:
            return course.subject
        if self.grouping is Grouping.TEACHER:
            return entry.writer
        if self.grouping is Grouping.CLASS:
            if self.cohort is not None:
                return self.cohort.class_of(entry.student)
            return course.class_name or self.year.class_of(entry.student) or _("Bez klases")
        own = self.pupils[entry.student].programme
        of_class = self.year.classes.get(entry.student, ("", ""))[1]
        return own or of_class or course.programme or _("Programma nav norādīta")


def _sort_key(grouping: Grouping) -> Callable[[str], Any]:
    return class_sort_key if grouping is Grouping.CLASS else latvian_sort_key


def _month_of(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _tally(
    year: _Year, group_of: _Grouper, period: ReportPeriod | None
) -> tuple[dict[str, dict[tuple[int, int], Figures]], dict[str, Figures]]:
    """Each group's figures by month, and in ``period``."""
    marks: dict[tuple[str, tuple[int, int]], list[str]] = defaultdict(list)
    absences: dict[tuple[str, tuple[int, int]], list[str]] = defaultdict(list)
    in_period: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for index, entries in enumerate((year.marks, year.absences)):
        by_key = (marks, absences)[index]
        for entry in entries:
            group = group_of(entry)
            by_key[group, _month_of(entry.day)].append(entry.value)
            if period is not None and period.contains(entry.day):
                in_period[group][index].append(entry.value)
    by_month: dict[str, dict[tuple[int, int], Figures]] = defaultdict(dict)
    for key in set(marks) | set(absences):
        by_month[key[0]][key[1]] = figures(marks.get(key, ()), absences.get(key, ()))
    return by_month, {group: figures(*values) for group, values in in_period.items()}


def _shifted(months: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    return tuple((year - 1, month) for year, month in months)


def _sum(parts: Iterable[Figures]) -> Figures:
    total = Figures()
    for part in parts:
        total = total + part
    return total


def school_statistics(
    session: Session,
    school_year_id: uuid.UUID,
    grouping: Grouping,
    choice: PeriodChoice,
    rules: SchoolRules | None = None,
    today: dt.date | None = None,
) -> Statistics:
    """The statistics of a school year (its ``choice`` of period) by ``grouping``."""
    year_row = session.get(SchoolYear, school_year_id)
    if year_row is None or year_row.deleted:
        raise DomainError(_("Mācību gada dati nav atrasti."))
    rules = rules or school_rules(session, year_row.school_id)
    today = today or clock.today()
    period = choice.resolve(session, year_row.id)
    pupils = _pupils(session)
    year = _load_year(session, year_row, pupils)
    # the year just before (the same months a year earlier), where the laptop holds it
    earlier = session.scalars(
        select(SchoolYear).where(
            SchoolYear.school_id == year_row.school_id,
            SchoolYear.last_day < year_row.first_day,
            SchoolYear.first_day >= year_row.first_day.replace(year=year_row.first_day.year - 1),
            SchoolYear.deleted.is_(False),
        )
    ).first()
    previous = _load_year(session, earlier, pupils) if earlier is not None else None
    months = school_months(year.first_day, year.last_day)

    by_month, in_period = _tally(year, _Grouper(grouping, pupils, year), period)
    before: dict[str, dict[tuple[int, int], Figures]] = {}
    if previous is not None:
        group_of = _Grouper(
            grouping, pupils, previous, year if grouping is Grouping.CLASS else None
        )
        before, _unused = _tally(previous, group_of, None)
    last_year = _shifted(months)

    def group(name: str) -> GroupFigures:
        mine = by_month.get(name, {})
        theirs = before.get(name)
        return GroupFigures(
            name,
            in_period.get(name, Figures()),
            tuple(mine.get(month, Figures()) for month in months),
            None if theirs is None else tuple(theirs.get(m, Figures()) for m in last_year),
        )

    groups = tuple(group(name) for name in sorted(by_month, key=_sort_key(grouping)))
    total = GroupFigures(
        _("Kopā"),
        _sum(in_period.values()),
        tuple(_sum(g.months[i] for g in groups) for i in range(len(months))),
        None
        if previous is None
        else tuple(_sum(parts.get(m, Figures()) for parts in before.values()) for m in last_year),
    )
    problems = (
        _average_drops(year, pupils, period, rules, months)
        + _unjustified(year, pupils, period, rules)
        + _few_marks(year, pupils, period, rules, today)
    )
    return Statistics(
        year.name,
        previous.name if previous is not None else "",
        grouping,
        period,
        months,
        groups,
        total,
        tuple(problems),
        rules,
    )


def _average_drops(
    year: _Year,
    pupils: dict[uuid.UUID, _Pupil],
    period: ReportPeriod,
    rules: SchoolRules,
    months: tuple[tuple[int, int], ...],
) -> list[Problem]:
    """A class whose average in a month of the period fell by more than the step from the
    month before."""
    by_month, _in_period = _tally(year, _Grouper(Grouping.CLASS, pupils, year), None)
    by_month.pop(_("Bez klases"), None)
    found = []
    for name in sorted(by_month, key=class_sort_key):
        for earlier, later in itertools.pairwise(months):
            if not _within(later, period):
                continue
            before = by_month[name].get(earlier, Figures()).average
            after = by_month[name].get(later, Figures()).average
            if fell(before, after, rules.average_drop):
                assert before is not None and after is not None
                text = _(
                    "Vidējais vērtējums {month} {after} ({previous} {before}), kritums {drop}."
                ).format(
                    month=_in_month(later),
                    after=decimal_text(after),
                    previous=_in_month(earlier),
                    before=decimal_text(before),
                    drop=decimal_text(before - after),
                )
                found.append(Problem(ProblemKind.AVERAGE_DROP, name, text))
    return found


def _in_month(month: tuple[int, int]) -> str:
    """ "novembrī": the locative Latvian uses for "in November"."""
    return _(_LOCATIVES[month[1] - 1])


_LOCATIVES = (
    N_("janvārī"),
    N_("februārī"),
    N_("martā"),
    N_("aprīlī"),
    N_("maijā"),
    N_("jūnijā"),
    N_("jūlijā"),
    N_("augustā"),
    N_("septembrī"),
    N_("oktobrī"),
    N_("novembrī"),
    N_("decembrī"),
)


def _within(month: tuple[int, int], period: ReportPeriod) -> bool:
    last = calendar.monthrange(*month)[1]
    return period.start <= dt.date(*month, last) and dt.date(*month, 1) <= period.end


def _unjustified(
    year: _Year, pupils: dict[uuid.UUID, _Pupil], period: ReportPeriod, rules: SchoolRules
) -> list[Problem]:
    """A student with more unjustified absences (``n``) in a month than the school allows."""
    counts: dict[tuple[uuid.UUID, tuple[int, int]], int] = defaultdict(int)
    for entry in year.absences:
        if entry.value == "n" and period.contains(entry.day):
            counts[entry.student, _month_of(entry.day)] += 1
    found = []
    for (student, month), count in counts.items():
        if count <= rules.unjustified_limit:
            continue
        name, klass = pupils[student].name, year.class_of(student)
        about = f"{name} ({klass})" if klass else name
        text = _("{count} neattaisnotas stundas {month} (robeža {limit}).").format(
            count=count, month=_in_month(month), limit=rules.unjustified_limit
        )
        found.append(((month, class_sort_key(klass), latvian_sort_key(about)), about, text))
    found.sort(key=lambda item: item[0])
    return [Problem(ProblemKind.UNJUSTIFIED, about, text) for _key, about, text in found]


def _few_marks(
    year: _Year,
    pupils: dict[uuid.UUID, _Pupil],
    period: ReportPeriod,
    rules: SchoolRules,
    today: dt.date,
) -> list[Problem]:
    """A course that gave a student who took it through a semester fewer marks than the
    school's minimum (M 18.4); in a semester under way, fewer than its share of the minimum
    so far (half the semester gone: half the minimum, rounded). ``nv`` is no mark; a student
    exempt (``atb``, ``a``, or so enrolled) is not counted."""
    found = []
    for number, start, end in year.semesters:
        if not (start <= period.end and period.start <= end) or start > today:
            continue
        required = _required(rules.min_marks, start, end, today)
        if not required:
            continue
        counts, exempt = _semester_marks(year, start, end)
        held = [c for c, days in year.lessons.items() if any(start <= d <= end for d in days)]
        for course in sorted(held, key=lambda key: _course_order(year.courses[key])):
            few = [
                counts[course, student]
                for student, joined, left in year.enrolled.get(course, [])
                if joined <= start
                and (left is None or left >= min(end, today))
                and (course, student) not in exempt
                and counts[course, student] < required
            ]
            if not few:
                continue
            info = year.courses[course]
            students = plural(len(few), N_("{count} skolēnam"), N_("{count} skolēniem"))
            values = {"roman": ROMAN[number], "students": students, "least": min(few)}
            if end < today:
                text = _(
                    "{roman} semestrī mazāk par {minimum} vērtējumiem: {students} (mazākais "
                    "skaits {least})."
                ).format(minimum=required, **values)
            else:
                text = _(
                    "{roman} semestrī līdz šim mazāk par {required} vērtējumiem: {students} "
                    "(mazākais skaits {least}); semestrī vajag vismaz {minimum}, tas turpinās "
                    "līdz {day}"
                ).format(required=required, minimum=rules.min_marks, day=day_text(end), **values)
            found.append(Problem(ProblemKind.FEW_MARKS, f"{info.name} ({info.teacher})", text))
    return found


def _course_order(course: _Course) -> tuple[Any, ...]:
    """Courses by subject, then class in grade order (1.a before 10.a), then name."""
    return (
        latvian_sort_key(course.subject),
        class_sort_key(course.class_name),
        latvian_sort_key(course.name),
    )


def _required(minimum: int, start: dt.date, end: dt.date, today: dt.date) -> int:
    """The marks a semester asks for by ``today``: all of them once it has ended."""
    if today > end:
        return minimum
    share = Decimal(minimum * (today - start).days) / ((end - start).days + 1)
    return int(share.quantize(Decimal(1), ROUND_HALF_UP))


def _semester_marks(
    year: _Year, start: dt.date, end: dt.date
) -> tuple[dict[tuple[uuid.UUID, uuid.UUID], int], set[tuple[uuid.UUID, uuid.UUID]]]:
    """(course, student) → marks in the semester (``nv`` and exemptions are no marks), and
    the exempt (course, student)."""
    counts: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int)
    exempt: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for entry in year.marks:
        if not start <= entry.day <= end:
            continue
        try:
            kind = parse_mark(entry.value).kind
        except InvalidMark:
            continue
        if kind in (MarkKind.EXEMPT, MarkKind.EXEMPT_MEDICAL):
            exempt.add((entry.course, entry.student))
        counts[entry.course, entry.student] += kind not in NOT_COUNTED
    return counts, exempt
