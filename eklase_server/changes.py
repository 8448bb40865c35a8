"""Recording changes: versions, the change log that pulls read, and the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, Uuid, case, delete, insert, literal, select, update
from sqlalchemy.orm import Session

from eklase_desktop.domain.work_records import WorkKind
from eklase_desktop.models import (
    SYNCED_TABLES,
    Lesson,
    Student,
)
from eklase_server.auth import User, now
from eklase_server.db import ProvisionalVersions, Rows, VersionAllocator, insert_rows
from eklase_server.models import AuditEntry, ChangeLog

TABLES = SYNCED_TABLES
CELL_TABLES = ("mark", "attendance", "period_mark")  # written in bulk by a push (push.Cell)
# Rows of a student that reach the student's class (its tutor), never the course teachers.
CLASS_RECORDS = ("guardian", "absence_note", "monthly_statement", "student_order")
COURSE_RECORDS = ("enrolment", "lesson", "period_mark", "substitution", "course_programme")
ACCOMPANIMENT = WorkKind.ACCOMPANIMENT.value


def scope_keys(session: Session, table: str, row: Any) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(course id, class group id) of a row: what pull scopes filter on."""
    if table == "course":
        return row.id, row.class_group_id
    if table in COURSE_RECORDS:
        return row.course_id, None
    if table in ("assessment", "attendance", "mark"):
        return session.scalar(select(Lesson.course_id).where(Lesson.id == row.lesson_id)), None
    if table == "student":
        return None, row.class_group_id
    if table == "class_log_entry":  # the class's; a behaviour entry also its course's
        return row.course_id, row.class_group_id
    if table in CLASS_RECORDS:  # the class's: its tutor, never its teachers
        return None, session.scalar(
            select(Student.class_group_id).where(Student.id == row.student_id)
        )
    if table == "work_record":  # accompaniment: its course's; the rest: the students' class
        return (row.course_id if row.kind == ACCOMPANIMENT else None), row.class_group_id
    if table == "journal_remark":  # the course's readers, or the class's tutor
        return row.course_id, row.class_group_id
    return None, None


def owner_key(table: str, row: Any) -> uuid.UUID | None:
    """The member of staff who reads the row wherever it is filed: a work record's author,
    a journal check's remark's addressee."""
    if table == "work_record":
        return row.author_id  # type: ignore[no-any-return]
    if table == "journal_remark":
        return row.addressee_id  # type: ignore[no-any-return]
    return None


def record_change(session: Session, versions: VersionAllocator, table: str, row: Any) -> int:
    """Gives ``row`` the next version and files it in the change log (one row at a time;
    a push stages its changes in a ``Staged`` and writes them together)."""
    version = versions.next()
    row.version = version
    course_id, class_group_id = scope_keys(session, table, row)
    session.merge(
        ChangeLog(
            table_name=table,
            row_id=row.id,
            version=version,
            course_id=course_id,
            class_group_id=class_group_id,
            staff_id=owner_key(table, row),
        )
    )
    if table == "enrolment" and not row.deleted:
        # A student joining a course reaches its teacher only if the student's row is sent
        # again: the teacher's laptop had no reason to hold it before.
        student = session.get(Student, row.student_id)
        if student is not None:
            record_change(session, versions, "student", student)
    return version


@dataclass
class Staged:
    """The rows, change-log entries and audit rows of one push, written in bulk at its end."""

    session: Session
    versions: VersionAllocator | ProvisionalVersions
    changes: dict[tuple[str, uuid.UUID], dict[str, Any]] = field(default_factory=dict)
    rows: dict[tuple[str, uuid.UUID], Any] = field(default_factory=dict)
    audit_rows: list[dict[str, Any]] = field(default_factory=list)
    # (key, change and row it replaced): what ``undo_since`` puts back
    _journal: list[tuple[tuple[str, uuid.UUID], Any, Any]] = field(default_factory=list)

    def record(self, table: str, row: Any, course_id: uuid.UUID | None = None) -> int:
        """Like ``record_change``; ``course_id`` saves a lookup where the caller knows it."""
        version = self.versions.next()
        row.version = version
        if course_id is None or table not in ("lesson", "mark", "attendance", "period_mark"):
            course_id, class_group_id = scope_keys(self.session, table, row)
        else:
            class_group_id = None
        key = (table, row.id)
        self._journal.append((key, self.changes.get(key), self.rows.get(key)))
        self.rows[key] = row
        self.changes[key] = {
            "table_name": table,
            "row_id": row.id,
            "version": version,
            "course_id": course_id,
            "class_group_id": class_group_id,
            "staff_id": owner_key(table, row),
        }
        return version

    def mark(self) -> tuple[int, int]:
        return len(self._journal), len(self.audit_rows)

    def undo_since(self, mark: tuple[int, int]) -> None:
        """Forgets what a mutation staged before it was rejected (its savepoint rolled back)."""
        while len(self._journal) > mark[0]:
            key, change, row = self._journal.pop()
            if change is None:
                del self.changes[key], self.rows[key]
            else:
                self.changes[key], self.rows[key] = change, row
        del self.audit_rows[mark[1] :]

    def write(self, *also: Rows, take_versions: bool = False) -> None:
        """Writes everything staged, and ``also``, in one statement (PostgreSQL;
        ``insert_rows``). The versions were taken by ``versions.finish`` and are put in place
        here; or, with ``take_versions`` (where ``takes_versions``), that statement takes them
        from the counter and makes them real itself: the counter's lock, which every push
        queues for, is then held by that statement and the commit only, not while the rows
        are built and sent."""
        if take_versions:
            assert isinstance(self.versions, ProvisionalVersions)
            batches = self._batches(("version",))
            end = insert_rows(self.session, *batches, *also, take=self.versions.count)
            assert end is not None
            self.versions.taken(end)
        else:
            real = self.versions.real
            for change in self.changes.values():
                change["version"] = real(change["version"])
            for row in self.rows.values():
                row.version = real(row.version)
            for audit in self.audit_rows:
                audit["version"] = real(audit["version"])
            self.session.flush()  # ORM rows (lessons) first
            insert_rows(self.session, *self._batches(()), *also)
        self.changes, self.rows, self.audit_rows, self._journal = {}, {}, [], []

    def takes_versions(self) -> bool:
        """Whether ``write`` can take this push's versions: on PostgreSQL, with versions not
        taken yet, when all it changed are cells (an ORM row needs its real version before
        the session flushes it) with provisional versions."""
        session, versions = self.session, self.versions
        return (
            isinstance(versions, ProvisionalVersions)
            and versions.end is None
            and versions.count > 0
            and session.get_bind().dialect.name == "postgresql"
            and all(table in CELL_TABLES for table, _id in self.rows)
            and all(audit["version"] < 0 for audit in self.audit_rows)
            and not (session.new or session.dirty or session.deleted)
        )

    def _batches(self, versions: tuple[str, ...]) -> list[Rows]:
        cells: dict[str, list[dict[str, Any]]] = {table: [] for table in CELL_TABLES}
        for (table, _id), row in self.rows.items():
            if table in cells:
                cells[table].append(row.values())
        return [
            *(Rows(table_of(name), rows, ("id",), versions) for name, rows in cells.items()),
            Rows(
                ChangeLog.__table__,
                list(self.changes.values()),
                ("table_name", "row_id"),
                versions,
            ),
            Rows(AuditEntry.__table__, self.audit_rows, (), versions),
        ]


