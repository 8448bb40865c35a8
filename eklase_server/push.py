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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Row, Table, bindparam, select
from sqlalchemy.orm import Session

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.domain.marks import MarkSlot, SlotKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.i18n import _
from eklase_desktop.models import (
    Assessment,
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    Subject,
)
from eklase_desktop.sync.faults import slowpoint
from eklase_desktop.sync.protocol import (
    MUTATION_ARGS,
    ROW_KEYS,
    Mutation,
    MutationName,
    PushRequest,
    Status,
)
from eklase_server.auth import User
from eklase_server.changes import TABLES, Audit, Staged, scope_keys
from eklase_server.db import (
    Prebuilt,
    ProvisionalVersions,
    Rows,
    among,
    current_version,
    keys_in,
    real_version,
)
from eklase_server.models import Conflict, Receipt
from eklase_server.pull import serialise
from eklase_server.scopes import hidden_columns, roles_in, scope_of

T = TypeVar("T")
MUTATION_NAMES = frozenset(MutationName)
# whether a lesson has a test (``Assessment``), as a column of a query of lessons
HAS_TEST = (
    select(Assessment.id)
    .where(Assessment.lesson_id == Lesson.id, Assessment.deleted.is_(False))
    .exists()
)


# The queries every push makes, built once (``Prebuilt``)
_LESSONS_LOCKED = Prebuilt(
    lambda dialect: (
        select(Lesson, HAS_TEST)
        .where(keys_in(Lesson.id, "keys", dialect))
        .order_by(Lesson.id)
        .with_for_update(of=Lesson)
    )
)
_LESSONS_SHARED = Prebuilt(
    lambda dialect: (
        select(Lesson.__table__, HAS_TEST.label("is_test"))
        .where(keys_in(Lesson.__table__.c.id, "keys", dialect))
        .order_by(Lesson.__table__.c.id)
        .with_for_update(read=True, of=Lesson.__table__)
    )
)


def _cells_by_id(table: Any) -> Prebuilt:
    return Prebuilt(lambda dialect: select(table).where(keys_in(table.c.id, "keys", dialect)))


_CELLS = {model: _cells_by_id(model.__table__) for model in (Mark, Attendance, PeriodMark)}
_ENROLLED = Prebuilt(
    lambda dialect: select(Enrolment.course_id, Enrolment.student_id).where(
        keys_in(Enrolment.course_id, "courses", dialect),
        keys_in(Enrolment.student_id, "students", dialect),
        Enrolment.deleted.is_(False),
    )
)
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


class Cell:
    """A mark, attendance or period-mark row as plain values. A push reads and writes
    hundreds of them: they are loaded with one query and written back with one statement
    per table (``Staged.write``), not through the ORM's unit of work. Only handlers that
    check everything before they write change a cell, so a refusal leaves none half-changed."""

    id: uuid.UUID

    def __init__(self, table: Table, values: dict[str, Any]) -> None:
        self.__table__ = table
        self.__dict__.update(values)

    def values(self) -> dict[str, Any]:
        return {column.name: self.__dict__[column.name] for column in self.__table__.columns}


CELLS: dict[type, str] = {Mark: "mark", Attendance: "attendance", PeriodMark: "period_mark"}


