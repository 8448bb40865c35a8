"""Conflicts and review entries: recording them, listing them, resolving them (SPEC S4)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from eklase_desktop.models import Course, Lesson, Staff, Student
from eklase_desktop.sync.merge import Field, Outcome, merge_field
from eklase_desktop.sync.protocol import ConflictInfo
from eklase_server.auth import User, now
from eklase_server.models import Account, AuditEntry, Conflict

if TYPE_CHECKING:
    from eklase_server.context import Context


def record_conflict(
    context: Context,
    kind: Literal["conflict", "review"],
    entity: str,
    row_id: uuid.UUID,
    field: str,
    base: str | None,
    mine: str | None,
    theirs: str | None,
    *,
    course_id: uuid.UUID | None,
    student_id: uuid.UUID | None,
    lesson: Lesson | None,
    extra: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Keeps both values. A user's newer change of a field already in an open conflict of
    theirs updates that conflict instead of opening another."""
    session = context.session
    open_one = session.scalars(
        select(Conflict).where(
            Conflict.row_id == row_id,
            Conflict.field == field,
            Conflict.status == "open",
            Conflict.kind == kind,
            Conflict.mine_account_id == context.user.account_id,
        )
    ).first()
    last = _last_writer(context, entity, row_id, field)
    if open_one is not None:
        open_one.mine, open_one.theirs = mine, theirs
        open_one.created_at = now()
        return open_one.id
    conflict = Conflict(
        kind=kind,
        entity=entity,
        row_id=row_id,
        field=field,
        base=base,
        mine=mine,
        theirs=theirs,
        mine_account_id=context.user.account_id,
        theirs_account_id=last[0] if last else None,
        theirs_at=last[1] if last else None,
        created_at=now(),
        context=_context(session, course_id, student_id, lesson) | (extra or {}),
    )
    session.add(conflict)
    session.flush()
    return conflict.id


Changed = list[tuple[str, str | None, str | None]]  # (field, old text, new text)


def merge_record(
    context: Context,
    entity: str,
    row: Any,
    fields: tuple[str, ...],
    seen: dict[str, Any],
    mine: dict[str, str | None],
    current: dict[str, str | None],
    store: Callable[[str, str | None], None],
    *,
    student_id: uuid.UUID | None,
    course_id: uuid.UUID | None = None,
) -> tuple[Changed, list[uuid.UUID]]:
    """Field by field, the class records' rule (a note, a log entry, a statement): the later
    arrival wins and the value it replaced is kept for review; ``store`` writes a field."""
    changed: Changed = []
    conflicts: list[uuid.UUID] = []
    for name in fields:
        base = None if seen.get(name) is None else str(seen[name])
        merge = merge_field(Field.RECORD, base, mine[name], current[name])
        if merge.outcome in (Outcome.APPLY, Outcome.REVIEW) and mine[name] != current[name]:
            store(name, mine[name])
            changed.append((name, current[name], mine[name]))
        if merge.recorded:
            conflicts.append(
                record_conflict(
                    context,
                    "review",
                    entity,
                    row.id,
                    name,
                    base,
                    mine[name],
                    current[name],
                    course_id=course_id,
                    student_id=student_id,
                    lesson=None,
                )
            )
    return changed, conflicts


def _last_writer(
    context: Context, table: str, row_id: uuid.UUID, field: str
) -> tuple[uuid.UUID, dt.datetime] | None:
    """Who last changed the field (else the row): the other side of the conflict. Writes of
    this same push are still staged, so they are looked at first."""
    staged = context.staged.audit_rows if context.staged else []
    for wanted_field in (field, None):
        for row in reversed(staged):
            if row["row_id"] == row_id and wanted_field in (None, row["field"]):
                return row["account_id"], row["at"]
        query = select(AuditEntry.account_id, AuditEntry.at).where(
            AuditEntry.table_name == table, AuditEntry.row_id == row_id
        )
        if wanted_field is not None:
            query = query.where(AuditEntry.field == wanted_field)
        found = context.session.execute(query.order_by(AuditEntry.id.desc()).limit(1)).first()
        if found is not None:
            return found[0], found[1]
    return None


def _context(
    session: Session,
    course_id: uuid.UUID | None,
    student_id: uuid.UUID | None,
    lesson: Lesson | None,
) -> dict[str, Any]:
    course = session.get(Course, course_id) if course_id else None
    student = session.get(Student, student_id) if student_id else None
    return {
        "course_id": str(course_id) if course_id else None,
        "course": course.name if course else "",
        "lesson_id": str(lesson.id) if lesson else None,
        "lesson_date": lesson.date.isoformat() if lesson else None,
        "student_id": str(student_id) if student_id else None,
        "student": f"{student.last_name} {student.first_name}" if student else "",
    }


def account_name(session: Session, account_id: uuid.UUID | None) -> str:
    """The member of staff behind an account ("First Last"), else the user name."""
    account = session.get(Account, account_id) if account_id else None
    if account is None:
        return ""
    staff = session.get(Staff, account.staff_id) if account.staff_id else None
    return f"{staff.first_name} {staff.last_name}" if staff else account.username


def to_info(session: Session, conflict: Conflict, viewer: uuid.UUID | None = None) -> ConflictInfo:
    side: Literal["mine", "theirs", "other"] = "other"
    if viewer == conflict.mine_account_id:
        side = "mine"
    elif viewer == conflict.theirs_account_id:
        side = "theirs"
    return ConflictInfo(
        viewer=side,
        id=conflict.id,
        kind="review" if conflict.kind == "review" else "conflict",
        entity=conflict.entity,
        row_id=conflict.row_id,
        field=conflict.field,
        base=conflict.base,
        mine=conflict.mine,
        theirs=conflict.theirs,
        mine_by=account_name(session, conflict.mine_account_id),
        theirs_by=account_name(session, conflict.theirs_account_id),
        theirs_at=conflict.theirs_at,
        created_at=conflict.created_at,
        context=conflict.context,
        status="open" if conflict.status == "open" else "resolved",
    )


def visible_conflicts(session: Session, user: User) -> list[Conflict]:
    """Open conflicts the user is a party to; the deputy director sees every one."""
    query = select(Conflict).where(Conflict.status == "open").order_by(Conflict.created_at)
    if not user.sees_private:  # phones: the tutor's, the deputy's and the clerk's (SPEC T1)
        query = query.where(
            or_(
                Conflict.entity.not_in(("student", "guardian")),
                Conflict.mine_account_id == user.account_id,
                Conflict.theirs_account_id == user.account_id,  # (a tutor whose number it was)
            )
        )
    if not user.sees_everything:
        query = query.where(
            or_(
                Conflict.mine_account_id == user.account_id,
                Conflict.theirs_account_id == user.account_id,
            )
        )
    return list(session.scalars(query))
