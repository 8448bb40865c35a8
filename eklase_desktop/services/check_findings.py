"""What a journal check finds (SPEC V2, V3; DOMAIN: deadlines), read from the laptop's cache:
the rows of a check — a person and the course, class or weeks they keep, with what was found
there — and the finders beside ``overdue.CourseGaps``: absences a note reports that the
lessons do not show, a class's absences unjustified after the month's deadline, and at the
year's end the missing year and post-examination marks and what personal files lack."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.domain.deadlines import EntryKind, due_moment
from eklase_desktop.domain.journal_checks import FindingKind
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.domain.marks import InvalidMark, parse_mark
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    AbsenceNote,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Guardian,
    Lesson,
    PeriodMark,
    Student,
)

_SHOWN = 6  # the items named per kind; the rest are counted
# at the year's end each student is named: the teacher must know whose mark is missing
_NAMED_IN_FULL = frozenset(
    {FindingKind.YEAR_MARKS, FindingKind.POST_EXAMS, FindingKind.PERSONAL_FILES}
)


@dataclass
class Target:
    """One row of a check: a person and what they keep — a course, a class (its tutor) or
    the weeks they accompany (a concertmaster) — with what was found there."""

    addressee_id: uuid.UUID
    addressee: str  # "Surname Name"
    about: str  # the course's name, "7.a (audzinātājs)", "Koncertmeistara darbs"
    course_id: uuid.UUID | None = None
    class_group_id: uuid.UUID | None = None
    found: dict[FindingKind, list[str]] = field(default_factory=dict)
    remark: str = ""

    @property
    def key(self) -> tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None]:
        return self.addressee_id, self.course_id, self.class_group_id

    def findings_text(self) -> str:
        """What was found, a line per kind: "Stundas bez tēmas (3): 02.11., 03.11., …"."""
        lines = []
        for kind in FindingKind:
            items = self.found.get(kind)
            if not items:
                continue
            shown = len(items) if kind in _NAMED_IN_FULL else _SHOWN
            named = ", ".join(items[:shown]) + (", …" if len(items) > shown else "")
            lines.append(f"{kind.label} ({len(items)}): {named}")
        return "\n".join(lines)


def absences_not_entered(
    session: Session, courses: dict[uuid.UUID, Course], now: dt.datetime
) -> list[tuple[Course, uuid.UUID, dt.date]]:
    """Lessons past their entry deadline on a day a student of the course was away by a
    note in the register (an illness, a competition), where the lesson shows no absence:
    (course, the lesson's writer, day), a lesson once however many students."""
    if not courses:
        return []
    enrolled: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date, dt.date | None]]] = defaultdict(list)
    for course_id, student, start, end in session.execute(
        select(Enrolment.course_id, Enrolment.student_id, Enrolment.start, Enrolment.end).where(
            Enrolment.course_id.in_(list(courses)), Enrolment.deleted.is_(False)
        )
    ):
        enrolled[course_id].append((student, start, end))
    students = {student for rows in enrolled.values() for student, _s, _e in rows}
    notes: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for student, first, last in session.execute(
        select(AbsenceNote.student_id, AbsenceNote.first_day, AbsenceNote.last_day).where(
            AbsenceNote.student_id.in_(list(students)),
            AbsenceNote.deleted.is_(False),
            AbsenceNote.withdrawn.is_(False),
            AbsenceNote.first_day <= now.date(),
        )
    ):
        notes[student].append((first, last))
    if not notes:
        return []
    lessons = session.scalars(
        select(Lesson).where(
            Lesson.course_id.in_(list(courses)),
            Lesson.deleted.is_(False),
            Lesson.date <= now.date(),
            Lesson.lesson_type != LessonType.NOT_HELD.value,
        )
    ).all()
    absent = {
        (lesson, student)
        for lesson, student in session.execute(
            select(Attendance.lesson_id, Attendance.student_id).where(
                Attendance.lesson_id.in_([lesson.id for lesson in lessons]),
                Attendance.presence != "",
                Attendance.deleted.is_(False),
            )
        )
    }
    found = []
    for lesson in sorted(lessons, key=lambda lesson: (lesson.date, lesson.number or 0)):
        if due_moment(EntryKind.LESSON_RECORD, lesson.date) > now:
            continue
        away = [
            student
            for student, start, end in enrolled[lesson.course_id]
            if start <= lesson.date
            and (end is None or lesson.date <= end)
            and any(first <= lesson.date <= last for first, last in notes.get(student, ()))
        ]
        if any((lesson.id, student) not in absent for student in away):
            course = courses[lesson.course_id]
            found.append((course, lesson.taught_by_id or course.teacher_id, lesson.date))
    return found


