"""The mutation catalogue: one handler per mutation name (docs/sync-protocol.md).

A handler authorises, validates, merges with ``sync.merge`` and writes. It returns the
status, the version of the row it touched and the conflicts it recorded; it raises
``Rejected`` (or a DomainError) for what it will not apply.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from eklase_desktop.domain.attendance import check_can_justify, check_can_set_presence
from eklase_desktop.domain.lessons import LESSON_FIELDS, LessonType, NotHeldReason, validate_lesson
from eklase_desktop.domain.marks import MarkSlot, SlotKind, parse_mark_for
from eklase_desktop.domain.roles import Entity, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    Attendance,
    Course,
    Lesson,
    Mark,
    PeriodMark,
    cell_id,
)
from eklase_desktop.sync.merge import Field, FieldMerge, Outcome, merge_field, merge_presence
from eklase_desktop.sync.protocol import (
    ConflictResolveArgs,
    JustificationSetArgs,
    LessonCreateArgs,
    LessonDeleteArgs,
    LessonUpdateArgs,
    MarkSetArgs,
    Mutation,
    PeriodMarkSetArgs,
    PresenceSetArgs,
    Status,
    wire_text,
)
from eklase_server.class_logs import class_log_set
from eklase_server.conflicts import record_conflict, resolve
from eklase_server.notes import absence_note_set, follow_lesson_day, noted
from eklase_server.phones import guardian_phone_set, student_phone_set
from eklase_server.push import Context, Rejected
from eklase_server.scopes import tutors_student
from eklase_server.statements import monthly_statement_set

Result = tuple[Status, int | None, list[uuid.UUID]]
MAX_LESSON_NUMBER = 20  # the period of the day, as in LessonCreateArgs
PERIOD_KINDS = {
    "S1": SlotKind.SEMESTER,
    "S2": SlotKind.SEMESTER,
    "Y": SlotKind.YEAR,
    "E": SlotKind.EXAM,
    "P": SlotKind.EXAM,
}


# --- helpers ---------------------------------------------------------------------------


def _lesson(context: Context, lesson_id: uuid.UUID) -> Lesson:
    lesson = context.get(Lesson, lesson_id)
    if lesson is None:
        raise Rejected(_("Stunda nav atrasta."))
    return lesson


def _course(context: Context, course_id: uuid.UUID) -> Course:
    course = context.get(Course, course_id)
    if course is None or course.deleted:
        raise Rejected(_("Žurnāls nav atrasts."))
    return course


def _require_enrolled(context: Context, course_id: uuid.UUID, student_id: uuid.UUID) -> None:
    if not context.enrolled(course_id, student_id):
        raise Rejected(_("Skolēns nemācās šajā kursā."))


def _require_cell_id(given: uuid.UUID, kind: str, *parts: uuid.UUID | str) -> None:
    if given != cell_id(kind, *parts):
        raise Rejected(_("Nederīgs šūnas identifikators."))


# --- marks -----------------------------------------------------------------------------


def mark_set(context: Context, args: MarkSetArgs, mutation: Mutation) -> Result:
    _require_cell_id(args.mark_id, "mark", args.lesson_id, args.student_id)
    lesson = _lesson(context, args.lesson_id)
    course = _course(context, lesson.course_id)
    require(context.roles(course, lesson), Entity.MARK)
    _require_enrolled(context, course.id, args.student_id)
    if lesson.deleted:
        raise Rejected(_("Stunda ir dzēsta; vērtējums netika saglabāts."))
    is_test = context.is_test(lesson.id)
    value = _canonical_mark(
        args.value, context.mark_slot(course, SlotKind.TEST if is_test else SlotKind.LESSON)
    )
    row = context.get(Mark, args.mark_id)
    current = None if row is None or row.deleted else row.value
    merge = merge_field(Field.MARK, args.base, value, current)
    return _finish_value(
        context,
        merge,
        "mark",
        row,
        current,
        value,
        args.base,
        {
            "id": args.mark_id,
            "lesson_id": lesson.id,
            "student_id": args.student_id,
        },
        course_id=course.id,
        student_id=args.student_id,
        lesson=lesson,
    )


def period_mark_set(context: Context, args: PeriodMarkSetArgs, mutation: Mutation) -> Result:
    _require_cell_id(
        args.period_mark_id, "period_mark", args.course_id, args.student_id, args.period
    )
    course = _course(context, args.course_id)
    require(context.roles(course), Entity.PERIOD_MARK)
    _require_enrolled(context, course.id, args.student_id)
    kind = PERIOD_KINDS.get(args.period) or (
        SlotKind.MONTH if args.period.startswith("M") else None
    )
    if kind is None:
        raise Rejected(_("Nezināma vērtējuma kolonna."))
    value = _canonical_mark(args.value, context.mark_slot(course, kind))
    row = context.get(PeriodMark, args.period_mark_id)
    current = None if row is None or row.deleted else row.value
    merge = merge_field(Field.PERIOD_MARK, args.base, value, current)
    return _finish_value(
        context,
        merge,
        "period_mark",
        row,
        current,
        value,
        args.base,
        {
            "id": args.period_mark_id,
            "course_id": course.id,
            "student_id": args.student_id,
            "period": args.period,
        },
        course_id=course.id,
        student_id=args.student_id,
        lesson=None,
    )


def _canonical_mark(value: str | None, slot: MarkSlot) -> str | None:
    return None if value is None else _canonical(value, slot)


@functools.lru_cache(maxsize=4096)
def _canonical(value: str, slot: MarkSlot) -> str:
    """A mark as stored; a push of a day's marks parses the same few values over and over
    (an invalid one raises, and is not kept)."""
    return str(parse_mark_for(value, slot))


def _finish_value(
    context: Context,
    merge: FieldMerge,
    table: str,
    row: Any,
    current: str | None,
    value: str | None,
    base: str | None,
    keys: dict[str, Any],
    *,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    lesson: Lesson | None,
) -> Result:
    if merge.outcome == Outcome.APPLY:
        if row is None:
            model = Mark if table == "mark" else PeriodMark
            row = context.new_cell(model, keys | {"value": value or "", "deleted": False})
        row.value, row.deleted = value or row.value, value is None
        row.entered_at = context.audit.at
        if table == "mark":
            row.entered_by_id = context.user.staff_id
        version = context.record(table, row, course_id)
        context.audit.log(
            "set",
            table,
            row.id,
            "value",
            current,
            value,
            version,
            course_id=course_id,
            student_id=student_id,
        )
        return Status.APPLIED, version, []
    return _not_applied(
        context,
        merge,
        row,
        (table, keys["id"], "value"),
        (base, value, current),
        course_id=course_id,
        student_id=student_id,
        lesson=lesson,
    )


def _not_applied(
    context: Context,
    merge: FieldMerge,
    row: Any,
    target: tuple[str, uuid.UUID, str],
    values: tuple[str | None, str | None, str | None],
    *,
    course_id: uuid.UUID,
    student_id: uuid.UUID,
    lesson: Lesson | None,
) -> Result:
    """A cell's change that was not applied: merged (the server had it), or a conflict
    that keeps both values (``target`` is table, row id, field; ``values`` base, mine,
    current)."""
    kept = row.version if row is not None else None
    if merge.outcome == Outcome.MERGE:
        return Status.MERGED, kept, []
    table, row_id, field = target
    base, mine, current = values
    conflict = record_conflict(
        context,
        "conflict",
        table,
        row_id,
        field,
        base,
        mine,
        current,
        course_id=course_id,
        student_id=student_id,
        lesson=lesson,
    )
    return Status.CONFLICT, kept, [conflict]


# --- attendance ------------------------------------------------------------------------


def _attendance_context(
    context: Context, attendance_id: uuid.UUID, lesson_id: uuid.UUID, student_id: uuid.UUID
) -> tuple[Lesson, Course, Attendance | None]:
    _require_cell_id(attendance_id, "attendance", lesson_id, student_id)
    lesson = _lesson(context, lesson_id)
    course = _course(context, lesson.course_id)
    _require_enrolled(context, course.id, student_id)
    if lesson.deleted:
        raise Rejected(_("Stunda ir dzēsta; kavējums netika saglabāts."))
    return lesson, course, context.get(Attendance, attendance_id)


def presence_set(context: Context, args: PresenceSetArgs, mutation: Mutation) -> Result:
    lesson, course, row = _attendance_context(
        context, args.attendance_id, args.lesson_id, args.student_id
    )
    check_can_set_presence(context.roles(course, lesson))
    current = "" if row is None or row.deleted else row.presence
    justification = "" if row is None or row.deleted else row.justification
    merge = merge_presence(
        args.base,
        args.presence,
        current,
        base_justification=args.base_justification,
        current_justification=justification,
    )
    return _finish_attendance(
        context,
        merge,
        "presence",
        row,
        current,
        args.presence,
        args.base,
        lesson,
        course,
        args.student_id,
    )


def justification_set(context: Context, args: JustificationSetArgs, mutation: Mutation) -> Result:
    lesson, course, row = _attendance_context(
        context, args.attendance_id, args.lesson_id, args.student_id
    )
    roles = set(context.roles(course, lesson)) - {Role.TEACHER}
    if tutors_student(context.session, context.user, args.student_id):
        roles.add(Role.TUTOR)
    check_can_justify(roles)
    current = "" if row is None or row.deleted else row.justification
    merge = merge_field(Field.JUSTIFICATION, args.base, args.justification, current)
    return _finish_attendance(
        context,
        merge,
        "justification",
        row,
        current,
        args.justification,
        args.base,
        lesson,
        course,
        args.student_id,
    )


def _finish_attendance(
    context: Context,
    merge: FieldMerge,
    field: str,
    row: Attendance | None,
    current: str,
    value: str,
    base: str,
    lesson: Lesson,
    course: Course,
    student_id: uuid.UUID,
) -> Result:
    if merge.outcome == Outcome.APPLY:
        if row is None:
            row = context.new_cell(
                Attendance,
                {
                    "id": cell_id("attendance", lesson.id, student_id),
                    "lesson_id": lesson.id,
                    "student_id": student_id,
                    "presence": "",
                    "justification": "",
                    "deleted": False,
                },
            )
        if row.deleted:
            row.presence, row.justification, row.deleted = "", "", False
        setattr(row, field, value)
        # An absence marked in days a note covers takes the note's reason (a parent phoned
        # in the morning; SPEC T2).
        justified = ""
        if field == "presence" and value == "n" and not row.justification:
            justified = row.justification = noted(context, student_id, lesson.date)
        version = context.record("attendance", row, course.id)
        changes = [(field, current, value, "set")]
        if justified:
            changes.append(("justification", "", justified, "note"))
        for name, old, new, action in changes:
            context.audit.log(
                action,
                "attendance",
                row.id,
                name,
                old,
                new,
                version,
                course_id=course.id,
                student_id=student_id,
            )
        return Status.APPLIED, version, []
    target = ("attendance", cell_id("attendance", lesson.id, student_id), field)
    return _not_applied(
        context,
        merge,
        row,
        target,
        (base, value, current),
        course_id=course.id,
        student_id=student_id,
        lesson=lesson,
    )


# --- lessons ---------------------------------------------------------------------------


def lesson_create(context: Context, args: LessonCreateArgs, mutation: Mutation) -> Result:
    course = _course(context, args.course_id)
    require(context.roles(course), Entity.LESSON)
    fields = args.model_dump(exclude={"lesson_id", "course_id"})
    _validate(fields)
    existing = context.get(Lesson, args.lesson_id)
    if existing is not None:  # a repeat after the client took a new id: same effect once
        same = existing.course_id == course.id and all(
            getattr(existing, name) == value for name, value in fields.items()
        )
        if same:
            return Status.MERGED, existing.version, []
        raise Rejected(_("Stunda ar šo identifikatoru jau ir."))
    lesson = Lesson(id=args.lesson_id, course_id=course.id, **fields, deleted=False)
    context.session.add(lesson)
    context.created(Lesson, lesson)
    version = context.record("lesson", lesson, course.id)
    context.audit.log(
        "create", "lesson", lesson.id, "topic", None, lesson.topic, version, course_id=course.id
    )
    return Status.APPLIED, version, []


def lesson_update(context: Context, args: LessonUpdateArgs, mutation: Mutation) -> Result:
    lesson = _lesson(context, args.lesson_id)
    course = _course(context, lesson.course_id)
    require(context.roles(course, lesson), Entity.LESSON)
    unknown = set(args.changes) - set(LESSON_FIELDS)
    if unknown or set(args.base) != set(args.changes):
        raise Rejected(
            _("Nederīgi stundas lauki: {fields}").format(fields=", ".join(sorted(unknown)))
        )
    if lesson.deleted:
        conflict = record_conflict(
            context,
            "conflict",
            "lesson",
            lesson.id,
            "deleted",
            "false",
            "false",
            "true",
            course_id=course.id,
            student_id=None,
            lesson=lesson,
            extra={"changes": args.changes},
        )
        return Status.CONFLICT, lesson.version, [conflict]
    changed, conflicts = _merge_lesson_fields(context, lesson, course, args)
    _validate({name: getattr(lesson, name) for name in LESSON_FIELDS})
    if not changed:
        return Status.MERGED, lesson.version, conflicts
    version = context.record("lesson", lesson, course.id)
    for name, old, new in changed:
        context.audit.log("set", "lesson", lesson.id, name, old, new, version, course_id=course.id)
        if name == "date" and old:  # the notes of the new day justify its absences
            follow_lesson_day(context, lesson, dt.date.fromisoformat(old))
    return Status.APPLIED, version, conflicts


def _merge_lesson_fields(
    context: Context, lesson: Lesson, course: Course, args: LessonUpdateArgs
) -> tuple[list[tuple[str, str | None, str | None]], list[uuid.UUID]]:
    changed: list[tuple[str, str | None, str | None]] = []
    conflicts: list[uuid.UUID] = []
    for name, value in args.changes.items():
        current = wire_text(getattr(lesson, name))
        mine, base = wire_text(value), wire_text(args.base[name])
        merge = merge_field(Field.LESSON, base, mine, current)
        if merge.outcome in (Outcome.APPLY, Outcome.REVIEW):
            setattr(lesson, name, lesson_value(name, value))
            changed.append((name, current, mine))
        if merge.recorded:
            conflicts.append(
                record_conflict(
                    context,
                    "review",
                    "lesson",
                    lesson.id,
                    name,
                    base,
                    mine,
                    current,
                    course_id=course.id,
                    student_id=None,
                    lesson=lesson,
                )
            )
    return changed, conflicts


def lesson_value(name: str, value: Any) -> Any:
    """A lesson field's wire value as the model stores it."""
    if value is None or value == "":
        return value if name not in ("date",) else None
    if name in ("date", "made_up_date"):
        return dt.date.fromisoformat(str(value))
    if name == "number":
        number = int(value)
        if not 0 <= number <= MAX_LESSON_NUMBER:
            raise ValueError(f"number {number}")
        return number
    if name == "remote":
        return value if isinstance(value, bool) else str(value) == "true"
    return value


