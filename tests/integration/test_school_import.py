"""The start of a real school by import (SPEC C1; docs/import.md), with a real server on
SQLite and PostgreSQL: the example workbook imported on the deputy's laptop reaches the
server as the same rows the server's own import would make; a teacher's laptop gets exactly
the teacher's courses and students, and later a new student of one of them; the teacher's
mark reaches the office. ``eklase-server import`` does the same from the command line, all
or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eklase_desktop.domain.school_import import STUDENTS
from eklase_desktop.models import ClassGroup, Course, Enrolment, Staff, Student
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.school_import import SchoolImport
from eklase_desktop.spreadsheets import read_tables, write_workbook
from tests.integration.laptops import database
from tests.integration.servers import ServerProcess
from tests.integration.test_first_day import Laptop, server_command

pytestmark = pytest.mark.today("2026-08-24")  # the week before the school year
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
GENERAL = EXAMPLES / "vidusskola.xlsx"


def new_server(url: str) -> None:
    assert server_command(url, "init-db", "--school", "Ozolkalna vidusskola").returncode == 0
    made = server_command(
        url, "create-user", "vietniece", "--first", "Vita", "--last", "Vietniece",
        "--roles", "deputy,teacher", "--password-stdin", stdin="sākums-2026\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stdout


def test_the_example_workbook_imported_on_the_deputys_laptop_reaches_a_teacher(
    empty_database_url: str, tmp_path: Path
) -> None:
    url = empty_database_url
    new_server(url)
    server = ServerProcess(url).start()
    try:
        deputy = Laptop(tmp_path / "deputy.sqlite", server, "vietniece", "sākums-2026")
        importer = SchoolImport(deputy.factory, load_actor(deputy.factory, "vietniece"))
        assert importer.run(importer.read(GENERAL)).changes == 941
        pushed = deputy.engine.sync().pushed
        assert pushed["applied"] == 941 and pushed.get("rejected", 0) == 0
        with database(url) as session:
            assert session.scalar(select(func.count()).select_from(Student)) == 600
            assert session.scalar(select(func.count()).select_from(Course)) == 258
        # the server's own import of the same file finds it all there
        dry = server_command(url, "import", str(GENERAL), "--user", "vietniece", "--dry-run")
        assert dry.returncode == 0 and "Skolēni: 0 new, 0 changed, 600 unchanged" in dry.stdout
        assert "Kursi: 0 new, 0 changed, 258 unchanged" in dry.stdout

        # a teacher of the file (no class tutor: a tutor reads the class's every course)
        # gets an account and signs in
        tables = read_tables(GENERAL)
        staff = tables["Darbinieki"]
        roles, codes = staff[0].index("Lomas"), staff[0].index("Personas kods")
        code = next(row[codes] for row in staff[1:] if row[roles] == "skolotājs")
        with database(url) as session:
            teacher = session.scalars(select(Staff).where(Staff.personal_code == code)).one()
            theirs = set(session.scalars(select(Course.id).where(Course.teacher_id == teacher.id)))
            pupils = set(
                session.scalars(select(Enrolment.student_id).where(Enrolment.course_id.in_(theirs)))
            )
        assert theirs and pupils
        made = server_command(
            url, "create-user", teacher.username, "--password-stdin", stdin="skolotājs-1\n"
        )
        assert made.returncode == 0, made.stdout
        laptop = Laptop(tmp_path / "teacher.sqlite", server, teacher.username, "skolotājs-1")
        with laptop.factory() as session:
            assert set(session.scalars(select(Course.id))) == theirs
            assert set(session.scalars(select(Student.id))) == pupils

        # a student who joins one of the teacher's classes later reaches the teacher's laptop
        with database(url) as session:
            course_id, group = session.execute(
                select(Course.id, ClassGroup)
                .join(ClassGroup, ClassGroup.id == Course.class_group_id)
                .where(Course.id.in_(theirs), Course.kind == "class")
            ).first()
        newcomer = tmp_path / "jauns-skolnieks.xlsx"
        rows = tables[STUDENTS.name]
        write_workbook(
            newcomer,
            {STUDENTS.name: [rows[0], [group.name, "Ēriks", "Jaunzems", "32111111111"]]},
        )
        assert importer.run(importer.read(newcomer)).changes == 1
        assert deputy.engine.sync().pushed["applied"] == 1
        laptop.engine.sync()
        with laptop.factory() as session:
            names = set(session.scalars(select(Student.last_name)))
        assert "Jaunzems" in names

        # the teacher's mark reaches the office
        actor = load_actor(laptop.factory, teacher.username)
        journal = JournalReader(laptop.factory, actor).open_journal(course_id)
        student = journal.students[0].id
        editor = JournalEditor(laptop.factory, actor)
        lesson = editor.add_lesson(course_id, dt.date(2026, 9, 1))
        editor.write_cells(course_id, [CellEdit(student, lesson.id, "8")])
        assert laptop.engine.sync().pushed["applied"] == 2
        deputy.engine.sync()
        office = JournalReader(deputy.factory, load_actor(deputy.factory, "vietniece"))
        assert office.open_journal(course_id).cells[(student, lesson.id)].mark == "8"
    finally:
        server.kill()


def test_the_command_line_import_is_all_or_nothing(empty_database_url: str, tmp_path: Path) -> None:
    url = empty_database_url
    new_server(url)
    music = EXAMPLES / "muzikas-skola.xlsx"
    tables = read_tables(music)
    tables["Kursi"][7][1] = "Ērģeļspēle"  # row 8: a subject the file does not have
    bad = tmp_path / "kluda.xlsx"
    write_workbook(bad, tables)
    refused = server_command(url, "import", str(bad), "--user", "vietniece")
    assert refused.returncode == 1
    assert (
        "nothing imported: Lapa «Kursi», 8. rinda, kolonna «Priekšmets»: priekšmeta "
        "«Ērģeļspēle» nav ne lapā «Priekšmeti», ne saglabātā." in refused.stdout
    )
    with database(url) as session:
        assert session.scalar(select(func.count()).select_from(Student)) == 0
    done = server_command(url, "import", str(music), "--user", "vietniece")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "imported: 288 changes, as vietniece" in done.stdout
    again = server_command(url, "import", str(music), "--user", "vietniece")
    assert "Skolēni: 0 new, 0 changed, 120 unchanged" in again.stdout
    with database(url) as session:
        assert session.scalar(select(func.count()).select_from(Student)) == 120
        # the server gave the new cards their login names by the school's rule
        names = list(session.scalars(select(Staff.username)))
        assert len(names) == 18 and not any(name.startswith("~") for name in names)
    template = tmp_path / "veidne.xlsx"
    assert server_command(url, "import", "--template", str(template)).returncode == 0
    assert "Instrukcija" in read_tables(template)
    server = ServerProcess(url).start()
    try:  # the deputy's laptop gets what the command line imported
        deputy = Laptop(tmp_path / "deputy.sqlite", server, "vietniece", "sākums-2026")
        with deputy.factory() as session:
            assert session.scalar(select(func.count()).select_from(Student)) == 120
        importer = SchoolImport(deputy.factory, load_actor(deputy.factory, "vietniece"))
        assert importer.preview(importer.read(music)).changes == 0
    finally:
        server.kill()
