"""What a mutation's declaration works with (DESIGN §5): the push's ``Context`` (the session,
the user, versions, the rows it read and locked), ``Rejected`` and the ``Declared`` entry
each mutation module gives the catalogue (``eklase_server.catalogue``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Session

from eklase_desktop.domain.marks import MarkSlot, SlotKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.models import (
    Assessment,
    Attendance,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
)
from eklase_desktop.models.setup import year_closed
from eklase_desktop.sync.mutation_args import MUTATION_ARGS
from eklase_desktop.sync.protocol import ROW_KEYS, Mutation, MutationName, Status, Wire
from eklase_server.auth import User
from eklase_server.changes import Audit, Staged
from eklase_server.db import Prebuilt, ProvisionalVersions, among, keys_in
from eklase_server.scopes import roles_in, scope_of

T = TypeVar("T")
# (status, the version of the row it touched, the conflicts it recorded)
Result = tuple[Status, int | None, list[uuid.UUID]]

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
    lambda dialect: select(Enrolment.course_id, Enrolment.student_id, Enrolment.end).where(
        keys_in(Enrolment.course_id, "courses", dialect),
        keys_in(Enrolment.student_id, "students", dialect),
        Enrolment.deleted.is_(False),
    )
)


class Rejected(Exception):
    """A mutation the server will not apply; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
    # (course, student) → the enrolment's last day (None: open), SPEC C2
    _enrolled: dict[tuple[uuid.UUID, uuid.UUID], dt.date | None] | None = None
    _tests: dict[uuid.UUID, bool] = field(default_factory=dict)
    _slots: dict[tuple[uuid.UUID, SlotKind], MarkSlot] = field(default_factory=dict)
    _closed: dict[uuid.UUID, bool] = field(default_factory=dict)
    students: set[uuid.UUID] = field(default_factory=set)  # those the mutations name
    parsed: dict[int, Any] = field(default_factory=dict)  # arguments by seq (``_parsed``)
    _scope: Any = None
    # the students whose row this push holds locked, and their notes as read (``notes.py``)
    locked_students: set[uuid.UUID] = field(default_factory=set)
    notes: dict[uuid.UUID, list[Any]] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # what a module read once per push

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

    def forget_rolled_back(self) -> None:
        """Rows a refused mutation added are gone with its savepoint: not known any more."""
        for key, row in list(self._rows.items()):
            if not isinstance(row, Cell) and inspect(row).transient:
                del self._rows[key]
                self._missing.add(key)

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

    def enrolled(
        self, course_id: uuid.UUID, student_id: uuid.UUID, day: dt.date | None = None
    ) -> bool:
        """Whether the student is in the course (on ``day``: not after an order's date took
        them out, SPEC C2)."""
        if self._enrolled is None:  # the push's students in the push's courses
            courses = {lesson.course_id for lesson in self.loaded(Lesson)} | {course_id}
            students = self.students | {student_id}
            self._enrolled = {
                (c, s): end
                for c, s, end in self.session.connection().execute(
                    _ENROLLED(self.session), {"courses": list(courses), "students": list(students)}
                )
            }
        key = (course_id, student_id)
        if key not in self._enrolled:
            found = self.session.execute(
                select(Enrolment.id, Enrolment.end).where(
                    Enrolment.course_id == course_id,
                    Enrolment.student_id == student_id,
                    Enrolment.deleted.is_(False),
                )
            ).first()
            if found is None:
                return False
            self._enrolled[key] = found.end
        end = self._enrolled[key]
        return day is None or end is None or day <= end

    def roles(self, course: Course, lesson: Lesson | None = None) -> frozenset[Role]:
        """``scopes.roles_in``, once per course (and per lesson a substitute teaches)."""
        substitutes = lesson is not None and lesson.taught_by_id == self.user.staff_id
        key = (course.id, substitutes)
        if key not in self._roles:
            self._roles[key] = roles_in(self.session, self.user, course, lesson)
        return self._roles[key]

    def year_closed(self, year_id: uuid.UUID) -> bool:
        """``models.setup.year_closed``, once per year."""
        if year_id not in self._closed:
            self._closed[year_id] = year_closed(self.session, year_id)
        return self._closed[year_id]

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

    def note_test(self, lesson_id: uuid.UUID, is_test: bool) -> None:
        """A mutation of this push made the lesson a test, or an ordinary lesson again."""
        self._tests[lesson_id] = is_test

    @property
    def scope(self) -> Any:
        if self._scope is None:
            self._scope = scope_of(self.session, self.user)
        return self._scope

    def record(self, table: str, row: Any, course_id: uuid.UUID | None = None) -> int:
        return self.staged.record(table, row, course_id)


def _chunks(keys: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    """``keys`` in lists of at most ``size`` (SQLite limits a statement's parameters)."""
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def lock_key(key: uuid.UUID) -> int:
    """The key of a PostgreSQL advisory lock for a client or a cell."""
    return int.from_bytes(key.bytes[:8], "big", signed=True)


@dataclass(frozen=True)
class Declared:
    """One mutation, declared once (DESIGN §5): the push applies it, the conflict resolver
    writes a decision on its rows, and docs/sync-protocol.md's catalogue is made from it.

    ``apply`` authorises (it raises ``Rejected`` or a DomainError), validates, merges and
    writes; ``senders``, ``checks``, ``merge``, ``scope`` and ``results`` are the catalogue's
    columns. ``resolve`` writes the value a person chose in a conflict on ``table``'s rows.
    """

    name: MutationName
    apply: Callable[[Context, Any, Mutation], Result]
    senders: str
    checks: str
    merge: str
    scope: str
    results: str
    resolve: Callable[[Context, Any, str | None], int | None] | None = None
    # changes one mark or attendance cell of a lesson and nothing else: a push of only these
    # locks its lessons shared and its cells alone (``Context.lock``)
    cell: bool = False
    # checks everything before it writes a thing: no savepoint needed (the hot path: a day
    # of marks and absences); others run in one that a refusal rolls back
    checked_before_writing: bool = False

    @property
    def args(self) -> type[Wire]:
        return MUTATION_ARGS[self.name]

    @property
    def table(self) -> str | None:
        """The table whose row it changes (its name's prefix), if it names one."""
        table = self.name.split(".")[0]
        return table if table in ROW_KEYS else None
