"""Examination and ieskaite marks (SPEC C3; DOMAIN: period marks): the journal's `E` column is
the clerk's (and the deputy's); the teacher enters the semester and year marks, not these."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.editing import CellEdit, CellRejected, JournalEditor
from eklase_desktop.services.journal import JournalReader
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-12-15")


def test_the_clerk_enters_the_exam_mark_and_the_teacher_sees_it(school: SmallSchool) -> None:
    add_staff(school.factory, "lietvedis", "clerk", "Laura", "Lietvede")
    clerk = JournalEditor(school.factory, school.actor("lietvedis"))
    student = school.students[0]
    [change] = clerk.write_cells(school.maths, [CellEdit(student, "E", "8")])
    assert change.text == "8"
    with school.factory() as session:
        entry = session.scalars(select(OutboxEntry)).one()
    assert entry.mutation == "period_mark.set" and entry.args["period"] == "E"
    journal = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.maths)
    assert ("E", "Eks.") in [(c.period, c.label) for c in journal.periods]
    assert journal.period_marks[(student, "E")] == "8"


def test_the_teacher_cannot_enter_it_nor_the_clerk_a_semester_mark(school: SmallSchool) -> None:
    add_staff(school.factory, "lietvedis", "clerk", "Laura", "Lietvede")
    student = school.students[0]
    teacher = JournalEditor(school.factory, school.actor("skolotajs1"))
    with pytest.raises(CellRejected, match="eksāmenu un ieskaišu vērtējumi") as caught:
        teacher.write_cells(school.maths, [CellEdit(student, "E", "8")])
    assert isinstance(caught.value.__cause__, PermissionDenied)
    teacher.write_cells(school.maths, [CellEdit(student, "S1", "7")])  # the teacher's own
    clerk = JournalEditor(school.factory, school.actor("lietvedis"))
    with pytest.raises(CellRejected, match="semestra un gada vērtējumi"):
        clerk.write_cells(school.maths, [CellEdit(student, "S1", "9")])
    deputy = JournalEditor(school.factory, school.actor("vietnieks"))
    deputy.write_cells(school.maths, [CellEdit(student, "E", "9")])
    with school.factory() as session:
        periods = [entry.args["period"] for entry in session.scalars(select(OutboxEntry))]
    assert periods == ["S1", "E"]
