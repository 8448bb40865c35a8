"""Examination and ieskaite marks against a real server (SPEC C3): the clerk's laptop enters
one, the server takes it and the course's teacher sees it; the server refuses a teacher's
pushed exam mark (a laptop of an older version could still send one)."""

from __future__ import annotations

from typing import Any

from eklase_desktop.models import cell_id
from tests.integration.laptops import LaptopFactory, class_7a, push_one, server_session
from tests.integration.servers import ServerProcess


def test_the_clerks_exam_mark_reaches_the_teacher(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
    course, student = ids["latvian"], ids["students"][0]
    clerk = laptops("lietvedis")
    clerk.write(course, "E", student, "9")
    assert clerk.sync().pushed["applied"] == 1
    teacher = laptops("skolotajs1")
    assert teacher.reader.open_journal(course).period_marks[(student, "E")] == "9"
    result = push_one(
        teacher.client,
        "period_mark.set",
        {
            "period_mark_id": str(cell_id("period_mark", course, student, "E")),
            "course_id": str(course),
            "student_id": str(student),
            "period": "E",
            "value": "4",
            "base": "9",
        },
    )
    assert result.status == "rejected" and "eksāmenu" in (result.reason or "")


def test_a_post_examination_and_the_corrected_year_mark_in_one_sync(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    """The year mark, its post-examination and the corrected mark typed offline reach the
    server in one push, in order; a post-examination over a passing year mark is refused."""
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
    course, failing, passing = ids["latvian"], ids["students"][0], ids["students"][1]
    teacher = laptops("skolotajs1")
    for column, value in (("Y", "3"), ("P", "5"), ("YC", "5")):
        teacher.write(course, column, failing, value)
    teacher.write(course, "Y", passing, "8")
    assert teacher.sync().pushed["applied"] == 4
    deputy = laptops("vietnieks")
    marks = deputy.reader.open_journal(course).period_marks
    assert [marks[(failing, key)] for key in ("Y", "P", "YC")] == ["3", "5", "5"]
    result = push_one(
        teacher.client,
        "period_mark.set",
        {
            "period_mark_id": str(cell_id("period_mark", course, passing, "P")),
            "course_id": str(course),
            "student_id": str(passing),
            "period": "P",
            "value": "9",
            "base": None,
        },
    )
    assert result.status == "rejected" and "nepietiekamu gada vērtējumu" in (result.reason or "")
