"""The journal's mutations: marks, period marks, presence and justification here, the
lessons' in ``lessons``; their declarations, and how a decision on any of their conflicts is
written (SPEC J1–J16, T2; docs/sync-protocol.md §4).

Each authorises, validates, merges with ``sync.merge`` and writes. It returns the status,
the version of the row it touched and the conflicts it recorded; it raises ``Rejected`` (or a
DomainError) for what it will not apply.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from eklase_desktop.domain.attendance import check_can_justify, check_can_set_presence
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import LESSON_FIELDS
from eklase_desktop.domain.marks import (
    CORRECTED_YEAR,
    POST_EXAM,
    YEAR,
    MarkSlot,
    SlotKind,
    check_corrected_year,
    check_post_exam,
    parse_mark_for,
    period_entity,
    period_slot,
)
from eklase_desktop.domain.period_locks import Decision
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
from eklase_desktop.sync.mutation_args import (
    JustificationSetArgs,
    MarkSetArgs,
    PeriodMarkSetArgs,
    PresenceSetArgs,
    lesson_values,
)
from eklase_desktop.sync.protocol import Mutation, MutationName, Status, wire_text
from eklase_server.conflicts import record_conflict
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.models import Conflict
from eklase_server.mutations.lessons import (
    course_of,
    lesson_create,
    lesson_delete,
    lesson_of,
    lesson_update,
    lesson_value,
    validate_lesson_row,
)
from eklase_server.mutations.locks import late_change
from eklase_server.mutations.notes import noted
from eklase_server.scopes import roles_in, tutors_student

# --- helpers ---------------------------------------------------------------------------


def _require_enrolled(
    context: Context, course_id: uuid.UUID, student_id: uuid.UUID, day: dt.date | None = None
) -> None:
    if not context.enrolled(course_id, student_id):
        raise Rejected(_("Skolēns nemācās šajā kursā."))
    if not context.enrolled(course_id, student_id, day):
        raise Rejected(_("Skolēns šajā dienā vairs nemācās šajā kursā (rīkojums)."))


def _require_cell_id(given: uuid.UUID, kind: str, *parts: uuid.UUID | str) -> None:
    if given != cell_id(kind, *parts):
        raise Rejected(_("Nederīgs šūnas identifikators."))


# --- marks -----------------------------------------------------------------------------


def mark_set(context: Context, args: MarkSetArgs, mutation: Mutation) -> Result:
    _require_cell_id(args.mark_id, "mark", args.lesson_id, args.student_id)
    lesson = lesson_of(context, args.lesson_id)
    course = course_of(context, lesson.course_id)
    require(context.roles(course, lesson), Entity.MARK)
    _require_enrolled(context, course.id, args.student_id, lesson.date)
    if lesson.deleted:
        raise Rejected(_("Stunda ir dzēsta; vērtējums netika saglabāts."))
    is_test = context.is_test(lesson.id)
    value = _canonical_mark(
        args.value, context.mark_slot(course, SlotKind.TEST if is_test else SlotKind.LESSON)
    )
    row = context.get(Mark, args.mark_id)
    current = None if row is None or row.deleted else row.value
    merge = merge_field(Field.MARK, args.base, value, current)
    late = _late(context, merge, lesson, course, args.student_id, args.reason)
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
        late=late,
    )


def _late(
    context: Context,
    merge: FieldMerge,
    lesson: Lesson,
    course: Course,
    student_id: uuid.UUID,
    reason: str,
) -> Late:
    """The period-lock rule for a change that would be applied (DOMAIN: period locks)."""
    if merge.outcome != Outcome.APPLY:
        return Late()
    decision, lock = late_change(context, lesson, course, student_id, reason)
    if decision is Decision.WITH_REASON:
        return Late(reason=" ".join(reason.split()))
    if decision in (Decision.NEEDS_REASON, Decision.REFUSED):
        assert lock is not None
        return Late(held=lock.describe())
    return Late()


@dataclass(frozen=True)
class Late:
    """A change in a closed period: ``held`` (the period) when it waits for a person's
    decision as a conflict, ``reason`` when it goes through with the teacher's reason."""

    held: str = ""
    reason: str | None = None


