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
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.journal_checks import (
    CheckDetails,
    CheckKind,
    FindingKind,
    RemarkDetails,
    check_texts,
    remark_texts,
    validate_check,
    validate_remark,
)
from eklase_desktop.domain.names import full_name, latvian_sort_key
from eklase_desktop.domain.roles import Entity, Role, can_write, require
from eklase_desktop.i18n import N_, _, plural
from eklase_desktop.models import (
    ClassGroup,
    Course,
    JournalCheck,
    JournalRemark,
    OutboxEntry,
    Staff,
    Student,
)
from eklase_desktop.models.setup import check_details
from eklase_desktop.reports.document import Column, Document, Grid, Section
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.check_findings import (
    Target,
    Targets,
    absences_not_entered,
    personal_files,
    unjustified,
    year_marks,
)
from eklase_desktop.services.journal import class_sort_key, current_year
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.overdue import CourseGaps, OverdueItem, OverdueKind
from eklase_desktop.services.reporting import class_courses
from eklase_desktop.services.reporting.common import frame
from eklase_desktop.services.reporting.facts import staff_names
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


@dataclass(frozen=True)
class CheckView:
    id: uuid.UUID
    day: dt.date
    classes: str
    note: str
    author: str
    remarks: int
    open: int  # not yet marked done
    kind: CheckKind = CheckKind.JOURNALS
    signed_on: dt.date | None = None


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
            courses = {
                row.id: row
                for row in session.scalars(
                    select(Course).where(Course.id.in_(course_ids), Course.deleted.is_(False))
                )
            }
            targets = Targets(staff_names(session))
            for item in self._late_entries(course_ids, now):
                course = courses.get(item.course_id) if item.course_id else None
                if course is not None and item.writer_id is not None:
                    kind = _KINDS[item.kind]
                    targets.add(item.writer_id, course.name, kind, item.what, course.id)
            for course, writer, day in absences_not_entered(session, courses, now):
                absent = f"{day:%d.%m.}"
                targets.add(writer, course.name, FindingKind.ABSENCES, absent, course.id)
            for group, tutor, count, month in unjustified(session, class_ids, now):
                about = _("{klass} (audzinātājs)").format(klass=group.name)
                lessons = plural(count, N_("{count} stunda"), N_("{count} stundas"))
                targets.add(
                    tutor, about, FindingKind.UNJUSTIFIED, f"{month}: {lessons}", None, group.id
                )
        accompanying = {c.concertmaster_id for c in courses.values() if c.concertmaster_id}
        for concertmaster in sorted(accompanying):
            for week in self._weeks(concertmaster, now):
                targets.add(concertmaster, _("Koncertmeistara darbs"), FindingKind.WEEKS, week)
        return targets.found()

    def inspect_year_end(self, class_ids: list[uuid.UUID] | None, today: dt.date) -> list[Target]:
        """The summary journal at the year's end (SPEC V3, M 22.3): per teacher and course the
        students without a year mark (``atb``/``a`` count as one) and those with a failing one
        but no post-examination mark; per class tutor what each student's personal file lacks
        (M 12–13: the personal code or birth date, the declared address, the admission order,
        a legal representative)."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        with self._factory() as session:
            year = current_year(session, self._school(session), today)
            groups = {
                group.id: group
                for group in session.scalars(
                    select(ClassGroup).where(
                        ClassGroup.school_year_id == year.id, ClassGroup.deleted.is_(False)
                    )
                )
                if class_ids is None or group.id in class_ids
            }
            names = staff_names(session)
            targets = Targets(names)
            pupils = {
                row.id: row
                for row in session.scalars(
                    select(Student).where(
                        Student.class_group_id.in_(list(groups)), Student.deleted.is_(False)
                    )
                )
            }
            year_marks(
                session, year.last_day, class_courses(session, list(groups)), pupils, targets
            )
            personal_files(session, groups, pupils, targets)
        return targets.found()

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

    def save(
        self,
        day: dt.date,
        classes: str,
        targets: list[Target],
        note: str = "",
        kind: CheckKind = CheckKind.JOURNALS,
    ) -> uuid.UUID:
        """Keeps a new check with a remark for each target; raises DomainError."""
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        details = validate_check(CheckDetails(day, classes, note, kind))
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
                kind=details.kind.value,
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
        self._change_check(check_id, lambda details: replace(details, note=note))

    def sign(self, check_id: uuid.UUID, day: dt.date) -> None:
        """The deputy signs a year-end check off (SPEC V3)."""
        self._change_check(check_id, lambda details: replace(details, signed_on=day))

    def _change_check(
        self, check_id: uuid.UUID, change: Callable[[CheckDetails], CheckDetails]
    ) -> None:
        require(self._actor.roles, Entity.JOURNAL_CHECK)
        with self._factory.begin() as session:
            row = session.get(JournalCheck, check_id)
            if row is None or row.deleted:
                raise PermissionDenied(_("Pārbaude nav atrasta."))
            old = check_details(row)
            details = validate_check(change(old))
            row.note, row.signed_on = details.note, details.signed_on
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
                    CheckKind(row.kind),
                    row.signed_on,
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
            names = staff_names(session)
            waiting = _waiting(session)
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
                    remark.version == 0 or str(remark.id) in waiting,
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
            if view.kind is CheckKind.YEAR_END:
                lines.append(
                    _("Apstiprināts (parakstīts): {day}").format(day=f"{view.signed_on:%d.%m.%Y}.")
                    if view.signed_on
                    else _("Vēl nav apstiprināts.")
                )
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
            title = (
                _("Mācību sasniegumu kopsavilkuma žurnāla pārbaudes akts")
                if view.kind is CheckKind.YEAR_END
                else _("Žurnālu pārbaudes akts")
            )
            return frame(
                session,
                year.id,
                title,
                f"{view.classes} · {view.day:%d.%m.%Y}.",
                sections,
                wide=True,
            )


def _waiting(session: Session) -> set[str]:
    """The remarks whose change is still in the outbox (read once for a list)."""
    entries = session.scalars(
        select(OutboxEntry).where(OutboxEntry.mutation == "journal_remark.set")
    )
    return {str(entry.args.get("remark_id")) for entry in entries}


def _check_args(
    key: uuid.UUID, details: CheckDetails, deleted: bool, base: dict[str, str | None] | None
) -> dict[str, object]:
    return {
        "check_id": str(key),
        "day": details.day.isoformat(),
        "classes": details.classes,
        "note": details.note,
        "kind": details.kind.value,
        "signed_on": details.signed_on.isoformat() if details.signed_on else None,
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
