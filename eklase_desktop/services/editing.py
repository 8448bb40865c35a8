"""Writing the journal: cells, period marks and lessons, one transaction per call.

Every change writes the row and its outbox entry together (DESIGN §4, SPEC S1), so a crash
never leaves one without the other. A block of cells (a paste) is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.assessments import (
    TestDetails,
    assessment_from,
    assessment_texts,
    validate_test,
)
from eklase_desktop.domain.attendance import (
    Presence,
    check_can_justify,
    check_can_set_presence,
)
from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.lessons import (
    LESSON_FIELDS,
    NOT_PROFESSIONAL,
    LessonType,
    NotHeldReason,
    SubjectKind,
    automatic_topic,
    validate_lesson,
)
from eklase_desktop.domain.marks import (
    CORRECTED_YEAR,
    POST_EXAM,
    YEAR,
    SlotKind,
    check_corrected_year,
    check_post_exam,
    parse_mark,
    parse_mark_for,
    period_entity,
    period_slot,
)
from eklase_desktop.domain.marks import Mark as MarkValue
from eklase_desktop.domain.period_locks import PeriodClosed
from eklase_desktop.domain.roles import Entity, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    Assessment,
    Attendance,
    Course,
    CourseProgramme,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    cell_id,
)
from eklase_desktop.models.setup import (
    SUBSTITUTE_DAYS,
    YEAR_CLOSED,
    substitutes_on,
    year_closed,
)
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.cells import Cell, CellInput, parse_cell_input
from eklase_desktop.services.journal import (
    CONCERTMASTER_READS,
    LessonColumn,
    course_roles,
    lesson_test,
    to_lesson_column,
    year_rules,
)
from eklase_desktop.services.outbox import enqueue
from eklase_desktop.services.period_locks import CourseLocks, course_locks

Column = uuid.UUID | str  # a lesson id, or a period key such as "S1"


@dataclass(frozen=True)
class CellEdit:
    student_id: uuid.UUID
    column: Column
    text: str


@dataclass(frozen=True)
class CellChange:
    """The new content of one cell after an edit; ``cell`` for lessons, ``text`` for periods."""

    student_id: uuid.UUID
    column: Column
    cell: Cell | None
    text: str


@dataclass(frozen=True)
class LessonDetails:
    """What the lesson panel edits (SPEC J1–J3)."""

    date: dt.date
    topic: str = ""
    homework: str = ""
    notes: str = ""
    lesson_type: LessonType = LessonType.ORDINARY
    not_held_reason: NotHeldReason | None = None
    made_up_date: dt.date | None = None
    remote: bool = False
    number: int | None = None


NOT_MARKED = parse_mark("nv")


@dataclass(frozen=True)
class Late:
    """What a write of cells knows of closed periods: the course's locks, read once, and
    the reason the user gave for a late correction ("" for none)."""

    locks: CourseLocks
    reason: str


class CellRejected(DomainError):
    """One cell of a block was refused; nothing of the block was saved. ``needs_reason``:
    the cell lies in a closed period that a reason would open to the change."""

    def __init__(self, message: str, index: int, needs_reason: bool = False) -> None:
        super().__init__(message)
        self.index = index
        self.needs_reason = needs_reason


class JournalEditor:
    """The write side of one actor's journals."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        actor: Actor,
    ) -> None:
        self._factory = factory
        self._actor = actor

    # --- cells -------------------------------------------------------------------------

    def write_cells(
        self, course_id: uuid.UUID, edits: Sequence[CellEdit], reason: str = ""
    ) -> list[CellChange]:
        """Writes ``edits`` in one transaction; any bad cell raises CellRejected, saves none.
        ``reason``: why marks or absences of a closed period are changed (a late correction,
        DOMAIN: period locks), kept with each such change."""
        with self._factory.begin() as session:
            return self._cells(session, course_id, edits, reason)

    def check_cells(
        self, course_id: uuid.UUID, edits: Sequence[CellEdit], reason: str = ""
    ) -> list[CellChange]:
        """The changes ``write_cells`` would make, or CellRejected as it would raise; saves
        nothing: a paste is checked before the teacher is asked whether it may replace marks."""
        with self._factory() as session:  # closed without a commit: rolled back
            return self._cells(session, course_id, edits, reason)

    def _cells(
        self, session: Session, course_id: uuid.UUID, edits: Sequence[CellEdit], reason: str
    ) -> list[CellChange]:
        course = self._course(session, course_id)
        enrolled: dict[uuid.UUID, dt.date | None] = {
            student: end
            for student, end in session.execute(
                select(Enrolment.student_id, Enrolment.end).where(
                    Enrolment.course_id == course_id, Enrolment.deleted.is_(False)
                )
            )
        }
        changes = []
        late = Late(course_locks(session, self._actor, course), reason)
        for index, edit in enumerate(edits):
            try:
                if edit.student_id not in enrolled:
                    raise DomainError(_("Skolēns nemācās šajā kursā."))
                until = enrolled[edit.student_id]
                changes.append(self._write_one(session, course, edit, until, late))
            except PeriodClosed as error:
                raise CellRejected(error.message, index, error.needs_reason) from error
            except DomainError as error:  # leaving the block rolls all of it back
                raise CellRejected(error.message, index) from error
        return changes

    def _write_one(
        self,
        session: Session,
        course: Course,
        edit: CellEdit,
        until: dt.date | None,
        late: Late,
    ) -> CellChange:
        if isinstance(edit.column, str):
            roles = self._roles_for(session, course)
            text = self._write_period_mark(session, course, roles, edit)
            return CellChange(edit.student_id, edit.column, None, text)
        lesson = session.get(Lesson, edit.column)
        if lesson is None or lesson.deleted or lesson.course_id != course.id:
            raise DomainError(_("Stunda nav atrasta."))
        if until is not None and lesson.date > until:  # left by an order (SPEC C2)
            message = _("Skolēns šajā kursā mācījās līdz {day}.")
            raise DomainError(message.format(day=until.strftime("%d.%m.%Y")))
        lesson_roles = self._roles_for(session, course, lesson)
        is_test = lesson_test(session, lesson.id) is not None
        parsed = parse_cell_input(
            edit.text, course.mark_slot(SlotKind.TEST if is_test else SlotKind.LESSON)
        )
        if is_test and parsed.presence is Presence.ABSENT and parsed.mark is None:
            parsed = replace(parsed, mark=NOT_MARKED)  # SPEC J9: nv until the test is written
        elif is_test and parsed.presence is Presence.PRESENT and parsed.mark is not None:
            # the test written later replaces nv: the absence on the day stays (SPEC J9)
            held = session.get(Mark, cell_id("mark", lesson.id, edit.student_id))
            absent = session.get(Attendance, cell_id("attendance", lesson.id, edit.student_id))
            if (
                held is not None and not held.deleted and held.value == "nv"
                and absent is not None and not absent.deleted
                and absent.presence == Presence.ABSENT.value
            ):  # fmt: skip
                parsed = replace(parsed, presence=Presence.ABSENT)
        cell = self._apply_cell(
            session, lesson, edit.student_id, parsed, frozenset(lesson_roles), late
        )
        return CellChange(edit.student_id, edit.column, cell, cell.text)

    def _apply_cell(
        self,
        session: Session,
        lesson: Lesson,
        student_id: uuid.UUID,
        parsed: CellInput,
        roles: frozenset[Role],
        late: Late,
    ) -> Cell:
        attendance = session.get(Attendance, cell_id("attendance", lesson.id, student_id))
        mark = session.get(Mark, cell_id("mark", lesson.id, student_id))
        before = Cell(
            attendance.presence if attendance and not attendance.deleted else "",
            attendance.justification if attendance and not attendance.deleted else "",
            mark.value if mark and not mark.deleted else "",
        )
        justification = (
            parsed.justification.value if parsed.justification is not None else before.justification
        )
        after = Cell(parsed.presence.value, justification, str(parsed.mark) if parsed.mark else "")
        if after.presence != before.presence:
            check_can_set_presence(roles)
        if after.justification != before.justification:
            check_can_justify(roles)
        if after.mark != before.mark:
            require(roles, Entity.MARK)
        reason = ""
        if after != before:  # a closed period: the deputy's, or with a reason, or not at all
            reason = late.locks.reason_for(session, lesson.date, student_id, late.reason)
        if (after.presence, after.justification) != (before.presence, before.justification):
            self._store_attendance(session, lesson, student_id, attendance, after, reason)
        if after.mark != before.mark:
            self._store_mark(session, lesson, student_id, mark, parsed.mark, reason)
        return after

    def _store_attendance(
        self,
        session: Session,
        lesson: Lesson,
        student_id: uuid.UUID,
        row: Attendance | None,
        after: Cell,
        reason: str = "",
    ) -> None:
        if row is None:
            row = Attendance(
                id=cell_id("attendance", lesson.id, student_id),
                lesson_id=lesson.id,
                student_id=student_id,
                presence="",
                justification="",
            )
            session.add(row)
        base_presence = "" if row.deleted else row.presence
        base_justification = "" if row.deleted else row.justification
        row.presence, row.justification, row.deleted = after.presence, after.justification, False
        keys: dict[str, object] = {
            "attendance_id": str(row.id),
            "lesson_id": str(lesson.id),
            "student_id": str(student_id),
        }
        if reason:
            keys["reason"] = reason
        if base_presence != after.presence:
            self._enqueue(
                session,
                "attendance.set_presence",
                row.version,
                {
                    **keys,
                    "presence": after.presence,
                    "base": base_presence,
                    "base_justification": base_justification,
                },
            )
        if base_justification != after.justification:
            self._enqueue(
                session,
                "attendance.set_justification",
                row.version,
                {
                    **keys,
                    "justification": after.justification,
                    "base": base_justification,
                },
            )

    def _store_mark(
        self,
        session: Session,
        lesson: Lesson,
        student_id: uuid.UUID,
        row: Mark | None,
        value: MarkValue | None,
        reason: str = "",
    ) -> None:
        now = clock.now()
        if row is None:
            row = Mark(
                id=cell_id("mark", lesson.id, student_id),
                lesson_id=lesson.id,
                student_id=student_id,
                value="",
                deleted=True,
            )
            session.add(row)
        base = None if row.deleted else row.value
        row.value = str(value) if value else row.value
        row.deleted = value is None
        row.entered_at, row.entered_by_id = now, self._actor.staff_id
        self._enqueue(
            session,
            "mark.set",
            row.version,
            {
                "mark_id": str(row.id),
                "lesson_id": str(lesson.id),
                "student_id": str(student_id),
                "value": str(value) if value else None,
                "base": base,
                **({"reason": reason} if reason else {}),
            },
        )

    def _write_period_mark(
        self, session: Session, course: Course, roles: frozenset[Role], edit: CellEdit
    ) -> str:
        period = str(edit.column)
        kind = period_slot(period)
        if kind is None:
            raise DomainError(_("Nezināma vērtējuma kolonna."))
        require(roles, period_entity(kind))
        text = edit.text.strip()
        value = str(parse_mark_for(text, course.mark_slot(kind))) if text else None
        if period in (CORRECTED_YEAR, POST_EXAM) and value is not None:
            needed = POST_EXAM if period == CORRECTED_YEAR else YEAR
            earlier = session.get(
                PeriodMark, cell_id("period_mark", course.id, edit.student_id, needed)
            )
            check = check_corrected_year if period == CORRECTED_YEAR else check_post_exam
            check(None if earlier is None or earlier.deleted else earlier.value)
        mark_id = cell_id("period_mark", course.id, edit.student_id, period)
        row = session.get(PeriodMark, mark_id)
        base = None if row is None or row.deleted else row.value
        if base == value:
            return value or ""
        if row is None:
            row = PeriodMark(
                id=mark_id,
                course_id=course.id,
                student_id=edit.student_id,
                period=period,
                value="",
                deleted=True,
            )
            session.add(row)
        row.value, row.deleted, row.entered_at = value or row.value, value is None, clock.now()
        self._enqueue(
            session,
            "period_mark.set",
            row.version,
            {
                "period_mark_id": str(row.id),
                "course_id": str(course.id),
                "student_id": str(edit.student_id),
                "period": period,
                "value": value,
                "base": base,
            },
        )
        return value or ""

    # --- lessons -----------------------------------------------------------------------

    def add_lesson(self, course_id: uuid.UUID, day: dt.date | None = None) -> LessonColumn:
        """A new ordinary lesson, dated today unless told otherwise; holiday and first-day
        lessons get their automatic topic (SPEC J5)."""
        day = day or clock.now().date()
        with self._factory.begin() as session:
            course = self._course(session, course_id)
            me = self._actor.staff_id
            # a substitute's lesson in the substitution's days is theirs (SPEC J4)
            substitute = course.teacher_id != me and substitutes_on(session, course.id, me, day)
            if not substitute:
                require(self._roles_for(session, course), Entity.LESSON)
            topic = automatic_topic(day, year_rules(session, course.school_year_id)) or ""
            lesson = Lesson(
                course_id=course.id,
                date=day,
                topic=topic,
                homework="",
                notes="",
                lesson_type=LessonType.ORDINARY.value,
                remote=False,
                taught_by_id=me if substitute else None,
            )
            session.add(lesson)
            session.flush()
            self._enqueue(session, "lesson.create", 0, _lesson_args(lesson))
            return to_lesson_column(lesson, None)

    def update_lesson(self, lesson_id: uuid.UUID, details: LessonDetails) -> LessonColumn:
        """Saves the lesson panel (SPEC J1–J3); invalid combinations are refused whole."""
        validate_lesson(
            details.lesson_type,
            made_up_date=details.made_up_date,
            not_held_reason=details.not_held_reason,
            day=details.date,
        )
        with self._factory.begin() as session:
            lesson = self._lesson(session, lesson_id)
            course = self._course(session, lesson.course_id)
            require(self._roles_for(session, course, lesson), Entity.LESSON)
            me = self._actor.staff_id
            substitute = course.teacher_id != me == lesson.taught_by_id
            moved = details.date != lesson.date
            if substitute and moved and not substitutes_on(session, course.id, me, details.date):
                raise PermissionDenied(_(SUBSTITUTE_DAYS))  # SPEC J4
            before = _lesson_args(lesson)
            lesson.date, lesson.number = details.date, details.number
            lesson.topic, lesson.homework = details.topic.strip(), details.homework.strip()
            lesson.notes, lesson.remote = details.notes.strip(), details.remote
            lesson.lesson_type = details.lesson_type.value
            lesson.not_held_reason = (
                details.not_held_reason.value if details.not_held_reason else None
            )
            lesson.made_up_date = details.made_up_date
            after = _lesson_args(lesson)
            changed = [key for key in LESSON_FIELDS if after[key] != before[key]]
            if changed:
                self._enqueue(
                    session,
                    "lesson.update",
                    lesson.version,
                    {
                        "lesson_id": str(lesson.id),
                        "changes": {key: after[key] for key in changed},
                        "base": {key: before[key] for key in changed},
                    },
                )
            return to_lesson_column(lesson, lesson_test(session, lesson.id))

    def set_test(self, lesson_id: uuid.UUID, details: TestDetails | None) -> LessonColumn:
        """Makes the lesson a test (SPEC J7), changes it, or (``details`` None) an ordinary
        lesson again. A student already absent gets ``nv`` in an empty mark (SPEC J9)."""
        checked = validate_test(details) if details is not None else None
        with self._factory.begin() as session:
            lesson = self._lesson(session, lesson_id)
            course = self._course(session, lesson.course_id)
            roles = self._roles_for(session, course, lesson)
            require(roles, Entity.TEST)
            row = session.scalar(select(Assessment).where(Assessment.lesson_id == lesson.id))
            before = None if row is None or row.deleted else assessment_from(row)
            if before == checked:
                return to_lesson_column(lesson, checked)
            if row is None:
                row = Assessment(id=cell_id("assessment", lesson.id), lesson_id=lesson.id)
                session.add(row)
                base = None
            else:
                base = assessment_texts(assessment_from(row), bool(row.deleted))
            stored = checked or assessment_from(row)
            row.kind, row.topic = stored.kind.value, stored.topic
            row.methodology, row.deleted = stored.methodology.value, checked is None
            session.flush()
            self._enqueue(
                session,
                "assessment.set",
                row.version,
                {
                    "assessment_id": str(row.id),
                    "lesson_id": str(lesson.id),
                    "kind": row.kind,
                    "topic": row.topic,
                    "methodology": row.methodology,
                    "deleted": bool(row.deleted),
                    "base": base,
                },
            )
            if checked is not None and before is None:
                self._absent_get_nv(session, lesson, frozenset(roles))
            return to_lesson_column(lesson, checked)

    def _absent_get_nv(self, session: Session, lesson: Lesson, roles: frozenset[Role]) -> None:
        """``nv`` for each student absent from a lesson that became a test, whose mark is
        empty (SPEC J9)."""
        absent = session.scalars(
            select(Attendance.student_id).where(
                Attendance.lesson_id == lesson.id,
                Attendance.presence == Presence.ABSENT.value,
                Attendance.deleted.is_(False),
            )
        ).all()
        for student_id in absent:
            mark = session.get(Mark, cell_id("mark", lesson.id, student_id))
            if mark is None or mark.deleted:
                require(roles, Entity.MARK)
                self._store_mark(session, lesson, student_id, mark, NOT_MARKED)

    def set_programme(self, course_id: uuid.UUID, semester: int, text: str) -> None:
        """A professional course's semester programme (SPEC J11); empty clears it."""
        text = text.strip()
        if len(text) > 4000:
            raise DomainError(_("Semestra programma: ne vairāk kā 4000 rakstzīmes."))
        with self._factory.begin() as session:
            course = self._course(session, course_id)
            require(self._roles_for(session, course), Entity.LESSON)
            if course.subject.kind != SubjectKind.PROFESSIONAL:
                raise DomainError(_(NOT_PROFESSIONAL))
            key = cell_id("course_programme", course.id, str(semester))
            row = session.get(CourseProgramme, key)
            base = None if row is None or row.deleted or not row.text else row.text
            if (base or "") == text:
                return
            if row is None:
                row = CourseProgramme(id=key, course_id=course.id, semester=semester)
                session.add(row)
            row.text, row.deleted, row.entered_at = text, False, clock.now()
            session.flush()
            self._enqueue(
                session,
                "course_programme.set",
                row.version,
                {
                    "course_programme_id": str(key),
                    "course_id": str(course.id),
                    "semester": semester,
                    "text": text,
                    "base": base,
                },
            )

    def delete_lesson(self, lesson_id: uuid.UUID) -> None:
        """Deletes a lesson with a tombstone (its marks and absences stay in the database for
        the audit trail; the server decides on conflicts)."""
        with self._factory.begin() as session:
            lesson = self._lesson(session, lesson_id)
            course = self._course(session, lesson.course_id)
            require(self._roles_for(session, course, lesson), Entity.LESSON)
            lesson.deleted = True
            self._enqueue(session, "lesson.delete", lesson.version, {"lesson_id": str(lesson.id)})

    # --- helpers -----------------------------------------------------------------------

    def _course(self, session: Session, course_id: uuid.UUID) -> Course:
        course = session.get(Course, course_id)
        if course is None or course.deleted:
            raise DomainError(_("Žurnāls nav atrasts."))
        if year_closed(session, course.school_year_id):
            raise DomainError(_(YEAR_CLOSED))
        return course

    def _lesson(self, session: Session, lesson_id: uuid.UUID) -> Lesson:
        lesson = session.get(Lesson, lesson_id)
        if lesson is None or lesson.deleted:
            raise DomainError(_("Stunda nav atrasta."))
        return lesson

    def _roles_for(
        self, session: Session, course: Course, lesson: Lesson | None = None
    ) -> frozenset[Role]:
        """The roles the actor holds for ``course`` (DOMAIN: roles); a substitute holds the
        teacher's for the lessons they teach (SPEC J4). Refuses who holds none."""
        roles = course_roles(session, self._actor, course, lesson)
        if not roles and course.concertmaster_id == self._actor.staff_id:
            raise PermissionDenied(_(CONCERTMASTER_READS))
        if not roles:
            raise PermissionDenied(_("Jums nav tiesību rakstīt šajā žurnālā."))
        return roles

    def _enqueue(
        self, session: Session, mutation: str, base_version: int, args: dict[str, object]
    ) -> None:
        enqueue(session, mutation, args, base_version)


def _lesson_args(lesson: Lesson) -> dict[str, object]:
    return {
        "lesson_id": str(lesson.id),
        "course_id": str(lesson.course_id),
        "date": lesson.date.isoformat(),
        "number": lesson.number,
        "topic": lesson.topic,
        "homework": lesson.homework,
        "notes": lesson.notes,
        "lesson_type": lesson.lesson_type,
        "not_held_reason": lesson.not_held_reason,
        "made_up_date": lesson.made_up_date.isoformat() if lesson.made_up_date else None,
        "remote": lesson.remote,
    }


__all__ = ["CellChange", "CellEdit", "JournalEditor", "LessonDetails"]