def period_mark_set(context: Context, args: PeriodMarkSetArgs, mutation: Mutation) -> Result:
    _require_cell_id(
        args.period_mark_id, "period_mark", args.course_id, args.student_id, args.period
    )
    course = course_of(context, args.course_id)
    kind = period_slot(args.period)
    if kind is None:
        raise Rejected(_("Nezināma vērtējuma kolonna."))
    require(context.roles(course), period_entity(kind))
    _require_enrolled(context, course.id, args.student_id)
    value = _canonical_mark(args.value, context.mark_slot(course, kind))
    if args.period in (CORRECTED_YEAR, POST_EXAM) and value is not None:
        # (``context.get``: a mark earlier in this push counts)
        needed = POST_EXAM if args.period == CORRECTED_YEAR else YEAR
        earlier = context.get(
            PeriodMark, cell_id("period_mark", course.id, args.student_id, needed)
        )
        check = check_corrected_year if args.period == CORRECTED_YEAR else check_post_exam
        try:
            check(None if earlier is None or earlier.deleted else earlier.value)
        except DomainError as error:
            raise Rejected(error.message) from error
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
    late: Late | None = None,
) -> Result:
    late = late or Late()
    if merge.outcome == Outcome.APPLY and not late.held:
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
            reason=late.reason,
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
        held=late.held,
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
    held: str = "",
) -> Result:
    """A cell's change that was not applied: merged (the server had it), or a conflict
    that keeps both values (``target`` is table, row id, field; ``values`` base, mine,
    current) — also one ``held`` by a closed period."""
    kept = row.version if row is not None else None
    if merge.outcome == Outcome.MERGE and not held:
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
        extra={"locked": held} if held else None,
    )
    return Status.CONFLICT, kept, [conflict]


# --- attendance ------------------------------------------------------------------------


def _attendance_context(
    context: Context, attendance_id: uuid.UUID, lesson_id: uuid.UUID, student_id: uuid.UUID
) -> tuple[Lesson, Course, Attendance | None]:
    _require_cell_id(attendance_id, "attendance", lesson_id, student_id)
    lesson = lesson_of(context, lesson_id)
    course = course_of(context, lesson.course_id)
    _require_enrolled(context, course.id, student_id, lesson.date)
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
        _late(context, merge, lesson, course, args.student_id, args.reason),
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
        _late(context, merge, lesson, course, args.student_id, args.reason),
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
    late: Late,
) -> Result:
    if merge.outcome == Outcome.APPLY and not late.held:
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
                reason=late.reason if action == "set" else None,
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
        held=late.held,
    )


# --- a person decides a conflict -------------------------------------------------------


def resolve_field(context: Context, conflict: Conflict, chosen: str | None) -> int | None:
    """Writes the value chosen in a conflict on a lesson, mark, period mark or attendance
    cell (``conflict.resolve``); None if it is the stored one."""
    session = context.session
    models: dict[str, Any] = {
        "mark": Mark,
        "period_mark": PeriodMark,
        "attendance": Attendance,
        "lesson": Lesson,
    }
    row = context.get(models[conflict.entity], conflict.row_id)
    if row is None and conflict.entity in ("mark", "attendance"):
        row = _cell_never_written(context, conflict)  # (a change a closed period held)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    course_id = row.course_id if conflict.entity in ("lesson", "period_mark") else None
    lesson = (
        row if conflict.entity == "lesson" else session.get(Lesson, getattr(row, "lesson_id", None))
    )
    course = session.get(Course, course_id or (lesson.course_id if lesson else None))
    if course is None:
        raise Rejected(_("Jums nav tiesību mainīt šo ierakstu."))
    course = course_of(context, course.id)  # (a closed year's journals take no decision)
    _require_write(context, conflict, course, lesson, getattr(row, "period", None))
    field = conflict.field
    if field == "value":
        current = None if row.deleted else row.value
    elif field == "deleted":
        current = "true" if row.deleted else "false"
    else:
        current = _text(getattr(row, field))
    if current == chosen:
        return None
    if conflict.entity in ("mark", "attendance") and lesson is not None:
        _require_open(context, lesson, course, getattr(row, "student_id", None))
    if field == "value":
        row.value, row.deleted = chosen or row.value, chosen is None
    elif field == "deleted":
        row.deleted = chosen == "true"
        changes: dict[str, Any] = dict(conflict.context.get("changes") or {})  # type: ignore[call-overload]
        _checked_lesson_values(changes)
        for name, value in changes.items():
            setattr(row, name, lesson_value(name, value))  # the edit that met the delete
    elif conflict.entity == "lesson":
        _checked_lesson_values({field: chosen})
        setattr(row, field, lesson_value(field, chosen))
    else:
        setattr(row, field, chosen or "")
    if conflict.entity == "lesson":  # a resolution is checked like an edit
        validate_lesson_row({name: getattr(row, name) for name in LESSON_FIELDS})
    version = context.record(conflict.entity, row)
    student = getattr(row, "student_id", None)
    context.audit.log(
        "resolve",
        conflict.entity,
        row.id,
        field,
        current,
        chosen,
        version,
        course_id=course.id,
        student_id=student,
    )
    return version


