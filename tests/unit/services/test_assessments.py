"""Tests on the laptop (SPEC J7, J9): making a lesson a test, its kinds and programme, the
outbox, and ``nv`` for the students absent on the day until a mark supersedes it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eklase_desktop.domain.assessments import (
    AssessmentKind,
    InvalidAssessment,
    Methodology,
    TestDetails,
)
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.sync.mutation_args import AssessmentSetArgs
from tests.school import SmallSchool


def _queued(school: SmallSchool, name: str) -> list[dict[str, object]]:
    with school.factory() as session:
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        return [dict(entry.args) for entry in entries if entry.mutation == name]


def _cell(school: SmallSchool, lesson: object, student: object) -> str:
    snapshot = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.maths)
    cell = snapshot.cells.get((student, lesson))  # type: ignore[call-overload]
    return "" if cell is None else cell.text


def test_a_lesson_becomes_a_test_and_the_absent_get_nv(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    lesson = school.maths_lessons[0]
    absent, marked, present = school.students[:3]
    editor.write_cells(
        school.maths,
        [
            CellEdit(absent, lesson, "n"),
            CellEdit(marked, lesson, "n 7"),
            CellEdit(present, lesson, "8"),
        ],
    )
    column = editor.set_test(
        lesson, TestDetails(AssessmentKind.LARGE_WORK, " Projekts ", Methodology.TEST)
    )
    assert column.test == TestDetails(AssessmentKind.LARGE_WORK, "Projekts", Methodology.TEST)
    assert _cell(school, lesson, absent) == "n nv"
    assert _cell(school, lesson, marked) == "n 7"  # a mark already there stays
    assert _cell(school, lesson, present) == "8"
    [queued] = _queued(school, "assessment.set")
    args = AssessmentSetArgs.model_validate(queued)
    assert args.kind == "large_work" and args.methodology == "test" and args.base is None

    # a student marked absent now gets nv at once; the mark written later supersedes it
    fourth = school.students[3]
    [change] = editor.write_cells(school.maths, [CellEdit(fourth, lesson, "n")])
    assert change.text == "n nv"
    editor.write_cells(school.maths, [CellEdit(fourth, lesson, "6")])  # typed over "n nv"
    assert _cell(school, lesson, fourth) == "n 6"  # the absence on the day stays


def test_changing_and_removing_a_test(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    test = school.maths_test  # a test of the small school, made before any outbox
    column = editor.set_test(test, TestDetails(AssessmentKind.TEST, "Daļskaitļi 2"))
    assert column.test is not None and column.test.topic == "Daļskaitļi 2"
    column = editor.set_test(test, None)
    assert column.test is None and not column.is_test
    first, second = [AssessmentSetArgs.model_validate(a) for a in _queued(school, "assessment.set")]
    assert second.deleted and second.base is not None and second.base["topic"] == "Daļskaitļi 2"
    with pytest.raises(DomainError, match="nv"):  # an ordinary lesson takes no nv
        editor.write_cells(school.maths, [CellEdit(school.students[0], test, "nv")])
    assert first.base is not None and first.base["topic"] == "Daļskaitļi"


def test_an_examination_needs_its_programme_and_a_colleague_may_not(school: SmallSchool) -> None:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    with pytest.raises(InvalidAssessment, match="programmu"):
        editor.set_test(school.maths_lessons[1], TestDetails(AssessmentKind.EXAM, " "))
    colleague = JournalEditor(school.factory, school.actor("skolotajs2"))
    with pytest.raises(DomainError):
        colleague.set_test(school.maths_lessons[1], TestDetails())
    assert _queued(school, "assessment.set") == []
