"""A class's logs on the server (SPEC T3–T5, J12): ``class_log_entry.set``.

Conversations, safety briefings and notes for parents are the class tutor's (and the deputy's,
the clerk's); a behaviour entry may also come from any teacher of a course the student takes,
who may change only their own. Entries are pulled by the class (its tutor) and, for a
behaviour entry, by its course (its teacher). Fields merge like a lesson's: the last arrival
wins and the value it replaced is kept for review.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from eklase_desktop.domain.class_logs import (
    LOG_FIELDS,
    InvalidEntry,
    LogEntry,
    LogKind,
    entry_from,
    entry_texts,
    validate_entry,
)
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.roles import SCHOOL_WIDE_ROLES, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import ClassGroup, ClassLogEntry, Course, Student
from eklase_desktop.models.setup import YEAR_CLOSED
from eklase_desktop.sync.mutation_args import ClassLogSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result

FIELDS = (*LOG_FIELDS, "participants", "deleted")


def class_log_set(context: Context, args: ClassLogSetArgs, mutation: Mutation) -> Result:
    group = context.get(ClassGroup, args.class_group_id)
    if group is None or group.deleted:
        raise Rejected(_("Klase nav atrasta."))
    if context.year_closed(group.school_year_id):
        raise Rejected(_(YEAR_CLOSED))
    kind = LogKind(args.kind)
    row = context.session.get(ClassLogEntry, args.class_log_entry_id)
    entry = _checked(context, group, args, kind, row)
    roles = _roles(context, group, kind, args.course_id)
    try:
        require(roles, kind.entity)
    except DomainError as error:
        raise Rejected(error.message) from error
    mine = entry_texts(entry, args.deleted)
    conflicts: list[uuid.UUID] = []
    if row is None:
        if args.base is not None:
            raise Rejected(_("Ieraksts nav atrasts."))
        row = ClassLogEntry(
            id=args.class_log_entry_id,
            kind=kind.value,
            class_group_id=group.id,
            author_id=context.user.staff_id,
            entered_at=context.audit.at,
        )
        _store(row, entry, args.deleted)
        context.session.add(row)
        changed: Changed = [
            (name, None, mine[name]) for name in FIELDS if mine[name] not in (None, "", "false")
        ]
    else:
        if row.kind != kind.value or row.class_group_id != group.id:
            raise Rejected(_("Ieraksts ar šo identifikatoru jau ir."))
        if roles <= {Role.TEACHER} and row.author_id != context.user.staff_id:
            raise Rejected(_("Citu skolotāju ierakstus labo klases audzinātājs."))
        base = args.base if args.base is not None else mine  # a repeat of the creation
        changed, conflicts = _merge(context, row, base, mine)
    if not changed:
        return Status.MERGED, row.version, conflicts
    version = context.record("class_log_entry", row)
    for name, old, new in changed:
        context.audit.log(
            "set",
            "class_log_entry",
            row.id,
            name,
            old,
            new,
            version,
            course_id=row.course_id,
            student_id=row.student_id,
        )
    return Status.APPLIED, version, conflicts


def _checked(
    context: Context,
    group: ClassGroup,
    args: ClassLogSetArgs,
    kind: LogKind,
    row: ClassLogEntry | None,
) -> LogEntry:
    """The entry as the domain takes it, its student and course checked against the class
    (what the stored entry already names stays allowed: a student who has left the class)."""
    kept = entry_from(row) if row is not None else None
    if args.student_id is not None and (kept is None or kept.student_id != args.student_id):
        student = context.get(Student, args.student_id)
        if student is None or student.class_group_id != group.id:
            raise Rejected(_("Skolēns nemācās šajā klasē."))
    if args.course_id is not None:
        course = context.get(Course, args.course_id)
        if course is None or course.deleted:
            raise Rejected(_("Žurnāls nav atrasts."))
        changed = kept is None or (kept.student_id, kept.course_id) != (
            args.student_id,
            args.course_id,
        )
        if changed and args.student_id and not context.enrolled(course.id, args.student_id):
            raise Rejected(_("Skolēns nemācās šajā kursā."))
    if args.participants:
        members = set(
            context.session.scalars(
                select(Student.id).where(
                    Student.class_group_id == group.id, Student.deleted.is_(False)
                )
            )
        )
        if not set(args.participants) <= members | (kept.participants if kept else set()):
            raise Rejected(_("Instruktāžā var atzīmēt tikai klases skolēnus."))
    try:
        return validate_entry(
            LogEntry(
                kind,
                args.day,
                args.student_id,
                args.course_id,
                args.title,
                args.text,
                args.with_whom,
                args.positive,
                frozenset(args.participants),
            )
        )
    except InvalidEntry as error:
        raise Rejected(error.message) from error


def _roles(
    context: Context, group: ClassGroup, kind: LogKind, course_id: uuid.UUID | None
) -> set[Role]:
    me = context.user.staff_id
    roles = set(SCHOOL_WIDE_ROLES.intersection(context.user.roles))
    if me is not None and group.tutor_id == me:
        roles.add(Role.TUTOR)
    if kind is LogKind.BEHAVIOUR and course_id is not None:
        course = context.get(Course, course_id)
        if course is not None and me is not None and course.teacher_id == me:
            roles.add(Role.TEACHER)
    return roles


def texts_of(row: ClassLogEntry) -> dict[str, str | None]:
    """A stored entry's fields as wire text (what merges compare)."""
    return entry_texts(entry_from(row), bool(row.deleted))


