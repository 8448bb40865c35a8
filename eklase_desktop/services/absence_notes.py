"""The register of absence notes on the tutor's laptop (SPEC T2): add, change and withdraw
notes, offline. Each change is one ``absence_note.set`` in the outbox, written with the note;
the laptop shows the justifications at once, and the server, which holds every attendance
cell (also those a teacher marks later), applies them for everyone (docs/sync-protocol.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.domain.absence_notes import (
    NOTE_FIELDS,
    NoteDetails,
    RegisteredNote,
    justification_on,
    note_from,
    registered_from,
    validate_note,
)
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.names import full_name
from eklase_desktop.domain.values import wire_text
from eklase_desktop.i18n import _
from eklase_desktop.models import AbsenceNote, Attendance, Lesson, Student
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.classes import require_class
from eklase_desktop.services.outbox import enqueue

NOTE_MUTATION = "absence_note.set"


@dataclass(frozen=True)
class NoteView:
    id: uuid.UUID
    student_id: uuid.UUID
    student: str
    details: NoteDetails
    withdrawn: bool
    entered_at: dt.datetime


class AbsenceRegister:
    def __init__(self, factory: sessionmaker[Session], actor: Actor) -> None:
        self._factory = factory
        self._actor = actor

    def notes(self, class_id: uuid.UUID) -> list[NoteView]:
        """The class's notes, newest days first."""
        with self._factory() as session:
            self._require_class(session, class_id)
            rows = session.execute(
                select(AbsenceNote, Student.first_name, Student.last_name)
                .join(Student, Student.id == AbsenceNote.student_id)
                .where(Student.class_group_id == class_id, AbsenceNote.deleted.is_(False))
                .order_by(AbsenceNote.first_day.desc(), AbsenceNote.entered_at.desc())
            ).all()
            return [_view(note, full_name(first, last)) for note, first, last in rows]

    def add(self, student_id: uuid.UUID, details: NoteDetails) -> NoteView:
        """Records a note and justifies the student's absences in its days."""
        checked = validate_note(details)
        with self._factory.begin() as session:
            student = self._require_student(session, student_id)
            earlier = _registered(session, student.id)
            note = AbsenceNote(
                id=uuid.uuid4(),
                student_id=student.id,
                entered_by_id=self._actor.staff_id,
                entered_at=clock.utc_naive(),
                withdrawn=False,
                deleted=False,
                version=0,
            )
            _store(note, checked)
            session.add(note)
            session.flush()
            enqueue(session, NOTE_MUTATION, _args(note, base=None))
            _justify(session, student.id, [(checked.first_day, checked.last_day)], earlier)
            return _view(note, full_name(student.first_name, student.last_name))

    def change(self, note_id: uuid.UUID, details: NoteDetails) -> NoteView:
        """New days, reason, source or comment for a note."""
        return self._update(note_id, validate_note(details), withdrawn=None)

    def withdraw(self, note_id: uuid.UUID) -> NoteView:
        """Withdraws a note: the absences it justified are ``n`` again (unless another note
        covers them)."""
        return self._update(note_id, None, withdrawn=True)

    def _update(
        self, note_id: uuid.UUID, details: NoteDetails | None, *, withdrawn: bool | None
    ) -> NoteView:
        with self._factory.begin() as session:
            note = session.get(AbsenceNote, note_id)
            if note is None or note.deleted:
                raise PermissionDenied(_("Zīme nav atrasta."))
            student = self._require_student(session, note.student_id)
            base = {name: wire_text(getattr(note, name)) for name in NOTE_FIELDS}
            before = (note.first_day, note.last_day)
            earlier = _registered(session, student.id)
            if details is not None:
                _store(note, details)
            if withdrawn is not None:
                note.withdrawn = withdrawn
            session.flush()
            enqueue(session, NOTE_MUTATION, _args(note, base=base))
            _justify(session, student.id, [(note.first_day, note.last_day), before], earlier)
            return _view(note, full_name(student.first_name, student.last_name))

    def _require_student(self, session: Session, student_id: uuid.UUID) -> Student:
        student = session.get(Student, student_id)
        if student is None or student.class_group_id is None:
            raise PermissionDenied(_("Skolēns nav atrasts."))
        self._require_class(session, student.class_group_id)
        return student

    def _require_class(self, session: Session, class_id: uuid.UUID) -> None:
        require_class(session, self._actor, class_id, _("Kavējumu attaisno klases audzinātājs."))


def _store(note: AbsenceNote, details: NoteDetails) -> None:
    note.first_day, note.last_day = details.first_day, details.last_day
    note.justification = details.justification.value
    note.source, note.comment = details.source.value, details.comment


def _args(note: AbsenceNote, *, base: dict[str, str | None] | None) -> dict[str, object]:
    return {
        "absence_note_id": str(note.id),
        "student_id": str(note.student_id),
        "first_day": note.first_day.isoformat(),
        "last_day": note.last_day.isoformat(),
        "justification": note.justification,
        "source": note.source,
        "comment": note.comment,
        "withdrawn": note.withdrawn,
        "base": base,
    }


def _view(note: AbsenceNote, student: str) -> NoteView:
    return NoteView(
        note.id, note.student_id, student, note_from(note), note.withdrawn, note.entered_at
    )


def _registered(session: Session, student_id: uuid.UUID) -> list[RegisteredNote]:
    return [
        registered_from(n)
        for n in session.scalars(
            select(AbsenceNote).where(
                AbsenceNote.student_id == student_id, AbsenceNote.deleted.is_(False)
            )
        )
    ]


def _justify(
    session: Session,
    student_id: uuid.UUID,
    spans: list[tuple[dt.date, dt.date]],
    earlier: list[RegisteredNote],
) -> None:
    """Shows at once what the server will apply: the student's attendance cells in ``spans``
    that followed the notes (``earlier``: before the change) take what the notes give their
    day now; a justification set by hand in a single cell stays."""
    notes = _registered(session, student_id)
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    cells = session.execute(
        select(Attendance, Lesson.date)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .where(Attendance.student_id == student_id, Lesson.date.between(first, last))
    ).all()
    for row, day in cells:
        if not any(start <= day <= end for start, end in spans) or row.deleted:
            continue
        if row.justification == justification_on(earlier, day).value:
            row.justification = justification_on(notes, day).value