def _require_open(
    context: Context, lesson: Lesson, course: Course, student: uuid.UUID | None
) -> None:
    """A decision that writes a cell of a closed period is the deputy's (or waits until the
    period is reopened): a teacher may still keep the other value, withdrawing the own."""
    decision, lock = late_change(context, lesson, course, student, "")
    if decision is not Decision.FREE and lock is not None:
        message = _("{period} ir slēgts: izlemj direktora vietnieks vai pēc perioda atvēršanas.")
        raise Rejected(message.format(period=lock.describe()))


def _cell_never_written(context: Context, conflict: Conflict) -> Any:
    """The mark or attendance cell a conflict is about that the server never had, empty:
    a change held by a closed period was the first in its cell."""
    lesson_id, student_id = conflict.context.get("lesson_id"), conflict.context.get("student_id")
    if not lesson_id or not student_id:
        return None
    lesson, student = uuid.UUID(str(lesson_id)), uuid.UUID(str(student_id))
    if conflict.row_id != cell_id(conflict.entity, lesson, student):
        return None
    keys = {"id": conflict.row_id, "lesson_id": lesson, "student_id": student, "deleted": False}
    if conflict.entity == "mark":
        at = {"entered_at": context.audit.at}
        return context.new_cell(Mark, keys | at | {"value": "", "deleted": True})
    return context.new_cell(Attendance, keys | {"presence": "", "justification": ""})


def _checked_lesson_values(values: dict[str, Any]) -> None:
    try:
        lesson_values(values)
    except (ValidationError, ValueError) as error:
        raise Rejected(_("Nederīgi stundas dati.")) from error


def _require_write(
    context: Context,
    conflict: Conflict,
    course: Course,
    lesson: Lesson | None,
    period: str | None = None,
) -> None:
    """The one who decides must be allowed to write the value decided (SPEC S5)."""
    roles = set(roles_in(context.session, context.user, course, lesson))
    student = conflict.context.get("student_id")
    if student and tutors_student(context.session, context.user, uuid.UUID(str(student))):
        roles.add(Role.TUTOR)
    try:
        if conflict.entity == "attendance":
            check = (
                check_can_justify if conflict.field == "justification" else check_can_set_presence
            )
            check(roles)
        else:
            entity = {"mark": Entity.MARK, "period_mark": Entity.PERIOD_MARK}.get(
                conflict.entity, Entity.LESSON
            )
            kind = period_slot(period) if period else None
            require(roles, period_entity(kind) if kind else entity)  # the clerk's exam marks
    except DomainError as error:
        raise Rejected(error.message) from error


def _text(value: object) -> str | None:
    return wire_text(value)


# --- the declarations (docs/sync-protocol.md §4 is made from them) ---------------------

_COURSE_READERS = (
    "the course's teacher and concertmaster, the lesson's substitute, the tutor of the course's "
    "class or of an enrolled student's class, deputy, clerk, director"
)
_TYPE_RULES = "type rules (makeup needs an earlier `made_up_date`, only not_held has a reason)"
_CELL_RESULTS = "`applied`, `merged`, `conflict`, `rejected`"

_LOCK_RULE = (
    "a change in a closed period (`period_lock`, DOMAIN: period locks) goes through for the "
    "deputy, for others with a `reason` where the school's rule is `reason` (the reason kept "
    "in the audit), else it is held as a conflict whose context names the period (`locked`): "
    "only the deputy writes its value, until the period is reopened"
)

