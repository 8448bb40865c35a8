"""A person's decision on a conflict of the journal — a lesson, a mark, a period mark or an
attendance cell (``conflict.resolve``; SPEC S4–S5): who may decide it (the one who could
write the value decided; in a closed period the deputy), and writing the value chosen,
checked like an edit."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError

from eklase_desktop.domain.attendance import check_can_justify, check_can_set_presence
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.lessons import LESSON_FIELDS
from eklase_desktop.domain.marks import period_entity, period_slot
from eklase_desktop.domain.period_locks import Decision
from eklase_desktop.domain.roles import Entity, Role, require
from eklase_desktop.i18n import _
from eklase_desktop.models import Attendance, Course, Lesson, Mark, PeriodMark, cell_id
from eklase_desktop.sync.mutation_args import lesson_values
from eklase_desktop.sync.protocol import wire_text
from eklase_server.context import Context, Rejected
from eklase_server.models import Conflict
from eklase_server.mutations.lessons import course_of, lesson_value, validate_lesson_row
from eklase_server.mutations.locks import late_change
from eklase_server.scopes import roles_in, tutors_student


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
        current = wire_text(getattr(row, field))
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
