"""The register of absence notes on the tutor's laptop (SPEC T2): a note justifies the
student's absences in its days at once, offline, and queues one mutation the server accepts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.absence_notes import InvalidNote, NoteDetails, NoteSource
from eklase_desktop.domain.attendance import Justification
from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.absence_notes import AbsenceRegister
from eklase_desktop.services.absences import AbsenceReader
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.sync.mutation_args import AbsenceNoteSetArgs
from tests.school import LESSON_DAYS, SmallSchool

ILLNESS = Justification.ILLNESS


def _week(first: dt.date, last: dt.date, why: Justification = ILLNESS) -> NoteDetails:
    return NoteDetails(first, last, why, NoteSource.PARENT, "Mamma zvanīja.")


def _codes(school: SmallSchool, student_index: int = 0) -> list[str]:
    month = AbsenceReader(school.factory, school.actor("audzinatajs")).class_month(
        school.class_id, 2026, 9
    )
    student = school.students[student_index]
    return [cell.code for day in LESSON_DAYS for cell in month.on(student, day)]


@pytest.fixture
def absent(school: SmallSchool) -> SmallSchool:
    """Alise missed the first three maths lessons (1, 3 and 8 September)."""
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    alise = school.students[0]
    editor.write_cells(
        school.maths, [CellEdit(alise, lesson, "n") for lesson in school.maths_lessons[:3]]
    )
    return school


def _outbox(school: SmallSchool) -> list[OutboxEntry]:
    with school.factory() as session:
        return [
            e
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
            if e.mutation == "absence_note.set"
        ]


def test_a_note_justifies_the_absences_in_its_days_and_queues_one_mutation(
    absent: SmallSchool,
) -> None:
    register = AbsenceRegister(absent.factory, absent.actor("audzinatajs"))
    note = register.add(absent.students[0], _week(dt.date(2026, 9, 1), dt.date(2026, 9, 4)))
    assert _codes(absent) == ["ns", "ns", "n"]  # 1 and 3 September covered, 8th not
    [entry] = _outbox(absent)
    args = AbsenceNoteSetArgs.model_validate(entry.args)  # what the server accepts
    assert args.absence_note_id == note.id and args.base is None
    assert (args.first_day, args.last_day, args.justification) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 4),
        "s",
    )
    [listed] = register.notes(absent.class_id)
    assert listed.student == "Apinīte Alise" and listed.details.comment == "Mamma zvanīja."


def test_changing_the_days_and_withdrawing_recompute_the_absences(absent: SmallSchool) -> None:
    register = AbsenceRegister(absent.factory, absent.actor("audzinatajs"))
    note = register.add(absent.students[0], _week(dt.date(2026, 9, 1), dt.date(2026, 9, 4)))
    register.change(note.id, _week(dt.date(2026, 9, 3), dt.date(2026, 9, 8), Justification.OTHER))
    assert _codes(absent) == ["n", "nc", "nc"]
    register.withdraw(note.id)
    assert _codes(absent) == ["n", "n", "n"]
    entries = _outbox(absent)
    assert len(entries) == 3
    last = AbsenceNoteSetArgs.model_validate(entries[-1].args)
    assert last.withdrawn and last.base is not None and last.base["withdrawn"] == "false"
    assert last.base["first_day"] == "2026-09-03"  # the values the tutor saw


def test_an_older_note_still_covers_a_day_a_withdrawn_one_gave_up(absent: SmallSchool) -> None:
    register = AbsenceRegister(absent.factory, absent.actor("audzinatajs"))
    register.add(absent.students[0], _week(dt.date(2026, 9, 1), dt.date(2026, 9, 30)))
    later = register.add(
        absent.students[0], _week(dt.date(2026, 9, 3), dt.date(2026, 9, 3), Justification.OTHER)
    )
    assert _codes(absent) == ["ns", "nc", "ns"]
    register.withdraw(later.id)
    assert _codes(absent) == ["ns", "ns", "ns"]


def test_only_the_tutor_and_the_deputy_keep_the_register(absent: SmallSchool) -> None:
    teacher = AbsenceRegister(absent.factory, absent.actor("skolotajs1"))
    with pytest.raises(PermissionDenied, match="klases audzinātājs"):
        teacher.add(absent.students[0], _week(dt.date(2026, 9, 1), dt.date(2026, 9, 1)))
    assert _codes(absent) == ["n", "n", "n"] and _outbox(absent) == []
    deputy = AbsenceRegister(absent.factory, absent.actor("vietnieks"))
    deputy.add(absent.students[0], _week(dt.date(2026, 9, 1), dt.date(2026, 9, 1)))
    assert _codes(absent) == ["ns", "n", "n"]


def test_a_bad_note_changes_nothing(absent: SmallSchool) -> None:
    register = AbsenceRegister(absent.factory, absent.actor("audzinatajs"))
    with pytest.raises(InvalidNote):
        register.add(absent.students[0], _week(dt.date(2026, 9, 8), dt.date(2026, 9, 1)))
    assert register.notes(absent.class_id) == [] and _outbox(absent) == []
    assert _codes(absent) == ["n", "n", "n"]


def test_a_justification_set_by_hand_in_a_cell_outlives_notes(absent: SmallSchool) -> None:
    alise = absent.students[0]
    JournalEditor(absent.factory, absent.actor("audzinatajs")).write_cells(
        absent.maths, [CellEdit(alise, absent.maths_lessons[1], "nc")]
    )
    register = AbsenceRegister(absent.factory, absent.actor("audzinatajs"))
    note = register.add(alise, _week(dt.date(2026, 9, 1), dt.date(2026, 9, 8)))
    assert _codes(absent) == ["ns", "nc", "ns"]  # the tutor's own decision in the 3rd stays
    register.withdraw(note.id)
    assert _codes(absent) == ["n", "nc", "n"]