def _validate(fields: dict[str, Any]) -> None:
    try:
        kind = LessonType(fields["lesson_type"])
        reason = NotHeldReason(fields["not_held_reason"]) if fields["not_held_reason"] else None
    except ValueError as error:
        raise Rejected(_("Nederīgs stundas veids.")) from error
    if fields["date"] is None:
        raise Rejected(_("Stundai jābūt datumam."))
    validate_lesson(
        kind, made_up_date=fields["made_up_date"], not_held_reason=reason, day=fields["date"]
    )


def lesson_delete(context: Context, args: LessonDeleteArgs, mutation: Mutation) -> Result:
    lesson = _lesson(context, args.lesson_id)
    course = _course(context, lesson.course_id)
    require(context.roles(course, lesson), Entity.LESSON)
    if lesson.deleted:
        return Status.MERGED, lesson.version, []
    if _edited_by_others_since(context, lesson.id, mutation.base_version):
        # a delete against someone else's edit: a person decides
        conflict = record_conflict(
            context,
            "conflict",
            "lesson",
            lesson.id,
            "deleted",
            "false",
            "true",
            "false",
            course_id=course.id,
            student_id=None,
            lesson=lesson,
        )
        return Status.CONFLICT, lesson.version, [conflict]
    lesson.deleted = True
    version = context.record("lesson", lesson, course.id)
    context.audit.log(
        "delete", "lesson", lesson.id, "deleted", "false", "true", version, course_id=course.id
    )
    return Status.APPLIED, version, []


