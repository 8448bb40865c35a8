"""Conflicts and review entries: recording them, listing them, resolving them (SPEC S4)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from eklase_desktop.i18n import _
from eklase_desktop.models import Attendance, Course, Lesson, Mark, PeriodMark, Staff, Student
from eklase_desktop.sync.merge import Field, Outcome, merge_field
from eklase_desktop.sync.protocol import ConflictInfo
from eklase_server.auth import User, now
from eklase_server.models import Account, AuditEntry, Conflict

if TYPE_CHECKING:
    from eklase_server.push import Context


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


def resolve(context: Context, conflict_id: uuid.UUID, choice: str) -> int | None:
    """Closes a conflict with the value chosen; writes it if it is not the stored one.
    Returns the row's new version, or None if nothing was written."""
    from eklase_server.push import Rejected

    session = context.session
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise Rejected(_("Konflikts nav atrasts."))
    party = context.user.account_id in (conflict.mine_account_id, conflict.theirs_account_id)
    if not (party or context.user.sees_everything):
        raise Rejected(_("Šo konfliktu var atrisināt tikai tā dalībnieki."))
    if conflict.status != "open":
        return None  # resolved already (perhaps from the other laptop): nothing to do
    chosen = conflict.mine if choice == "mine" else conflict.theirs
    version = _write(context, conflict, chosen)
    conflict.status, conflict.resolution = "resolved", choice
    conflict.resolved_by, conflict.resolved_at = context.user.account_id, now()
    return version


def _write(context: Context, conflict: Conflict, chosen: str | None) -> int | None:
    from eklase_server.handlers import lesson_value
    from eklase_server.push import Rejected

    if conflict.entity == "absence_note":
        from eklase_server.notes import resolve_field

        return resolve_field(context, conflict, chosen)
    if conflict.entity == "class_log_entry":
        from eklase_server import class_logs

        return class_logs.resolve_field(context, conflict, chosen)
    if conflict.entity == "monthly_statement":
        from eklase_server import statements

        return statements.resolve_field(context, conflict, chosen)
    if conflict.entity in ("student", "guardian"):
        from eklase_server import phones

        return phones.resolve_field(context, conflict, chosen)
    session = context.session
    models: dict[str, Any] = {
        "mark": Mark,
        "period_mark": PeriodMark,
        "attendance": Attendance,
        "lesson": Lesson,
    }
    row = context.get(models[conflict.entity], conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    course_id = row.course_id if conflict.entity in ("lesson", "period_mark") else None
    lesson = (
        row if conflict.entity == "lesson" else session.get(Lesson, getattr(row, "lesson_id", None))
    )
    course = session.get(Course, course_id or (lesson.course_id if lesson else None))
    if course is None:
        raise Rejected(_("Jums nav tiesību mainīt šo ierakstu."))
    _require_write(context, conflict, course, lesson)
    field = conflict.field
    if field == "value":
        current = None if row.deleted else row.value
    elif field == "deleted":
        current = "true" if row.deleted else "false"
    else:
        current = _text(getattr(row, field))
    if current == chosen:
        return None
    if field == "value":
        row.value, row.deleted = chosen or row.value, chosen is None
    elif field == "deleted":
        row.deleted = chosen == "true"
        changes: dict[str, Any] = dict(conflict.context.get("changes") or {})  # type: ignore[call-overload]
        for name, value in changes.items():
            setattr(row, name, lesson_value(name, value))  # the edit that met the delete
    else:
        setattr(
            row, field, lesson_value(field, chosen) if conflict.entity == "lesson" else chosen or ""
        )
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


def _require_write(
    context: Context, conflict: Conflict, course: Course, lesson: Lesson | None
) -> None:
    """The one who decides must be allowed to write the value decided (SPEC S5)."""
    from eklase_desktop.domain.attendance import check_can_justify, check_can_set_presence
    from eklase_desktop.domain.errors import DomainError
    from eklase_desktop.domain.roles import Entity, Role, require
    from eklase_server.push import Rejected
    from eklase_server.scopes import roles_in, tutors_student

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
            require(roles, entity)
    except DomainError as error:
        raise Rejected(error.message) from error


def _text(value: object) -> str | None:
    from eklase_desktop.sync.protocol import wire_text

    return wire_text(value)