@dataclass
class Context:
    """One push (or one resolution): the session, the user, versions, what it stages for
    writing at its end, and what was looked up already (a push of 500 marks touches a
    handful of lessons and courses)."""

    session: Session
    user: User
    versions: ProvisionalVersions
    audit: Audit
    staged: Staged
    _missing: set[tuple[type, uuid.UUID]] = field(default_factory=set)
    _rows: dict[tuple[type, uuid.UUID], Any] = field(default_factory=dict)
    _roles: dict[tuple[uuid.UUID, bool], frozenset[Role]] = field(default_factory=dict)
    _enrolled: set[tuple[uuid.UUID, uuid.UUID]] | None = None
    _tests: dict[uuid.UUID, bool] = field(default_factory=dict)
    _slots: dict[tuple[uuid.UUID, SlotKind], MarkSlot] = field(default_factory=dict)
    students: set[uuid.UUID] = field(default_factory=set)  # those the mutations name
    parsed: dict[int, Any] = field(default_factory=dict)  # arguments by seq (``_parsed``)
    _scope: Any = None
    # the students whose row this push holds locked, and their notes as read (``notes.py``)
    locked_students: set[uuid.UUID] = field(default_factory=set)
    notes: dict[uuid.UUID, list[Any]] = field(default_factory=dict)

    @classmethod
    def begin(cls, session: Session, user: User, client_id: uuid.UUID | None) -> Context:
        versions = ProvisionalVersions(session)
        staged = Staged(session, versions)
        return cls(session, user, versions, Audit(session, user, client_id, staged=staged), staged)

    def lock(
        self, courses: set[uuid.UUID], lessons: set[uuid.UUID], cells: set[uuid.UUID] | None = None
    ) -> None:
        """Locks the courses and lessons whose cells, lessons and conflicts this push may
        change, before it reads any of them: two pushes on the same lesson take turns, so a
        merge never reads a value someone else is changing (PostgreSQL; an SQLite writer has
        the database to itself). Always courses before lessons before cells, each in id
        order, so two pushes never wait for each other.

        With ``cells`` (a push that changes only those cells), the lessons are locked
        shared and each cell on its own: two teachers' pushes into the cells of one lesson
        go side by side, while a push that changes the lesson itself still has it alone."""
        for chunk in _chunks(sorted(courses)):
            courses_locked = select(Course).where(among(self.session, Course.id, chunk))
            for row in self.session.scalars(courses_locked.order_by(Course.id).with_for_update()):
                self._rows[(Course, row.id)] = row
        # with whether each lesson is a test (no push changes that: read here, not again)
        for chunk in _chunks(sorted(lessons)):
            if cells is None:
                locked = _LESSONS_LOCKED(self.session)
                for lesson, is_test in self.session.execute(locked, {"keys": chunk}).tuples():
                    self._rows[(Lesson, lesson.id)] = lesson
                    self._tests[lesson.id] = is_test
                continue
            # only read (a push of cells): as plain values, like the cells
            shared = _LESSONS_SHARED(self.session)
            table: Table = Lesson.__table__  # type: ignore[assignment]
            for found in self.session.connection().execute(shared, {"keys": chunk}).mappings():
                values = dict(found)
                self._tests[values["id"]] = values.pop("is_test")
                self._rows[(Lesson, values["id"])] = Cell(table, values)
        if cells and self.session.get_bind().dialect.name == "postgresql":
            # the keys in order: ``unnest`` takes an array's elements as they come
            ordered_keys = sorted(lock_key(key) for key in cells)
            self.session.connection().exec_driver_sql(
                "SELECT pg_advisory_xact_lock(key) FROM unnest(%(keys)s::bigint[]) AS key",
                {"keys": ordered_keys},
            )

    def finish(self) -> None:
        """Makes the versions real and writes what was staged; the caller commits."""
        self.versions.finish()
        self.staged.write()

    def get(self, model: type[T], key: uuid.UUID) -> T | None:
        """``session.get`` that knows the prefetched rows (held here: the session's identity
        map holds rows weakly) and the rows known not to exist. Cells come as ``Cell``."""
        if (model, key) in self._missing:
            return None
        row = self._rows.get((model, key))
        if row is None:
            if model in CELLS:
                self.prefetch(model, {key})
                return self._rows.get((model, key))
            row = self.session.get(model, key)
            if row is not None:
                self._rows[(model, key)] = row
        return row

    def new_cell(self, model: type, values: dict[str, Any]) -> Any:
        table: Table = model.__table__  # type: ignore[attr-defined]
        defaults = {
            column.name: getattr(column.default, "arg", None)
            if column.default is not None and column.default.is_scalar
            else None
            for column in table.columns
        }
        cell = Cell(table, defaults | values)
        self._missing.discard((model, cell.id))
        self._rows[(model, cell.id)] = cell
        return cell

    def created(self, model: type, row: Any) -> None:
        self._missing.discard((model, row.id))
        self._rows[(model, row.id)] = row

    def prefetch(self, model: Any, keys: set[uuid.UUID]) -> None:
        """Loads the rows of ``keys`` not loaded yet, and remembers which do not exist.
        Plain reads go by the connection, past the session (nothing of the session's own
        needs flushing before them, and a push makes hundreds of them)."""
        keys = {key for key in keys if (model, key) not in self._rows}
        if not keys:
            return
        for chunk in _chunks(list(keys)):
            if model in CELLS:
                table = model.__table__
                query = _CELLS[model](self.session)
                for values in self.session.connection().execute(query, {"keys": chunk}).mappings():
                    self._rows[(model, values["id"])] = Cell(table, dict(values))
            else:
                query = select(model).where(among(self.session, model.id, chunk))
                for row in self.session.scalars(query):
                    self._rows[(model, row.id)] = row
        self._missing |= {(model, key) for key in keys if (model, key) not in self._rows}

    def loaded(self, model: type[T]) -> list[T]:
        return [row for (kind, _key), row in self._rows.items() if kind is model]

    def enrolled(self, course_id: uuid.UUID, student_id: uuid.UUID) -> bool:
        if self._enrolled is None:  # the push's students in the push's courses
            courses = {lesson.course_id for lesson in self.loaded(Lesson)} | {course_id}
            students = self.students | {student_id}
            self._enrolled = {
                (c, s)
                for c, s in self.session.connection().execute(
                    _ENROLLED(self.session), {"courses": list(courses), "students": list(students)}
                )
            }
        if (course_id, student_id) not in self._enrolled:
            found = self.session.scalar(
                select(Enrolment.id).where(
                    Enrolment.course_id == course_id,
                    Enrolment.student_id == student_id,
                    Enrolment.deleted.is_(False),
                )
            )
            if found is None:
                return False
            self._enrolled.add((course_id, student_id))
        return True

    def roles(self, course: Course, lesson: Lesson | None = None) -> frozenset[Role]:
        """``scopes.roles_in``, once per course (and per lesson a substitute teaches)."""
        substitutes = lesson is not None and lesson.taught_by_id == self.user.staff_id
        key = (course.id, substitutes)
        if key not in self._roles:
            self._roles[key] = roles_in(self.session, self.user, course, lesson)
        return self._roles[key]

    def mark_slot(self, course: Course, kind: SlotKind) -> MarkSlot:
        """``Course.mark_slot``, once per course and kind."""
        key = (course.id, kind)
        if key not in self._slots:
            self._slots[key] = course.mark_slot(kind)
        return self._slots[key]

    def is_test(self, lesson_id: uuid.UUID) -> bool:
        """Whether the lesson has a test (``Assessment``): known for the locked lessons."""
        if lesson_id not in self._tests:
            self._tests[lesson_id] = bool(
                self.session.scalar(select(HAS_TEST).where(Lesson.id == lesson_id))
            )
        return self._tests[lesson_id]

    @property
    def scope(self) -> Any:
        if self._scope is None:
            self._scope = scope_of(self.session, self.user)
        return self._scope

    def record(self, table: str, row: Any, course_id: uuid.UUID | None = None) -> int:
        return self.staged.record(table, row, course_id)


