"""Laptops for integration tests: a real cache file, a real HTTP client, the sync engine."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain import clock
from eklase_desktop.models import Course, Lesson, OutboxEntry, Staff, Student
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import Actor, load_actor
from eklase_desktop.services.cells import EMPTY_CELL, Cell
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine, SyncReport
from eklase_desktop.sync.protocol import Mutation, MutationResult, PushRequest
from eklase_server.db import current_version, server_id
from tests.integration.servers import ServerProcess


class Laptop:
    def __init__(self, path: Path, server_url: str, username: str) -> None:
        self.path = path
        self.username = username
        self.factory = open_cache(path)
        self.client = SyncClient(server_url)
        self.client.login(username, "demo")
        self.engine = SyncEngine(self.factory, self.client)

    def sync(self) -> SyncReport:
        return self.engine.sync()

    @property
    def actor(self) -> Actor:
        return load_actor(self.factory, self.username)

    @property
    def editor(self) -> JournalEditor:
        return JournalEditor(self.factory, self.actor)

    @property
    def reader(self) -> JournalReader:
        return JournalReader(self.factory, self.actor)

    def write(
        self, course: uuid.UUID, lesson: uuid.UUID | str, student: uuid.UUID, text: str
    ) -> None:
        self.editor.write_cells(course, [CellEdit(student, lesson, text)])

    def cell(self, course: uuid.UUID, lesson: uuid.UUID, student: uuid.UUID) -> Cell:
        return self.reader.open_journal(course).cells.get((student, lesson), EMPTY_CELL)

    def waiting(self) -> int:
        with self.factory() as session:
            return len(session.scalars(select(OutboxEntry.seq)).all())

    def close(self) -> None:
        self.client.close()
        self.factory.kw["bind"].dispose()


# The first sync of a laptop of the whole school (the deputy's, the clerk's, the director's)
# pulls all of the demo school: seconds, the same every time against an untouched copy of the
# same template on the same day. The first one is kept and later ones start from a copy of it
# with a client id of their own, then sync what changed since (nothing, or what the test did
# through the API: that moves the server's version and so the key). A database a test
# changed behind the server's back (``server_session``) is never served from the copy.
WHOLE_SCHOOL = frozenset({"vietnieks", "lietvedis", "direktors"})
_PRISTINE: dict[tuple[str, int, str, str], Path] = {}
_TOUCHED: set[str] = set()  # server databases a test wrote to directly


def _pristine_key(url: str, username: str) -> tuple[str, int, str, str] | None:
    if username not in WHOLE_SCHOOL or url in _TOUCHED:
        return None
    with database(url) as session:
        found = (str(server_id(session)), current_version(session))
    return (*found, os.environ.get(clock.ENVIRONMENT, ""), username)


class LaptopFactory:
    def __init__(self, folder: Path, server: ServerProcess) -> None:
        self.folder = folder
        self.server = server
        self.opened: list[Laptop] = []

    def __call__(self, username: str, *, sync: bool = True) -> Laptop:
        path = self.folder / f"{username}-{len(self.opened)}.sqlite"
        key = _pristine_key(self.server.database_url, username) if sync else None
        kept = _PRISTINE.get(key) if key else None
        if kept is not None:
            _copy_database(kept, path)
            with sqlite3.connect(path) as copy:  # its own client id: a laptop of its own
                copy.execute("DELETE FROM sync_state WHERE key = 'client_id'")
            copy.close()
        laptop = Laptop(path, self.server.url, username)
        self.opened.append(laptop)
        if sync:
            laptop.sync()
            if (
                key is not None
                and kept is None
                and key == _pristine_key(self.server.database_url, username)
            ):
                _PRISTINE[key] = Path(tempfile.mkdtemp(prefix="eklase-laptop-")) / path.name
                _copy_database(path, _PRISTINE[key])
        return laptop

    def reopen(self, laptop: Laptop) -> Laptop:
        """The same cache file again (after another process used it), signed in anew."""
        again = Laptop(laptop.path, self.server.url, laptop.username)
        self.opened.append(again)
        return again

    def close(self) -> None:
        for laptop in self.opened:
            laptop.close()


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its WAL included)."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


def server_session(url: str) -> Session:
    """A session on the server's database; a commit through it marks the database as
    changed behind the server's back (no laptop copy is served for it then)."""
    session = sessionmaker(create_engine(url))()
    event.listen(session, "after_commit", lambda _session: _TOUCHED.add(url))
    return session


@contextmanager
def database(url: str) -> Iterator[Session]:
    """A session on the server's database, its engine disposed afterwards."""
    session = server_session(url)
    try:
        yield session
    finally:
        engine = session.get_bind()
        session.close()
        assert isinstance(engine, Engine)
        engine.dispose()


def class_7a(session: Session) -> dict[str, Any]:
    """Ids from the demo school: 7.a's Latvian (skolotajs1) and maths (skolotajs2) courses,
    a lesson of each, a test lesson and a few students."""
    teacher1 = session.scalars(select(Staff).where(Staff.username == "skolotajs1")).one()
    teacher2 = session.scalars(select(Staff).where(Staff.username == "skolotajs2")).one()
    latvian = session.scalars(
        select(Course).where(Course.teacher_id == teacher1.id, Course.name.like("%7.a"))
    ).first()
    maths = session.scalars(
        select(Course).where(Course.teacher_id == teacher2.id, Course.name.like("%7.a"))
    ).first()
    assert latvian is not None and maths is not None
    lessons = {
        c.id: list(
            session.scalars(
                select(Lesson)
                .where(Lesson.course_id == c.id, Lesson.deleted.is_(False))
                .order_by(Lesson.date)
            )
        )
        for c in (latvian, maths)
    }
    students = list(
        session.scalars(
            select(Student.id)
            .where(Student.class_group_id == latvian.class_group_id)
            .order_by(Student.last_name)
        )
    )
    return {
        "latvian": latvian.id,
        "maths": maths.id,
        "latvian_lessons": [lesson.id for lesson in lessons[latvian.id]],
        "maths_lessons": [lesson.id for lesson in lessons[maths.id]],
        "students": students,
    }


def push_one(client: SyncClient, name: str, args: dict[str, Any]) -> MutationResult:
    """One mutation as an older or a tampered laptop could send it, the server's answer."""
    request = PushRequest(client_id=uuid.uuid4(), mutations=[Mutation(seq=1, name=name, args=args)])
    [result] = client.push(request).results
    return result
