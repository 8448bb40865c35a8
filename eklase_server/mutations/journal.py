"""The journal's mutations: marks, period marks, presence and justification here, the
lessons' in ``lessons``, and their declarations; how a decision on any of their conflicts is
written is ``decisions`` (SPEC J1–J16, T2; docs/sync-protocol.md §4).

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

from eklase_desktop.domain.attendance import check_can_justify, check_can_set_presence
from eklase_desktop.domain.errors import DomainError
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
)
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import record_conflict
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.mutations.decisions import resolve_field
from eklase_server.mutations.lessons import (
    course_of,
    lesson_create,
    lesson_delete,
    lesson_of,
    lesson_update,
)
from eklase_server.mutations.locks import late_change
from eklase_server.mutations.notes import noted
from eklase_server.scopes import tutors_student

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
