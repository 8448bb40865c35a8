"""Work logs on the server (SPEC K1, J6, J15): ``work_record.set``.

A record is its author's: the concertmaster's accompaniment of the courses they accompany
(or free-standing), a teacher's practice hours, individual work. Only the author, and the
deputy, change it. Accompaniment is pulled by its author, the course's teacher (who sees
which lessons were accompanied) and the deputy; the rest by its author, the students' class
tutor and the deputy (``Scope.withholds``). Fields merge like a class log's: the last
arrival wins and the value it replaced is kept for review.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import Role, require
from eklase_desktop.domain.work_records import (
    RECORD_FIELDS,
    InvalidRecord,
    WorkKind,
    WorkRecord,
    course_refusal,
    record_from,
    record_texts,
    validate_record,
)
from eklase_desktop.i18n import _
from eklase_desktop.models import Course, Lesson, Student
from eklase_desktop.models import WorkRecord as Row
from eklase_desktop.models.setup import YEAR_CLOSED
from eklase_desktop.models.work_records import record_class, student_classes
from eklase_desktop.sync.mutation_args import WorkRecordSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result

FIELDS = (*RECORD_FIELDS, "students", "deleted")


def work_record_set(context: Context, args: WorkRecordSetArgs, mutation: Mutation) -> Result:
    kind = WorkKind(args.kind)
    try:
        require(context.user.roles, kind.entity)
    except DomainError as error:
        raise Rejected(error.message) from error
    me = context.user.staff_id
    if me is None:
        raise Rejected(_("Ierakstus veic darbinieks."))
    row = context.session.get(Row, args.work_record_id)
    if row is not None:
        if row.kind != kind.value:
            raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
        if row.author_id != me and Role.DEPUTY not in context.user.roles:
            raise Rejected(_("Citu darbinieku ierakstus nevar labot."))
    author = row.author_id if row is not None else me
    record = _checked(context, args, kind, author, row)
    mine = record_texts(record, args.deleted)
    conflicts: list[uuid.UUID] = []
    if row is None:
        if args.base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = Row(
            id=args.work_record_id,
            kind=kind.value,
            author_id=me,
            entered_at=context.audit.at,
        )
        _store(row, record, args.deleted)
        row.class_group_id = record_class(context.session, record)
        context.session.add(row)
        changed: Changed = [
            (name, None, mine[name]) for name in FIELDS if mine[name] not in (None, "", "false")
        ]
    else:
        base = args.base if args.base is not None else mine  # a repeat of the creation
        changed, conflicts = _merge(context, row, base, mine)
        row.class_group_id = record_class(context.session, record_from(row))
    if not changed:
        return Status.MERGED, row.version, conflicts
    version = context.record("work_record", row)
    for name, old, new in changed:
        context.audit.log(
            "set", "work_record", row.id, name, old, new, version, course_id=row.course_id
        )
    return Status.APPLIED, version, conflicts


def _checked(
    context: Context,
    args: WorkRecordSetArgs,
    kind: WorkKind,
    author: uuid.UUID,
    row: Row | None,
) -> WorkRecord:
    """The record as the domain takes it, its course, lesson and students checked (what the
    stored record already names stays allowed: a student who has left since)."""
    kept = record_from(row) if row is not None else None
    day = args.day
    students = frozenset(args.students)
    if args.course_id is not None:
        course = context.get(Course, args.course_id)
        if course is None or course.deleted:
            raise Rejected(_("Žurnāls nav atrasts."))
        if context.year_closed(course.school_year_id):
            raise Rejected(_(YEAR_CLOSED))
        refusal = course_refusal(kind, author, course.teacher_id, course.concertmaster_id)
        if refusal is not None:
            raise Rejected(refusal)
        if args.lesson_id is not None:
            lesson = context.get(Lesson, args.lesson_id)
            if lesson is None or lesson.deleted or lesson.course_id != course.id:
                raise Rejected(_("Stunda nav atrasta."))
            day = lesson.date  # the teacher's lesson date (SPEC K1)
        new = students - (kept.students if kept else frozenset())
        for student in sorted(new):
            if not context.enrolled(course.id, student):
                raise Rejected(_("Skolēns nemācās šajā kursā."))
    elif args.lesson_id is not None:
        raise Rejected(_("Pavadītajai stundai norādiet kursu."))
    try:
        record = validate_record(
            WorkRecord(
                kind,
                day,
                students,
                args.topic,
                args.text,
                args.hours,
                args.course_id,
                args.lesson_id,
            )
        )
    except InvalidRecord as error:
        raise Rejected(error.message) from error
    if not kind.individual and kind is not WorkKind.PRACTICE:
        return record
    known = kept.students if kept else frozenset()
    for student_id in sorted(record.students - known):
        pupil = context.get(Student, student_id)
        if pupil is None or pupil.deleted:
            raise Rejected(_("Skolēns nav atrasts."))
    if len(student_classes(context.session, record.students)) > 1:
        raise Rejected(_("Vienā ierakstā norādiet vienas klases audzēkņus."))
    return record


def texts_of(row: Row) -> dict[str, str | None]:
    """A stored record's fields as wire text (what merges compare)."""
    return record_texts(record_from(row), bool(row.deleted))


