"""Journal checks (SPEC V2, G 11; DOMAIN: deadlines), offline on the deputy director's laptop:
``inspect`` looks through the journals of some classes (or the whole school) for what is late
— per teacher and course lessons without a topic, absences a note reports but the lesson does
not show, marks overdue, ``nv`` still open, semester programmes; per concertmaster the weeks
not answered; per class tutor absences not justified after the month's deadline. ``save``
keeps the check with the deputy's remark to each person (``journal_check.set``,
``journal_remark.set``); the person sees the remark in the app and marks it done; ``act``
prints the check (žurnālu pārbaudes akts).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.deadlines import EntryKind, due_moment
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.journal_checks import (
    CheckDetails,
    FindingKind,
    RemarkDetails,
    check_texts,
    remark_texts,
    validate_check,
    validate_remark,
)
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import Entity, Role, can_write, require
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.models import (
    AbsenceNote,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    JournalCheck,
    JournalRemark,
    Lesson,
    OutboxEntry,
    SchoolYear,
    Staff,
    Student,
)
from eklase_desktop.reports.document import Column, Document, Grid, Section
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.journal import class_sort_key
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.overdue import CourseGaps, OverdueItem, OverdueKind
from eklase_desktop.services.reporting import class_courses
from eklase_desktop.services.reporting.common import frame
from eklase_desktop.services.work_records import WorkLog

CHECK_READERS = frozenset({Role.DEPUTY, Role.DIRECTOR})
_KINDS = {
    OverdueKind.TOPIC: FindingKind.TOPIC,
    OverdueKind.TEST_MARKS: FindingKind.MARKS,
    OverdueKind.MONTH_MARKS: FindingKind.MARKS,
    OverdueKind.SEMESTER_MARKS: FindingKind.MARKS,
    OverdueKind.YEAR_MARKS: FindingKind.MARKS,
    OverdueKind.NOT_MARKED: FindingKind.NOT_MARKED,
    OverdueKind.PROGRAMME: FindingKind.PROGRAMME,
}
_SHOWN = 6  # the items named per kind; the rest are counted


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
            named = ", ".join(items[:_SHOWN]) + (", …" if len(items) > _SHOWN else "")
            lines.append(f"{kind.label} ({len(items)}): {named}")
        return "\n".join(lines)


@dataclass(frozen=True)
class CheckView:
    id: uuid.UUID
    day: dt.date
    classes: str
    note: str
    author: str
    remarks: int
    open: int  # not yet marked done


@dataclass(frozen=True)
class RemarkView:
    id: uuid.UUID
    check_id: uuid.UUID
    day: dt.date  # the check's
    author: str  # the deputy who checked
    addressee_id: uuid.UUID
    addressee: str
    about: str
    details: RemarkDetails
    done_at: dt.datetime | None
    waiting: bool  # changed here, not yet confirmed by the server


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


class JournalChecks:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    @property
    def checks_journals(self) -> bool:
        """Whether the user checks journals (the deputy; the director reads the checks)."""
        return can_write(self._actor.roles, Entity.JOURNAL_CHECK)

    def _school(self, session: Session) -> uuid.UUID | None:
        return session.scalar(select(Staff.school_id).where(Staff.id == self._actor.staff_id))

    def classes(self) -> list[tuple[uuid.UUID, str]]:
        """The classes of the school year under way, in grade order."""
        with self._factory() as session:
            year = current_year(session, self._school(session), clock.today())
            rows = session.execute(
                select(ClassGroup.id, ClassGroup.name).where(
                    ClassGroup.school_year_id == year.id, ClassGroup.deleted.is_(False)
                )
            ).all()
        return sorted(((r.id, r.name) for r in rows), key=lambda r: class_sort_key(r[1]))

    # --- looking through the journals -------------------------------------------------------

    def inspect(self, class_ids: list[uuid.UUID] | None, now: dt.datetime) -> list[Target]:
        """What is late at ``now`` in the classes' journals (``None``: the whole school), a
        row per person and course (or class, or concertmaster) with anything found, by
        name."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        with self._factory() as session:
            if class_ids is None:
                year = current_year(session, self._school(session), now.date())
                class_ids = list(
                    session.scalars(
                        select(ClassGroup.id).where(
                            ClassGroup.school_year_id == year.id, ClassGroup.deleted.is_(False)
                        )
                    )
                )
            course_ids = class_courses(session, class_ids) if class_ids else []
            names = {
                row.id: full_name(row.first_name, row.last_name)
                for row in session.execute(select(Staff.id, Staff.first_name, Staff.last_name))
            }
            courses = {
                row.id: row
                for row in session.scalars(
                    select(Course).where(Course.id.in_(course_ids), Course.deleted.is_(False))
                )
            }
            targets: dict[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None], Target] = {}

            def target(addressee: uuid.UUID, about: str, course: uuid.UUID | None = None,
                       group: uuid.UUID | None = None) -> Target:  # fmt: skip
                key = (addressee, course, group)
                if key not in targets:
                    targets[key] = Target(addressee, names.get(addressee, ""), about, course, group)
                return targets[key]

            for item in self._late_entries(course_ids, now):
                course = courses.get(item.course_id) if item.course_id else None
                if course is None or item.writer_id is None:
                    continue
                found = target(item.writer_id, course.name, course.id).found
                found.setdefault(_KINDS[item.kind], []).append(item.what)
            for course, writer, day in _absences_not_entered(session, courses, now):
                found = target(writer, course.name, course.id).found
                found.setdefault(FindingKind.ABSENCES, []).append(f"{day:%d.%m.}")
            for group, tutor, count, month in _unjustified(session, class_ids, now):
                about = _("{klass} (audzinātājs)").format(klass=group.name)
                found = target(tutor, about, None, group.id).found
                lessons = plural(count, N_("{count} stunda"), N_("{count} stundas"))
                found.setdefault(FindingKind.UNJUSTIFIED, []).append(f"{month}: {lessons}")
        accompanying = {c.concertmaster_id for c in courses.values() if c.concertmaster_id}
        for concertmaster in sorted(accompanying):
            weeks = self._weeks(concertmaster, now)
            if weeks:
                about = _("Koncertmeistara darbs")
                target(concertmaster, about).found[FindingKind.WEEKS] = weeks
        kept = [t for t in targets.values() if t.found]
        return sorted(
            kept, key=lambda t: (latvian_sort_key(t.addressee), latvian_sort_key(t.about))
        )

    def _late_entries(self, course_ids: list[uuid.UUID], now: dt.datetime) -> list[OverdueItem]:
        gaps = CourseGaps(self._factory, self._actor, course_ids)
        return [item for item in gaps.items(now) if item.late(now)]

    def _weeks(self, staff_id: uuid.UUID, now: dt.datetime) -> list[str]:
        as_them = Actor(staff_id, "", "", frozenset({Role.CONCERTMASTER}))
        today = now.date()
        since = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        weeks = WorkLog(self._factory, as_them).overdue_weeks(since, now)
        return [f"{week.monday:%d.%m.}" for week in weeks]

    # --- keeping a check ---------------------------------------------------------------

    def save(self, day: dt.date, classes: str, targets: list[Target], note: str = "") -> uuid.UUID:
        """Keeps a new check with a remark for each target; raises DomainError."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        details = validate_check(CheckDetails(day, classes, note))
        remarks = [
            (target, validate_remark(RemarkDetails(target.findings_text(), target.remark)))
            for target in targets
            if target.found or target.remark.strip()
        ]
        with self._factory.begin() as session:
            school = self._school(session)
            if school is None:
                raise PermissionDenied(_("Lietotājs nav atrasts."))
            check = JournalCheck(
                id=uuid.uuid4(),
                school_id=school,
                author_id=self._actor.staff_id,
                day=details.day,
                classes=details.classes,
                note=details.note,
            )
            session.add(check)
            enqueue(session, "journal_check.set", _check_args(check.id, details, False, None))
            for target, remark in remarks:
                row = JournalRemark(
                    id=uuid.uuid4(),
                    check_id=check.id,
                    course_id=target.course_id,
                    class_group_id=target.class_group_id,
                    addressee_id=target.addressee_id,
                    findings=remark.findings,
                    remark=remark.remark,
                    done=False,
                )
                session.add(row)
                enqueue(session, "journal_remark.set", _remark_args(row, remark, False, None))
            return check.id

    def set_note(self, check_id: uuid.UUID, note: str) -> None:
        """The deputy's conclusion of a kept check."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        with self._factory.begin() as session:
            row = session.get(JournalCheck, check_id)
            if row is None or row.deleted:
                raise PermissionDenied(_("Pārbaude nav atrasta."))
            old = CheckDetails(row.day, row.classes, row.note)
            details = validate_check(CheckDetails(row.day, row.classes, note))
            row.note = details.note
            enqueue(
                session,
                "journal_check.set",
                _check_args(row.id, details, False, check_texts(old)),
            )

    def set_remark(self, remark_id: uuid.UUID, text: str) -> None:
        """The deputy's remark to the person, changed."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        self._change(remark_id, lambda details: RemarkDetails(details.findings, text, details.done))

    def mark_done(self, remark_id: uuid.UUID, done: bool = True) -> None:
        """The person a remark is addressed to marks it done (or not done after all)."""
        with self._factory() as session:
            row = session.get(JournalRemark, remark_id)
            mine = row is not None and row.addressee_id == self._actor.staff_id
            if not mine and not self.checks_journals:
                raise PermissionDenied(_("Šī piezīme nav adresēta jums."))
        self._change(
            remark_id, lambda details: RemarkDetails(details.findings, details.remark, done)
        )

    def _change(
        self, remark_id: uuid.UUID, change: Callable[[RemarkDetails], RemarkDetails]
    ) -> None:
        with self._factory.begin() as session:
            row = session.get(JournalRemark, remark_id)
            if row is None or row.deleted:
                raise PermissionDenied(_("Piezīme nav atrasta."))
            old = RemarkDetails(row.findings, row.remark, bool(row.done))
            details = validate_remark(change(old))
            row.remark, row.done = details.remark, details.done
            row.done_at = clock.utc_naive() if details.done else None
            enqueue(
                session, "journal_remark.set", _remark_args(row, details, False, remark_texts(old))
            )

    # --- reading the checks -------------------------------------------------------------

    def checks(self) -> list[CheckView]:
        """The school's checks, the latest first (the deputy's and the director's)."""
        if not self._actor.roles & CHECK_READERS:
            return []
        with self._factory() as session:
            counts: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
            for check_id, done in session.execute(
                select(JournalRemark.check_id, JournalRemark.done).where(
                    JournalRemark.deleted.is_(False)
                )
            ):
                counts[check_id][0] += 1
                counts[check_id][1] += not done
            rows = session.execute(
                select(JournalCheck, Staff.first_name, Staff.last_name)
                .outerjoin(Staff, Staff.id == JournalCheck.author_id)
                .where(
                    JournalCheck.school_id == self._school(session), JournalCheck.deleted.is_(False)
                )
                .order_by(JournalCheck.day.desc())
            ).all()
            return [
                CheckView(
                    row.id,
                    row.day,
                    row.classes,
                    row.note,
                    full_name(first, last) if first else "",
                    counts[row.id][0],
                    counts[row.id][1],
                )
                for row, first, last in rows
            ]

    def remarks(self, check_id: uuid.UUID | None = None) -> list[RemarkView]:
        """A check's remarks (the deputy's, the director's), or — with no check — the
        remarks addressed to the user, the open ones first."""
        with self._factory() as session:
            query = (
                select(JournalRemark, JournalCheck, Course.name, ClassGroup.name)
                .join(JournalCheck, JournalCheck.id == JournalRemark.check_id)
                .outerjoin(Course, Course.id == JournalRemark.course_id)
                .outerjoin(ClassGroup, ClassGroup.id == JournalRemark.class_group_id)
                .where(JournalRemark.deleted.is_(False), JournalCheck.deleted.is_(False))
            )
            if check_id is None:
                query = query.where(JournalRemark.addressee_id == self._actor.staff_id)
            elif self._actor.roles & CHECK_READERS:
                query = query.where(JournalRemark.check_id == check_id)
            else:
                raise PermissionDenied(_("Pārbaudes skatās direktora vietnieks vai direktors."))
            names = {
                row.id: full_name(row.first_name, row.last_name)
                for row in session.execute(select(Staff.id, Staff.first_name, Staff.last_name))
            }
            found = [
                RemarkView(
                    remark.id,
                    check.id,
                    check.day,
                    names.get(check.author_id, "") if check.author_id else "",
                    remark.addressee_id,
                    names.get(remark.addressee_id, ""),
                    course
                    or (_("{klass} (audzinātājs)").format(klass=klass) if klass else "")
                    or _("Koncertmeistara darbs"),
                    RemarkDetails(remark.findings, remark.remark, bool(remark.done)),
                    remark.done_at,
                    remark.version == 0 or _waiting(session, remark.id),
                )
                for remark, check, course, klass in session.execute(query)
            ]
        if check_id is None:
            return sorted(found, key=lambda r: (r.details.done, -r.day.toordinal()))
        return sorted(
            found, key=lambda r: (latvian_sort_key(r.addressee), latvian_sort_key(r.about))
        )

    def open_count(self) -> int:
        """How many remarks addressed to the user are not done."""
        return sum(not remark.details.done for remark in self.remarks())

    # --- the act ------------------------------------------------------------------------

    def act(self, check_id: uuid.UUID) -> Document:
        """Žurnālu pārbaudes akts: the check, what was found per person and course, the
        remarks and whether each is done, the signature lines."""
        views = {view.id: view for view in self.checks()}
        view = views.get(check_id)
        if view is None:
            raise PermissionDenied(_("Pārbaude nav atrasta."))
        remarks = self.remarks(check_id)
        with self._factory() as session:
            year = current_year(session, self._school(session), view.day)
            lines = [
                _("Pārbaudes datums: {day}").format(day=f"{view.day:%d.%m.%Y}."),
                _("Pārbaudīti: {classes}").format(classes=view.classes),
                _("Pārbaudīja: {name}").format(name=view.author),
            ]
            grid = Grid(
                (
                    Column(_("Skolotājs"), 1.6),
                    Column(_("Žurnāls"), 1.8),
                    Column(_("Konstatēts"), 4.2),
                    Column(_("Piezīme"), 2.6),
                    Column(_("Izpildīts"), 1.1),
                ),
                tuple(
                    (
                        remark.addressee,
                        remark.about,
                        remark.details.findings,
                        remark.details.remark,
                        f"{remark.done_at:%d.%m.%Y}."
                        if remark.done_at
                        else (_("jā") if remark.details.done else ""),
                    )
                    for remark in remarks
                ),
                empty=_("Pārbaudē nepilnības nav konstatētas."),
            )
            sections = [
                Section(lines=tuple(lines), grid=grid),
                Section(
                    heading=_("Secinājumi"),
                    lines=(view.note or _("(nav ierakstīti)"),),
                    signatures=(_("Direktora vietnieks mācību darbā"), _("Direktors")),
                ),
            ]
            return frame(
                session,
                year.id,
                _("Žurnālu pārbaudes akts"),
                f"{view.classes} · {view.day:%d.%m.%Y}.",
                sections,
                wide=True,
            )


def _waiting(session: Session, remark_id: uuid.UUID) -> bool:
    """Whether a change of the remark is still in the outbox."""
    return any(
        entry.args.get("remark_id") == str(remark_id)
        for entry in session.scalars(
            select(OutboxEntry).where(OutboxEntry.mutation == "journal_remark.set")
        )
    )


def _check_args(
    key: uuid.UUID, details: CheckDetails, deleted: bool, base: dict[str, str | None] | None
) -> dict[str, object]:
    return {
        "check_id": str(key),
        "day": details.day.isoformat(),
        "classes": details.classes,
        "note": details.note,
        "deleted": deleted,
        "base": base,
    }


def _remark_args(
    row: JournalRemark, details: RemarkDetails, deleted: bool, base: dict[str, str | None] | None
) -> dict[str, object]:
    return {
        "remark_id": str(row.id),
        "check_id": str(row.check_id),
        "course_id": str(row.course_id) if row.course_id else None,
        "class_group_id": str(row.class_group_id) if row.class_group_id else None,
        "addressee_id": str(row.addressee_id),
        "findings": details.findings,
        "remark": details.remark,
        "done": details.done,
        "deleted": deleted,
        "base": base,
    }


def _absences_not_entered(
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


def _unjustified(
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
