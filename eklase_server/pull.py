"""Pulling: pages of rows changed after the client's cursor, within the user's scope
(DESIGN §4, SPEC D2, S5). The cursor is ``<version>.<scope fingerprint>.<stamp>``: a cursor
made for another scope (the teacher got a new course), or of a history the server no longer
has (restored from a backup), starts again from the beginning with ``reset``."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from eklase_desktop.models import Enrolment
from eklase_desktop.sync.protocol import PullResponse, RowChange
from eklase_server.auth import User
from eklase_server.changes import TABLES
from eklase_server.db import current_version, stamp_of
from eklase_server.models import ChangeLog
from eklase_server.scopes import SCHOOL_TABLES, Scope, hidden_columns, scope_of


def _parts(cursor: str | None) -> tuple[int, str, str]:
    """(version, scope fingerprint, stamp) of a cursor; version 0 for anything malformed."""
    version, _dot, rest = (cursor or "").partition(".")
    fingerprint, _dot, stamp = rest.partition(".")
    ascii_digits = version.isascii() and version.isdigit()  # (not "²": isdigit takes it)
    number = int(version) if ascii_digits and len(version) <= 18 else 0
    return number, fingerprint, stamp


def make_cursor(session: Session, version: int, scope: Scope) -> str:
    return f"{version}.{scope.fingerprint}.{stamp_of(session, version) or ''}"


def cursor_valid(session: Session, cursor: str | None) -> bool:
    """False when the server no longer has the history the cursor was made from: its
    version is ahead of the counter, or its transaction's stamp differs (the database was
    restored from a backup and the version went to another change since)."""
    version, _fingerprint, stamp = _parts(cursor)
    if version == 0:
        return True
    if version > current_version(session):
        return False
    return not stamp or stamp == stamp_of(session, version)


def parse_cursor(session: Session, cursor: str | None, scope: Scope) -> tuple[int, bool]:
    """(version to pull after, whether the laptop must replace its rows): a cursor of another
    scope, or one the server's history no longer matches, starts from the beginning."""
    if not cursor:
        return 0, False
    version, fingerprint, _stamp = _parts(cursor)
    if fingerprint != scope.fingerprint or not cursor_valid(session, cursor):
        return 0, True
    return version, False


def _in_scope(scope: Scope) -> Any:
    conditions: list[Any] = [ChangeLog.table_name.in_(SCHOOL_TABLES)]
    if scope.courses:
        courses = list(scope.courses)
        enrolled = select(Enrolment.student_id).where(Enrolment.course_id.in_(courses))
        conditions.append(ChangeLog.course_id.in_(courses))
        conditions.append(and_(ChangeLog.table_name == "student", ChangeLog.row_id.in_(enrolled)))
    if scope.classes:
        conditions.append(ChangeLog.class_group_id.in_(list(scope.classes)))
    if scope.staff_id is not None:
        conditions.append(ChangeLog.staff_id == scope.staff_id)
    return or_(*conditions)


def pull(session: Session, user: User, cursor: str | None, limit: int) -> PullResponse:
    scope = scope_of(session, user)
    after, reset = parse_cursor(session, cursor, scope)
    query = select(ChangeLog).where(ChangeLog.version > after)
    if not scope.everything:
        query = query.where(_in_scope(scope))
    entries = list(session.scalars(query.order_by(ChangeLog.version).limit(limit)))
    changes = _rows(session, user, scope, entries)
    last = entries[-1].version if entries else after
    return PullResponse(
        changes=changes,
        cursor=make_cursor(session, last, scope),
        more=len(entries) == limit,
        reset=reset,
    )


def _rows(session: Session, user: User, scope: Scope, entries: list[ChangeLog]) -> list[RowChange]:
    wanted: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entry in entries:
        wanted[entry.table_name].append(entry.row_id)
    rows: dict[tuple[str, uuid.UUID], Any] = {}
    for table, ids in wanted.items():
        model = TABLES[table]
        for found in session.scalars(select(model).where(model.id.in_(ids))):
            rows[(table, found.id)] = found
    changes = []
    for entry in entries:
        row = rows.get((entry.table_name, entry.row_id))
        if row is None or row.version != entry.version:
            continue  # changed again since: a later entry carries it
        if scope.withholds(entry.table_name, entry.course_id, row):
            continue  # a student who left the course by an order (SPEC C2)
        hidden = hidden_columns(user, entry.table_name, entry.class_group_id, scope)
        changes.append(
            RowChange(
                table=entry.table_name,
                id=row.id,
                version=row.version,
                deleted=row.deleted,
                data=serialise(row, hidden),
            )
        )
    return changes


def serialise(row: Any, hidden: set[str] | None = None) -> dict[str, Any]:
    """A row's columns as JSON values (UUIDs and dates as text), without ``hidden`` ones."""
    data: dict[str, Any] = {}
    for name, key in _data_columns(row.__table__):
        if hidden and name in hidden:
            continue
        value = getattr(row, key)
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    return data


@functools.cache
def _data_columns(table: Any) -> tuple[tuple[str, str], ...]:
    """(name, attribute) of a table's columns but its key, version and deletion flag."""
    return tuple(
        (column.name, column.key)
        for column in table.columns
        if column.name not in ("id", "version", "deleted")
    )