DECLARED = (
    Declared(
        MutationName.LESSON_CREATE,
        lesson_create,
        senders="course teacher, deputy; a substitute on the days named for them (SPEC J4)",
        checks=(
            "course exists and is not deleted; role; `lesson_type` ∈ ordinary/makeup/not_held; "
            "`not_held_reason` ∈ sick_leave/further_education/competitions/other_agreed; date "
            f"present; {_TYPE_RULES}; the id is new"
        ),
        merge="a repeat of the same lesson is `merged`; the id with other content is refused",
        scope=_COURSE_READERS,
        results=(
            "`applied`; `merged` if a lesson with this id already exists with identical fields "
            "(a repeat); `rejected` if the id exists with other content"
        ),
        resolve=resolve_field,
    ),
    Declared(
        MutationName.LESSON_UPDATE,
        lesson_update,
        senders="course teacher, that lesson's substitute, deputy",
        checks=(
            "lesson exists; course; role; every key ∈ `LESSON_FIELDS` and `base` has exactly "
            "the keys of `changes`; lesson not deleted (otherwise conflict); per-field merge; "
            "the merged lesson passes the type rules"
        ),
        merge="per field, the last to arrive wins; the value replaced is kept for review (§5)",
        scope=_COURSE_READERS,
        results=(
            "`applied` (any field written; `conflict_ids` may list review entries); `merged` "
            "(every field already as wanted); `conflict` (the lesson was deleted); `rejected`"
        ),
        resolve=resolve_field,
    ),
    Declared(
        MutationName.LESSON_DELETE,
        lesson_delete,
        senders="course teacher, that lesson's substitute, deputy",
        checks=(
            "lesson exists; course; role; already deleted → merged; edited by someone else "
            "since `base_version` → conflict"
        ),
        merge="a delete against another's edit is a conflict (§5)",
        scope=_COURSE_READERS,
        results=_CELL_RESULTS,
        resolve=resolve_field,
    ),
    Declared(
        MutationName.MARK_SET,
        mark_set,
        senders="course teacher, that lesson's substitute, deputy",
        checks=(
            "cell id; lesson exists; course; role; student enrolled (enrolment not deleted); "
            "lesson not deleted; value valid for the column (a test column if the lesson has an "
            "assessment, otherwise a lesson column; canonicalised, e.g. `NV` → `nv`); merge; "
            + _LOCK_RULE
        ),
        merge="a mark supersedes `nv`; two different marks are a conflict (§5)",
        scope=_COURSE_READERS,
        results=_CELL_RESULTS,
        resolve=resolve_field,
        cell=True,
        checked_before_writing=True,
    ),
    Declared(
        MutationName.PERIOD_MARK_SET,
        period_mark_set,
        senders=(
            "course teacher, deputy (not a substitute); `E` (examination or ieskaite, SPEC "
            "C3): the clerk and the deputy"
        ),
        checks=(
            "cell id; course; role; enrolled; `period` is `S1`, `S2` (semester), `Y` (year), "
            "`E` (examination or ieskaite), `P` (post-examination: only over a failing year "
            "mark 1–3 or `ni`), `YC` (the year mark corrected after it: only with a "
            "`P`) or `M` and a month (e.g. `M2026-09`); a `Y` or `P` earlier in the same push "
            "counts; value valid for that column (`atb`, `a` rules, SPEC J10); merge"
        ),
        merge="as `mark.set` (§5)",
        scope=_COURSE_READERS,
        results=_CELL_RESULTS,
        resolve=resolve_field,
        checked_before_writing=True,
    ),
    Declared(
        MutationName.PRESENCE_SET,
        presence_set,
        senders=(
            "course teacher, that lesson's substitute, deputy (a tutor gets \"Klases "
            'audzinātājs kavējumus nemaina…")'
        ),
        checks="cell id; lesson; course; enrolled; lesson not deleted; role; merge; " + _LOCK_RULE,
        merge=(
            "a field of its own beside the justification (they merge, SPEC S2); a teacher's "
            "withdrawn `n` never undoes a later justification (§5)"
        ),
        scope=_COURSE_READERS,
        results=_CELL_RESULTS,
        resolve=resolve_field,
        cell=True,
        checked_before_writing=True,
    ),
    Declared(
        MutationName.JUSTIFICATION_SET,
        justification_set,
        senders=(
            "tutor of the course's class **or of the student's class**, clerk, deputy (being "
            "the teacher does not count)"
        ),
        checks="cell id; lesson; course; enrolled; lesson not deleted; role; merge; " + _LOCK_RULE,
        merge="a field of its own beside the presence; `s` against `c` is a conflict (§5)",
        scope=_COURSE_READERS,
        results=_CELL_RESULTS,
        resolve=resolve_field,
        cell=True,
        checked_before_writing=True,
    ),
)
