"""The register of absence notes on the server (SPEC T2): ``absence_note.set`` and the
justifications a note gives the student's absences in its days (docs/sync-protocol.md §4).

A note is the class's, not a course's: the student's tutor (or the deputy, the clerk, the
director) writes it. Its justification is written into the student's attendance cells of
the days it covers, also cells without an absence yet (shown only in the register until a
teacher marks ``n``), and an ``n`` marked later in its days takes it (``noted``).
Withdrawing a note, or moving its days, recomputes the cells it covered.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from eklase_desktop.domain.absence_notes import (
    InvalidNote,
    RegisteredNote,
    justification_on,
    note_from,
    registered_from,
    validate_note,
)
from eklase_desktop.domain.attendance import check_can_justify
from eklase_desktop.i18n import _
from eklase_desktop.models import AbsenceNote, Attendance, Lesson, Student
from eklase_desktop.models.setup import YEAR_CLOSED, closed_on
from eklase_desktop.sync.mutation_args import AbsenceNoteSetArgs
from eklase_desktop.sync.protocol import NOTE_FIELDS, Mutation, MutationName, Status, wire_text
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.scopes import class_roles

# What a note changes that moves justifications (a comment or a source does not).
JUSTIFYING = frozenset({"first_day", "last_day", "justification", "withdrawn"})


def absence_note_set(context: Context, args: AbsenceNoteSetArgs, mutation: Mutation) -> Result:
    student = context.session.get(Student, args.student_id)
    if student is None or student.deleted:
        raise Rejected(_("Skolēns nav atrasts."))
    _require_writer(context, student.id)
    note_days = (args.first_day, args.last_day)
    if any(closed_on(context.session, student.school_id, day) for day in note_days):
        raise Rejected(_(YEAR_CLOSED))
    _lock_student(context, student.id)
    earlier = registered(context, student.id)
    mine = {name: wire_text(getattr(args, name)) for name in NOTE_FIELDS}
    note = context.session.get(AbsenceNote, args.absence_note_id)
    conflicts: list[uuid.UUID] = []
    if note is None:
        if args.base is not None:
            raise Rejected(_("Zīme nav atrasta."))
        before = None
        note = AbsenceNote(
            id=args.absence_note_id,
            student_id=student.id,
            entered_by_id=context.user.staff_id,
            # one push's notes keep their order: the one entered last decides a shared day
            entered_at=context.audit.at + dt.timedelta(microseconds=len(context.staged.rows)),
            deleted=False,
            **{name: _value(name, mine[name]) for name in NOTE_FIELDS},
        )
        context.session.add(note)
        changed: Changed = [(name, None, mine[name]) for name in NOTE_FIELDS]
    else:
        if note.student_id != student.id:
            raise Rejected(_("Zīme ar šo identifikatoru jau ir."))
        before = (note.first_day, note.last_day)
        base = args.base if args.base is not None else mine  # a repeat of the creation
        changed, conflicts = _merge(context, note, base, mine)
    _check(note)
    if not changed:
        return Status.MERGED, note.version, conflicts
    version = _changed(context, note)
    for name, old, new in changed:
        action = "create" if before is None else "set"
        context.audit.log(
            action, "absence_note", note.id, name, old, new, version, student_id=student.id
        )
    if JUSTIFYING.intersection(name for name, _old, _new in changed):
        days = [(note.first_day, note.last_day)] + ([before] if before else [])
        _justify(context, student.id, days, earlier)
    return Status.APPLIED, version, conflicts


def _require_writer(context: Context, student_id: uuid.UUID) -> None:
    """The student's tutor, the deputy or the clerk writes notes (the director reads)."""
    check_can_justify(class_roles(context.session, context.user, student_id))


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the value a person chose for a note's field in a review entry."""
    note = context.session.get(AbsenceNote, conflict.row_id)
    if note is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    _require_writer(context, note.student_id)
    current = wire_text(getattr(note, conflict.field))
    if current == chosen:
        return None
    _lock_student(context, note.student_id)
    earlier = registered(context, note.student_id)
    before = (note.first_day, note.last_day)
    setattr(note, conflict.field, _value(conflict.field, chosen))
    _check(note)
    version = _changed(context, note)
    context.audit.log(
        "resolve",
        "absence_note",
        note.id,
        conflict.field,
        current,
        chosen,
        version,
        student_id=note.student_id,
    )
    _justify(context, note.student_id, [(note.first_day, note.last_day), before], earlier)
    return version


def _merge(
    context: Context, note: AbsenceNote, base: dict[str, str | None], mine: dict[str, str | None]
) -> tuple[Changed, list[uuid.UUID]]:
    """Field by field, like a lesson: the later arrival wins, the other value is kept for
    review (two people rarely edit one note; neither edit is lost)."""
    current = {name: wire_text(getattr(note, name)) for name in NOTE_FIELDS}
    return merge_record(
        context,
        "absence_note",
        note,
        NOTE_FIELDS,
        base,
        mine,
        current,
        lambda name, text: setattr(note, name, _value(name, text)),
        student_id=note.student_id,
    )


def _value(name: str, text: str | None) -> Any:
    """A note field's wire text as the model stores it."""
    if name in ("first_day", "last_day"):
        return dt.date.fromisoformat(str(text))
    if name == "withdrawn":
        return text == "true"
    return text or ""