def table_of(name: str) -> Any:
    """The SQLAlchemy ``Table`` of a synced table."""
    model: Any = TABLES[name]
    return model.__table__


def _keyed_rows(
    table: str,
) -> Select[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None, uuid.UUID | None]]:
    """(id, course id, class group id, owner) of every row of ``table``, as ``scope_keys``
    and ``owner_key`` give."""
    model: Any = TABLES[table]
    none = literal(None, Uuid)
    if table == "work_record":
        accompanied = case((model.kind == ACCOMPANIMENT, model.course_id), else_=none)
        return select(model.id, accompanied, model.class_group_id, model.author_id)
    if table == "journal_remark":
        return select(model.id, model.course_id, model.class_group_id, model.addressee_id)
    return _keyed(table, model, none).add_columns(none)


def _keyed(
    table: str, model: Any, none: Any
) -> Select[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None]]:
    if table == "course":
        return select(model.id, model.id, model.class_group_id)
    if table in COURSE_RECORDS:
        return select(model.id, model.course_id, none)
    if table in ("assessment", "attendance", "mark"):
        return select(model.id, Lesson.course_id, none).join(Lesson, Lesson.id == model.lesson_id)
    if table == "student":
        return select(model.id, none, model.class_group_id)
    if table == "class_log_entry":
        return select(model.id, model.course_id, model.class_group_id)
    if table in CLASS_RECORDS:
        return select(model.id, none, Student.class_group_id).join(
            Student, Student.id == model.student_id
        )
    return select(model.id, none, none)


def register_all_rows(session: Session) -> int:
    """Files every row of every table in the change log with a fresh version, in bulk (after
    a bulk load such as the demo school); returns how many."""
    versions = VersionAllocator(session)
    versions.lock()
    count = 0
    for table, model in TABLES.items():
        rows: list[Any] = list(session.execute(_keyed_rows(table)).all())
        numbered = [(versions.next(), *row) for row in rows]
        if not numbered:
            continue
        session.execute(update(model), [{"id": r[1], "version": r[0]} for r in numbered])
        session.execute(delete(ChangeLog).where(ChangeLog.table_name == table))
        session.execute(
            insert(ChangeLog),
            [
                {
                    "table_name": table,
                    "row_id": row_id,
                    "version": version,
                    "course_id": course_id,
                    "class_group_id": class_group_id,
                    "staff_id": staff_id,
                }
                for version, row_id, course_id, class_group_id, staff_id in numbered
            ],
        )
        count += len(numbered)
    versions.finish()
    return count


@dataclass
class Audit:
    """Writes audit entries for one push or resolution (SPEC J14)."""

    session: Session
    user: User
    client_id: uuid.UUID | None
    seq: int | None = None
    at: dt.datetime = field(default_factory=now)
    staged: Staged | None = None  # set by a push: rows are written in bulk at its end

    def log(
        self,
        action: str,
        table: str,
        row_id: uuid.UUID,
        field_name: str,
        old: str | None,
        new: str | None,
        version: int,
        *,
        course_id: uuid.UUID | None = None,
        student_id: uuid.UUID | None = None,
        reason: str | None = None,
    ) -> None:
        values = {
            "at": self.at,
            "account_id": self.user.account_id,
            "username": self.user.username,
            "client_id": self.client_id,
            "seq": self.seq,
            "action": action,
            "table_name": table,
            "row_id": row_id,
            "field": field_name,
            "old": old,
            "new": new,
            "version": version,
            "course_id": course_id,
            "student_id": student_id,
            "reason": reason,
        }
        if self.staged is not None:
            self.staged.audit_rows.append(values)
        else:
            self.session.add(AuditEntry(**values))
