"""Importing the school's set-up on the clerk's or the deputy's laptop (SPEC C1;
docs/import.md): a preview first, then all or nothing, the second time nothing; each change
queued as the *Skola* window's mutation."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.school_import import (
    CLASSES,
    COURSES,
    STAFF,
    STUDENTS,
    SUBJECTS,
    YEAR,
    ImportProblem,
)
from eklase_desktop.models import (
    ClassGroup,
    Course,
    Enrolment,
    Guardian,
    Lesson,
    OutboxEntry,
    SchoolYear,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.people import People
from eklase_desktop.services.school_import import SchoolImport
from eklase_desktop.spreadsheets import read_tables, write_template, write_workbook
from eklase_desktop.sync.mutation_args import MUTATION_ARGS
from eklase_desktop.sync.protocol import MutationName
from tests.school import SmallSchool, build_empty_school

pytestmark = pytest.mark.today("2026-08-20")
EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


@pytest.fixture
def empty(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    build_empty_school(factory)
    return factory


def importer(factory: sessionmaker[Session], username: str = "vietnieks") -> SchoolImport:
    return SchoolImport(factory, load_actor(factory, username))


def count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def outbox(factory: sessionmaker[Session]) -> list[OutboxEntry]:
    with factory() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_the_music_school_example_imports_once(empty: sessionmaker[Session]) -> None:
    clerk = importer(empty)
    book = clerk.read(EXAMPLES / "muzikas-skola.xlsx")
    preview = clerk.preview(book)
    assert {sheet: count.new for sheet, count in preview.counts.items()} == {
        YEAR.name: 1, SUBJECTS.name: 8, STAFF.name: 17, CLASSES.name: 8, STUDENTS.name: 120,
        COURSES.name: 134,
    }  # fmt: skip
    assert count(empty, Student) == 0 and outbox(empty) == []  # a preview writes nothing
    done = clerk.run(book)
    assert done.changes == preview.changes == 288
    assert count(empty, Student) == 120 and count(empty, Course) == 134
    entries = outbox(empty)
    assert len(entries) == 288
    assert [e.mutation for e in entries[:2]] == ["school_year.set", "subject.set"]
    for entry in entries:  # each one the server takes
        MUTATION_ARGS[MutationName(entry.mutation)].model_validate(entry.args)
    with empty() as session:  # the instrument (one student) and the whole kurss's solfedžo
        piano = session.scalars(select(Course).where(Course.kind == "individual")).first()
        assert piano is not None
        enrolled = select(func.count()).where(Enrolment.course_id == piano.id)
        assert session.scalar(enrolled) == 1
        solfege = session.scalars(select(Course).where(Course.name == "Solfedžo 1. kurss")).one()
        enrolled = select(func.count()).where(Enrolment.course_id == solfege.id)
        assert session.scalar(enrolled) == 15 and not solfege.descriptive
    again = clerk.preview(clerk.read(EXAMPLES / "muzikas-skola.xlsx"))
    assert again.changes == 0
    assert {sheet: count.same for sheet, count in again.counts.items()}[STUDENTS.name] == 120
    assert clerk.run(again_book := clerk.read(EXAMPLES / "muzikas-skola.xlsx")).changes == 0
    assert again_book.students and len(outbox(empty)) == 288


def test_a_bad_row_refuses_the_whole_file(empty: sessionmaker[Session], tmp_path: Path) -> None:
    tables = read_tables(EXAMPLES / "vidusskola.xlsx")
    tables[COURSES.name][40][5] = "Nezināms Skolotājs"  # row 41, column F (Skolotājs)
    bad = tmp_path / "ar-kļūdu.xlsx"
    write_workbook(bad, tables)
    clerk = importer(empty)
    with pytest.raises(ImportProblem) as caught:
        clerk.preview(clerk.read(bad))
    assert str(caught.value) == (
        "Lapa «Kursi», 41. rinda, kolonna «Skolotājs»: darbinieka «Nezināms Skolotājs» nav ne "
        "lapā «Darbinieki», ne saglabātā."
    )
    assert count(empty, Student) == 0 and outbox(empty) == []


@pytest.mark.today("2026-09-20")
def test_a_row_the_store_refuses_rolls_back_every_other(
    school: SmallSchool, tmp_path: Path
) -> None:
    """A check only the store makes (a student with entries in a course stays in it) still
    leaves nothing of the file behind: not the new subject before it either."""
    with school.factory() as session:
        lesson = session.scalars(select(Lesson.id).where(Lesson.course_id == school.piano)).first()
    JournalEditor(school.factory, school.actor("skolotajs1")).write_cells(
        school.piano, [CellEdit(school.students[-1], lesson, "8")]
    )
    before = len(outbox(school.factory))
    path = tmp_path / "kursi.xlsx"
    write_workbook(
        path,
        {
            SUBJECTS.name: [["Nosaukums"], ["Ķīmija"]],
            COURSES.name: [
                ["Priekšmets", "Nosaukums", "Veids", "Skolotājs", "Skolēni"],
                ["Klavierspēle", "Klavierspēle — Līga Šmite", "individuālais", "Anna Ābele",
                 "Alise Apinīte"],
            ],
        },
    )  # fmt: skip
    deputy = importer(school.factory)
    plan = deputy.preview(deputy.read(path))
    assert [step.mutation for step in plan.steps] == ["subject.set", "course.set"]
    with pytest.raises(ImportProblem) as caught:
        deputy.run(deputy.read(path))
    assert str(caught.value) == (
        "Lapa «Kursi», 2. rinda: Skolēnam šajā kursā jau ir ieraksti: viņš paliek kursā."
    )
    assert len(outbox(school.factory)) == before
    with school.factory() as session:
        assert session.scalar(select(func.count()).where(Subject.name == "Ķīmija")) == 0


def test_a_second_file_changes_what_it_says_and_keeps_what_it_leaves_out(
    empty: sessionmaker[Session], tmp_path: Path
) -> None:
    clerk = importer(empty)
    clerk.run(clerk.read(EXAMPLES / "muzikas-skola.xlsx"))
    tables = read_tables(EXAMPLES / "muzikas-skola.xlsx")
    student = tables[STUDENTS.name][1]
    headers = tables[STUDENTS.name][0]
    code = student[headers.index("Personas kods")]
    address = headers.index("Deklarētā adrese")
    # only the columns it changes: the address; the guardians, the programme stay
    small = tmp_path / "adrese.csv"
    with small.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Klase", "Vārds", "Uzvārds", "Personas kods", "Deklarētā adrese"])
        writer.writerow([*student[:4], "Ozolkalns, Jaunā iela 5"])
    plan = clerk.preview(clerk.read(small))
    assert [(s.sheet, s.row, s.new, s.changed) for s in plan.steps] == [
        (STUDENTS.name, 2, False, ("Deklarētā adrese",))
    ]
    clerk.run(clerk.read(small))
    with empty() as session:
        row = session.scalars(select(Student).where(Student.personal_code == code)).one()
        assert row.declared_address == "Ozolkalns, Jaunā iela 5"
        assert row.declared_address != student[address] and row.programme
        guardians = select(func.count()).where(
            Guardian.student_id == row.id, Guardian.deleted.is_(False)
        )
        assert session.scalar(guardians) >= 1
    [*_, last] = outbox(empty)
    assert last.mutation == "student.set" and last.args["base"]["declared_address"]


def test_moving_a_student_to_another_class_takes_an_order(
    empty: sessionmaker[Session], tmp_path: Path
) -> None:
    clerk = importer(empty)
    clerk.run(clerk.read(EXAMPLES / "muzikas-skola.xlsx"))
    tables = read_tables(EXAMPLES / "muzikas-skola.xlsx")
    rows = tables[STUDENTS.name]
    rows[1][0] = "2. kurss"
    moved = tmp_path / "parcelts.xlsx"
    write_workbook(moved, {STUDENTS.name: rows})
    with pytest.raises(ImportProblem, match="citā klasē pārceļ ar rīkojumu") as caught:
        clerk.preview(clerk.read(moved))
    assert (caught.value.row, caught.value.column) == (2, "Klase")


def test_only_the_deputy_gives_an_administrators_role(
    empty: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "darbinieki.xlsx"
    write_workbook(
        path,
        {STAFF.name: [["Vārds", "Uzvārds", "Lomas"], ["Ilze", "Kalniņa", "direktora vietnieks"]]},
    )
    clerk = importer(empty, "lietvedis")
    with pytest.raises(ImportProblem, match="piešķir tikai direktora vietnieks") as caught:
        clerk.preview(clerk.read(path))
    assert caught.value.column == "Lomas"
    assert importer(empty, "vietnieks").run(importer(empty, "vietnieks").read(path)).changes == 1
    assert count(empty, Staff) == 3


def test_a_teacher_cannot_import(school: SmallSchool) -> None:
    with pytest.raises(PermissionDenied):
        SchoolImport(school.factory, school.actor("skolotajs1"))


def test_the_template_imports_as_it_is(empty: sessionmaker[Session], tmp_path: Path) -> None:
    """Its example rows make one small school: year, holidays, subject, teacher, class,
    student with a guardian and course."""
    template = tmp_path / "veidne.xlsx"
    write_template(template)
    clerk = importer(empty, "lietvedis")
    plan = clerk.run(clerk.read(template))
    assert [step.mutation for step in plan.steps] == [
        "school_year.set", "subject.set", "staff.set", "class_group.set", "student.set",
        "course.set",
    ]  # fmt: skip
    with empty() as session:
        year = session.scalars(select(SchoolYear)).one()
        assert year.name == "2026./2027." and year.draft  # the year of the day it was written
        teacher = session.scalars(select(Staff).where(Staff.last_name == "Liepa")).one()
        group = session.scalars(select(ClassGroup)).one()
        assert group.tutor_id == teacher.id
        course = session.scalars(select(Course)).one()
        assert course.teacher_id == teacher.id and course.weekly_lessons == 5
        assert session.scalar(select(func.count()).select_from(Enrolment)) == 1
    cards = People(empty, load_actor(empty, "vietnieks")).staff_cards()
    assert "Liepa Anna" in [card.name for card in cards]


def write_ods(path: Path, tables: dict[str, list[list[object]]]) -> None:
    """A minimal OpenDocument spreadsheet, as LibreOffice would save one (text cells)."""

    def cell(value: object) -> str:
        if value in (None, ""):
            return "<table:table-cell/>"
        text = escape(str(value))
        string = '<table:table-cell office:value-type="string">'
        return f"{string}<text:p>{text}</text:p></table:table-cell>"

    sheets = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(cell(value) for value in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in tables.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{sheets}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def _text(value: object) -> object:
    """A cell as LibreOffice shows it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else value


