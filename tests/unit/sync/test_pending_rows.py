"""Which rows have changes waiting in the outbox (``sync.rows.pending_rows``): pulls and push
results leave those rows as the user left them (DESIGN §4)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import OutboxEntry
from eklase_desktop.sync.rows import pending_rows

MARK, LESSON, OTHER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _entry(mutation: str, **args: object) -> OutboxEntry:
    return OutboxEntry(mutation=mutation, args=args, created_at=dt.datetime(2026, 11, 23))


def test_every_row_with_a_waiting_change_is_found_and_only_those(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as session:
        session.add_all(
            [
                _entry("mark.set", mark_id=str(MARK), lesson_id=str(OTHER), value="7"),
                # an id written in capitals is the same row
                _entry("lesson.update", lesson_id=str(LESSON).upper(), changes={}, base={}),
                _entry("conflict.resolve", conflict_id=str(OTHER), choice="mine"),  # no row
            ]
        )
    with factory() as session:
        assert pending_rows(session) == {("mark", MARK), ("lesson", LESSON)}
        asked = {("mark", MARK), ("lesson", OTHER), ("mark", LESSON), ("attendance", MARK)}
        # of the rows asked about, those with a change waiting: same id, same table
        assert pending_rows(session, asked) == {("mark", MARK)}
        assert pending_rows(session, [("lesson", LESSON)]) == {("lesson", LESSON)}
        assert pending_rows(session, []) == set()


def test_a_long_outbox_is_searched_in_parts(factory: sessionmaker[Session]) -> None:
    """More rows asked about than SQLite takes parameters in one statement."""
    marks = [uuid.uuid4() for _ in range(1200)]
    with factory.begin() as session:
        session.add_all(_entry("mark.set", mark_id=str(key), value="5") for key in marks[::2])
    with factory() as session:
        found = pending_rows(session, [("mark", key) for key in marks])
    assert found == {("mark", key) for key in marks[::2]}
