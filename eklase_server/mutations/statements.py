"""Monthly grade statements on the server (SPEC T7): ``monthly_statement.set``.

The student's tutor (and the deputy, the clerk) records when a statement was printed and when
the signed copy came back. The row is the class's: it reaches the tutor and the school-wide
roles, never the course teachers (``changes.CLASS_RECORDS``). Its two dates merge like a class
record's fields: the later arrival wins and the value it replaced is kept for review.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.monthly_statements import (
    STATEMENT_FIELDS,
    StatementState,
    state_texts,
    validate_state,
)
from eklase_desktop.domain.roles import Entity, require
from eklase_desktop.i18n import _
from eklase_desktop.models import MonthlyStatement, Student, cell_id
from eklase_desktop.models.setup import YEAR_CLOSED, closed_on
from eklase_desktop.sync.mutation_args import MonthlyStatementSetArgs
from eklase_desktop.sync.protocol import Mutation, MutationName, Status
from eklase_server.conflicts import Changed, merge_record
from eklase_server.context import Context, Declared, Rejected, Result
from eklase_server.scopes import class_roles


def monthly_statement_set(
    context: Context, args: MonthlyStatementSetArgs, mutation: Mutation
) -> Result:
    student = context.get(Student, args.student_id)
    if student is None or student.deleted:
        raise Rejected(_("Skolēns nav atrasts."))
    if args.monthly_statement_id != cell_id("monthly_statement", student.id, args.month):
        raise Rejected(_("Izraksta identifikators neatbilst skolēnam un mēnesim."))
    _require_writer(context, student.id)
    month = dt.date.fromisoformat(f"{args.month}-01")
    if closed_on(context.session, student.school_id, month):
        raise Rejected(_(YEAR_CLOSED))
    mine = state_texts(StatementState(args.month, args.printed_on, args.returned_on))
    row = context.session.get(MonthlyStatement, args.monthly_statement_id)
    if row is None:
        row = MonthlyStatement(
            id=args.monthly_statement_id, student_id=student.id, month=args.month, deleted=False
        )
        context.session.add(row)
    current = _texts(row)
    seen = args.base
    if seen is None:
        # The id is the student's and the month's: a laptop that saw no row records the same
        # statement as one that did. What it sends adds to what is stored: a date it leaves
        # empty clears nothing, and the statement was printed on the earlier of two days.
        mine = _added(mine, current)
        seen = current
    changed, conflicts = _merge(context, row, seen, mine, current)
    _check(row)
    if not changed:
        return Status.MERGED, row.version, conflicts
    row.updated_by_id = context.user.staff_id
    version = context.record("monthly_statement", row)
    for name, old, new in changed:
        context.audit.log(
            "set", "monthly_statement", row.id, name, old, new, version, student_id=student.id
        )
    return Status.APPLIED, version, conflicts


def _added(mine: dict[str, str | None], current: dict[str, str | None]) -> dict[str, str | None]:
    """What a laptop that saw no row adds to the stored dates: an empty date clears nothing,
    a second printing day keeps the earlier one, a second return day the first recorded."""
    merged: dict[str, str | None] = {}
    for name in STATEMENT_FIELDS:
        theirs, own = current[name], mine[name]
        if theirs is None or own is None:
            merged[name] = own if theirs is None else theirs
        else:
            merged[name] = min(own, theirs) if name == "printed_on" else theirs
    return merged


def _require_writer(context: Context, student_id: uuid.UUID) -> None:
    try:
        require(class_roles(context.session, context.user, student_id), Entity.MONTHLY_STATEMENT)
    except DomainError as error:
        raise Rejected(error.message) from error


def _texts(row: MonthlyStatement) -> dict[str, str | None]:
    return state_texts(StatementState(row.month, row.printed_on, row.returned_on))


def _merge(
    context: Context,
    row: MonthlyStatement,
    base: dict[str, Any],
    mine: dict[str, str | None],
    current: dict[str, str | None],
) -> tuple[Changed, list[uuid.UUID]]:
    return merge_record(
        context,
        "monthly_statement",
        row,
        STATEMENT_FIELDS,
        base,
        mine,
        current,
        lambda name, text: setattr(row, name, dt.date.fromisoformat(text) if text else None),
        student_id=row.student_id,
    )


def _check(row: MonthlyStatement) -> None:
    try:
        validate_state(
            StatementState(row.month, row.printed_on, row.returned_on),
            # a laptop's clock may run a little ahead of the server's
            clock.today() + dt.timedelta(days=1),
        )
    except DomainError as error:
        raise Rejected(error.message) from error


def resolve_field(context: Context, conflict: Any, chosen: str | None) -> int | None:
    """Writes the date a person chose in a review entry."""
    row = context.session.get(MonthlyStatement, conflict.row_id)
    if row is None:
        raise Rejected(_("Ieraksts nav atrasts."))
    _require_writer(context, row.student_id)
    current = _texts(row)[conflict.field]
    if current == chosen:
        return None
    setattr(row, conflict.field, dt.date.fromisoformat(chosen) if chosen else None)
    _check(row)
    version = context.record("monthly_statement", row)
    context.audit.log(
        "resolve",
        "monthly_statement",
        row.id,
        conflict.field,
        current,
        chosen,
        version,
        student_id=row.student_id,
    )
    return version


DECLARED = (
    Declared(
        MutationName.MONTHLY_STATEMENT_SET,
        monthly_statement_set,
        senders="tutor of the student's class, clerk, deputy (`Entity.MONTHLY_STATEMENT`)",
        checks=(
            "student exists; the id is the student's and the month's; role; merge; the merged "
            "dates valid (`domain.monthly_statements.validate_state`: printed not before the "
            "month began, returned only after printing, neither in the future)"
        ),
        merge=(
            "per date, the last to arrive wins and the replaced one is kept for review; two "
            "laptops recording one statement write one row (a `base` of null: seen nothing)"
        ),
        scope="the student's class: its tutor, deputy, clerk, director",
        results="`applied`, `merged`, `rejected` (+ review `conflict_ids`)",
        resolve=resolve_field,
    ),
)
