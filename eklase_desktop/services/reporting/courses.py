"""Course documents: the subject teacher's report (SPEC P4) and the substituted lessons report
(SPEC P5)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from eklase_desktop.domain.lessons import (
    LessonType,
    NotHeldReason,
    lesson_type_label,
    not_held_reason_label,
)
from eklase_desktop.domain.marks import MarkKind
from eklase_desktop.domain.report_period import ReportPeriod, day_text
from eklase_desktop.i18n import N_, _
from eklase_desktop.models import ClassGroup, Course, Lesson, Subject
from eklase_desktop.reports.document import Column, Grid, Section
from eklase_desktop.services.reporting.common import absence_columns, count_texts
from eklase_desktop.services.reporting.facts import (
    Facts,
    average_text,
    insufficient,
    parsed,
    staff_names,
)

# The distribution's columns: balles 10 down to 1, then the other forms by kind.
_OTHER_FORMS = (
    (MarkKind.PASS_FAIL, "i / ni"),
    (MarkKind.PERCENT, "%"),
    (MarkKind.DESCRIPTIVE, "S T A P"),
    (MarkKind.NOT_MARKED, "nv"),
)


@dataclass(frozen=True)
class LessonFacts:
    day: dt.date
    number: int | None
    topic: str
    homework: str
    lesson_type: str
    reason: str | None
    made_up: dt.date | None
    remote: bool
    taught_by: uuid.UUID | None
    teacher: uuid.UUID
    subject: str
    class_name: str


def lessons_of(
    session: Session, period: ReportPeriod, course_ids: Collection[uuid.UUID] | None
) -> list[LessonFacts]:
    group = aliased(ClassGroup)
    query = (
        select(Lesson, Course.teacher_id, Subject.name, group.name, Course.name)
        .join(Course, Lesson.course_id == Course.id)
        .join(Subject, Course.subject_id == Subject.id)
        .outerjoin(group, Course.class_group_id == group.id)
        .where(Lesson.date.between(period.start, period.end), Lesson.deleted.is_(False))
        .order_by(Lesson.date, Lesson.number)
    )
    if course_ids is not None:
        query = query.where(Lesson.course_id.in_(course_ids))
    return [
        LessonFacts(
            lesson.date,
            lesson.number,
            lesson.topic,
            lesson.homework,
            lesson.lesson_type,
            lesson.not_held_reason,
            lesson.made_up_date,
            lesson.remote,
            lesson.taught_by_id,
            teacher,
            subject,
            class_name or course_name,
        )
        for lesson, teacher, subject, class_name, course_name in session.execute(query)
    ]


def _type_text(lesson: LessonFacts, names: dict[uuid.UUID, str]) -> str:
    try:
        kind = LessonType(lesson.lesson_type)
        text = "" if kind is LessonType.ORDINARY else lesson_type_label(kind)
    except ValueError:
        text = lesson.lesson_type
    if lesson.reason:
        try:
            text += f": {not_held_reason_label(NotHeldReason(lesson.reason))}"
        except ValueError:
            text += f": {lesson.reason}"
    if lesson.made_up:
        text += " " + _("({day} stundas vietā)").format(day=lesson.made_up.strftime("%d.%m."))
    if lesson.taught_by and lesson.taught_by != lesson.teacher:
        text += "; " + _("aizvietoja {name}").format(name=names.get(lesson.taught_by, ""))
    if lesson.remote:
        text += "; " + _("attālināti")
    return text.removeprefix("; ")


def _overview(lessons: list[LessonFacts], names: dict[uuid.UUID, str]) -> tuple[str, ...]:
    held = [x for x in lessons if x.lesson_type != LessonType.NOT_HELD]
    not_held = [x for x in lessons if x.lesson_type == LessonType.NOT_HELD]
    reasons = Counter(_type_text(x, names).partition(": ")[2] for x in not_held)
    lines = [
        _(
            "Notikušas stundas: {held} (t. sk. atstrādātas {makeup}, aizvietotas {substituted}, "
            "attālināti {remote})."
        ).format(
            held=len(held),
            makeup=sum(x.lesson_type == LessonType.MAKEUP for x in held),
            substituted=sum(bool(x.taught_by and x.taught_by != x.teacher) for x in held),
            remote=sum(x.remote for x in held),
        ),
        _("Nenotikušas stundas: {count}").format(count=len(not_held))
        + ("" if not reasons else " (" + ", ".join(f"{r}: {n}" for r, n in reasons.items()) + ")")
        + ".",
    ]
    return tuple(lines)


def distribution(values: list[str]) -> tuple[tuple[Column, ...], tuple[str, ...]]:
    """How many marks of each balle 10…1 and of each other form."""
    marks = parsed(values)
    points = Counter(mark.points for mark in marks if mark.points is not None)
    kinds = Counter(mark.kind for mark in marks)
    columns = (
        *(Column(str(p), 0.6, numeric=True) for p in range(10, 0, -1)),
        *(Column(label, 0.8, numeric=True) for _kind, label in _OTHER_FORMS),
        Column(_("Vid."), 0.8, numeric=True),
    )
    counts = (
        *(str(points[p]) for p in range(10, 0, -1)),
        *(str(kinds[kind]) for kind, _label in _OTHER_FORMS),
        average_text(values),
    )
    return columns, counts


def teacher_sections(
    facts: Facts, lessons: list[LessonFacts], names: dict[uuid.UUID, str], course_id: uuid.UUID
) -> list[Section]:
    """Lessons held and not held, the topic list, the distribution of marks, each student's
    marks, average and absences (SPEC P4)."""
    topics = tuple(
        (
            lesson.day.strftime("%d.%m."),
            str(lesson.number or ""),
            lesson.topic,
            lesson.homework,
            _type_text(lesson, names),
        )
        for lesson in lessons
    )
    topic_columns = (
        Column(_("Datums"), 0.8),
        Column(_("Nr."), 0.45, numeric=True),
        Column(_("Tēma"), 4),
        Column(_("Mājas darbs"), 3),
        Column(_("Stundas veids"), 2.2),
    )
    values = [m.value for m in facts.marks]
    columns, counts = distribution(values)
    students = tuple(
        (
            pupil.name,
            " ".join(m.value for m in facts.marks_of(pupil.id, course_id)),
            average_text(m.value for m in facts.marks_of(pupil.id, course_id)),
            str(insufficient(m.value for m in facts.marks_of(pupil.id, course_id))),
            *count_texts(facts.absence_counts(pupil.id, course_id)),
        )
        for pupil in facts.pupils
    )
    student_columns = (
        Column(_("Skolēns"), 2.6),
        Column(_("Vērtējumi"), 5),
        Column(_("Vid."), 0.7, numeric=True),
        Column(_("< 4, ni"), 0.7, numeric=True),
        *absence_columns(),
    )
    no_lessons = _("Šajā periodā stundu nav.")
    return [
        Section(heading=_("Stundas"), lines=_overview(lessons, names)),
        Section(heading=_("Tēmu saraksts"), grid=Grid(topic_columns, topics, empty=no_lessons)),
        Section(
            heading=_("Vērtējumu sadalījums"),
            grid=Grid(columns, (counts,) if values else (), empty=_("Vērtējumu nav.")),
        ),
        Section(
            heading=_("Skolēni"),
            grid=Grid(student_columns, students, empty=_("Kursā nav skolēnu.")),
        ),
    ]


def substitution_sections(lessons: list[LessonFacts], names: dict[uuid.UUID, str]) -> list[Section]:
    """Lessons taught by someone other than the course's teacher, and each substitute's
    count (SPEC P5)."""
    taught = [x for x in lessons if x.taught_by and x.taught_by != x.teacher]
    rows = tuple(
        (
            day_text(x.day),
            str(x.number or ""),
            x.class_name,
            x.subject,
            names.get(x.teacher, ""),
            names.get(x.taught_by, "") if x.taught_by else "",
            x.topic,
        )
        for x in taught
    )
    columns = (
        Column(_("Datums"), 1.1),
        Column(_("Nr."), 0.45, numeric=True),
        Column(_("Klase"), 0.8),
        Column(_("Priekšmets"), 2),
        Column(_("Skolotājs"), 1.8),
        Column(_("Aizvietotājs"), 1.8),
        Column(_("Tēma"), 3),
    )
    per_substitute = Counter(names.get(x.taught_by, "") for x in taught if x.taught_by)
    none = _("Šajā periodā aizvietotu stundu nav.")
    return [
        Section(grid=Grid(columns, rows, empty=none)),
        Section(
            heading=_("Aizvietotāji"),
            grid=Grid(
                (Column(_("Aizvietotājs"), 4), Column(_("Stundas"), 1, numeric=True)),
                tuple((name, str(n)) for name, n in sorted(per_substitute.items())),
                total=((_("Kopā"), str(len(taught))),) if taught else (),
                empty=none,
            ),
        ),
    ]


def homework_sections(lessons: list[LessonFacts]) -> list[Section]:
    """The class's homework by day, as a student reads it (SPEC J17): each school day with
    the subjects that set homework, in the order of the lessons."""
    given = [
        lesson
        for lesson in lessons
        if lesson.homework.strip() and lesson.lesson_type != LessonType.NOT_HELD.value
    ]
    rows, last_day = [], None
    for lesson in given:
        day = (
            "" if lesson.day == last_day else f"{weekday_name(lesson.day)}, {day_text(lesson.day)}"
        )
        rows.append((day, lesson.subject, lesson.homework.strip()))
        last_day = lesson.day
    columns = (
        Column(_("Diena"), 1.9),
        Column(_("Mācību priekšmets"), 1.8),
        Column(_("Uzdots mājās"), 5),
    )
    return [Section(grid=Grid(columns, tuple(rows), empty=_("Šajā periodā mājas darbu nav.")))]


WEEKDAY_NAMES = (
    N_("pirmdiena"),
    N_("otrdiena"),
    N_("trešdiena"),
    N_("ceturtdiena"),
    N_("piektdiena"),
    N_("sestdiena"),
    N_("svētdiena"),
)


def weekday_name(day: dt.date) -> str:
    return _(WEEKDAY_NAMES[day.weekday()])


__all__ = [
    "homework_sections",
    "lessons_of",
    "staff_names",
    "substitution_sections",
    "teacher_sections",
]
