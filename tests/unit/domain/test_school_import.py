"""Reading the import's sheets (SPEC C1; docs/import.md): each value checked where it is, a
bad one named by sheet, row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from eklase_desktop.domain.lessons import CourseKind, SubjectKind
from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import Gender, GroupKind
from eklase_desktop.domain.school_import import (
    CLASSES,
    COURSES,
    SHEETS,
    STAFF,
    STUDENTS,
    SUBJECTS,
    ImportProblem,
    read_workbook,
    sheet_of_headers,
)


def sheet(name: str, *rows: dict[str, object]) -> dict[str, list[list[object]]]:
    """A sheet with the columns the rows name (by header)."""
    headers = list(dict.fromkeys(header for row in rows for header in row))
    return {name: [headers] + [[row.get(header) for header in headers] for row in rows]}


def staff(**values: object) -> dict[str, object]:
    return {"Vārds": "Anna", "Uzvārds": "Liepa", "Lomas": "skolotājs", **values}


def test_staff_cells_become_a_card_in_its_stored_form() -> None:
    book = read_workbook(
        sheet(
            STAFF.name,
            staff(
                **{
                    "Personas kods": "01018010000",
                    "Tālrunis": "20 000 000",
                    "E-pasts": "Anna.Liepa@Skola.LV",
                    "Lomas": "Skolotājs; klases audzinātājs",
                    "Strādā no": dt.datetime(2015, 8, 25),
                    "Strādā līdz": "31.05.2027.",
                }
            ),
        )
    )
    [card] = book.staff
    assert card.row.number == 2
    details = card.details
    assert (details.personal_code, details.phone, details.email) == (
        "010180-10000",
        "+371 20000000",
        "anna.liepa@skola.lv",
    )
    assert details.roles == {Role.TEACHER, Role.TUTOR}
    assert (details.employed_from, details.employed_until) == (
        dt.date(2015, 8, 25),
        dt.date(2027, 5, 31),
    )


@pytest.mark.parametrize(
    ("values", "column", "says"),
    [
        ({"Personas kods": "010180-10001"}, "Personas kods", "Nederīgs personas kods"),
        ({"Tālrunis": "+44 7700 900000"}, "Tālrunis", "nav Latvijas tālruņa numurs"),
        ({"Lomas": "skolotājs, sētnieks"}, "Lomas", "«sētnieks» nav starp zināmajām"),
        ({"Strādā no": "2015-02-30"}, "Strādā no", "kalendārā nav"),
        ({"Strādā no": "31.02.2015"}, "Strādā no", "kalendārā nav"),
        ({"Strādā no": "pirmdien"}, "Strādā no", "nav datums"),
        ({"Vārds": "Ann4"}, "Vārds", "jāraksta ar burtiem"),
        ({"Uzvārds": ""}, "Uzvārds", "obligāta"),
        ({"E-pasts": "anna(at)skola.lv"}, "E-pasts", "nav derīga"),
    ],
)
def test_a_bad_staff_value_is_named_by_sheet_row_and_column(
    values: dict[str, object], column: str, says: str
) -> None:
    good = staff(**{"Personas kods": "010180-10000"})
    with pytest.raises(ImportProblem, match=says) as caught:
        read_workbook(sheet(STAFF.name, good, staff(**values)))
    problem = caught.value
    assert (problem.sheet, problem.row, problem.column) == (STAFF.name, 3, column)
    assert str(problem).startswith(f"Lapa «{STAFF.name}», 3. rinda, kolonna «{column}»: ")


def test_headers_are_matched_as_written_by_people_and_unknown_ones_refused() -> None:
    book = read_workbook(
        {"  klases ": [["nosaukums", "KLASE VAI KURSS", "veids"], ["7.a", 7.0, "Kurss"]]}
    )
    [group] = book.classes
    assert (group.details.name, group.details.grade, group.details.kind) == (
        "7.a",
        7,
        GroupKind.COURSE,
    )
    with pytest.raises(ImportProblem, match="nezināma kolonna «Klašu audzinātājs»"):
        read_workbook({CLASSES.name: [["Nosaukums", "Klase vai kurss", "Klašu audzinātājs"]]})
    with pytest.raises(ImportProblem, match="trūkst kolonnas") as caught:
        read_workbook({CLASSES.name: [["Nosaukums"], ["7.a"]]})
    assert caught.value.column == "Klase vai kurss"


def test_empty_rows_are_skipped_and_other_sheets_listed_as_ignored() -> None:
    tables = sheet(SUBJECTS.name, {"Nosaukums": "Matemātika", "Vērtēšana": "i/ni"})
    tables[SUBJECTS.name].insert(1, [None, "  "])
    tables["Piezīmes"] = [["kas jāizdara"]]
    tables["Instrukcija"] = [["…"]]
    book = read_workbook(tables)
    [subject] = book.subjects
    assert subject.row.number == 3 and subject.details.pass_fail
    assert subject.details.kind is SubjectKind.GENERAL
    assert book.ignored == ("Piezīmes",)


def test_the_same_student_twice_is_refused_at_the_second_row() -> None:
    row = {"Klase": "7.a", "Vārds": "Jānis", "Uzvārds": "Bērziņš", "Personas kods": "150313-20000"}
    with pytest.raises(ImportProblem, match=r"tas pats jau ir 2\. rindā") as caught:
        read_workbook(sheet(STUDENTS.name, row, {**row, "Personas kods": "15031320000"}))
    assert (caught.value.row, caught.value.column) == (3, "Personas kods")


def test_a_student_row_with_guardians() -> None:
    book = read_workbook(
        sheet(
            STUDENTS.name,
            {
                "Klase": "7.a",
                "Vārds": "Jānis",
                "Uzvārds": "Bērziņš",
                "Personas kods": "150313-20000",
                "Dzimums": "V",
                "Uzņemts": "1.9.2020",
                "1. pārstāvja vārds": "Inese",
                "1. pārstāvja uzvārds": "Bērziņa",
                "1. pārstāvja tālrunis": "26000000",
                "2. pārstāvja vārds": "",
            },
        )
    )
    [student] = book.students
    assert student.values["gender"] is Gender.MALE
    assert student.values["admitted_on"] == dt.date(2020, 9, 1)
    assert [(g.first_name, g.phone) for g in student.guardians] == [("Inese", "+371 26000000")]
    with pytest.raises(ImportProblem, match="obligāta") as caught:
        read_workbook(
            sheet(
                STUDENTS.name,
                {
                    "Klase": "7.a",
                    "Vārds": "Jānis",
                    "Uzvārds": "Bērziņš",
                    "Personas kods": "150313-20000",
                    "1. pārstāvja tālrunis": "26000000",
                },
            )
        )
    assert caught.value.column == "1. pārstāvja vārds"


def test_a_course_row_keeps_its_references_as_text() -> None:
    book = read_workbook(
        sheet(
            COURSES.name,
            {
                "Priekšmets": "Koris",
                "Skolotājs": "Anna Liepa",
                "Veids": "Grupas",
                "Skolēni": "150313-20000; Jānis Bērziņš",
                "Stundas nedēļā": 2,
                "Aprakstoši vērtējumi": "nē",
            },
        )
    )
    [course] = book.courses
    assert course.kind is CourseKind.GROUP and course.descriptive is False
    assert course.students == ("150313-20000", "Jānis Bērziņš") and course.weekly_lessons == 2
    with pytest.raises(ImportProblem, match="no 0 līdz 40") as caught:
        read_workbook(
            sheet(COURSES.name, {"Priekšmets": "Koris", "Skolotājs": "A", "Stundas nedēļā": 41})
        )
    assert caught.value.column == "Stundas nedēļā"


def test_a_csv_file_is_the_sheet_its_headers_name() -> None:
    assert sheet_of_headers(["Vārds", "Uzvārds", "Lomas", "Tālrunis"]) is STAFF
    assert sheet_of_headers(["Klase", "Vārds", "Uzvārds", "Personas kods"]) is STUDENTS
    assert sheet_of_headers(["Vārds", "Uzvārds"]) is None  # which of the two?
    assert len({sheet.name for sheet in SHEETS}) == len(SHEETS)


def test_docs_import_describes_every_column() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "import.md").read_text("utf-8")
    for described in SHEETS:
        assert f"### {described.name}" in text
        for column in described.columns:
            assert column.header in text, column.header


def test_every_bad_row_of_the_file_is_told_at_once() -> None:
    rows = [
        staff(**{"Personas kods": "010180-10001"}),
        staff(**{"Vārds": "Ilze", "Strādā no": "31.02.2015"}),
        staff(**{"Vārds": "Inga", "Lomas": "sētnieks"}),
    ]
    with pytest.raises(ImportProblem) as caught:
        read_workbook(sheet(STAFF.name, *rows))
    problem = caught.value
    assert (problem.row, problem.column) == (2, "Personas kods")  # the first
    assert [(p.row, p.column) for p in problem.problems] == [
        (2, "Personas kods"), (3, "Strādā no"), (4, "Lomas"),
    ]  # fmt: skip
    assert str(problem).count("\n") == 2 and "kalendārā nav" in str(problem)
