"""The register of absence notes through a real server (SPEC T2, S3): a tutor's note while a
teacher works offline, an absence marked after the note, a withdrawn note, and refusals."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from eklase_desktop.domain.absence_notes import NoteDetails, NoteSource
from eklase_desktop.domain.attendance import Justification
from eklase_desktop.models import AbsenceNote, Attendance, Lesson, cell_id
from eklase_desktop.services.absence_notes import AbsenceRegister
from eklase_desktop.services.editing import LessonDetails
from eklase_desktop.services.outbox import enqueue
from eklase_server.models import AuditEntry
from tests.integration.laptops import Laptop, LaptopFactory, database, push_one
from tests.integration.refusals.support import School


def _day(url: str, lesson: uuid.UUID) -> dt.date:
    with database(url) as session:
        found = session.get(Lesson, lesson)
        assert found is not None
        return found.date


def _note(laptop: Laptop, student: uuid.UUID, day: dt.date, why: Justification) -> uuid.UUID:
    details = NoteDetails(day, day, why, NoteSource.PARENT, "Zvanīja mamma.")
    return AbsenceRegister(laptop.factory, laptop.actor).add(student, details).id


def test_a_note_meets_an_offline_teachers_absences(laptops: LaptopFactory, school: School) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    url = school_url(laptops)
    lesson, student = school.plain[-1], school.students[3]
    day = _day(url, lesson)
    teacher.write(school.latvian, lesson, student, "n")  # offline: not synced yet
    note = _note(tutor, student, day, Justification.ILLNESS)  # the tutor, before the teacher
    tutor.sync()
    teacher.sync()  # the teacher's n meets the note on the server
    tutor.sync()
    assert teacher.cell(school.latvian, lesson, student).text == "ns"
    assert tutor.cell(school.latvian, lesson, student).text == "ns"
    with teacher.factory() as session:  # the register stays the class's
        assert session.scalars(select(AbsenceNote)).all() == []

    AbsenceRegister(tutor.factory, tutor.actor).withdraw(note)
    tutor.sync(), teacher.sync()
    assert teacher.cell(school.latvian, lesson, student).text == "n"
    assert tutor.cell(school.latvian, lesson, student).text == "n"
    with database(url) as session:
        cell = session.get(Attendance, cell_id("attendance", lesson, student))
        assert cell is not None and (cell.presence, cell.justification) == ("n", "")
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.row_id == cell.id).order_by(AuditEntry.id)
        ).all()
        assert list(actions) == ["set", "note", "note"]  # marked, justified, withdrawn


def test_a_teacher_cannot_write_a_note(laptops: LaptopFactory, school: School) -> None:
    teacher = laptops("skolotajs1")
    lesson, student = school.plain[-2], school.students[2]
    teacher.write(school.latvian, lesson, student, "n")
    day = _day(school_url(laptops), lesson)
    with teacher.factory.begin() as session:  # past the laptop's own check, as a bad client
        enqueue(
            session,
            "absence_note.set",
            {
                "absence_note_id": str(uuid.uuid4()),
                "student_id": str(student),
                "first_day": day.isoformat(),
                "last_day": day.isoformat(),
                "justification": "s",
                "source": "parent",
            },
        )
    report = teacher.sync()
    assert report.rejected == 1
    assert teacher.cell(school.latvian, lesson, student).text == "n"
    with database(school_url(laptops)) as session:
        assert session.scalars(select(AbsenceNote)).all() == []


def school_url(laptops: LaptopFactory) -> str:
    return laptops.server.database_url


def test_a_note_justifies_absences_the_server_has_already(
    laptops: LaptopFactory, school: School
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    lessons, student = school.plain[-3:], school.students[1]
    days = [_day(school_url(laptops), lesson) for lesson in lessons]
    for lesson in lessons:
        teacher.write(school.latvian, lesson, student, "n")
    teacher.sync()
    tutor.sync()
    details = NoteDetails(min(days), max(days), Justification.OTHER, NoteSource.SCHOOL_EVENT)
    AbsenceRegister(tutor.factory, tutor.actor).add(student, details)
    assert [tutor.cell(school.latvian, lesson, student).text for lesson in lessons] == ["nc"] * 3
    tutor.sync(), teacher.sync()
    assert [teacher.cell(school.latvian, lesson, student).text for lesson in lessons] == ["nc"] * 3
    assert tutor.waiting() == 0 and teacher.waiting() == 0


def test_a_teacher_changing_an_absence_a_note_justified_meanwhile_is_a_conflict(
    laptops: LaptopFactory, school: School
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    lesson, student = school.plain[-4], school.students[0]
    teacher.write(school.latvian, lesson, student, "n")
    teacher.sync(), tutor.sync()
    _note(tutor, student, _day(school_url(laptops), lesson), Justification.ILLNESS)
    tutor.sync()
    teacher.write(school.latvian, lesson, student, "k")  # had not seen the justification
    report = teacher.sync()
    assert report.pushed["conflict"] == 1 and report.open_conflicts == 1
    assert teacher.cell(school.latvian, lesson, student).text == "ns"  # kept; the teacher decides


def test_a_justification_set_by_hand_outlives_a_withdrawn_note(
    laptops: LaptopFactory, school: School
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    lesson, student = school.plain[-5], school.students[2]
    teacher.write(school.latvian, lesson, student, "n")
    teacher.sync(), tutor.sync()
    tutor.write(school.latvian, lesson, student, "nc")  # decided in the cell itself
    day = _day(school_url(laptops), lesson)
    note = _note(tutor, student, day, Justification.ILLNESS)
    AbsenceRegister(tutor.factory, tutor.actor).withdraw(note)
    tutor.sync(), teacher.sync()
    assert teacher.cell(school.latvian, lesson, student).text == "nc"
    with database(school_url(laptops)) as session:
        cell = session.get(Attendance, cell_id("attendance", lesson, student))
        assert cell is not None and cell.justification == "c"


def test_of_two_notes_pushed_together_the_one_entered_last_decides(
    laptops: LaptopFactory, school: School
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    lesson, student = school.plain[-6], school.students[3]
    teacher.write(school.latvian, lesson, student, "n")
    teacher.sync(), tutor.sync()
    day = _day(school_url(laptops), lesson)
    register = AbsenceRegister(tutor.factory, tutor.actor)
    week = NoteDetails(day - dt.timedelta(days=4), day, Justification.ILLNESS, NoteSource.PARENT)
    register.add(student, week)
    _note(tutor, student, day, Justification.OTHER)  # offline, after the week's note
    assert tutor.cell(school.latvian, lesson, student).text == "nc"
    tutor.sync(), teacher.sync()
    assert tutor.cell(school.latvian, lesson, student).text == "nc"
    assert teacher.cell(school.latvian, lesson, student).text == "nc"


def test_a_lesson_moved_into_a_noted_day_takes_the_note(
    laptops: LaptopFactory, school: School
) -> None:
    teacher, tutor = laptops("skolotajs1"), laptops("audzinatajs")
    lesson, student = school.plain[-7], school.students[1]
    teacher.write(school.latvian, lesson, student, "n")
    teacher.sync(), tutor.sync()
    day = _day(school_url(laptops), lesson)
    _note(tutor, student, day + dt.timedelta(days=1), Justification.ILLNESS)  # the next day
    tutor.sync()
    details = next(c for c in teacher.reader.open_journal(school.latvian).lessons if c.id == lesson)
    teacher.editor.update_lesson(
        lesson, LessonDetails(date=day + dt.timedelta(days=1), topic=details.topic)
    )
    teacher.sync()
    assert teacher.cell(school.latvian, lesson, student).text == "ns"
    teacher.editor.update_lesson(lesson, LessonDetails(date=day, topic=details.topic))
    teacher.sync()
    assert teacher.cell(school.latvian, lesson, student).text == "n"  # moved back out


def test_an_applied_note_answers_with_its_row(laptops: LaptopFactory, school: School) -> None:
    """§6: an applied mutation's result carries the row it addressed, as the server has it."""
    tutor = laptops("audzinatajs")
    day = _day(school_url(laptops), school.plain[-1])
    note = uuid.uuid4()
    args = {
        "absence_note_id": str(note),
        "student_id": str(school.students[0]),
        "first_day": day.isoformat(),
        "last_day": day.isoformat(),
        "justification": "s",
        "source": "parent",
    }
    result = push_one(tutor.client, "absence_note.set", args)
    assert result.status == "applied", result
    assert result.row is not None and result.row.table == "absence_note"
    assert result.row.id == note and result.row.data["justification"] == "s"
