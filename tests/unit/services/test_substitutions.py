"""Substitutions on the laptops (SPEC J4): the deputy names a substitute for a course for some
days; the substitute then has the course, creates its lessons in those days (theirs) and
fills them; outside them, or for anyone else, nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.substitutions import SubstitutionDetails
from eklase_desktop.models import Lesson, OutboxEntry
from eklase_desktop.services.editing import CellEdit, CellRejected, JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.services.substitutions import Substitutions
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-11-02")
MONDAY, FRIDAY = dt.date(2026, 11, 2), dt.date(2026, 11, 6)


def test_a_substitute_creates_and_fills_the_weeks_lessons(school: SmallSchool) -> None:
    deputy = Substitutions(school.factory, school.actor("vietnieks"))
    substitute = school.actor("skolotajs2")  # Čārlis Celms, who teaches Latvian, not maths
    assert school.maths not in {c.id for c in JournalReader(school.factory, substitute).courses()}
    key = deputy.save(None, SubstitutionDetails(school.maths, substitute.staff_id, MONDAY, FRIDAY))
    [view] = deputy.substitutions(school.year_id)
    assert (view.course, view.teacher, view.substitute, view.lessons) == (
        "Matemātika 7.a", "Ābele Anna", "Celms Čārlis", 0,
    )  # fmt: skip
    with school.factory() as session:
        entry = session.scalars(select(OutboxEntry)).one()
    assert entry.mutation == "substitution.set" and entry.args["substitution_id"] == str(key)

    reader = JournalReader(school.factory, substitute)
    assert school.maths in {c.id for c in reader.courses()}
    editor = JournalEditor(school.factory, substitute)
    lesson = editor.add_lesson(school.maths, dt.date(2026, 11, 3))
    editor.write_cells(school.maths, [CellEdit(school.students[0], lesson.id, "8")])
    with school.factory() as session:
        row = session.get(Lesson, lesson.id)
        assert row is not None and row.taught_by_id == substitute.staff_id
    assert deputy.substitutions(school.year_id)[0].lessons == 1
    with pytest.raises(PermissionDenied):  # the week after: no longer theirs
        editor.add_lesson(school.maths, dt.date(2026, 11, 10))
    with pytest.raises(CellRejected, match="nav tiesību"):  # nor the teacher's own lessons
        editor.write_cells(
            school.maths, [CellEdit(school.students[0], school.maths_lessons[0], "5")]
        )
    teacher = JournalEditor(school.factory, school.actor("skolotajs1"))
    teacher.add_lesson(school.maths, dt.date(2026, 11, 4))  # the teacher still may


def test_what_a_substitution_may_not_be(school: SmallSchool) -> None:
    deputy = Substitutions(school.factory, school.actor("vietnieks"))
    teacher = school.actor("skolotajs1").staff_id
    other = school.actor("skolotajs2").staff_id
    for details, says in (
        (SubstitutionDetails(school.maths, other, FRIDAY, MONDAY), "beigas ir pirms"),
        (SubstitutionDetails(school.maths, teacher, MONDAY, FRIDAY), "nav tas pats"),
        (
            SubstitutionDetails(school.maths, other, MONDAY, dt.date(2027, 6, 30)),
            "mācību gadā",
        ),
    ):
        with pytest.raises(DomainError, match=says):
            deputy.save(None, details)
    assert deputy.substitutions(school.year_id) == []
    add_staff(school.factory, "lietvedis", "clerk", "Laura", "Lietvede")
    clerk = Substitutions(school.factory, school.actor("lietvedis"))
    assert not clerk.writable
    substitutes = [name for _key, name in deputy.teachers()]
    assert "Celms Čārlis" in substitutes and "Lietvede Laura" not in substitutes
    with pytest.raises(PermissionDenied):
        clerk.save(None, SubstitutionDetails(school.maths, other, MONDAY, FRIDAY))
