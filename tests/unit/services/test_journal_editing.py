"""The journal services on a real SQLite cache: reading, cell edits, blocks, lessons, outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.lessons import LessonType, NotHeldReason
from eklase_desktop.models import Attendance, Lesson, Mark, OutboxEntry, PeriodMark, cell_id
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.cells import Cell
from eklase_desktop.services.editing import CellEdit, CellRejected, JournalEditor, LessonDetails
from eklase_desktop.services.journal import JournalReader
from tests.school import LESSON_DAYS, STUDENT_NAMES, SmallSchool

NOW = dt.datetime(2026, 9, 3, 14, 30)

pytestmark = pytest.mark.today(NOW.isoformat())


def editor_for(school: SmallSchool, username: str = "skolotajs1") -> JournalEditor:
    return JournalEditor(school.factory, school.actor(username))


def reader_for(school: SmallSchool, username: str = "skolotajs1") -> JournalReader:
    return JournalReader(school.factory, school.actor(username))


def outbox(factory: sessionmaker[Session]) -> list[OutboxEntry]:
    with factory() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_teacher_sees_own_courses_only(school: SmallSchool) -> None:
    names = [course.name for course in reader_for(school).courses()]
    assert "Matemātika 7.a" in names and "Klavierspēle — Līga Šmite" in names
    assert "Latviešu valoda 7.a" not in names


def test_deputy_director_sees_every_course(school: SmallSchool) -> None:
    assert len(reader_for(school, "vietnieks").courses()) == 4


def test_journal_lists_students_in_latvian_order_and_lessons_by_date(school: SmallSchool) -> None:
    snapshot = reader_for(school).open_journal(school.maths)
    expected = [f"{last} {first}" for first, last in STUDENT_NAMES]
    assert [student.name for student in snapshot.students] == expected
    assert [lesson.date for lesson in snapshot.lessons] == [*LESSON_DAYS, dt.date(2026, 9, 15)]
    assert snapshot.lessons[-1].is_test and not snapshot.lessons[0].is_test
    assert [period.period for period in snapshot.periods] == ["S1", "S2", "Y", "E", "P", "YC"]


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ("8", Cell("", "", "8")),
        (" N ", Cell("n", "", "")),
        ("k 7", Cell("k", "", "7")),
        ("7 k", Cell("k", "", "7")),
        ("i", Cell("", "", "i")),
        ("85 %", Cell("", "", "85%")),
        ("n, ni", Cell("n", "", "ni")),
    ],
)
def test_typed_cell_is_stored_canonically(school: SmallSchool, typed: str, cell: Cell) -> None:
    student, lesson = school.students[0], school.maths_lessons[0]
    [change] = editor_for(school).write_cells(school.maths, [CellEdit(student, lesson, typed)])
    assert change.cell == cell
    snapshot = reader_for(school).open_journal(school.maths)
    assert snapshot.cells[(student, lesson)] == cell


@pytest.mark.parametrize("typed", ["0", "11", "7.5", "10+", "n k", "8 9", "nv", "atb", "x", "S"])
def test_invalid_cell_is_refused_and_saves_nothing(school: SmallSchool, typed: str) -> None:
    edit = CellEdit(school.students[0], school.maths_lessons[0], typed)
    with pytest.raises(CellRejected) as error:
        editor_for(school).write_cells(school.maths, [edit])
    assert error.value.message  # a Latvian explanation for the status bar
    assert reader_for(school).open_journal(school.maths).cells == {}
    assert outbox(school.factory) == []


def test_nv_is_allowed_in_a_test_lesson_with_the_absence(school: SmallSchool) -> None:
    # SPEC J9: absent on the test day → n for the lesson and nv for the test.
    student = school.students[1]
    editor = editor_for(school)
    editor.write_cells(school.maths, [CellEdit(student, school.maths_test, "n nv")])
    [change] = editor.write_cells(school.maths, [CellEdit(student, school.maths_test, "n 7")])
    assert change.cell == Cell("n", "", "7")


def test_descriptive_marks_only_in_grades_one_to_three(school: SmallSchool) -> None:
    student = school.students[0]
    grade2_lesson = reader_for(school).open_journal(school.grade2).lessons[0].id
    [change] = editor_for(school).write_cells(
        school.grade2, [CellEdit(student, grade2_lesson, "a")]
    )
    assert change.cell is not None and change.cell.mark == "A"  # apguvis, whatever the case


def test_empty_text_clears_presence_and_mark(school: SmallSchool) -> None:
    student, lesson = school.students[0], school.maths_lessons[0]
    editor = editor_for(school)
    editor.write_cells(school.maths, [CellEdit(student, lesson, "n 5")])
    editor.write_cells(school.maths, [CellEdit(student, lesson, "")])
    assert reader_for(school).open_journal(school.maths).cells == {}
    with school.factory() as session:
        mark = session.get(Mark, cell_id("mark", lesson, student))
        assert mark is not None and mark.deleted  # a tombstone, so the deletion can sync


def test_every_edit_writes_its_outbox_entry(school: SmallSchool) -> None:
    student, lesson = school.students[2], school.maths_lessons[1]
    editor_for(school).write_cells(school.maths, [CellEdit(student, lesson, "k 9")])
    entries = outbox(school.factory)
    assert [entry.mutation for entry in entries] == ["attendance.set_presence", "mark.set"]
    assert entries[1].args["value"] == "9"
    assert entries[1].args["mark_id"] == str(cell_id("mark", lesson, student))


def test_block_with_one_bad_value_saves_none(school: SmallSchool) -> None:
    lessons, students = school.maths_lessons, school.students
    edits = [
        CellEdit(students[0], lessons[0], "8"),
        CellEdit(students[1], lessons[0], "9"),
        CellEdit(students[0], lessons[1], "12"),
        CellEdit(students[1], lessons[1], "n"),
    ]
    with pytest.raises(CellRejected) as error:
        editor_for(school).write_cells(school.maths, edits)
    assert error.value.index == 2
    assert reader_for(school).open_journal(school.maths).cells == {}
    assert outbox(school.factory) == []


def test_block_is_saved_whole(school: SmallSchool) -> None:
    lessons, students = school.maths_lessons, school.students
    edits = [CellEdit(s, lesson, "7") for s in students[:3] for lesson in lessons[:2]]
    changes = editor_for(school).write_cells(school.maths, edits)
    assert len(changes) == 6
    assert len(reader_for(school).open_journal(school.maths).cells) == 6


def test_teacher_cannot_justify_an_absence(school: SmallSchool) -> None:
    edit = CellEdit(school.students[0], school.maths_lessons[0], "ns")
    with pytest.raises(CellRejected, match="audzinātāj"):
        editor_for(school).write_cells(school.maths, [edit])


def test_teacher_keeps_the_tutors_justification_when_editing_the_mark(school: SmallSchool) -> None:
    student, lesson = school.students[0], school.maths_lessons[0]
    with school.factory.begin() as session:
        session.add(
            Attendance(
                id=cell_id("attendance", lesson, student),
                lesson_id=lesson,
                student_id=student,
                presence="n",
                justification="s",
            )
        )
    [change] = editor_for(school).write_cells(school.maths, [CellEdit(student, lesson, "ns 6")])
    assert change.cell == Cell("n", "s", "6") and change.text == "ns 6"


def test_teacher_cannot_write_another_teachers_course(school: SmallSchool) -> None:
    lesson = reader_for(school, "skolotajs2").open_journal(school.latvian).lessons[0].id
    with pytest.raises(CellRejected, match="nav tiesību"):
        editor_for(school).write_cells(school.latvian, [CellEdit(school.students[0], lesson, "8")])
    with pytest.raises(PermissionDenied):
        editor_for(school).add_lesson(school.latvian)


def test_substitute_writes_the_lessons_they_teach_only(school: SmallSchool) -> None:
    # SPEC J4: skolotajs2 substitutes one maths lesson of skolotajs1.
    substituted, other = school.maths_lessons[0], school.maths_lessons[1]
    with school.factory.begin() as session:
        lesson = session.get(Lesson, substituted)
        assert lesson is not None
        lesson.taught_by_id = school.actor("skolotajs2").staff_id
    substitute = editor_for(school, "skolotajs2")
    assert "Matemātika 7.a" in [c.name for c in reader_for(school, "skolotajs2").courses()]
    [change] = substitute.write_cells(
        school.maths, [CellEdit(school.students[0], substituted, "9")]
    )
    assert change.text == "9"
    with pytest.raises(CellRejected):
        substitute.write_cells(school.maths, [CellEdit(school.students[0], other, "9")])


def test_student_not_in_the_course_is_refused(school: SmallSchool) -> None:
    lesson = reader_for(school).open_journal(school.piano).lessons[0].id
    edit = CellEdit(school.students[0], lesson, "8")  # Apinīte does not learn the piano
    with pytest.raises(CellRejected, match="nemācās"):
        editor_for(school).write_cells(school.piano, [edit])


def test_period_marks(school: SmallSchool) -> None:
    student = school.students[0]
    editor = editor_for(school)
    [change] = editor.write_cells(school.maths, [CellEdit(student, "S1", " 7 ")])
    assert change.text == "7"
    assert editor.write_cells(school.maths, [CellEdit(student, "Y", "atb")])[0].text == "atb"
    with pytest.raises(CellRejected):
        editor.write_cells(school.maths, [CellEdit(student, "S2", "85%")])
    with pytest.raises(CellRejected, match="profesionāl"):
        editor.write_cells(school.piano, [CellEdit(school.students[3], "S1", "atb")])
    snapshot = reader_for(school).open_journal(school.maths)
    assert snapshot.period_marks == {(student, "S1"): "7", (student, "Y"): "atb"}
    with school.factory() as session:
        assert session.scalar(select(func.count()).select_from(PeriodMark)) == 2


def test_new_lesson_defaults_to_today(school: SmallSchool) -> None:
    lesson = editor_for(school).add_lesson(school.maths)
    assert lesson.date == NOW.date() and lesson.lesson_type == LessonType.ORDINARY
    assert [e.mutation for e in outbox(school.factory)] == ["lesson.create"]


def test_lesson_on_a_national_holiday_gets_its_topic(school: SmallSchool) -> None:
    # SPEC J5: 18 November 2026 is a Wednesday and Proclamation Day.
    lesson = editor_for(school).add_lesson(school.maths, dt.date(2026, 11, 18))
    assert lesson.topic == "Valsts svētku diena"


def test_lesson_panel_details_are_saved(school: SmallSchool) -> None:
    editor = editor_for(school)
    details = LessonDetails(
        date=dt.date(2026, 9, 4),
        topic="Racionālie skaitļi",
        homework="Uzd. 12–15",
        lesson_type=LessonType.MAKEUP,
        made_up_date=dt.date(2026, 9, 2),
        notes="Atstrāde",
    )
    saved = editor.update_lesson(school.maths_lessons[0], details)
    assert (saved.topic, saved.made_up_date) == ("Racionālie skaitļi", dt.date(2026, 9, 2))
    reopened = reader_for(school).open_journal(school.maths)
    assert any(lesson.homework == "Uzd. 12–15" for lesson in reopened.lessons)


@pytest.mark.parametrize(
    "details",
    [
        LessonDetails(date=dt.date(2026, 9, 4), lesson_type=LessonType.MAKEUP),
        LessonDetails(date=dt.date(2026, 9, 4), lesson_type=LessonType.NOT_HELD),
        LessonDetails(
            date=dt.date(2026, 9, 4),
            lesson_type=LessonType.ORDINARY,
            not_held_reason=NotHeldReason.SICK_LEAVE,
        ),
    ],
)
def test_incomplete_lesson_types_are_refused(school: SmallSchool, details: LessonDetails) -> None:
    with pytest.raises(DomainError):
        editor_for(school).update_lesson(school.maths_lessons[0], details)
    assert outbox(school.factory) == []


def test_deleted_lesson_leaves_the_journal(school: SmallSchool) -> None:
    editor_for(school).delete_lesson(school.maths_lessons[0])
    lessons = reader_for(school).open_journal(school.maths).lessons
    assert school.maths_lessons[0] not in [lesson.id for lesson in lessons]


def test_edits_survive_reopening_the_cache(school: SmallSchool, cache_path) -> None:  # type: ignore[no-untyped-def]
    student, lesson = school.students[3], school.maths_lessons[2]
    editor_for(school).write_cells(school.maths, [CellEdit(student, lesson, "n")])
    school.factory.kw["bind"].dispose()
    reopened = open_cache(cache_path)
    reader = JournalReader(reopened, school.actor("skolotajs1"))
    assert reader.open_journal(school.maths).cells[(student, lesson)] == Cell("n", "", "")


def test_classes_sort_by_grade_then_letter() -> None:
    from eklase_desktop.services.journal import class_sort_key

    assert sorted(["10.a", "7.b", "7.a", "12.a", "2.č", "2.c"], key=class_sort_key) == [
        "2.c", "2.č", "7.a", "7.b", "10.a", "12.a",
    ]  # fmt: skip