def test_an_ods_file_imports_like_the_xlsx(empty: sessionmaker[Session], tmp_path: Path) -> None:
    tables = read_tables(EXAMPLES / "muzikas-skola.xlsx")
    as_text = {
        name: [[_text(value) for value in row] for row in rows]
        for name, rows in tables.items()
    }  # fmt: skip
    path = tmp_path / "muzikas-skola.ods"
    write_ods(path, as_text)
    clerk = importer(empty)
    assert clerk.run(clerk.read(path)).changes == 288
    assert clerk.preview(clerk.read(EXAMPLES / "muzikas-skola.xlsx")).changes == 0


def test_a_file_that_is_no_spreadsheet_is_refused(
    empty: sessionmaker[Session], tmp_path: Path
) -> None:
    broken = tmp_path / "skola.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(ImportProblem, match="failu neizdevās nolasīt"):
        importer(empty).read(broken)
    text = tmp_path / "skola.txt"
    shutil.copy(EXAMPLES / "muzikas-skola.xlsx", text)
    with pytest.raises(ImportProblem, match="atbalstīti XLSX, ODS un CSV"):
        importer(empty).read(text)


def test_a_card_without_a_personal_code_is_found_by_its_login_name(
    school: SmallSchool, tmp_path: Path
) -> None:
    path = tmp_path / "darbinieki.xlsx"
    write_workbook(
        path,
        {
            STAFF.name: [
                ["Vārds", "Uzvārds", "Lietotājvārds", "Lomas", "Tālrunis"],
                ["Anna", "Ābele", "Skolotajs1", "skolotājs", "26123456"],
            ],
            COURSES.name: [
                ["Priekšmets", "Klase", "Skolotājs", "Stundas nedēļā"],
                ["Latviešu valoda", "7.a", "skolotajs1", 4],
            ],
        },
    )
    deputy = importer(school.factory)
    plan = deputy.run(deputy.read(path))
    assert [(step.mutation, step.new, step.key) for step in plan.steps] == [
        ("staff.set", False, school.actor("skolotajs1").staff_id),
        ("course.set", False, school.latvian),
    ]
    with school.factory() as session:
        course = session.get(Course, school.latvian)
        assert course is not None and course.weekly_lessons == 4
        assert course.teacher_id == school.actor("skolotajs1").staff_id
    write_workbook(
        path, {STAFF.name: [["Vārds", "Uzvārds", "Lietotājvārds", "Lomas"],
                            ["Anna", "Ābele", "nav.tads", "skolotājs"]]}
    )  # fmt: skip
    with pytest.raises(ImportProblem, match=r"kartītes ar lietotājvārdu «nav\.tads» nav"):
        deputy.preview(deputy.read(path))
