"""Applying rows the server sent to the local cache, in bulk."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Date, DateTime, Uuid, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from eklase_desktop.models import SYNCED_TABLES, OutboxEntry
from eklase_desktop.sync.protocol import ROW_KEYS, RowChange


def pending_rows(
    session: Session, among: Iterable[tuple[str, uuid.UUID]] | None = None
) -> set[tuple[str, uuid.UUID]]:
    """(table, id) of every row with a change still waiting in the outbox: pulls leave those
    rows as the user left them (DESIGN §4); the push result brings the server's version.

    With ``among``, only those of these rows. SQLite looks through the outbox's arguments,
    not Python: a day offline leaves thousands of entries, and each page of results asks."""
    table = func.substr(OutboxEntry.mutation, 1, func.instr(OutboxEntry.mutation, ".") - 1)
    path = case({name: f"$.{key}" for name, key in ROW_KEYS.items()}, value=table)
    row_id = func.lower(func.json_extract(OutboxEntry.args, path))
    query = select(table, row_id).where(row_id.is_not(None))
    if among is None:
        found = session.execute(query).all()
    else:
        wanted = {(name, str(key)) for name, key in among}
        ids = sorted({key for _name, key in wanted})
        found = [
            row
            for start in range(0, len(ids), 500)  # SQLite's limit on a statement's parameters
            for row in session.execute(query.where(row_id.in_(ids[start : start + 500])))
            if (row[0], row[1]) in wanted
        ]
    return {(name, uuid.UUID(key)) for name, key in found}


def row_of(mutation: str, args: dict[str, Any]) -> tuple[str, uuid.UUID] | None:
    """(table, id) of the row a mutation changes; None for one that changes no row."""
    table = mutation.split(".")[0]
    key = ROW_KEYS.get(table)
    return (table, uuid.UUID(str(args[key]))) if key and args.get(key) else None


def forget_unacknowledged(
    session: Session, mutation: str, args: dict[str, Any], pending: set[tuple[str, uuid.UUID]]
) -> None:
    """Tombstones a row made here that the server refused and never had (version 0), so the
    laptop shows what the server has: nothing. The refusal itself stays listed."""
    key = row_of(mutation, args)
    if key is None or key in pending:
        return
    table, row_id = key
    row = session.get(SYNCED_TABLES[table], row_id)
    if row is not None and row.version == 0:
        row.deleted = True


def forget_synced_rows(session: Session, pending: set[tuple[str, uuid.UUID]]) -> None:
    """Deletes every synced row but those with changes waiting here, before a download of
    everything: rows that left the user's scope, or that a restored server no longer has,
    must not stay behind."""
    for table, model in SYNCED_TABLES.items():
        keep = [row_id for name, row_id in pending if name == table]
        session.execute(delete(model).where(model.id.not_in(keep)))


def _converter(column: Any) -> Any:
    if isinstance(column.type, Uuid):
        return lambda value: uuid.UUID(value) if value else None
    if isinstance(column.type, DateTime):
        return lambda value: dt.datetime.fromisoformat(value) if value else None
    if isinstance(column.type, Date):
        return lambda value: dt.date.fromisoformat(value) if value else None
    return lambda value: value


def _values(model: Any, change: RowChange) -> dict[str, Any]:
    values: dict[str, Any] = {"id": change.id, "version": change.version, "deleted": change.deleted}
    for column in model.__table__.columns:
        if column.name in change.data:
            values[column.key] = _converter(column)(change.data[column.name])
    return values


def apply_rows(
    session: Session, changes: Iterable[RowChange], skip: set[tuple[str, uuid.UUID]]
) -> int:
    """Inserts or updates ``changes`` (parents first), except the rows in ``skip``."""
    newest: dict[tuple[str, uuid.UUID], RowChange] = {}
    for change in changes:  # the same row may come twice (two changes in one push)
        key = (change.table, change.id)
        if change.table not in SYNCED_TABLES or key in skip:
            continue
        if key not in newest or newest[key].version <= change.version:
            newest[key] = change
    by_table: dict[str, list[RowChange]] = defaultdict(list)
    for (table, _id), change in newest.items():
        by_table[table].append(change)
    count = 0
    for table, model in SYNCED_TABLES.items():
        batch = by_table.get(table)
        if not batch:
            continue
        ids = [change.id for change in batch]
        existing = set(session.scalars(select(model.id).where(model.id.in_(ids))))
        fresh = [_values(model, c) for c in batch if c.id not in existing]
        known = [_values(model, c) for c in batch if c.id in existing]
        if fresh:
            session.execute(insert(model), fresh)
        if known:
            session.execute(update(model), known)
        count += len(batch)
    return count
