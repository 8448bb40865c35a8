"""Sync between laptops through a real server (DESIGN §4; SPEC S1–S6)."""

from __future__ import annotations

from typing import Any

import pytest

from eklase_desktop.services.cells import Cell
from eklase_desktop.services.editing import LessonDetails
from tests.integration.laptops import LaptopFactory, class_7a, server_session
from tests.integration.servers import ServerProcess


@pytest.fixture
def ids(server: ServerProcess) -> dict[str, Any]:
    with server_session(server.database_url) as session:
        return class_7a(session)


def test_first_sync_brings_the_teachers_journals(
    laptops: LaptopFactory, ids: dict[str, Any]
) -> None:
    laptop = laptops("skolotajs1")
    names = [course.name for course in laptop.reader.courses()]
    assert any(name.endswith("7.a") for name in names)
    journal = laptop.reader.open_journal(ids["latvian"])
    assert len(journal.students) == len(ids["students"]) and journal.lessons


def test_offline_edits_on_two_laptops_converge(laptops: LaptopFactory, ids: dict[str, Any]) -> None:
    one, two = laptops("skolotajs1"), laptops("skolotajs2")
    student = ids["students"][0]
    latvian, maths = ids["latvian_lessons"][-1], ids["maths_lessons"][-1]
    one.write(ids["latvian"], latvian, student, "9")
    two.write(ids["maths"], maths, student, "k 6")
    assert one.waiting() == 1 and two.waiting() == 2
    one.sync(), two.sync(), one.sync()
    assert one.waiting() == two.waiting() == 0
    # Neither teacher sees the other's course, but the server has both edits.
    assert one.cell(ids["latvian"], latvian, student).mark == "9"
    assert two.cell(ids["maths"], maths, student) == Cell("k", "", "6")
    tutor = laptops("audzinatajs")
    assert tutor.cell(ids["latvian"], latvian, student).mark == "9"
    assert tutor.cell(ids["maths"], maths, student).text == "k 6"


def test_tutor_justification_survives_the_teachers_offline_edit(
    laptops: LaptopFactory, ids: dict[str, Any]
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-1], ids["students"][1]
    teacher.write(course, lesson, student, "n")
    teacher.sync()
    tutor.sync()
    tutor.write(course, lesson, student, "ns")  # the tutor justifies: illness
    # Meanwhile the teacher, offline, edits the same lesson: a mark and its topic.
    teacher.write(course, lesson, student, "n 7")
    details = teacher.reader.open_journal(course).lessons[-1]
    teacher.editor.update_lesson(lesson, LessonDetails(date=details.date, topic="Jauna tēma"))
    tutor.sync(), teacher.sync(), tutor.sync()
    assert teacher.cell(course, lesson, student) == Cell("n", "s", "7")
    assert tutor.cell(course, lesson, student).text == "ns 7"


def test_two_marks_in_one_cell_are_a_conflict_both_laptops_see(
    laptops: LaptopFactory, ids: dict[str, Any]
) -> None:
    home, school = laptops("skolotajs1"), laptops("skolotajs1")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-2], ids["students"][2]
    before = home.cell(course, lesson, student).mark or None
    home.write(course, lesson, student, "8")
    school.write(course, lesson, student, "5")
    home_report = home.sync()
    school_report = school.sync()
    home.sync()
    assert home_report.pushed["applied"] >= 1 and school_report.pushed["conflict"] == 1
    assert home.cell(course, lesson, student).mark == "8"
    assert school.cell(course, lesson, student).mark == "8"  # the server's value for now
    conflicts = [c for c in school.engine._client.conflicts().conflicts if c.row_id]
    assert [(c.base, c.mine, c.theirs) for c in conflicts] == [(before, "5", "8")]
    assert home.sync().open_conflicts == 1  # the same teacher sees it on the other laptop too


@pytest.mark.parametrize(("choice", "expected"), [("mine", "5"), ("theirs", "8")])
def test_a_mark_conflict_is_resolved_either_way(
    laptops: LaptopFactory, ids: dict[str, Any], choice: str, expected: str
) -> None:
    home, school = laptops("skolotajs1"), laptops("skolotajs1")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-2], ids["students"][2]
    home.write(course, lesson, student, "8")
    school.write(course, lesson, student, "5")
    home.sync(), school.sync()
    [conflict] = school.client.conflicts().conflicts
    school.client.resolve(str(conflict.id), choice)
    school.sync(), home.sync()
    assert home.cell(course, lesson, student).mark == expected
    assert school.cell(course, lesson, student).mark == expected
    assert school.client.conflicts().conflicts == []


def test_deputy_corrects_a_mark_while_the_teacher_edits_the_topic(
    laptops: LaptopFactory, ids: dict[str, Any]
) -> None:
    teacher, deputy = laptops("skolotajs1"), laptops("vietnieks")
    course, lesson, student = ids["latvian"], ids["latvian_lessons"][-3], ids["students"][3]
    teacher.write(course, lesson, student, "6")
    teacher.sync()
    deputy.sync()
    deputy.write(course, lesson, student, "7")  # a correction (SPEC J14)
    details = teacher.reader.open_journal(course).lessons
    day = next(item.date for item in details if item.id == lesson)
    teacher.editor.update_lesson(lesson, LessonDetails(date=day, topic="Dzejas analīze"))
    deputy.sync(), teacher.sync(), deputy.sync()
    for laptop in (teacher, deputy):
        journal = laptop.reader.open_journal(course)
        assert journal.cells[(student, lesson)].mark == "7"
        assert next(item.topic for item in journal.lessons if item.id == lesson) == "Dzejas analīze"
