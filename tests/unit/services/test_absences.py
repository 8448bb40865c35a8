"""The tutor's month of a class's absences (SPEC T2): lessons per student and day with their
displayed codes, month and semester counts, and what is past the justification deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.services.absences import AbsenceReader
from eklase_desktop.services.editing import CellEdit, JournalEditor
from tests.school import LESSON_DAYS, SmallSchool


def _mark(school: SmallSchool, username: str, course: object, edits: list[CellEdit]) -> None:
    JournalEditor(school.factory, school.actor(username)).write_cells(course, edits)  # type: ignore[arg-type]


@pytest.fixture
def absences(school: SmallSchool) -> SmallSchool:
    """Alise: two lessons missed (one justified as illness) and one late; Ēriks: one missed."""
    alise, eriks = school.students[0], school.students[1]
    first, second, third = school.maths_lessons[:3]
    _mark(
        school,
        "skolotajs1",
        school.maths,
        [CellEdit(alise, first, "n"), CellEdit(alise, second, "n"), CellEdit(alise, third, "k")],
    )
    _mark(school, "skolotajs1", school.maths, [CellEdit(eriks, first, "n")])
    _mark(school, "audzinatajs", school.maths, [CellEdit(alise, first, "ns")])
    return school


def test_the_month_shows_each_days_lessons_with_their_codes(absences: SmallSchool) -> None:
    month = AbsenceReader(absences.factory, absences.actor("audzinatajs")).class_month(
        absences.class_id, 2026, 9
    )
    assert month.class_name == "7.a" and month.first_day == dt.date(2026, 9, 1)
    assert month.days[0] == dt.date(2026, 9, 1) and dt.date(2026, 9, 5) not in month.days  # Sat
    assert len(month.days) == 22  # the school days of September 2026
    alise = absences.students[0]
    codes = [[cell.code for cell in month.on(alise, day)] for day in LESSON_DAYS[:3]]
    assert codes == [["ns"], ["n"], ["k"]]
    assert month.on(alise, LESSON_DAYS[0])[0].subject == "Matemātika"
    assert month.on(absences.students[3], LESSON_DAYS[0]) == []


def test_counts_per_student_for_the_month_and_the_semester(absences: SmallSchool) -> None:
    month = AbsenceReader(absences.factory, absences.actor("audzinatajs")).class_month(
        absences.class_id, 2026, 9
    )
    by_id = {student.id: student for student in month.students}
    alise, eriks = by_id[absences.students[0]], by_id[absences.students[1]]
    assert (alise.month.unjustified, alise.month.justified, alise.month.late) == (1, 1, 1)
    assert (eriks.month.unjustified, eriks.month.justified, eriks.month.late) == (1, 0, 0)
    assert alise.semester == alise.month  # September lies in the first semester
    assert [s.name for s in month.students][:2] == ["Apinīte Alise", "Āboliņš Ēriks"]
    october = AbsenceReader(absences.factory, absences.actor("audzinatajs")).class_month(
        absences.class_id, 2026, 10
    )
    in_october = {student.id: student for student in october.students}[absences.students[0]]
    assert in_october.month.unjustified == 0 and in_october.semester.unjustified == 1


def test_unjustified_absences_are_overdue_after_the_months_last_working_day(
    absences: SmallSchool,
) -> None:
    reader = AbsenceReader(absences.factory, absences.actor("audzinatajs"))
    assert reader.class_month(absences.class_id, 2026, 9).deadline == dt.datetime(
        2026, 9, 30, 23, 59, 59
    )
    before = reader.class_month(absences.class_id, 2026, 9, now=dt.datetime(2026, 9, 30, 18))
    after = reader.class_month(absences.class_id, 2026, 9, now=dt.datetime(2026, 10, 1, 8))
    overdue = {s.id: s.overdue for s in after.students}
    assert all(s.overdue == 0 for s in before.students)
    assert overdue[absences.students[0]] == 1 and overdue[absences.students[1]] == 1
    assert overdue[absences.students[2]] == 0


def test_only_the_classes_tutor_and_the_deputy_read_its_absences(absences: SmallSchool) -> None:
    deputy = AbsenceReader(absences.factory, absences.actor("vietnieks"))
    assert deputy.class_month(absences.class_id, 2026, 9).students
    assert [name for _id, name in deputy.classes()] == ["2.a", "7.a"]
    tutor = AbsenceReader(absences.factory, absences.actor("audzinatajs"))
    assert [name for _id, name in tutor.classes()] == ["2.a", "7.a"]
    teacher = AbsenceReader(absences.factory, absences.actor("skolotajs1"))
    assert teacher.classes() == []
    with pytest.raises(PermissionDenied, match="klases audzinātājs"):
        teacher.class_month(absences.class_id, 2026, 9)
