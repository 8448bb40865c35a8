"""The server's database is restored from last night's backup (docs/sync-protocol.md §9):
changes the server had acknowledged since are sent again by the laptops that made them, and a
laptop whose copy is newer than the restored server replaces it, even when the server has
handed out more versions since than the laptop's cursor names."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from eklase_desktop.models import Mark, SentChange, cell_id
from eklase_server.db import current_version
from tests.integration.laptops import LaptopFactory, class_7a, database
from tests.integration.refusals.support import School
from tests.integration.servers import PostgresCluster, ServerProcess


class Backup:
    """A copy of the server's database taken while it runs, put back later."""

    def __init__(self, server: ServerProcess, request: pytest.FixtureRequest, folder: Path):
        self.server = server
        self.url = server.database_url
        self.cluster: PostgresCluster | None = None
        if self.url.startswith("postgresql"):
            self.cluster = request.getfixturevalue("postgres")
        self.copy = folder / "backup.sqlite"

    def take(self) -> None:
        if self.cluster is None:
            source, target = (
                sqlite3.connect(self.url.split("///", 1)[1]),
                sqlite3.connect(self.copy),
            )
            with closing(source), closing(target):
                source.backup(target)
            return
        self.server.kill()  # a template must have no connections
        name = self.url.rsplit("/", 1)[1]
        self.cluster.sql(f"CREATE DATABASE {name}_backup TEMPLATE {name}")
        self.server.start()

    def restore(self) -> None:
        self.server.kill()
        if self.cluster is None:
            path = Path(self.url.split("///", 1)[1])
            for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copy(self.copy, path)
        else:
            name = self.url.rsplit("/", 1)[1]
            self.cluster.sql(f"DROP DATABASE {name}")
            self.cluster.sql(f"CREATE DATABASE {name} TEMPLATE {name}_backup")
        self.server.start()


def _cursor_version(laptop_cursor: str) -> int:
    return int(laptop_cursor.split(".", 1)[0])


def _empty_cells(
    url: str, lessons: list[uuid.UUID], students: list[uuid.UUID], count: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    with database(url) as session:
        marked = set(session.scalars(select(Mark.id).where(Mark.deleted.is_(False))))
    cells = [(lesson, student) for lesson in reversed(lessons) for student in students]
    empty = [cell for cell in cells if cell_id("mark", *cell) not in marked][:count]
    assert len(empty) == count
    return empty


def _mark(url: str, lesson: uuid.UUID, student: uuid.UUID) -> list[str | None]:
    with database(url) as session:
        mark_id = cell_id("mark", lesson, student)
        return list(session.scalars(select(Mark.value).where(Mark.id == mark_id)))


def test_a_restored_server_gets_lost_changes_back_and_laptops_replace_newer_copies(
    server: ServerProcess,
    laptops: LaptopFactory,
    school: School,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    teacher, tutor, colleague = laptops("skolotajs1"), laptops("audzinatajs"), laptops("skolotajs2")
    with database(server.database_url) as session:
        ids = class_7a(session)
    latvian, students = school.latvian, school.students
    before, lost = _empty_cells(server.database_url, school.plain, students, 2)
    maths = _empty_cells(server.database_url, ids["maths_lessons"], students, 12)
    teacher.write(latvian, before[0], before[1], "7")
    first = teacher.sync().pushed["applied"]
    backup = Backup(server, request, tmp_path)
    backup.take()

    teacher.write(latvian, lost[0], lost[1], "8")  # acknowledged, then lost with the restore
    lost_changes = teacher.sync().pushed["applied"]  # the mark (and the presence it implies)
    assert lost_changes >= 1 and teacher.waiting() == 0
    tutor.sync()
    assert tutor.cell(latvian, *lost).mark == "8"
    cursor = _cursor_version(tutor.engine.state.get("cursor"))

    backup.restore()
    assert _mark(server.database_url, *lost) == []
    # The restored server lives on: more versions than the tutor's cursor names.
    for lesson, student in maths:
        colleague.write(school.maths, lesson, student, "6")
    colleague.sync()
    with database(server.database_url) as session:
        assert current_version(session) > cursor

    report = tutor.sync()  # before the teacher: the server does not have the "8" yet
    assert any("atjaunots" in warning for warning in report.warnings)
    assert tutor.cell(latvian, *lost).mark == ""  # its newer copy replaced, not kept
    assert tutor.cell(latvian, *before).mark == "7"
    assert all(tutor.cell(school.maths, *cell).mark == "6" for cell in maths)

    report = teacher.sync()
    assert report.pushed["applied"] == lost_changes  # sent again under their own seqs
    assert any(f"{lost_changes} izmaiņas nosūta vēlreiz" in w for w in report.warnings)
    assert _mark(server.database_url, *lost) == ["8"]
    assert _mark(server.database_url, *before) == ["7"]  # applied once, before the backup
    tutor.sync()
    assert tutor.cell(latvian, *lost).mark == "8"
    with teacher.factory() as session:  # kept again for the next restore
        assert len(session.scalars(select(SentChange.seq)).all()) == first + lost_changes
    assert teacher.sync().pushed.total() == 0  # nothing more to send
