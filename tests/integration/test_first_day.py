"""A new school from an empty server, without the demo (SPEC C1, A2): ``init-db --school``
and ``create-user`` make the school and its first administrator, who signs in on a laptop and
sets up the year, a class, a subject, a teacher's and two students' cards and a course there;
the teacher's account is made for the card, and the teacher's first lesson and mark reach the
office."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from eklase_desktop.domain.lessons import CourseKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import (
    ClassDetails,
    CourseDetails,
    StaffDetails,
    StudentDetails,
    SubjectDetails,
)
from eklase_desktop.models import ClassGroup, School, SchoolYear, Staff, Subject
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.courses import Courses
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.people import People
from eklase_desktop.services.school import SchoolSetUp
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.engine import SyncEngine
from tests.integration.laptops import database
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-08-24")  # the week before the school year


def server_command(
    url: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``eklase-server`` run as an administrator would; ``stdin``: what they type into it (a
    password for ``--password-stdin``)."""
    command = [sys.executable, "-m", "eklase_server", "--database-url", url, *args]
    return subprocess.run(command, input=stdin or "", capture_output=True, text=True, check=False)


class Laptop:
    """A new profile on a laptop: signed in with the password, synced once."""

    def __init__(self, path: Path, server: ServerProcess, username: str, password: str) -> None:
        self.factory = open_cache(path)
        self.client = SyncClient(server.url)
        self.client.login(username, password)
        self.engine = SyncEngine(self.factory, self.client)
        self.engine.sync()


def test_from_an_empty_server_to_a_teachers_first_mark(
    empty_database_url: str, tmp_path: Path
) -> None:
    url = empty_database_url
    made = server_command(url, "init-db", "--school", "Rīgas 99. vidusskola")
    assert made.returncode == 0 and "school created: Rīgas 99. vidusskola" in made.stdout
    assert (
        "already there" in server_command(url, "init-db", "--school", "Rīgas 99. vidusskola").stdout
    )
    refused = server_command(
        url, "create-user", "x", "--first", "A", "--last", "B", "--roles", "boss"
    )
    assert refused.returncode == 2 and "unknown roles: boss" in refused.stdout
    admin = server_command(
        url, "create-user", "lietvede", "--first", "Sandra", "--last", "Kalniņa",
        "--roles", "clerk,deputy", "--password-stdin", stdin="pirmā-diena-2026\n",
    )  # fmt: skip
    assert admin.returncode == 0, admin.stdout
    server = ServerProcess(url).start()
    try:
        laptop = Laptop(tmp_path / "clerk.sqlite", server, "lietvede", "pirmā-diena-2026")
        setup = SchoolSetUp(laptop.factory, load_actor(laptop.factory, "lietvede"))
        assert setup.years() == []
        year = setup.save_year(None, setup.suggested_year())
        me = next(key for key, name in setup.staff() if name == "Kalniņa Sandra")
        setup.save_class(year, None, ClassDetails("1.a", 1, programme="Pamatizglītība"), me)
        setup.save_subject(None, SubjectDetails("Matemātika"))
        assert laptop.engine.sync().pushed["applied"] == 3
        with database(url) as session:
            assert session.scalars(select(School.name)).one() == "Rīgas 99. vidusskola"
            assert session.scalars(select(SchoolYear.name)).one() == "2026./2027."
            assert session.scalars(select(ClassGroup.name)).one() == "1.a"
            assert session.scalars(select(Subject.name)).one() == "Matemātika"
        # the office's cards and course, then the teacher's account for the card
        people = People(laptop.factory, load_actor(laptop.factory, "lietvede"))
        card = StaffDetails("Anna", "Liepa", frozenset({Role.TEACHER}), "32568912345")
        anna = people.save_staff(None, card)
        class_id = next(view.id for view in setup.classes(year))
        pupils = [
            people.save_student(None, StudentDetails(first, "Kalns", code, class_id))
            for first, code in (("Jānis", "32010101003"), ("Laura", "32010101004"))
        ]
        courses = Courses(laptop.factory, load_actor(laptop.factory, "lietvede"))
        maths = next(view.id for view in courses.subjects())
        course = courses.save_course(
            year,
            None,
            CourseDetails(
                "Matemātika 1.a", maths, CourseKind.CLASS, anna, class_id, weekly_lessons=5
            ),
        )
        assert laptop.engine.sync().pushed["applied"] == 4
        with laptop.factory() as session:
            login = session.get(Staff, anna)
            assert login is not None and login.username == "anna.liepa"  # given by the server
        account = server_command(
            url, "create-user", "anna.liepa", "--password-stdin", stdin="otrā-diena\n"
        )
        assert account.returncode == 0, account.stdout
        teacher = Laptop(tmp_path / "teacher.sqlite", server, "anna.liepa", "otrā-diena")
        actor = load_actor(teacher.factory, "anna.liepa")
        journal = JournalReader(teacher.factory, actor).open_journal(course)
        assert {student.id for student in journal.students} == set(pupils)
        editor = JournalEditor(teacher.factory, actor)
        lesson = editor.add_lesson(course, dt.date(2026, 9, 1))
        assert lesson.topic == "Zinību diena"  # SPEC J5: the year's first school day
        editor.write_cells(course, [CellEdit(pupils[0], lesson.id, "9")])
        assert teacher.engine.sync().pushed["applied"] == 2
        laptop.engine.sync()
        office = JournalReader(laptop.factory, load_actor(laptop.factory, "lietvede"))
        assert office.open_journal(course).cells[(pupils[0], lesson.id)].mark == "9"
    finally:
        server.kill()