def _store(row: ClassLogEntry, entry: LogEntry, deleted: bool) -> None:
    for name in LOG_FIELDS:
        setattr(row, name, getattr(entry, name))
    row.participants = sorted(str(p) for p in entry.participants)
    row.deleted = deleted


def _merge(
    context: Context, row: ClassLogEntry, base: dict[str, Any], mine: dict[str, str | None]
) -> tuple[Changed, list[uuid.UUID]]:
    return merge_record(
        context,
        "class_log_entry",
        row,
        FIELDS,
        base,
        mine,
        texts_of(row),
        lambda name, text: setattr(row, name, _value(name, text)),
        student_id=row.student_id,
        course_id=row.course_id,
    )


def _value(name: str, text: str | None) -> Any:
    """A field's wire text as the model stores it."""
    if name == "day":
        return dt.date.fromisoformat(str(text))
    if name in ("student_id", "course_id"):
        return uuid.UUID(text) if text else None
    if name in ("positive", "deleted"):
        return None if text is None else text == "true"
    if name == "participants":
        return [part for part in (text or "").split(",") if part]
    return text or ""


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the value a person chose for an entry's field in a review entry."""
    row = context.session.get(ClassLogEntry, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    group = context.get(ClassGroup, row.class_group_id)
    kind = LogKind(row.kind)
    if group is None:
        raise Rejected(_("Klase nav atrasta."))
    try:
        require(_roles(context, group, kind, row.course_id), kind.entity)
    except DomainError as error:
        raise Rejected(error.message) from error
    current = texts_of(row)[conflict.field]
    if current == chosen:
        return None
    setattr(row, conflict.field, _value(conflict.field, chosen))
    stored = entry_from(row)
    try:
        validate_entry(stored)
    except InvalidEntry as error:
        raise Rejected(error.message) from error
    version = context.record("class_log_entry", row)
    context.audit.log(
        "resolve",
        "class_log_entry",
        row.id,
        conflict.field,
        current,
        chosen,
        version,
        course_id=row.course_id,
        student_id=row.student_id,
    )
    return version


DECLARED = (
    Declared(
        MutationName.CLASS_LOG_SET,
        class_log_set,
        senders=(
            "the class's tutor, deputy (`require` with the kind's entity: conversation, "
            "briefing, parent_note, behaviour); for `behaviour` also the teacher of "
            "`course_id`, who may change only their own entries"
        ),
        checks=(
            "class; student in the class; student enrolled in the course; participants are the "
            "class's students; the entry as a whole (`domain.class_logs.validate_entry`: a "
            "conversation has with whom and a topic, a briefing a title, a note some text, a "
            "behaviour entry a student, a text and positive or negative); merge"
        ),
        merge=(
            "per field (`LOG_FIELDS`, `participants` as sorted comma-joined ids, `deleted`), "
            "the last to arrive wins and the replaced value is kept for review"
        ),
        scope=(
            "the class's tutor, deputy, clerk, director; behaviour entries also the teachers "
            "of the class's courses"
        ),
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_field,
    ),
)