def _store(row: Row, record: WorkRecord, deleted: bool) -> None:
    for name in RECORD_FIELDS:
        setattr(row, name, getattr(record, name))
    row.students = sorted(str(s) for s in record.students)
    row.deleted = deleted


def _merge(
    context: Context, row: Row, base: dict[str, Any], mine: dict[str, str | None]
) -> tuple[Changed, list[uuid.UUID]]:
    return merge_record(
        context,
        "work_record",
        row,
        FIELDS,
        base,
        mine,
        texts_of(row),
        lambda name, text: setattr(row, name, _value(name, text)),
        student_id=None,
        course_id=row.course_id,
    )


def _value(name: str, text: str | None) -> Any:
    """A field's wire text as the model stores it."""
    if name == "day":
        return dt.date.fromisoformat(str(text))
    if name in ("course_id", "lesson_id"):
        return uuid.UUID(text) if text else None
    if name == "deleted":
        return text == "true"
    if name == "students":
        return [part for part in (text or "").split(",") if part]
    return text or ""


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the value a person chose for a record's field in a review entry."""
    row = context.session.get(Row, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    if row.author_id != context.user.staff_id and Role.DEPUTY not in context.user.roles:
        raise Rejected(_("Citu darbinieku ierakstus nevar labot."))
    current = texts_of(row)[conflict.field]
    if current == chosen:
        return None
    setattr(row, conflict.field, _value(conflict.field, chosen))
    try:
        validate_record(record_from(row))
    except InvalidRecord as error:
        raise Rejected(error.message) from error
    row.class_group_id = record_class(context.session, record_from(row))
    version = context.record("work_record", row)
    context.audit.log(
        "resolve",
        "work_record",
        row.id,
        conflict.field,
        current,
        chosen,
        version,
        course_id=row.course_id,
    )
    return version


DECLARED = (
    Declared(
        MutationName.WORK_RECORD_SET,
        work_record_set,
        senders=(
            "a holder of the kind's entity (`accompaniment`: concertmaster_log — the "
            "concertmaster; `practice`: practice_hours — a teacher; the individual-work kinds: "
            "individual_work_log — a teacher or an individual-work specialist; the deputy "
            "all); a record is changed only by its author or the deputy"
        ),
        checks=(
            "kind kept; author; course not deleted, its year not closed; accompaniment: the "
            "author is the course's concertmaster, the lesson is the course's (its date is "
            "taken), students enrolled; practice: the author teaches the course; individual "
            "work: no course; students of one class; the record as a whole "
            "(`domain.work_records.validate_record`: hours a multiple of 0.25 up to 12, a "
            "topic, students; 0 hours only for a lesson not accompanied); merge"
        ),
        merge=(
            "per field (`RECORD_FIELDS`, `students` as sorted comma-joined ids, `deleted`), "
            "the last to arrive wins and the replaced value is kept for review"
        ),
        scope=(
            "the author, the deputy and the director; accompaniment also the course's teacher "
            "(not the tutors); the other kinds also the students' class tutor (not the clerk)"
        ),
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_field,
    ),
)