def unjustified(
    session: Session, class_ids: list[uuid.UUID], now: dt.datetime
) -> list[tuple[ClassGroup, uuid.UUID, int, str]]:
    """Per class with a tutor and month, the absences still unjustified (``n``) after the
    month's justification deadline: (class, tutor, lessons, "10.2026")."""
    groups = {
        group.id: group
        for group in session.scalars(
            select(ClassGroup).where(
                ClassGroup.id.in_(class_ids),
                ClassGroup.deleted.is_(False),
                ClassGroup.tutor_id.is_not(None),
            )
        )
    }
    counts: dict[tuple[uuid.UUID, int, int], int] = defaultdict(int)
    for day, group_id in session.execute(
        select(Lesson.date, Student.class_group_id)
        .join(Attendance, Attendance.lesson_id == Lesson.id)
        .join(Student, Student.id == Attendance.student_id)
        .where(
            Student.class_group_id.in_(list(groups)),
            Attendance.presence == "n",
            Attendance.justification == "",
            Attendance.deleted.is_(False),
            Lesson.deleted.is_(False),
        )
    ):
        if group_id is not None and due_moment(EntryKind.JUSTIFICATION, day) < now:
            counts[group_id, day.year, day.month] += 1
    found = []
    for (group_id, year, month), count in sorted(counts.items(), key=lambda item: item[0][1:]):
        group = groups[group_id]
        assert group.tutor_id is not None
        found.append((group, group.tutor_id, count, f"{month:02d}.{year}"))
    return found


class Targets:
    """The rows of a check as they are found, one per person and course or class."""

    def __init__(self, names: dict[uuid.UUID, str]) -> None:
        self.names = names
        self.rows: dict[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None], Target] = {}

    def add(
        self,
        addressee: uuid.UUID,
        about: str,
        kind: FindingKind,
        item: str,
        course: uuid.UUID | None = None,
        group: uuid.UUID | None = None,
    ) -> None:
        key = (addressee, course, group)
        if key not in self.rows:
            self.rows[key] = Target(addressee, self.names.get(addressee, ""), about, course, group)
        self.rows[key].found.setdefault(kind, []).append(item)

    def found(self) -> list[Target]:
        kept = [t for t in self.rows.values() if t.found]
        return sorted(
            kept, key=lambda t: (latvian_sort_key(t.addressee), latvian_sort_key(t.about))
        )


def year_marks(
    session: Session,
    last_day: dt.date,
    course_ids: list[uuid.UUID],
    pupils: dict[uuid.UUID, Student],
    targets: Targets,
) -> None:
    """Students taking a course at the year's end without its year mark, or with a failing
    one and no post-examination mark."""
    marks: dict[tuple[uuid.UUID, uuid.UUID, str], str] = {
        (row.course_id, row.student_id, row.period): row.value
        for row in session.scalars(
            select(PeriodMark).where(
                PeriodMark.course_id.in_(course_ids),
                PeriodMark.period.in_(("Y", "P")),
                PeriodMark.deleted.is_(False),
            )
        )
    }
    rows = session.execute(
        select(Course, Enrolment.student_id)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(
            Course.id.in_(course_ids),
            Course.deleted.is_(False),
            Enrolment.deleted.is_(False),
            Enrolment.exempt.is_(False),
            Enrolment.start <= last_day,
            (Enrolment.end.is_(None)) | (Enrolment.end >= last_day),
        )
    ).all()
    for course, student in sorted(
        rows, key=lambda row: latvian_sort_key(_pupil_name(pupils.get(row[1])))
    ):
        if student not in pupils:
            continue
        name = _pupil_name(pupils[student])
        year = marks.get((course.id, student, "Y"))
        if year is None:
            targets.add(course.teacher_id, course.name, FindingKind.YEAR_MARKS, name, course.id)
        elif _failing(year) and (course.id, student, "P") not in marks:
            targets.add(course.teacher_id, course.name, FindingKind.POST_EXAMS, name, course.id)


def _failing(value: str) -> bool:
    try:
        return parse_mark(value).is_passing is False
    except InvalidMark:
        return False


def _pupil_name(student: Student | None) -> str:
    return full_name(student.first_name, student.last_name) if student else ""


def personal_files(
    session: Session,
    groups: dict[uuid.UUID, ClassGroup],
    pupils: dict[uuid.UUID, Student],
    targets: Targets,
) -> None:
    """What each student's personal file lacks, addressed to the class tutor."""
    represented = set(
        session.scalars(
            select(Guardian.student_id).where(
                Guardian.student_id.in_(list(pupils)), Guardian.deleted.is_(False)
            )
        )
    )
    for student in sorted(pupils.values(), key=lambda s: latvian_sort_key(_pupil_name(s))):
        group = groups.get(student.class_group_id) if student.class_group_id else None
        if group is None or group.tutor_id is None:
            continue
        lacking = [
            label
            for label, present in (
                (
                    _("personas kods vai dzimšanas datums"),
                    student.personal_code or student.birth_date,
                ),
                (_("deklarētā adrese"), student.declared_address),
                (_("uzņemšanas rīkojums"), student.admission_order),
                (_("likumiskais pārstāvis"), student.id in represented),
            )
            if not present
        ]
        if lacking:
            about = _("{klass} (audzinātājs)").format(klass=group.name)
            item = f"{_pupil_name(student)} — {', '.join(lacking)}"
            targets.add(group.tutor_id, about, FindingKind.PERSONAL_FILES, item, None, group.id)
