"""Applying pushed mutations: exactly once, authorised, merged field by field (DESIGN §4).

A push runs in one transaction holding the version counter's lock, so pushes are applied one
after another and versions become visible in order. Each mutation runs in a savepoint: a
rejected one leaves nothing behind, yet still gets a receipt (so it never blocks the queue).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Row, bindparam, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    ClassGroup,
    Course,
    Lesson,
    Subject,
)
from eklase_desktop.sync.faults import failpoint, slowpoint
from eklase_desktop.sync.protocol import (
    ROW_KEYS,
    Mutation,
    PushRequest,
    Status,
)
from eklase_server.auth import User
from eklase_server.catalogue import CATALOGUE
from eklase_server.changes import TABLES, scope_keys
from eklase_server.context import Context, Rejected, lock_key
from eklase_server.db import (
    Prebuilt,
    Rows,
    current_version,
    keys_in,
    real_version,
)
from eklase_server.models import Conflict, Receipt
from eklase_server.pull import serialise
from eklase_server.scopes import hidden_columns

_RECEIPTS = Prebuilt(
    lambda dialect: select(Receipt.__table__).where(
        Receipt.__table__.c.client_id == bindparam("client_id"),
        keys_in(Receipt.__table__.c.seq, "seqs", dialect),
    )
)
# with their subjects and classes, held by the push: ``roles_in`` and ``Course.mark_slot``
# find them in the session
_COURSES = Prebuilt(
    lambda dialect: (
        select(Course, Subject, ClassGroup)
        .join(Subject, Subject.id == Course.subject_id)
        .outerjoin(ClassGroup, ClassGroup.id == Course.class_group_id)
        .where(keys_in(Course.id, "keys", dialect))
    )
)


_log = logging.getLogger(__name__)


class SeqReused(Exception):
    """The client sent a seq the server holds a receipt for, with other content: it was
    restored from a backup or lost its outbox numbering. The client takes a new id."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"seq {seq} was already used for another change")
        self.seq = seq