# Mutations that change one mark or attendance cell of a lesson and nothing else: a push of
# only these locks its lessons shared and its cells alone (``Context.lock``).
CELL_MUTATIONS = frozenset({"mark.set", "attendance.set_presence", "attendance.set_justification"})
# Handlers that check everything before they write a thing: no savepoint needed (the hot
# path: a day of marks and absences). Others run in a savepoint that a refusal rolls back.
CHECKED_BEFORE_WRITING = frozenset(
    {"mark.set", "period_mark.set", "attendance.set_presence", "attendance.set_justification"}
)


def _chunks(keys: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    """``keys`` in lists of at most ``size`` (SQLite limits a statement's parameters)."""
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def lock_key(key: uuid.UUID) -> int:
    """The key of a PostgreSQL advisory lock for a client or a cell."""
    return int.from_bytes(key.bytes[:8], "big", signed=True)


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
        mutation.name in CELL_MUTATIONS
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
        if mutation.version == 1 and mutation.name in MUTATION_NAMES:
            with contextlib.suppress(ValidationError):
                args = MUTATION_ARGS[MutationName(mutation.name)].model_validate(mutation.args)
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
        if mutation.name in CHECKED_BEFORE_WRITING:
            result = _apply(context, mutation)
        else:
            with session.begin_nested():
                result = _apply(context, mutation)
    except Rejected as rejected:
        context.staged.undo_since(mark)
        # its savepoint is gone, and with it what it read and the locks it took
        context.notes.clear()
        context.locked_students.clear()
        result = result_json(
            mutation.seq,
            Status.REJECTED,
            reason=rejected.message,
            row=_safe_row_state(context, mutation),
        )
    return result, mutation_digest


def _apply(context: Context, mutation: Mutation) -> dict[str, Any]:
    from eklase_server import handlers  # the mutation catalogue

    if mutation.version != 1 or mutation.name not in MUTATION_NAMES:
        raise Rejected(_("Serveris nepazīst šo izmaiņas veidu; atjauniniet programmu."))
    args = _parsed(context, mutation)
    if args is None:
        try:
            MUTATION_ARGS[MutationName(mutation.name)].model_validate(mutation.args)
        except ValidationError as error:
            message = _("Nederīgi izmaiņas dati: {error}").format(error=_short(error))
            raise Rejected(message) from error
    try:
        status, version, conflicts = handlers.HANDLERS[mutation.name](context, args, mutation)
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
    table = name.split(".")[0]
    return (table, ROW_KEYS[table]) if table in ROW_KEYS else None


def _addressed(context: Context, mutation: Mutation) -> tuple[str, Any] | None:
    """(table, row) the mutation addressed, if the row exists."""
    target = row_of(mutation.name)
    if target is None:
        return None
    table, key = target
    row: Any = context.get(TABLES[table], uuid.UUID(str(mutation.args[key])))
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
    scope = context.scope
    course, group = scope_keys(context.session, *addressed)
    visible = scope.everything or course in scope.courses or group in scope.classes
    return _row_json(context, *addressed) if visible else None


def _short(error: ValidationError) -> str:
    first: dict[str, Any] = dict(error.errors()[0])
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"
