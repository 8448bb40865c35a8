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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.attendance import Justification, Presence, display_code
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.marks import InvalidMark, MarkKind, parse_mark
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.report_period import (
    SHORT_MONTHS,
    ReportPeriod,
    day_text,
)
from eklase_desktop.domain.roles import Entity, Role, can_write, require
from eklase_desktop.domain.statistics import (
    ABSENCE_CODES,
    Figures,
    LateChanges,
    SchoolRules,
    decimal_text,
    fell,
    figures,
    rules_texts,
    validate_rules,
)
from eklase_desktop.i18n import N_, _
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
from eklase_desktop.reports.document import Chart, Column, Document, Grid, Section
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.editing import enqueue
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.reporting.common import PeriodChoice, frame

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
    return SchoolRules(
        row.min_marks,
        Decimal(row.average_drop),
        row.unjustified_limit,
        LateChanges(row.late_changes),
    )


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
    class_name: str  # in the current year only: a student's class is the latest
    class_year: uuid.UUID | None
    programme: str


@dataclass
class _Year:
    """One school year's marks and absences, each as (day, student, course, value)."""

    id: uuid.UUID
    name: str
    first_day: dt.date
    last_day: dt.date
    semesters: list[tuple[int, dt.date, dt.date]]
    courses: dict[uuid.UUID, _Course] = field(default_factory=dict)
    marks: list[tuple[dt.date, uuid.UUID, uuid.UUID, str]] = field(default_factory=list)
    absences: list[tuple[dt.date, uuid.UUID, uuid.UUID, str]] = field(default_factory=list)
    lessons: dict[uuid.UUID, list[dt.date]] = field(default_factory=dict)
    # course → (student, from, until) of each student taking it, the exempt left out
    enrolled: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dt.date | None]]] = field(
        default_factory=dict
    )