def digest(mutation: Mutation) -> str:
    canonical = json.dumps(
        [mutation.name, mutation.version, mutation.args, mutation.base_version],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def push(session: Session, user: User, request: PushRequest) -> dict[str, Any]:
    """The ``PushResponse`` as JSON values: results are built as such (a push answers and
    keeps hundreds of them; pydantic would check and convert each of them twice)."""
    context = Context.begin(session, user, request.client_id)
    receipts = _prefetch(context, request)
    slowpoint("server.push.after_reading")
    done = [_one(context, mutation, receipts.get(mutation.seq)) for mutation in request.mutations]
    take_versions = context.staged.takes_versions()
    if not take_versions:
        context.versions.finish()
    # Receipts keep the results as computed, version -k for ``version_base`` + k (where the
    # write takes the versions, it stores the counter before them there: the provisional 0)
    kept = [
        {
            "client_id": request.client_id,
            "seq": result["seq"],
            "account_id": user.account_id,
            "digest": new_digest,
            "result": result,
            "at": context.audit.at,
            "version_base": 0 if take_versions else context.versions.base,
        }
        for result, new_digest in done
        if new_digest is not None  # (not answered from its receipt)
    ]
    kept_rows = Rows(Receipt.__table__, kept, versions=("version_base",))
    context.staged.write(kept_rows, take_versions=take_versions)
    for row in kept:  # (their receipts are written)
        _make_real(row["result"], context.versions.real)
    version = context.versions.end
    return {
        "results": [result for result, _digest in done],
        "server_version": current_version(session) if version is None else version,
    }


def _make_real(result: dict[str, Any], real: Callable[[int | None], int | None]) -> None:
    """Puts real versions in place of provisional ones in a result (``result_json``)."""
    result["version"] = real(result["version"])
    if result["row"] is not None:
        result["row"]["version"] = real(result["row"]["version"])


def result_json(
    seq: int,
    status: Status,
    *,
    version: int | None = None,
    conflict_ids: list[uuid.UUID] | None = None,
    row: dict[str, Any] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """A ``MutationResult`` as JSON values."""
    return {
        "seq": seq,
        "status": status.value,
        "reason": reason,
        "version": version,
        "conflict_ids": [str(key) for key in conflict_ids or ()],
        "row": row,
    }


def _prefetch(context: Context, request: PushRequest) -> dict[int, Row[Any]]:
    """Takes the push's locks and loads in a few queries what the mutations will ask for
    one by one."""
    session = context.session
    if session.get_bind().dialect.name == "postgresql":  # one push of a client at a time
        session.connection().exec_driver_sql(
            "SELECT pg_advisory_xact_lock(%(key)s)", {"key": lock_key(request.client_id)}
        )
    seqs = [m.seq for m in request.mutations]
    receipts = {
        r.seq: r
        for r in session.connection().execute(
            _RECEIPTS(session), {"client_id": request.client_id, "seqs": seqs}
        )
    }
    wanted: dict[str, set[uuid.UUID]] = {"lesson": set(), "course": set()}
    decided: set[uuid.UUID] = set()
    for mutation in request.mutations:
        if mutation.seq in receipts:
            continue
        args = _parsed(context, mutation)
        if args is None:  # refused by ``_apply``
            continue
        named = {"lesson": "lesson_id", "course": "course_id", "conflict": "conflict_id"}
        target = row_of(mutation.name)
        if target:
            named[target[0]] = target[1]
        fields = vars(args)  # (``getattr`` raises inside pydantic for a missing field)
        student = fields.get("student_id")
        if isinstance(student, uuid.UUID):
            context.students.add(student)
        for table, name in named.items():
            key = fields.get(name)
            if isinstance(key, uuid.UUID):
                (decided if table == "conflict" else wanted.setdefault(table, set())).add(key)
    courses, lessons = conflict_targets(session, decided)
    only_cells = all(
        (declared := CATALOGUE.get(mutation.name)) is not None and declared.cell
        for mutation in request.mutations
        if mutation.seq not in receipts
    )
    cells = set().union(*(wanted.get(table, set()) for table in ("mark", "attendance")))
    context.lock(
        wanted["course"] | courses, wanted["lesson"] | lessons, cells if only_cells else None
    )
    for table, keys in wanted.items():
        context.prefetch(TABLES[table], keys)
    # with their subjects and classes, held here: ``roles_in`` and ``Course.mark_slot``
    # find them in the session
    courses = {lesson.course_id for lesson in context.loaded(Lesson)} | wanted["course"]
    if courses:
        for found in session.execute(_COURSES(session), {"keys": list(courses)}):
            for row in found:
                if row is not None:
                    context.created(type(row), row)
    return receipts


def _parsed(context: Context, mutation: Mutation) -> Any:
    """The mutation's arguments as their wire type (``MUTATION_ARGS``), parsed once per push:
    by ``_prefetch`` for the keys it loads, then by the handler. None for a mutation
    ``_apply`` refuses (unknown, or arguments that do not parse)."""
    if mutation.seq not in context.parsed:
        args = None
        declared = CATALOGUE.get(mutation.name)
        if mutation.version == 1 and declared is not None:
            with contextlib.suppress(ValidationError):
                args = declared.args.model_validate(mutation.args)
        context.parsed[mutation.seq] = args  # seqs are distinct within a push
    return context.parsed[mutation.seq]


def conflict_targets(
    session: Session, conflict_ids: set[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """(courses, lessons) to lock before deciding these conflicts: the lesson of a lesson,
    mark or attendance, the course of a period mark."""
    courses: set[uuid.UUID] = set()
    lessons: set[uuid.UUID] = set()
    if not conflict_ids:
        return courses, lessons
    for conflict in session.scalars(select(Conflict).where(Conflict.id.in_(conflict_ids))):
        if conflict.entity == "lesson":
            lessons.add(conflict.row_id)
        for key, found in (("lesson_id", lessons), ("course_id", courses)):
            value = conflict.context.get(key)
            if value and (key == "lesson_id" or conflict.entity == "period_mark"):
                found.add(uuid.UUID(str(value)))
    return courses, lessons


def _one(
    context: Context, mutation: Mutation, receipt: Row[Any] | None
) -> tuple[dict[str, Any], str | None]:
    """The mutation's result (``result_json``), and its digest if a receipt is to be
    written."""
    session = context.session
    mutation_digest = digest(mutation)
    if receipt is not None:
        if receipt.digest != mutation_digest or receipt.account_id != context.user.account_id:
            raise SeqReused(mutation.seq)
        result = dict(receipt.result)
        if receipt.version_base is not None:
            _make_real(result, functools.partial(real_version, receipt.version_base))
        return result, None
    context.audit.seq = mutation.seq
    mark = context.staged.mark()
    try:
        declared = CATALOGUE.get(mutation.name)
        if declared is not None and declared.checked_before_writing:
            result = _apply(context, mutation)
        else:
            try:
                with session.begin_nested():
                    result = _apply(context, mutation)
            except IntegrityError as error:  # a row it names is gone or never was
                raise Rejected(_("Izmaiņa atsaucas uz ierakstu, kura serverī nav.")) from error
    except SQLAlchemyError:
        raise  # the database's (a lock broken, a row created meanwhile): the push runs again
    except Exception as error:  # one mutation never blocks its batch
        rejected = error if isinstance(error, Rejected) else _unexpected(mutation, error)
        context.staged.undo_since(mark)
        # its savepoint is gone, and with it what it read and the locks it took
        context.notes.clear()
        context.locked_students.clear()
        context.forget_rolled_back()
        result = result_json(
            mutation.seq,
            Status.REJECTED,
            reason=rejected.message,
            row=_safe_row_state(context, mutation),
        )
    return result, mutation_digest


def _unexpected(mutation: Mutation, error: Exception) -> Rejected:
    """A mutation that failed in a way no check foresaw (a defect): logged with its
    traceback for the administrator, refused for the sender, and the rest of the batch goes
    on — a 500 would roll back the batch and fail again on every retry."""
    _log.error("mutation %s (seq %s) failed", mutation.name, mutation.seq, exc_info=error)
    return Rejected(_("Servera kļūda: šo izmaiņu nevarēja piemērot."))


def _apply(context: Context, mutation: Mutation) -> dict[str, Any]:
    declared = CATALOGUE.get(mutation.name)
    if mutation.version != 1 or declared is None:
        raise Rejected(_("Serveris nepazīst šo izmaiņas veidu; atjauniniet programmu."))
    args = _parsed(context, mutation)
    if args is None:
        try:
            declared.args.model_validate(mutation.args)
        except ValidationError as error:
            message = _("Nederīgi izmaiņas dati: {error}").format(error=_short(error))
            raise Rejected(message) from error
    try:
        failpoint(f"server.apply.{mutation.name}")
        status, version, conflicts = declared.apply(context, args, mutation)
    except DomainError as error:
        raise Rejected(error.message) from error
    except (ValueError, TypeError, OverflowError) as error:  # a value that cannot be stored
        raise Rejected(_("Nederīga vērtība: {error}").format(error=error)) from error
    return result_json(
        mutation.seq,
        status,
        version=version,
        conflict_ids=conflicts,
        row=row_state(context, mutation),
    )


def row_of(name: str) -> tuple[str, str] | None:
    """(table, argument naming the row) a mutation changes; None for conflict.resolve."""
    declared = CATALOGUE.get(name)
    table = declared.table if declared else None
    return (table, ROW_KEYS[table]) if table else None


def _addressed(context: Context, mutation: Mutation) -> tuple[str, Any] | None:
    """(table, row) the mutation addressed, if the row exists."""
    target = row_of(mutation.name)
    if target is None:
        return None
    table, key = target
    model, row_id = TABLES[table], uuid.UUID(str(mutation.args[key]))
    row: Any = context.get(model, row_id)
    if row is None:  # created by this mutation after the push found it missing
        context.session.flush()
        row = context.session.get(model, row_id)
    return None if row is None else (table, row)


def row_state(context: Context, mutation: Mutation) -> dict[str, Any] | None:
    """The row the mutation addressed as the server has it now, a ``RowChange`` as JSON
    values (within the user's scope: every mutation that got this far was authorised for
    that row)."""
    addressed = _addressed(context, mutation)
    return None if addressed is None else _row_json(context, *addressed)


def _row_json(context: Context, table: str, row: Any) -> dict[str, Any]:
    hidden = hidden_columns(context.user, table)
    if hidden:  # a student's or parent's row: the tutor of their class keeps the phones
        _course, group = scope_keys(context.session, table, row)
        hidden = hidden_columns(context.user, table, group, context.scope)
    return {
        "table": table,
        "id": str(row.id),
        "version": row.version,
        "deleted": row.deleted,
        "data": serialise(row, hidden),
    }


def _safe_row_state(context: Context, mutation: Mutation) -> dict[str, Any] | None:
    """The row for a rejected mutation, only where the user may read it."""
    try:
        addressed = _addressed(context, mutation)
    except (KeyError, ValueError):
        return None
    if addressed is None:
        return None
    table, row = addressed
    course, group = scope_keys(context.session, table, row)
    return _row_json(context, table, row) if context.scope.sees(table, course, group, row) else None


def _short(error: ValidationError) -> str:
    first: dict[str, Any] = dict(error.errors()[0])
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"
