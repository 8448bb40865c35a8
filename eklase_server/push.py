"""Applying pushed mutations: exactly once, authorised, merged field by field (DESIGN §4).

A push runs in one transaction holding the version counter's lock, so pushes are applied one
after another and versions become visible in order. Each mutation runs in a savepoint: a
rejected one leaves nothing behind, yet still gets a receipt (so it never blocks the queue).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.sync.protocol import (
    MUTATION_ARGS,
    Mutation,
    MutationName,
    MutationResult,
    PushRequest,
    PushResponse,
    RowChange,
    Status,
)
from eklase_server.auth import User, now
from eklase_server.changes import Audit
from eklase_server.db import VersionAllocator, current_version
from eklase_server.models import Receipt


class Rejected(Exception):
    """A mutation the server will not apply; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SeqReused(Exception):
    """The client sent a seq the server holds a receipt for, with other content: it was
    restored from a backup or lost its outbox numbering. The client takes a new id."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"seq {seq} was already used for another change")
        self.seq = seq


@dataclass
class Context:
    session: Session
    user: User
    versions: VersionAllocator
    audit: Audit


def digest(mutation: Mutation) -> str:
    canonical = json.dumps(
        [mutation.name, mutation.version, mutation.args, mutation.base_version],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def push(session: Session, user: User, request: PushRequest) -> PushResponse:
    versions = VersionAllocator(session)
    versions.lock()  # serialises pushes: merges read what no one else is writing
    audit = Audit(session, user, request.client_id)
    context = Context(session, user, versions, audit)
    results = [_one(context, request.client_id, mutation) for mutation in request.mutations]
    versions.finish()
    return PushResponse(results=results, server_version=current_version(session))


def _one(context: Context, client_id: uuid.UUID, mutation: Mutation) -> MutationResult:
    session = context.session
    mutation_digest = digest(mutation)
    receipt = session.get(Receipt, (client_id, mutation.seq))
    if receipt is not None:
        if receipt.digest != mutation_digest or receipt.account_id != context.user.account_id:
            raise SeqReused(mutation.seq)
        return MutationResult.model_validate(receipt.result)
    context.audit.seq = mutation.seq
    try:
        with session.begin_nested():
            result = _apply(context, mutation)
    except Rejected as rejected:
        result = MutationResult(
            seq=mutation.seq,
            status=Status.REJECTED,
            reason=rejected.message,
            row=_safe_row_state(context, mutation),
        )
    session.add(
        Receipt(
            client_id=client_id,
            seq=mutation.seq,
            account_id=context.user.account_id,
            digest=mutation_digest,
            result=result.model_dump(mode="json"),
            at=now(),
        )
    )
    return result


def _apply(context: Context, mutation: Mutation) -> MutationResult:
    from eklase_server import handlers  # the mutation catalogue

    if mutation.version != 1:
        raise Rejected(_("Šī programmas versija nepazīst izmaiņas veidu."))
    try:
        args = MUTATION_ARGS[MutationName(mutation.name)].model_validate(mutation.args)
    except ValidationError as error:
        raise Rejected(_("Nederīgi izmaiņas dati: {error}").format(error=_short(error))) from error
    try:
        status, version, conflicts = handlers.HANDLERS[mutation.name](context, args, mutation)
    except DomainError as error:
        raise Rejected(error.message) from error
    return MutationResult(
        seq=mutation.seq,
        status=status,
        version=version,
        conflict_ids=conflicts,
        row=row_state(context, mutation),
    )


ROW_KEYS = {
    "lesson": "lesson_id",
    "mark": "mark_id",
    "period_mark": "period_mark_id",
    "attendance": "attendance_id",
}


def row_of(name: str) -> tuple[str, str] | None:
    """(table, argument naming the row) a mutation changes; None for conflict.resolve."""
    table = name.split(".")[0]
    return (table, ROW_KEYS[table]) if table in ROW_KEYS else None


def row_state(context: Context, mutation: Mutation) -> RowChange | None:
    """The row the mutation addressed, as the server has it now (within the user's scope:
    every mutation that got this far was authorised for that row)."""
    from eklase_server.changes import TABLES
    from eklase_server.pull import serialise
    from eklase_server.scopes import hidden_columns, scope_of

    target = row_of(mutation.name)
    if target is None:
        return None
    table, key = target
    row = context.session.get(TABLES[table], uuid.UUID(str(mutation.args[key])))
    if row is None:
        return None
    hidden = hidden_columns(context.user, table, None, scope_of(context.session, context.user))
    return RowChange(
        table=table,
        id=row.id,
        version=row.version,
        deleted=row.deleted,
        data=serialise(row, hidden),
    )


def _safe_row_state(context: Context, mutation: Mutation) -> RowChange | None:
    """The row for a rejected mutation, only where the user may read it."""
    from eklase_server.changes import scope_keys
    from eklase_server.scopes import scope_of

    try:
        row = row_state(context, mutation)
    except (KeyError, ValueError):
        return None
    if row is None:
        return None
    scope = scope_of(context.session, context.user)
    course, _group = scope_keys(context.session, row.table, _Row(row))
    return row if scope.everything or course in scope.courses else None


class _Row:
    """Just enough of a row for ``scope_keys``."""

    def __init__(self, change: RowChange) -> None:
        self.id = change.id
        for key, value in change.data.items():
            setattr(self, key, uuid.UUID(value) if key.endswith("_id") and value else value)


def _short(error: ValidationError) -> str:
    first: dict[str, Any] = dict(error.errors()[0])
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"
