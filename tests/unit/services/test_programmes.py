"""Semester programmes (SPEC J11): a professional course's teacher enters them; the journal
and the overdue list know when one is missing; other courses refuse them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.editing import JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.overdue import OverdueKind, OverdueList
from eklase_desktop.sync.mutation_args import CourseProgrammeSetArgs
from tests.school import SmallSchool

pytestmark = pytest.mark.today("2026-09-14")


def test_the_programme_is_entered_shown_and_no_longer_overdue(school: SmallSchool) -> None:
    teacher = school.actor("skolotajs1")
    editor, reader = JournalEditor(school.factory, teacher), JournalReader(school.factory, teacher)
    overdue = OverdueList(school.factory, teacher)
    now = dt.datetime(2026, 9, 14, 9, 0)  # the semester began on 1 September
    [item] = [i for i in overdue.items(now) if i.kind is OverdueKind.PROGRAMME]
    assert item.course == "Klavierspēle — Līga Šmite" and item.late(now)
    assert item.due == dt.datetime(2026, 9, 8, 23, 59, 59)  # five working days
    assert reader.open_journal(school.piano).programmes == {}

    editor.set_programme(school.piano, 1, "  J. S. Bahs. Divbalsīga invencija Nr. 1\nEtīdes  ")
    editor.set_programme(school.piano, 1, "J. S. Bahs. Divbalsīga invencija Nr. 1\nEtīdes")
    snapshot = reader.open_journal(school.piano)
    assert snapshot.programmes == {1: "J. S. Bahs. Divbalsīga invencija Nr. 1\nEtīdes"}
    assert not [i for i in overdue.items(now) if i.kind is OverdueKind.PROGRAMME]
    with school.factory() as session:
        queued = [
            CourseProgrammeSetArgs.model_validate(entry.args)
            for entry in session.scalars(select(OutboxEntry))
            if entry.mutation == "course_programme.set"
        ]
    assert len(queued) == 1 and queued[0].base is None and queued[0].semester == 1


def test_only_a_professional_course_and_its_teacher(school: SmallSchool) -> None:
    with pytest.raises(DomainError, match="profesionālajos"):
        JournalEditor(school.factory, school.actor("skolotajs1")).set_programme(
            school.maths, 1, "Programma"
        )
    with pytest.raises(DomainError):
        JournalEditor(school.factory, school.actor("skolotajs2")).set_programme(
            school.piano, 1, "Programma"
        )
