"""A row's history from the audit log, for the app's "who changed this, when" (SPEC J14)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from eklase_desktop.models import Enrolment
from eklase_desktop.sync.protocol import History, HistoryEntry
from eklase_server.auth import User
from eklase_server.changes import TABLES, scope_keys
from eklase_server.conflicts import account_name
from eklase_server.models import AuditEntry
from eklase_server.scopes import hidden_columns, scope_of


class NotVisible(Exception):
    """The row does not exist, or the user may not read it."""


def history(session: Session, user: User, table: str, row_id: uuid.UUID) -> History:
    """Every audited change of the row, oldest first; raises NotVisible outside the user's
    scope. Changes of columns the user may not receive (phones) are left out."""
    model = TABLES.get(table)
    row = session.get(model, row_id) if model is not None else None
    if row is None:
        raise NotVisible(table)
    course, group = scope_keys(session, table, row)
    scope = scope_of(session, user)
    courses = [course]
    if table == "student":  # the teachers of the student's courses pull the row too
        courses += session.scalars(
            select(Enrolment.course_id).where(
                Enrolment.student_id == row_id, Enrolment.deleted.is_(False)
            )
        ).all()
    if not any(scope.sees(table, each, group, row) for each in courses):  # (one who left: not)
        raise NotVisible(table)
    hidden = hidden_columns(user, table, group, scope)
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == table, AuditEntry.row_id == row_id)
            .order_by(AuditEntry.id)
        )
    )
    names = {e.account_id: account_name(session, e.account_id) for e in entries if e.account_id}
    return History(
        entries=[
            HistoryEntry(
                at=entry.at.replace(tzinfo=dt.UTC),
                who=names.get(entry.account_id) or entry.username,
                action=entry.action,
                field=entry.field,
                old=entry.old,
                new=entry.new,
                reason=entry.reason,
            )
            for entry in entries
            if entry.field not in hidden
        ]
    )
