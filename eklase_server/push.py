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
        result = MutationResult(seq=mutation.seq, status=Status.REJECTED, reason=rejected.message)
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
    return MutationResult(seq=mutation.seq, status=status, version=version, conflict_ids=conflicts)


def _short(error: ValidationError) -> str:
    first: dict[str, Any] = dict(error.errors()[0])
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"
