"""Building the statutory reports from the local cache (SPEC P1–P8, T7, V5–V6): what can be
asked for (``ReportKind``, ``ReportRequest``), who may ask (the tutor for the own class, the
school-wide roles for every class, a teacher for the own courses), and ``build_report``, which
reads the cache and returns a ``reports.document.Document`` to render, show or print.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.names import latvian_sort_key
from eklase_desktop.domain.report_period import PeriodKind
from eklase_desktop.domain.work_records import WORK_READERS
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import ClassGroup, Course, Enrolment, SchoolYear, Staff, Student
from eklase_desktop.models.work_records import accompanies
from eklase_desktop.reports.document import Document, Section
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import CLASS_READERS, kept_classes, require_class
from eklase_desktop.services.journal import class_sort_key, current_year
from eklase_desktop.services.reporting import classes, courses, statements, work
from eklase_desktop.services.reporting.common import PeriodChoice, class_label, frame
from eklase_desktop.services.reporting.facts import (
    class_pupils,
    course_pupils,
    load_facts,
    staff_names,
)
from eklase_desktop.services.reporting.personal_file import personal_file_sections


class Subject(enum.Enum):
    """What a report is about: a class (or one of its students), a course, or the school."""

    CLASS = "class"
    COURSE = "course"
    SCHOOL = "school"


class ReportKind(enum.Enum):
    STATEMENT = "statement"  # P1, T7
    REPORT_CARD = "report-card"  # P2, V5
    CLASS_SUMMARY = "class-summary"  # P3
    TEACHER = "teacher"  # P4
    SUBSTITUTIONS = "substitutions"  # P5
    BEHAVIOUR = "behaviour"  # P6
    ATTENDANCE = "attendance"
    ACHIEVEMENTS = "achievements"  # P7, V6
    PERSONAL_FILE = "personal-file"  # T6
    CONCERTMASTERS = "concertmasters"  # K1: the deputy's payroll hours
    HOMEWORK = "homework"  # J17: the class's homework by day

    @property
    def title(self) -> str:
        return _(_TITLES[self])

    @property
    def about(self) -> Subject:
        if self is ReportKind.TEACHER:
            return Subject.COURSE
        if self in (ReportKind.SUBSTITUTIONS, ReportKind.CONCERTMASTERS):
            return Subject.SCHOOL
        return Subject.CLASS

    @property
    def per_student(self) -> bool:
        """Whether one student of the class can be chosen."""
        return self in _PER_STUDENT

    @property
    def whole_year(self) -> bool:
        """The summary journal and the personal file are always of the whole school year."""
        return self in (ReportKind.ACHIEVEMENTS, ReportKind.PERSONAL_FILE)

    @property
    def terms_only(self) -> bool:
        """A report card is of a semester or the year (SPEC P2), never of a month."""
        return self is ReportKind.REPORT_CARD


_TITLES = {
    ReportKind.STATEMENT: N_("Sekmju izraksts"),
    ReportKind.REPORT_CARD: N_("Liecība"),
    ReportKind.CLASS_SUMMARY: N_("Klases sekmju kopsavilkums"),
    ReportKind.TEACHER: N_("Mācību priekšmeta skolotāja atskaite"),
    ReportKind.SUBSTITUTIONS: N_("Aizvietoto stundu atskaite"),
    ReportKind.BEHAVIOUR: N_("Uzvedības žurnāla atskaite"),
    ReportKind.ATTENDANCE: N_("Kavējumu atskaite"),
    ReportKind.ACHIEVEMENTS: N_("Mācību sasniegumu kopsavilkuma žurnāls"),
    ReportKind.PERSONAL_FILE: N_("Skolēna personas lieta"),
    ReportKind.CONCERTMASTERS: N_("Koncertmeistaru darba uzskaite"),
    ReportKind.HOMEWORK: N_("Mājas darbu žurnāls"),
}
_PER_STUDENT = frozenset(
    {
        ReportKind.STATEMENT,
        ReportKind.REPORT_CARD,
        ReportKind.BEHAVIOUR,
        ReportKind.ATTENDANCE,
        ReportKind.PERSONAL_FILE,
    }
)


@dataclass(frozen=True)
class ReportRequest:
    """One report: its kind, period, and the classes, course or student it is about. Several
    classes print as one document (a clerk's batch, the year's summary journal)."""

    kind: ReportKind
    period: PeriodChoice
    class_ids: tuple[uuid.UUID, ...] = ()
    course_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None


def build_report(factory: sessionmaker[Session], actor: Actor, request: ReportRequest) -> Document:
    """The report read from the cache.

    Raises:
        PermissionDenied: the actor may not print it.
        DomainError: the request names nothing printable (message in Latvian).
    """
    with factory() as session:
        if request.kind.about is Subject.COURSE:
            return _course_report(session, actor, request)
        if request.kind.about is Subject.SCHOOL:
            return _school_report(session, actor, request)
        return _class_report(session, actor, request)


_REFUSED = N_("Šo klases atskaiti drukā tās audzinātājs, direktora vietnieks vai lietvedis.")


def _class_report(session: Session, actor: Actor, request: ReportRequest) -> Document:
    class_ids = list(request.class_ids)
    student = None
    if request.student_id is not None:
        student = session.get(Student, request.student_id)
        if student is None or student.deleted or student.class_group_id is None:
            raise DomainError(_("Skolēns nav atrasts."))
        class_ids = [student.class_group_id]
    if not class_ids:
        raise DomainError(_("Izvēlieties klasi."))
    groups = [require_class(session, actor, c, _(_REFUSED), CLASS_READERS) for c in class_ids]
    choice = PeriodChoice(PeriodKind.YEAR) if request.kind.whole_year else request.period
    if request.kind.terms_only and choice.kind not in TERMS:
        raise DomainError(_("Liecību drukā par semestri vai mācību gadu."))
    sections: list[Section] = []
    periods = []
    for group in groups:
        period = choice.resolve(session, group.school_year_id)  # the class's own school year
        periods.append(period)
        pupils = class_pupils(session, [group.id])
        if student is not None:
            pupils = [p for p in pupils if p.id == student.id]
        facts = load_facts(
            session,
            pupils,
            period,
            with_marks=request.kind in _WITH_MARKS,
            period_keys=_YEAR_KEYS if request.kind in _YEAR_END else None,
        )
        if request.kind is ReportKind.PERSONAL_FILE:
            part = personal_file_sections(session, facts)
        elif request.kind is ReportKind.HOMEWORK:
            lessons = courses.lessons_of(session, period, class_courses(session, [group.id]))
            part = courses.homework_sections(lessons)
        else:
            part = _CLASS_SECTIONS[request.kind](facts, period)
        if len(groups) > 1 and part and not part[0].part:
            part[0] = Section(
                part=class_label([group.name]),
                heading=part[0].heading,
                lines=part[0].lines,
                grid=part[0].grid,
            )
        sections += part
    about = class_label([group.name for group in groups])
    subtitle = f"{about} · {periods[0].label}"
    if len(groups) > 1 and request.kind.per_student:  # each part names its student's class
        subtitle = periods[0].label
    return frame(
        session,
        groups[0].school_year_id,
        request.kind.title,
        subtitle,
        sections,
        wide=request.kind in _WIDE,
    )


TERMS = (PeriodKind.SEMESTER, PeriodKind.YEAR)  # the periods a report card is of
_YEAR_KEYS = ("S1", "S2", "Y", "E", "P", "YC")  # a report card shows the earlier semester's too
_YEAR_END = frozenset({ReportKind.REPORT_CARD, ReportKind.PERSONAL_FILE})
_CLASS_SECTIONS: dict[ReportKind, Callable[..., list[Section]]] = {
    ReportKind.STATEMENT: statements.statement_sections,
    ReportKind.REPORT_CARD: statements.report_card_sections,
    ReportKind.CLASS_SUMMARY: classes.summary_sections,
    ReportKind.BEHAVIOUR: lambda facts, _period: classes.behaviour_sections(facts),
    ReportKind.ATTENDANCE: lambda facts, _period: classes.attendance_sections(facts),
    ReportKind.ACHIEVEMENTS: lambda facts, _period: classes.achievement_sections(facts),
}
_WITH_MARKS = frozenset(
    {
        ReportKind.STATEMENT,
        ReportKind.REPORT_CARD,
        ReportKind.CLASS_SUMMARY,
        ReportKind.ATTENDANCE,
        ReportKind.PERSONAL_FILE,
    }
)
_WIDE = frozenset({ReportKind.CLASS_SUMMARY, ReportKind.ACHIEVEMENTS})


def _course_report(session: Session, actor: Actor, request: ReportRequest) -> Document:
    course = session.get(Course, request.course_id) if request.course_id else None
    if course is None or course.deleted:
        raise DomainError(_("Izvēlieties kursu."))
    if course.teacher_id != actor.staff_id and not actor.roles & CLASS_READERS:
        raise PermissionDenied(
            _("Kursa atskaiti drukā tā skolotājs, direktora vietnieks vai lietvedis.")
        )
    period = request.period.resolve(session, course.school_year_id)
    names = staff_names(session)
    pupils = course_pupils(session, course.id)
    facts = load_facts(session, pupils, period, course_ids=[course.id])
    lessons = courses.lessons_of(session, period, [course.id])
    subtitle = _("{course} · {teacher} · {period}").format(
        course=course.name, teacher=names.get(course.teacher_id, ""), period=period.label
    )
    return frame(
        session,
        course.school_year_id,
        request.kind.title,
        subtitle,
        courses.teacher_sections(facts, lessons, names, course.id),
    )


def _school_report(session: Session, actor: Actor, request: ReportRequest) -> Document:
    if request.kind is ReportKind.CONCERTMASTERS:
        return _concertmasters_report(session, actor, request)
    if not actor.roles & CLASS_READERS:
        raise PermissionDenied(
            _("Aizvietoto stundu atskaiti drukā direktora vietnieks vai lietvedis.")
        )
    year_id = _school_year_id(session, request)
    period = request.period.resolve(session, year_id)
    course_ids = None
    subtitle = period.label
    if request.class_ids:
        course_ids = class_courses(session, request.class_ids)
        names = session.scalars(
            select(ClassGroup.name).where(ClassGroup.id.in_(request.class_ids))
        ).all()
        subtitle = f"{class_label(sorted(names, key=class_sort_key))} · {period.label}"
    lessons = courses.lessons_of(session, period, course_ids)
    names_of = staff_names(session)
    return frame(
        session,
        year_id,
        request.kind.title,
        subtitle,
        courses.substitution_sections(lessons, names_of),
    )


def _concertmasters_report(session: Session, actor: Actor, request: ReportRequest) -> Document:
    """Every concertmaster's hours for the deputy and the director, one's own for the
    concertmaster (SPEC K1; DOMAIN: work logs)."""
    everyone = bool(actor.roles & WORK_READERS)
    if not everyone and not accompanies(session, actor.staff_id):
        raise PermissionDenied(
            _("Koncertmeistaru darba uzskaiti drukā direktora vietnieks vai koncertmeistars.")
        )
    year_id = work.music_year(session, request.period.start, None if everyone else actor.staff_id)
    year_id = year_id or _school_year_id(session, request)
    period = request.period.resolve(session, year_id)
    sections = work.concertmaster_sections(session, period, None if everyone else actor.staff_id)
    return frame(session, year_id, request.kind.title, period.label, sections)


def class_courses(session: Session, class_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """The classes' courses and the group and individual ones their students take."""
    of_students = (
        select(Enrolment.course_id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(Student.class_group_id.in_(class_ids))
    )
    return list(
        session.scalars(
            select(Course.id).where(
                Course.class_group_id.in_(class_ids) | Course.id.in_(of_students)
            )
        )
    )


def _school_year_id(session: Session, request: ReportRequest) -> uuid.UUID:
    if request.class_ids:
        group = session.get(ClassGroup, request.class_ids[0])
        if group is not None:
            return group.school_year_id
    start = request.period.start
    years = session.scalars(select(SchoolYear).order_by(SchoolYear.first_day.desc())).all()
    for year in years:
        if start is None or year.first_day <= start <= year.last_day:
            return year.id
    if years:
        return years[0].id
    raise DomainError(_("Mācību gada dati nav atrasti."))


class ReportCatalogue:
    """What the report viewer offers the actor: the kinds they may print, their classes,
    the students of a class, their courses (teacher report)."""

    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            return kept_classes(session, self._actor, CLASS_READERS)

    def year_classes(self) -> tuple[uuid.UUID, ...]:
        """Every class of the school year under way, in grade order, for the school-wide
        roles (a batch of the whole school); none for the others."""
        if not self._actor.roles & CLASS_READERS:
            return ()
        with self._factory() as session:
            school = session.scalar(select(Staff.school_id).where(Staff.id == self._actor.staff_id))
            try:
                year = current_year(session, school, clock.today())
            except DomainError:
                return ()
            rows = session.execute(
                select(ClassGroup.id, ClassGroup.name).where(
                    ClassGroup.school_year_id == year.id, ClassGroup.deleted.is_(False)
                )
            ).all()
        return tuple(key for key, name in sorted(rows, key=lambda row: class_sort_key(row[1])))

    def courses(self) -> list[tuple[uuid.UUID, str]]:
        """The actor's own courses; every course for the school-wide roles."""
        with self._factory() as session:
            query = select(Course.id, Course.name).where(Course.deleted.is_(False))
            if not self._actor.roles & CLASS_READERS:
                query = query.where(Course.teacher_id == self._actor.staff_id)
            rows = session.execute(query).all()
        return sorted(((row.id, row.name) for row in rows), key=lambda r: latvian_sort_key(r[1]))

    def kinds(self, has_class: bool, has_course: bool) -> list[ReportKind]:
        """Class reports for who keeps a class (``classes`` not empty), the teacher report for
        who has a course, substitutions for the school-wide roles."""
        school = bool(self._actor.roles & CLASS_READERS)
        allowed = {Subject.CLASS: has_class, Subject.COURSE: has_course, Subject.SCHOOL: school}
        kinds = [kind for kind in ReportKind if allowed[kind.about]]
        with self._factory() as session:
            work_report = bool(self._actor.roles & WORK_READERS) or accompanies(
                session, self._actor.staff_id
            )
        if ReportKind.CONCERTMASTERS in kinds and not work_report:
            kinds.remove(ReportKind.CONCERTMASTERS)  # the clerk's laptop holds no such hours
        if ReportKind.CONCERTMASTERS not in kinds and work_report:
            kinds.append(ReportKind.CONCERTMASTERS)
        return kinds

    def students(self, class_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
        with self._factory() as session:
            return [(pupil.id, pupil.name) for pupil in class_pupils(session, [class_id])]

    def build(self, request: ReportRequest) -> Document:
        return build_report(self._factory, self._actor, request)
