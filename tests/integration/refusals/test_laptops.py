"""A laptop whose change the server refused keeps it listed with the reason and shows the
server's value again (SPEC S4–S5: nothing is dropped silently)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from eklase_desktop.models import (
    Attendance,
    Enrolment,
    Lesson,
    Mark,
    RejectedChange,
    cell_id,
)
from eklase_server.changes import record_change
from eklase_server.db import VersionAllocator
from tests.integration.laptops import Laptop, LaptopFactory
from tests.integration.refusals.support import (
    Api,
    School,
    _marked_cell,
    _other_mark,
    database,
    snapshot,
)
from tests.integration.servers import ServerProcess


def _assert_kept_as_rejected(laptop: Laptop, value: str, *reason: str) -> RejectedChange:
    with laptop.factory() as session:
        [rejected] = session.scalars(select(RejectedChange)).all()
        session.expunge(rejected)
    assert rejected.mutation == "mark.set" and rejected.args["value"] == value
    assert rejected.reason.strip() and not rejected.dismissed
    for part in reason:
        assert part in rejected.reason, rejected.reason
    return rejected


def end_enrolment(url: str, course: uuid.UUID, student: uuid.UUID) -> None:
    """What the clerk does when a student leaves a course (SPEC C2); there is no mutation
    for it, so the server's database is changed here as the server itself would."""
    with database(url) as session, session.begin():
        enrolment = session.scalars(
            select(Enrolment).where(Enrolment.course_id == course, Enrolment.student_id == student)
        ).one()
        versions = VersionAllocator(session)
        versions.lock()
        enrolment.deleted = True
        record_change(session, versions, "enrolment", enrolment)
        versions.finish()


def test_a_change_refused_because_the_lesson_was_deleted_stays_visible(
    server: ServerProcess, laptops: LaptopFactory, api: Api, school: School
) -> None:
    lesson, student, before = _marked_cell(server.database_url, school)
    mine = _other_mark(before)
    teacher = laptops("skolotajs1")
    assert teacher.cell(school.latvian, lesson, student).mark == before
    teacher.write(school.latvian, lesson, student, mine)  # offline
    assert teacher.cell(school.latvian, lesson, student).mark == mine

    # Meanwhile the deputy deletes the lesson.
    with database(server.database_url) as session:
        row = session.get(Lesson, lesson)
        assert row is not None
        version = row.version
    delete = {"seq": 1, "name": "lesson.delete", "args": {"lesson_id": str(lesson)}}
    deleted = api.results(api.token("vietnieks"), [{**delete, "base_version": version}])
    assert deleted[0]["status"] == "applied"
    state = snapshot(server.database_url)

    report = teacher.sync()
    assert report.pushed["rejected"] == 1 and report.rejected == 1
    assert teacher.waiting() == 0  # the refusal does not block the queue
    _assert_kept_as_rejected(teacher, mine, "dzēsta")
    with teacher.factory() as session:
        local = session.get(Mark, cell_id("mark", lesson, student))
        assert local is not None and local.value == before and not local.deleted
        local_lesson = session.get(Lesson, lesson)
        assert local_lesson is not None and local_lesson.deleted
    assert lesson not in [item.id for item in teacher.reader.open_journal(school.latvian).lessons]
    assert teacher.sync().rejected == 1  # kept, not repeated
    assert snapshot(server.database_url) == state


def test_a_change_refused_because_the_student_left_stays_visible(
    server: ServerProcess, laptops: LaptopFactory, school: School
) -> None:
    lesson, student, before = _marked_cell(server.database_url, school)
    mine = _other_mark(before)
    teacher = laptops("skolotajs1")
    teacher.write(school.latvian, lesson, student, mine)  # offline
    assert teacher.cell(school.latvian, lesson, student).mark == mine

    end_enrolment(server.database_url, school.latvian, student)  # meanwhile, the clerk
    state = snapshot(server.database_url)

    report = teacher.sync()
    assert report.pushed["rejected"] == 1 and report.rejected == 1
    assert teacher.waiting() == 0
    _assert_kept_as_rejected(teacher, mine, "nemācās")
    # The cell shows the server's value again, not the refused one.
    assert teacher.cell(school.latvian, lesson, student).mark == before
    assert student not in [row.id for row in teacher.reader.open_journal(school.latvian).students]
    assert snapshot(server.database_url) == state


def test_a_refused_entry_in_an_empty_cell_leaves_the_cell_empty(
    server: ServerProcess, laptops: LaptopFactory, school: School
) -> None:
    """The server has no row for the cell: after the refusal the laptop shows what the
    server has, an empty cell, and keeps the refused entry in ``rejected_change`` only."""
    with database(server.database_url) as session:
        lesson, student = next(
            (lesson, student)
            for lesson in reversed(school.plain)
            for student in school.students
            if session.get(Mark, cell_id("mark", lesson, student)) is None
            and session.get(Attendance, cell_id("attendance", lesson, student)) is None
        )
    teacher = laptops("skolotajs1")
    assert teacher.cell(school.latvian, lesson, student).is_empty
    teacher.write(school.latvian, lesson, student, "n 8")  # offline: absent, and a mark
    assert teacher.cell(school.latvian, lesson, student).text == "n 8"
    end_enrolment(server.database_url, school.latvian, student)
    state = snapshot(server.database_url)

    report = teacher.sync()
    assert report.pushed["rejected"] == 2 and teacher.waiting() == 0
    with teacher.factory() as session:
        kept = {row.mutation: row.reason for row in session.scalars(select(RejectedChange))}
    assert set(kept) == {"mark.set", "attendance.set_presence"}
    assert all("nemācās" in reason for reason in kept.values()), kept
    assert snapshot(server.database_url) == state
    shown = teacher.cell(school.latvian, lesson, student)
    assert shown.is_empty, f"the laptop still shows the refused {shown.text!r}"
