"""Tests against a real server on SQLite and PostgreSQL (SPEC J7, J9): a teacher makes a
lesson a test on one laptop with a student absent, who gets ``nv``; the mark written on the
other laptop supersedes it on the server and on the first laptop, whichever syncs first."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from eklase_desktop.domain.assessments import AssessmentKind, TestDetails
from eklase_desktop.models import Assessment, Lesson, Mark, cell_id
from eklase_desktop.services.editing import CellEdit
from tests.integration.laptops import LaptopFactory, class_7a, database, push_one, server_session
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-10-27")


def _ordinary_lesson(server: ServerProcess) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """(course, an ordinary lesson of it, a student) of 7.a's Latvian course."""
    with server_session(server.database_url) as session:
        ids = class_7a(session)
        tests = set(session.scalars(select(Assessment.lesson_id)))
        lesson = next(
            lesson
            for lesson in reversed(ids["latvian_lessons"])
            if lesson not in tests and session.get(Lesson, lesson).lesson_type == "ordinary"  # type: ignore[union-attr]
        )
        return ids["latvian"], lesson, ids["students"][0]


def test_an_absent_students_nv_gives_way_to_the_mark_from_another_laptop(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    course, lesson, student = _ordinary_lesson(server)
    first = laptops("skolotajs1")
    first.editor.write_cells(course, [CellEdit(student, lesson, "n")])
    first.editor.set_test(lesson, TestDetails(AssessmentKind.TEST, "Saliktie teikumi"))
    assert first.cell(course, lesson, student).text == "n nv"
    assert first.sync().pushed["applied"] >= 3
    with database(server.database_url) as session:
        mark = session.get(Mark, cell_id("mark", lesson, student))
        assert mark is not None and mark.value == "nv"

    second = laptops("skolotajs1")
    assert second.cell(course, lesson, student).text == "n nv"
    snapshot = second.reader.open_journal(course)
    [column] = [column for column in snapshot.lessons if column.id == lesson]
    assert column.test is not None and column.test.topic == "Saliktie teikumi"
    second.editor.write_cells(course, [CellEdit(student, lesson, "n 8")])  # written later
    assert second.sync().pushed["applied"] == 1

    first.sync()
    assert first.cell(course, lesson, student).text == "n 8"
    with database(server.database_url) as session:
        mark = session.get(Mark, cell_id("mark", lesson, student))
        assert mark is not None and mark.value == "8"


def test_the_mark_arrives_first_and_a_late_nv_does_not_replace_it(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    course, lesson, student = _ordinary_lesson(server)
    first, second = laptops("skolotajs1"), laptops("skolotajs1")
    first.editor.set_test(lesson, TestDetails())
    first.sync()
    second.sync()
    second.editor.write_cells(course, [CellEdit(student, lesson, "7")])
    first.editor.write_cells(course, [CellEdit(student, lesson, "n")])  # nv, offline
    assert second.sync().pushed["applied"] == 1
    first.sync()
    with database(server.database_url) as session:
        mark = session.get(Mark, cell_id("mark", lesson, student))
        assert mark is not None and mark.value == "7"  # SPEC J9, S3: a mark is kept over nv
    assert first.cell(course, lesson, student).mark == "7"


def test_only_the_courses_teacher_makes_a_test(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    _course, lesson, _student = _ordinary_lesson(server)
    other = laptops("skolotajs2")
    result = push_one(
        other.client,
        "assessment.set",
        {"assessment_id": str(cell_id("assessment", lesson)), "lesson_id": str(lesson)},
    )
    assert result.status == "rejected"
    teacher = laptops("skolotajs1")
    exam = push_one(
        teacher.client,
        "assessment.set",
        {
            "assessment_id": str(cell_id("assessment", lesson)),
            "lesson_id": str(lesson),
            "kind": "exam",
        },
    )
    assert exam.status == "rejected" and "programmu" in (exam.reason or "")