def _edited_by_others_since(context: Context, lesson_id: uuid.UUID, version: int) -> bool:
    """True if someone other than the user changed the lesson after ``version`` (the user's
    own queued create or edit, applied just before, is no reason to ask)."""
    from eklase_server.models import AuditEntry

    other = context.session.scalar(
        select(AuditEntry.id)
        .where(
            AuditEntry.table_name == "lesson",
            AuditEntry.row_id == lesson_id,
            AuditEntry.version > version,
            AuditEntry.account_id != context.user.account_id,
        )
        .limit(1)
    )
    return other is not None


def conflict_resolve(context: Context, args: ConflictResolveArgs, mutation: Mutation) -> Result:
    version = resolve(context, args.conflict_id, args.choice)
    return Status.APPLIED, version, []


HANDLERS: dict[str, Callable[[Context, Any, Mutation], Result]] = {
    "lesson.create": lesson_create,
    "lesson.update": lesson_update,
    "lesson.delete": lesson_delete,
    "mark.set": mark_set,
    "period_mark.set": period_mark_set,
    "attendance.set_presence": presence_set,
    "attendance.set_justification": justification_set,
    "conflict.resolve": conflict_resolve,
    "absence_note.set": absence_note_set,
    "class_log_entry.set": class_log_set,
    "student.set_phone": student_phone_set,
    "guardian.set_phone": guardian_phone_set,
    "monthly_statement.set": monthly_statement_set,
}
