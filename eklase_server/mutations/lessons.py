"""The lesson mutations: create, update, delete (SPEC J1–J5; docs/sync-protocol.md §4)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from eklase_desktop.domain.lessons import LESSON_FIELDS, LessonType, NotHeldReason, validate_lesson
from eklase_desktop.domain.roles import Entity, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import Course, Lesson
from eklase_desktop.models.setup import SUBSTITUTE_DAYS, YEAR_CLOSED, substitutes_on
from eklase_desktop.sync.merge import Field, Outcome, merge_field
from eklase_desktop.sync.mutation_args import LessonCreateArgs, LessonDeleteArgs, LessonUpdateArgs
from eklase_desktop.sync.protocol import Mutation, Status, wire_text
from eklase_server.conflicts import record_conflict
from eklase_server.context import Context, Rejected, Result
from eklase_server.models import AuditEntry
from eklase_server.mutations.notes import follow_lesson_day

MAX_LESSON_NUMBER = 20  # the period of the day, as in LessonCreateArgs


def lesson_of(context: Context, lesson_id: uuid.UUID) -> Lesson:
    lesson = context.get(Lesson, lesson_id)
    if lesson is None:
        raise Rejected(_("Stunda nav atrasta."))
    return lesson


def course_of(context: Context, course_id: uuid.UUID) -> Course:
    course = context.get(Course, course_id)
    if course is None or course.deleted:
        raise Rejected(_("Žurnāls nav atrasts."))
    if context.year_closed(course.school_year_id):
        raise Rejected(_(YEAR_CLOSED))
    return course


def lesson_create(context: Context, args: LessonCreateArgs, mutation: Mutation) -> Result:
    course = course_of(context, args.course_id)
    me = context.user.staff_id
    # a substitute's lesson in the substitution's days is theirs (SPEC J4)
    substitute = (
        me is not None
        and course.teacher_id != me
        and substitutes_on(context.session, course.id, me, args.date)
    )
    roles = context.roles(course) | ({Role.TEACHER} if substitute else frozenset())
    require(roles, Entity.LESSON)
    fields = args.model_dump(exclude={"lesson_id", "course_id"})
    validate_lesson_row(fields)
    if substitute:
        fields["taught_by_id"] = me
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
    lesson = lesson_of(context, args.lesson_id)
    course = course_of(context, lesson.course_id)
    require(context.roles(course, lesson), Entity.LESSON)
    unknown = set(args.changes) - set(LESSON_FIELDS)
    if unknown or set(args.base) != set(args.changes):
        raise Rejected(
            _("Nederīgi stundas lauki: {fields}").format(fields=", ".join(sorted(unknown)))
        )
    me = context.user.staff_id
    if "date" in args.changes and me is not None and course.teacher_id != me == lesson.taught_by_id:
        try:
            day = dt.date.fromisoformat(str(args.changes["date"]))
        except ValueError as error:
            raise Rejected(_("Nederīgs datums.")) from error
        if not substitutes_on(context.session, course.id, me, day):  # SPEC J4
            raise Rejected(_(SUBSTITUTE_DAYS))
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
    validate_lesson_row({name: getattr(lesson, name) for name in LESSON_FIELDS})
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


def validate_lesson_row(fields: dict[str, Any]) -> None:
    """Refuses a lesson whose fields together the domain would not take (a resolution is
    checked like an edit)."""
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
    lesson = lesson_of(context, args.lesson_id)
    course = course_of(context, lesson.course_id)
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