def _check(note: AbsenceNote) -> None:
    try:
        validate_note(note_from(note))
    except InvalidNote as error:
        raise Rejected(error.message) from error


def registered(context: Context, student_id: uuid.UUID) -> list[RegisteredNote]:
    """The student's notes (this push's changes included), read once per push: a push of a
    class's absences asks for the same student's notes once per lesson. ``_changed`` forgets
    them when a note of the student changes."""
    if student_id not in context.notes:
        notes = context.session.scalars(
            select(AbsenceNote).where(
                AbsenceNote.student_id == student_id, AbsenceNote.deleted.is_(False)
            )
        )
        context.notes[student_id] = [registered_from(n) for n in notes]
    found: list[RegisteredNote] = context.notes[student_id]
    return found


def _changed(context: Context, note: AbsenceNote) -> int:
    """Records a changed note and forgets the student's notes as read."""
    context.notes.pop(note.student_id, None)
    return context.record("absence_note", note)


def noted(context: Context, student_id: uuid.UUID, day: dt.date) -> str:
    """The justification the student's notes give an absence on ``day`` ("" if none)."""
    _lock_student(context, student_id)
    return str(justification_on(registered(context, student_id), day).value)


def follow_lesson_day(context: Context, lesson: Lesson, old_day: dt.date) -> None:
    """A lesson moved to another day: its absences that followed the notes of the old day
    take what the notes give the new one (a justification set by hand stays)."""
    cells = list(
        context.session.scalars(
            select(Attendance.id).where(
                Attendance.lesson_id == lesson.id, Attendance.deleted.is_(False)
            )
        )
    )
    context.prefetch(Attendance, set(cells))
    for cell_id in cells:
        row = context.get(Attendance, cell_id)
        if row is None or row.deleted:
            continue
        _lock_student(context, row.student_id)
        notes = registered(context, row.student_id)
        followed = str(justification_on(notes, old_day).value)
        wanted = str(justification_on(notes, lesson.date).value)
        if row.justification != followed or row.justification == wanted:
            continue
        _write(context, row, wanted, lesson.course_id)


def _lock_student(context: Context, student_id: uuid.UUID) -> None:
    """A note and an absence of the same student take turns (PostgreSQL): an ``n`` marked
    while a note is being written is justified by it, or counted when the note recomputes.
    The lock is held to the push's end, so it is taken once."""
    if student_id in context.locked_students:
        return
    context.session.execute(select(Student.id).where(Student.id == student_id).with_for_update())
    context.locked_students.add(student_id)


def _justify(
    context: Context,
    student_id: uuid.UUID,
    spans: list[tuple[dt.date, dt.date]],
    earlier: list[RegisteredNote],
) -> None:
    """Sets the justification the notes now give the student's attendance cells in ``spans``
    (the note's days, before and after the change), in those cells that followed the notes
    (``earlier``: the notes before the change). A justification set by hand in a single cell
    is the tutor's decision and stays."""
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    cells = context.session.execute(
        select(Attendance.id, Lesson.id, Lesson.date, Lesson.course_id)
        .join(Lesson, Lesson.id == Attendance.lesson_id)
        .where(
            Attendance.student_id == student_id,
            Lesson.date.between(first, last),
            Lesson.deleted.is_(False),
        )
    ).all()
    if not cells:
        return
    # A teacher's push on these lessons waits for this one, as it would for a lesson edit.
    context.lock(set(), {lesson_id for _cell, lesson_id, _day, _course in cells})
    context.prefetch(Attendance, {cell_id for cell_id, *_rest in cells})
    notes = registered(context, student_id)
    for cell_id, _lesson, day, course_id in cells:
        if not any(start <= day <= end for start, end in spans):
            continue
        row = context.get(Attendance, cell_id)
        if row is None or row.deleted:
            continue
        wanted = str(justification_on(notes, day).value)
        followed = str(justification_on(earlier, day).value)
        if row.justification == wanted or row.justification != followed:
            continue
        _write(context, row, wanted, course_id)


def _write(context: Context, row: Any, justification: str, course_id: uuid.UUID) -> None:
    """An attendance cell's justification as the notes give it, audited as ``note``."""
    old, row.justification = row.justification, justification
    version = context.record("attendance", row, course_id)
    context.audit.log(
        "note",
        "attendance",
        row.id,
        "justification",
        old,
        justification,
        version,
        course_id=course_id,
        student_id=row.student_id,
    )


DECLARED = (
    Declared(
        MutationName.ABSENCE_NOTE_SET,
        absence_note_set,
        senders=(
            "tutor of the student's class, clerk, deputy (a teacher gets \"Kavējumu "
            'attaisno klases audzinātājs.")'
        ),
        checks=(
            "student exists; role; an existing note with `base` null only as a repeat of its "
            "creation; the merged note valid (`domain.absence_notes.validate_note`: last day "
            "not before the first, at most a year, a reason); merge"
        ),
        merge=(
            "per field, the last to arrive wins and the replaced value is kept for review; the "
            "student's cells in the note's days follow the notes (§4, what a note does)"
        ),
        scope="the student's class: its tutor, deputy, clerk, director (never subject teachers)",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_field,
    ),
)
