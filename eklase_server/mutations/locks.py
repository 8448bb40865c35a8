"""Period locks on the server (DOMAIN: period locks): ``period_lock.set`` — the deputy
director closes a month or a semester for a course, a class or the school, or reopens it;
everyone at the school pulls the locks. ``late_change`` is the rule every change of a mark or
an absence passes: in a closed period the deputy's goes through, a teacher's with a reason
where the school allows it (kept in the audit), and any other — one made offline before the
lock arrived — becomes a conflict that both sides see (``journal.py``)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from eklase_desktop.domain.period_locks import (
    LOCK_FIELDS,
    Decision,
    LockDetails,
    LockScope,
    decide,
    lock_texts,
    validate_lock,
)
from eklase_desktop.domain.roles import Entity, Role
from eklase_desktop.domain.statistics import LateChanges
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    ClassGroup,
    Course,
    Lesson,
    PeriodLock,
    SchoolRules,
    SchoolYear,
    Student,
)
from eklase_desktop.models.setup import lock_details
from eklase_desktop.sync.mutation_args import PeriodLockSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName
from eklase_server.context import Context, Declared, Result
from eklase_server.mutations.records import (
    Record,
    own_school,
    require_own,
    require_set_up,
    resolver_of,
    school_of,
    set_record,
)

LOCKS = Record.of(
    "period_lock",
    PeriodLock,
    Entity.PERIOD_LOCK,
    LOCK_FIELDS,
    lock_details,
    lock_texts,
    validate_lock,
)


def period_lock_set(context: Context, args: PeriodLockSetArgs, mutation: Mutation) -> Result:
    require_set_up(context, Entity.PERIOD_LOCK)
    details = validate_lock(
        LockDetails(
            LockScope(args.scope),
            args.start,
            args.end,
            args.label,
            args.class_group_id,
            args.course_id,
            args.reopened,
        )
    )
    row = context.session.get(PeriodLock, args.lock_id)
    if row is not None:
        own_school(context, row.school_id)
    else:
        if details.class_group_id is not None:
            require_own(context, ClassGroup, details.class_group_id, _("Klase nav atrasta."))
        if details.course_id is not None:
            require_own(context, Course, details.course_id, _("Kurss nav atrasts."))
    new = PeriodLock(id=args.lock_id, school_id=school_of(context), author_id=context.user.staff_id)
    return set_record(context, LOCKS, row, new, lock_texts(details, args.deleted), args.base)


# --- the rule every change of a mark or an absence passes ------------------------------


def _open_locks(context: Context) -> list[tuple[uuid.UUID, LockDetails]]:
    """(school, lock) of every lock not reopened: read once per push."""
    if "locks" not in context.memo:
        rows = context.session.scalars(
            select(PeriodLock).where(PeriodLock.deleted.is_(False), PeriodLock.reopened.is_(False))
        ).all()
        context.memo["locks"] = [(row.school_id, lock_details(row)) for row in rows]
    locks: list[tuple[uuid.UUID, LockDetails]] = context.memo["locks"]
    return locks


def _school_of_course(context: Context, course: Course) -> uuid.UUID | None:
    schools: dict[uuid.UUID, uuid.UUID | None] = context.memo.setdefault("schools", {})
    if course.school_year_id not in schools:
        schools[course.school_year_id] = context.session.scalar(
            select(SchoolYear.school_id).where(SchoolYear.id == course.school_year_id)
        )
    return schools[course.school_year_id]


def _rule(context: Context, school: uuid.UUID | None) -> LateChanges:
    rules: dict[uuid.UUID | None, LateChanges] = context.memo.setdefault("late_changes", {})
    if school not in rules:
        row = context.session.get(SchoolRules, school) if school else None
        rules[school] = LateChanges(row.late_changes) if row is not None else LateChanges.REASON
    return rules[school]


def covering_lock(
    context: Context, lesson: Lesson, course: Course, student_id: uuid.UUID | None
) -> LockDetails | None:
    """The lock a cell of ``lesson`` (and ``student_id``) lies in, if any."""
    locks = _open_locks(context)
    if not locks:
        return None
    school = _school_of_course(context, course)
    mine = [lock for owner, lock in locks if owner == school]
    if not mine:
        return None
    classes: set[uuid.UUID | None] = {course.class_group_id}
    if student_id is not None and any(lock.scope is LockScope.CLASS for lock in mine):
        of_student: dict[uuid.UUID, uuid.UUID | None] = context.memo.setdefault("classes", {})
        if student_id not in of_student:  # (a push of a class's marks asks once a student)
            of_student[student_id] = context.session.scalar(
                select(Student.class_group_id).where(Student.id == student_id)
            )
        classes.add(of_student[student_id])
    return next((lock for lock in mine if lock.covers(lesson.date, course.id, classes)), None)


def late_change(
    context: Context, lesson: Lesson, course: Course, student_id: uuid.UUID | None, reason: str
) -> tuple[Decision, LockDetails | None]:
    """How a change of this cell is made now (``domain.period_locks.decide``)."""
    lock = covering_lock(context, lesson, course, student_id)
    if lock is None:
        return Decision.FREE, None
    deputy = Role.DEPUTY in context.user.roles
    rule = _rule(context, _school_of_course(context, course))
    return decide(True, deputy, rule, reason), lock


DECLARED = (
    Declared(
        MutationName.PERIOD_LOCK_SET,
        period_lock_set,
        senders="deputy (`Entity.PERIOD_LOCK`)",
        checks=(
            "role; a label, the end not before the start, at most a year, the scope's class or "
            "course given and of the user's school (`domain.period_locks.validate_lock`); an "
            "existing lock of the user's school; merge; the author is the first sender"
        ),
        merge="per field (`LOCK_FIELDS`), the last to arrive wins; review of the replaced",
        scope="every user of the school",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolver_of(LOCKS),
    ),
)