def _load_year(session: Session, year: SchoolYear) -> _Year:
    found = _Year(
        year.id,
        year.name,
        year.first_day,
        year.last_day,
        [(s.number, s.start, s.end) for s in year.semesters if not s.deleted],
    )
    rows = session.execute(
        select(Course.id, Course.name, Subject.name, Staff.first_name, Staff.last_name)
        .add_columns(ClassGroup.name, ClassGroup.programme)
        .join(Subject, Subject.id == Course.subject_id)
        .join(Staff, Staff.id == Course.teacher_id)
        .outerjoin(ClassGroup, ClassGroup.id == Course.class_group_id)
        .where(Course.school_year_id == year.id, Course.deleted.is_(False))
    )
    for key, name, subject, first, last, class_name, programme in rows:
        found.courses[key] = _Course(
            subject, name, full_name(first, last), class_name or "", programme or ""
        )
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
        found.enrolled.setdefault(course, []).append((student, start, end))
    found.marks = [
        tuple(row)  # type: ignore[misc]
        for row in session.execute(
            select(Lesson.date, Mark.student_id, Lesson.course_id, Mark.value)
            .join(Lesson, Lesson.id == Mark.lesson_id)
            .where(*of_year, Mark.deleted.is_(False))
        )
    ]
    for day, student, course, presence, justification in session.execute(
        select(
            Lesson.date,
            Attendance.student_id,
            Lesson.course_id,
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
        found.absences.append((day, student, course, code))
    return found


def _pupils(session: Session) -> dict[uuid.UUID, _Pupil]:
    rows = session.execute(
        select(
            Student.id,
            Student.first_name,
            Student.last_name,
            Student.programme,
            ClassGroup.name,
            ClassGroup.school_year_id,
            ClassGroup.programme,
        ).outerjoin(ClassGroup, ClassGroup.id == Student.class_group_id)
    )
    return {
        key: _Pupil(full_name(first, last), class_name or "", year, own or programme or "")
        for key, first, last, own, class_name, year, programme in rows
    }


def _school_months(first: dt.date, last: dt.date) -> tuple[tuple[int, int], ...]:
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
    """Which group a mark or absence of a course and a student falls in."""

    def __init__(self, grouping: Grouping, pupils: dict[uuid.UUID, _Pupil], year: _Year) -> None:
        self.grouping = grouping
        self.pupils = pupils
        self.year = year

    def __call__(self, course_id: uuid.UUID, student_id: uuid.UUID) -> str:
        course = self.year.courses[course_id]
        pupil = self.pupils.get(student_id)
        if self.grouping is Grouping.SUBJECT:
            return course.subject
        if self.grouping is Grouping.TEACHER:
            return course.teacher
        own_class = pupil is not None and pupil.class_year == self.year.id
        if self.grouping is Grouping.CLASS:
            return (
                course.class_name
                or (pupil.class_name if pupil and own_class else "")
                or (_("Bez klases"))
            )
        programme = pupil.programme if pupil and own_class else course.programme
        return programme or _("Programma nav norādīta")


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
    for day, student, course, value in year.marks:
        group = group_of(course, student)
        marks[group, _month_of(day)].append(value)
        if period is not None and period.contains(day):
            in_period[group][0].append(value)
    for day, student, course, code in year.absences:
        group = group_of(course, student)
        absences[group, _month_of(day)].append(code)
        if period is not None and period.contains(day):
            in_period[group][1].append(code)
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
    year = _load_year(session, year_row)
    earlier = session.scalars(
        select(SchoolYear)
        .where(
            SchoolYear.school_id == year_row.school_id,
            SchoolYear.last_day < year_row.first_day,
            SchoolYear.deleted.is_(False),
        )
        .order_by(SchoolYear.last_day.desc())
        .limit(1)
    ).first()
    previous = _load_year(session, earlier) if earlier is not None else None
    months = _school_months(year.first_day, year.last_day)

    by_month, in_period = _tally(year, _Grouper(grouping, pupils, year), period)
    before: dict[str, dict[tuple[int, int], Figures]] = {}
    if previous is not None:
        before, _unused = _tally(previous, _Grouper(grouping, pupils, previous), None)
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
    for day, student, _course, code in year.absences:
        if code == "n" and period.contains(day):
            counts[student, _month_of(day)] += 1
    found = []
    for (student, month), count in counts.items():
        if count <= rules.unjustified_limit:
            continue
        pupil = pupils.get(student, _Pupil("", "", None, ""))
        about = f"{pupil.name} ({pupil.class_name})" if pupil.class_name else pupil.name
        text = _("{count} neattaisnotas stundas {month} (robeža {limit}).").format(
            count=count, month=_in_month(month), limit=rules.unjustified_limit
        )
        found.append(
            ((month, class_sort_key(pupil.class_name), latvian_sort_key(about)), about, text)
        )
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
    school's minimum (M 18.4); for a semester still under way, so far. ``nv`` is no mark; a
    student exempt (``atb``, ``a``, or so enrolled) is not counted."""
    if rules.min_marks == 0:
        return []
    found = []
    for number, start, end in year.semesters:
        if not (start <= period.end and period.start <= end) or start > today:
            continue
        counts: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int)
        exempt: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for day, student, course, value in year.marks:
            if not start <= day <= end:
                continue
            try:
                kind = parse_mark(value).kind
            except InvalidMark:
                continue
            if kind in (MarkKind.EXEMPT, MarkKind.EXEMPT_MEDICAL):
                exempt.add((course, student))
            counts[course, student] += kind not in NOT_COUNTED
        held = [c for c, days in year.lessons.items() if any(start <= d <= end for d in days)]
        for course in sorted(held, key=lambda key: latvian_sort_key(year.courses[key].name)):
            few = [
                counts[course, student]
                for student, joined, left in year.enrolled.get(course, [])
                if joined <= start
                and (left is None or left >= min(end, today))
                and (course, student) not in exempt
                and counts[course, student] < rules.min_marks
            ]
            if not few:
                continue
            info = year.courses[course]
            text = _(
                "{roman} semestrī {count} skolēniem mazāk par {minimum} vērtējumiem "
                "(mazākais skaits {least})."
            ).format(
                roman="I" if number == 1 else "II",
                count=len(few),
                minimum=rules.min_marks,
                least=min(few),
            )
            if end >= today:
                text += " " + _("Semestris turpinās līdz {day}").format(day=day_text(end))
            found.append(Problem(ProblemKind.FEW_MARKS, f"{info.name} ({info.teacher})", text))
    return found


# --- the report ---------------------------------------------------------------------------

_PROBLEM_TITLES = {
    ProblemKind.AVERAGE_DROP: N_("Vidējā vērtējuma kritums"),
    ProblemKind.UNJUSTIFIED: N_("Neattaisnoti kavējumi"),
    ProblemKind.FEW_MARKS: N_("Par maz vērtējumu"),
}


def problem_title(kind: ProblemKind) -> str:
    return _(_PROBLEM_TITLES[kind])


def share_text(value: Decimal | None) -> str:
    return "" if value is None else f"{decimal_text(value, 1)} %"


def summary_row(group: GroupFigures) -> tuple[str, ...]:
    """A group's row of the summary table: name, marks that pass or fail, average, 1…10,
    insufficient share, n, ns, nc, k."""
    numbers = group.figures
    return (
        group.name,
        str(numbers.assessed),
        decimal_text(numbers.average),
        *(str(count) if count else "" for count in numbers.balles),
        share_text(numbers.insufficient_share),
        *(str(count) if count else "" for count in numbers.absences),
    )


def summary_columns(grouping: Grouping) -> tuple[Column, ...]:
    return (
        Column(grouping.title, 3.2),
        Column(_("Vērt."), 0.7, numeric=True),
        Column(_("Vid."), 0.7, numeric=True),
        *(Column(str(points), 0.5, numeric=True) for points in range(1, 11)),
        Column(_("<4, ni"), 0.8, numeric=True),
        *(Column(code, 0.55, numeric=True) for code in ABSENCE_CODES),
    )


def month_label(month: tuple[int, int]) -> str:
    return _(SHORT_MONTHS[month[1] - 1])


def monthly_row(group: GroupFigures) -> tuple[str, ...]:
    """A group's averages month by month, last year's beside each in brackets."""
    cells = []
    for index, numbers in enumerate(group.months):
        text = decimal_text(numbers.average)
        if group.previous is not None:
            earlier = decimal_text(group.previous[index].average)
            if earlier:
                text = f"{text or '–'} ({earlier})"
        cells.append(text)
    return (group.name, *cells)


def average_chart(statistics: Statistics) -> Chart:
    """The school's monthly average, beside the previous year's."""
    series = [(statistics.school_year, _averages(statistics.total.months))]
    if statistics.total.previous is not None:
        series.append((statistics.previous_year, _averages(statistics.total.previous)))
    known = [value for _name, values in series for value in values if value is not None]
    low = max(0.0, float(int(min(known, default=1.0))) - 1)
    high = min(10.0, float(int(max(known, default=9.0))) + 1)
    return Chart(
        tuple(month_label(m) for m in statistics.months),
        tuple(series),
        low=low,
        high=high,
        step=0.5 if high - low <= 4 else 1.0,
    )


def _averages(months: Iterable[Figures]) -> tuple[float | None, ...]:
    return tuple(None if numbers.average is None else float(numbers.average) for numbers in months)


def distribution_chart(statistics: Statistics) -> Chart:
    """How many of each balle in the period."""
    counts = statistics.total.figures.balles
    return Chart(
        tuple(str(points) for points in range(1, 11)),
        ((_("Vērtējumu skaits"), tuple(float(count) for count in counts)),),
        bars=True,
        high=_round_up(max(counts, default=0)),
        step=_round_up(max(counts, default=0)) / 5,
    )


def absence_chart(statistics: Statistics) -> Chart:
    """Absences by code, month by month."""
    series = tuple(
        (code, tuple(float(numbers.absences[index]) for numbers in statistics.total.months))
        for index, code in enumerate(ABSENCE_CODES)
    )
    most = max(
        (count for numbers in statistics.total.months for count in numbers.absences), default=0
    )
    return Chart(
        tuple(month_label(m) for m in statistics.months),
        series,
        bars=True,
        high=_round_up(most),
        step=_round_up(most) / 5,
    )


def _round_up(value: int) -> float:
    """A round top for a value axis: 10, 20, 50, 100, 200, 500, …"""
    top, factors = 10, itertools.cycle((2, 2.5, 2))
    while top < value:
        top = int(top * next(factors))
    return float(top)


def rules_lines(rules: SchoolRules) -> tuple[str, ...]:
    return (
        _(
            "Skolas noteikumi: vidējā vērtējuma kritums mēnesī vairāk par {drop} ballēm; "
            "vairāk nekā {limit} neattaisnotas stundas mēnesī; vismaz {minimum} vērtējumi "
            "semestrī katrā mācību priekšmetā."
        ).format(
            drop=decimal_text(rules.average_drop, 1),
            limit=rules.unjustified_limit,
            minimum=rules.min_marks,
        ),
    )


def statistics_sections(statistics: Statistics) -> list[Section]:
    grouping = statistics.grouping
    rows = tuple(summary_row(group) for group in statistics.groups)
    months = tuple(Column(month_label(m), 1.0, numeric=True) for m in statistics.months)
    previous = (
        _("Iekavās — {year} mācību gada tas pats mēnesis.").format(year=statistics.previous_year)
        if statistics.previous_year
        else _("Iepriekšējā mācību gada dati šajā datorā nav pieejami.")
    )
    return [
        Section(
            heading=_("Rādītāji"),
            lines=(
                _(
                    "«Vērt.» — vērtējumi ballēs un «i»/«ni»; vidējais — tikai no 1–10 ballēm; "
                    "«<4, ni» — nesekmīgo vērtējumu daļa; kavējumi — stundu skaits."
                ),
            ),
            grid=Grid(
                summary_columns(grouping),
                rows,
                total=(summary_row(statistics.total),),
                empty=_("Šajā periodā vērtējumu un kavējumu nav."),
                font_size=7.5,
            ),
        ),
        Section(heading=_("Vērtējumu sadalījums"), chart=distribution_chart(statistics)),
        Section(
            heading=_("Vidējā vērtējuma dinamika pa mēnešiem"),
            lines=(previous,),
            chart=average_chart(statistics),
            grid=Grid(
                (Column(grouping.title, 3.2), *months),
                tuple(monthly_row(group) for group in statistics.groups),
                total=(monthly_row(statistics.total),),
                font_size=7.5,
            ),
        ),
        Section(heading=_("Kavējumu dinamika pa mēnešiem"), chart=absence_chart(statistics)),
        Section(
            heading=_("Problēmas"),
            lines=rules_lines(statistics.rules),
            grid=Grid(
                (Column(_("Problēma"), 1.6), Column(_("Kas"), 2.2), Column(_("Apraksts"), 5)),
                tuple((problem_title(p.kind), p.about, p.text) for p in statistics.problems),
                empty=_("Problēmu nav."),
            ),
        ),
    ]


TITLE = N_("Mācību sasniegumu un kavējumu statistika")


class SchoolStatistics:
    """What the statistics window offers the deputy director and the director: the school's
    years, the figures of one, the report of them, and the school's rules (the deputy sets
    them through ``school_rules.set``)."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def _require(self) -> None:
        if not self._actor.roles & STATISTICS_READERS:
            raise PermissionDenied(_("Statistiku skatās direktora vietnieks vai direktors."))

    @property
    def can_set_rules(self) -> bool:
        return can_write(self._actor.roles, Entity.SCHOOL_RULES)

    def years(self) -> list[tuple[uuid.UUID, str]]:
        """The school's years, the latest first."""
        with self._factory() as session:
            school = staff_school(session, self._actor.staff_id)
            rows = session.execute(
                select(SchoolYear.id, SchoolYear.name)
                .where(SchoolYear.school_id == school, SchoolYear.deleted.is_(False))
                .order_by(SchoolYear.first_day.desc())
            )
            return [(row.id, row.name) for row in rows]

    def rules(self) -> SchoolRules:
        with self._factory() as session:
            return school_rules(session, staff_school(session, self._actor.staff_id))

    def save_rules(self, rules: SchoolRules) -> SchoolRules:
        """Stores the school's rules here and queues them for the server; raises
        PermissionDenied or InvalidRules (messages in Latvian)."""
        require(self._actor.roles, Entity.SCHOOL_RULES)
        rules = validate_rules(rules)
        with self._factory.begin() as session:
            school = staff_school(session, self._actor.staff_id)
            if school is None:
                raise PermissionDenied(_("Lietotājs nav atrasts."))
            base = rules_texts(school_rules(session, school))
            row = session.get(RulesRow, school)
            if row is None:
                row = RulesRow(id=school, school_id=school)
                session.add(row)
            row.min_marks = rules.min_marks
            row.average_drop = f"{rules.average_drop:.1f}"
            row.unjustified_limit = rules.unjustified_limit
            row.late_changes = rules.late_changes.value
            row.deleted = False
            enqueue(
                session,
                "school_rules.set",
                {"school_id": str(school), **rules_texts(rules), "base": base},
            )
        return rules

    def compute(
        self, school_year_id: uuid.UUID, grouping: Grouping, choice: PeriodChoice
    ) -> Statistics:
        self._require()
        with self._factory() as session:
            return school_statistics(session, school_year_id, grouping, choice)

    def document(self, statistics: Statistics, school_year_id: uuid.UUID) -> Document:
        self._require()
        with self._factory() as session:
            return frame(
                session,
                school_year_id,
                _(TITLE),
                f"{statistics.grouping.title} · {statistics.period.label}",
                statistics_sections(statistics),
                wide=True,
            )
