"""What the user sees of sync (SPEC S6): changes waiting, conflicts, refused changes, the
last successful sync, and which journal cells are waiting or in conflict."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.models import (
    Course,
    Lesson,
    LocalConflict,
    OutboxEntry,
    RejectedChange,
    Student,
    SyncState,
    cell_id,
)

Column = uuid.UUID | str


@dataclass(frozen=True)
class SyncOverview:
    waiting: int
    conflicts: int
    rejected: int
    last_sync: dt.datetime | None


@dataclass(frozen=True)
class ConflictView:
    """One conflict or review entry, ready for the conflict panel."""

    id: str
    kind: str  # conflict | review
    entity: str
    field: str
    base: str | None
    mine: str | None
    theirs: str | None
    theirs_by: str
    theirs_at: dt.datetime | None
    mine_by: str
    course: str
    student: str
    lesson_date: str | None
    status: str
    viewer: str = "mine"  # whose side the user is on: mine, theirs or other (a deputy)
    locked: str = ""  # the closed period that held the change (DOMAIN: period locks)

    def as_seen(self) -> tuple[str | None, str | None, str]:
        """(the user's value, the other value, the other person) from the user's side."""
        if self.viewer == "theirs":
            return self.theirs, self.mine, str(self.mine_by)
        return self.mine, self.theirs, self.theirs_by

    def choice(self, keep_own: bool) -> str:
        """The protocol's choice for "use my value" (True) or "keep the other" (False)."""
        own = "theirs" if self.viewer == "theirs" else "mine"
        return own if keep_own else ("mine" if own == "theirs" else "theirs")


@dataclass(frozen=True)
class RejectedView:
    seq: int
    mutation: str
    args: dict[str, Any]
    reason: str
    rejected_at: dt.datetime
    where: str = ""  # the student, the journal and the lesson's date it was about


def _count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def overview(factory: sessionmaker[Session]) -> SyncOverview:
    with factory() as session:
        last = session.get(SyncState, "last_sync")
        return SyncOverview(
            waiting=_count(session, OutboxEntry),
            conflicts=_count(session, LocalConflict, LocalConflict.status == "open"),
            rejected=_count(session, RejectedChange, RejectedChange.dismissed.is_(False)),
            last_sync=dt.datetime.fromisoformat(last.value) if last and last.value else None,
        )


def cell_markers(
    factory: sessionmaker[Session], course_id: uuid.UUID, periods: list[str]
) -> tuple[set[tuple[uuid.UUID, Column]], set[tuple[uuid.UUID, Column]]]:
    """(waiting, in conflict) cells of a course's journal as (student id, lesson id or
    period key)."""
    with factory() as session:
        waiting = {
            cell for args in session.scalars(select(OutboxEntry.args)) if (cell := _cell(args))
        }
        conflicts = set()
        for context, row_id in session.execute(
            select(LocalConflict.context, LocalConflict.row_id).where(
                LocalConflict.status != "closed"
            )
        ):
            cell = _conflict_cell(context, row_id, course_id, periods)
            if cell is not None:
                conflicts.add(cell)
    return waiting, conflicts


def _cell(args: dict[str, Any]) -> tuple[uuid.UUID, Column] | None:
    student = args.get("student_id")
    if not student:
        return None
    column: Column | None = uuid.UUID(args["lesson_id"]) if args.get("lesson_id") else None
    if args.get("period"):
        column = str(args["period"])
    return (uuid.UUID(student), column) if column is not None else None


def _conflict_cell(
    context: dict[str, Any], row_id: str, course_id: uuid.UUID, periods: list[str]
) -> tuple[uuid.UUID, Column] | None:
    student = context.get("student_id")
    if not student:
        return None
    if context.get("lesson_id"):
        return uuid.UUID(student), uuid.UUID(context["lesson_id"])
    for period in periods:
        if str(cell_id("period_mark", course_id, uuid.UUID(student), period)) == row_id:
            return uuid.UUID(student), period
    return None


def conflicts(factory: sessionmaker[Session]) -> list[ConflictView]:
    with factory() as session:
        rows = session.scalars(select(LocalConflict).where(LocalConflict.status != "closed"))
        return [
            ConflictView(
                id=row.id,
                kind=row.kind,
                entity=row.entity,
                field=row.field,
                base=row.base,
                mine=row.mine,
                theirs=row.theirs,
                theirs_by=row.theirs_by,
                theirs_at=row.theirs_at,
                mine_by=str(row.context.get("mine_by") or ""),
                viewer=str(row.context.get("viewer") or "mine"),
                course=str(row.context.get("course") or ""),
                student=str(row.context.get("student") or ""),
                lesson_date=str(row.context.get("lesson_date") or "") or None,
                status=row.status,
                locked=str(row.context.get("locked") or ""),
            )
            for row in rows
        ]


def resolve_conflict(factory: sessionmaker[Session], conflict_id: str, choice: str) -> None:
    """Queues the person's decision (it is a change like any other: it waits in the outbox
    and survives a crash); the next sync carries it to the server (DESIGN §4)."""
    if choice not in ("mine", "theirs"):
        raise ValueError(choice)
    with factory.begin() as session:
        session.add(
            OutboxEntry(
                mutation="conflict.resolve",
                args={"conflict_id": conflict_id, "choice": choice},
                base_version=0,
                created_at=clock.utc_naive(),
            )
        )
        session.execute(
            update(LocalConflict).where(LocalConflict.id == conflict_id).values(status="resolving")
        )


def rejected(factory: sessionmaker[Session]) -> list[RejectedView]:
    with factory() as session:
        rows = session.scalars(
            select(RejectedChange)
            .where(RejectedChange.dismissed.is_(False))
            .order_by(RejectedChange.seq)
        )
        return [
            RejectedView(
                r.seq, r.mutation, r.args, r.reason, r.rejected_at, _where(session, r.args)
            )
            for r in rows
        ]


def _where(session: Session, args: dict[str, Any]) -> str:
    """ "Bērziņa Anna · Matemātika 7.a · 12.10.2026": what a refused change was about, from
    the cache (a deleted lesson's row is still there)."""
    parts = []
    student = _row(session, Student, args.get("student_id"))
    if student is not None:
        parts.append(f"{student.last_name} {student.first_name}")
    lesson = _row(session, Lesson, args.get("lesson_id"))
    course = _row(session, Course, lesson.course_id if lesson else args.get("course_id"))
    if course is not None:
        parts.append(course.name)
    if lesson is not None:
        parts.append(f"{lesson.date:%d.%m.%Y}")
    return " · ".join(parts)


def _row(session: Session, model: Any, key: object) -> Any:
    try:
        return session.get(model, uuid.UUID(str(key))) if key else None
    except ValueError:
        return None


def dismiss_rejected(factory: sessionmaker[Session], seq: int) -> None:
    """The user has read it: it leaves the list (and stays in the cache)."""
    with factory.begin() as session:
        session.execute(
            update(RejectedChange).where(RejectedChange.seq == seq).values(dismissed=True)
        )
