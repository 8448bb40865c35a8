"""What the journal services write to the outbox is exactly what the protocol accepts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eklase_desktop.domain.lessons import LESSON_FIELDS, LessonType
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services import editing
from eklase_desktop.services.editing import CellEdit, JournalEditor, LessonDetails
from eklase_desktop.sync.mutation_args import MUTATION_ARGS
from eklase_desktop.sync.protocol import MutationName
from tests.school import SmallSchool


def test_lesson_fields_are_the_protocols() -> None:
    assert editing.LESSON_FIELDS is LESSON_FIELDS


def test_every_outbox_entry_validates_against_its_protocol_arguments(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    student, lesson = school.students[0], school.maths_lessons[0]
    editor.write_cells(school.maths, [CellEdit(student, lesson, "n 7")])
    editor.write_cells(school.maths, [CellEdit(student, lesson, "")])
    editor.write_cells(school.maths, [CellEdit(student, "S1", "8")])
    editor.write_cells(school.maths, [CellEdit(student, "S1", "")])
    new = editor.add_lesson(school.maths, dt.date(2026, 9, 22))
    editor.update_lesson(
        new.id, LessonDetails(date=new.date, topic="Jauna tēma", lesson_type=LessonType.ORDINARY)
    )
    editor.delete_lesson(new.id)
    with school.factory() as session:
        entries = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
    names = [entry.mutation for entry in entries]
    assert names == [
        "attendance.set_presence",
        "mark.set",
        "attendance.set_presence",
        "mark.set",
        "period_mark.set",
        "period_mark.set",
        "lesson.create",
        "lesson.update",
        "lesson.delete",
    ]
    for entry in entries:
        MUTATION_ARGS[MutationName(entry.mutation)].model_validate(entry.args)
    bases = [entry.args.get("base") for entry in entries[:6]]
    assert bases == ["", None, "n", "7", None, "8"]
    assert entries[7].args["changes"] == {"topic": "Jauna tēma"}
    assert entries[7].args["base"] == {"topic": ""}
