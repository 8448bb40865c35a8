"""A journal check of 7.a (SPEC V2, G 11) on the small school, on 4 November at 18:00: what
each person has let slip is found and addressed to them — the maths teacher's lesson without
a topic and the test without marks, the absences a note reports that the lessons do not show,
the tutor's September absence not justified, the concertmaster's weeks; the check is kept
with the deputy's remarks, printed as the act, and the teacher marks the remark done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.journal_checks import FindingKind
from eklase_desktop.models import (
    AbsenceNote,
    Attendance,
    Course,
    JournalRemark,
    Lesson,
    OutboxEntry,
)
from eklase_desktop.reports.document import render
from eklase_desktop.services.check_findings import Target
from eklase_desktop.services.journal_checks import JournalChecks
from tests.pdf import pdf_pages
from tests.school import SmallSchool, add_staff

NOW = dt.datetime(2026, 11, 4, 18, 0)


@pytest.fixture
def slipped(school: SmallSchool) -> SmallSchool:
    alise, _eriks, janis, _liga = school.students
    accompanist = add_staff(school.factory, "koncertmeistars", "concertmaster", "Kārlis", "Kalns")
    with school.factory.begin() as session:
        session.add(Lesson(course_id=school.maths, date=dt.date(2026, 11, 2), topic=""))
        session.add(
            AbsenceNote(
                student_id=janis,
                first_day=dt.date(2026, 9, 8),
                last_day=dt.date(2026, 9, 10),
                justification="s",
                source="parent",
                entered_at=dt.datetime(2026, 9, 11, 9),
            )
        )
        session.add(  # 8.09. entered (and justified); 10.09. is not
            Attendance(
                lesson_id=school.maths_lessons[2], student_id=janis, presence="n", justification="s"
            )
        )
        session.add(Attendance(lesson_id=school.maths_lessons[1], student_id=alise, presence="n"))
        session.execute(
            update(Course).where(Course.id == school.piano).values(concertmaster_id=accompanist)
        )
    return school


def _by_about(targets: list[Target]) -> dict[str, Target]:
    return {target.about: target for target in targets}


def test_what_each_person_let_slip(slipped: SmallSchool) -> None:
    desk = JournalChecks(slipped.factory, slipped.actor("vietnieks"))
    found = _by_about(desk.inspect([slipped.class_id], NOW))
    maths = found["Matemātika 7.a"]
    assert maths.addressee == "Ābele Anna"
    assert maths.found == {
        FindingKind.TOPIC: ["Stunda 02.11.: nav tēmas"],
        FindingKind.MARKS: ["Pārbaudes darbs 15.09.: 4 bez vērtējuma"],
        FindingKind.ABSENCES: ["10.09."],
    }
    latvian = found["Latviešu valoda 7.a"]
    assert latvian.addressee == "Celms Čārlis"
    assert latvian.found == {FindingKind.ABSENCES: ["08.09.", "10.09."]}
    tutor = found["7.a (audzinātājs)"]
    assert tutor.addressee == "Tūters Tālivaldis"
    assert tutor.found == {FindingKind.UNJUSTIFIED: ["09.2026: 1 stunda"]}  # Alise's 3.09.
    weeks = found["Koncertmeistara darbs"]
    assert weeks.addressee == "Kalns Kārlis"
    assert weeks.found == {FindingKind.WEEKS: ["31.08.", "07.09."]}
    assert maths.findings_text() == (
        "Stundas bez tēmas (1): Stunda 02.11.: nav tēmas\n"
        "Neievadīti kavējumi (1): 10.09.\n"
        "Nokavēti vērtējumi (1): Pārbaudes darbs 15.09.: 4 bez vērtējuma"
    )


def test_nothing_is_late_before_its_deadline(slipped: SmallSchool) -> None:
    """On 2 November at noon the day's topic is not yet due (17:00), nor is October's
    justification on its last working day... but September's is."""
    desk = JournalChecks(slipped.factory, slipped.actor("vietnieks"))
    found = _by_about(desk.inspect([slipped.class_id], dt.datetime(2026, 11, 2, 12, 0)))
    assert FindingKind.TOPIC not in found["Matemātika 7.a"].found


def test_the_whole_school_and_a_class_without_anything_late(slipped: SmallSchool) -> None:
    desk = JournalChecks(slipped.factory, slipped.actor("vietnieks"))
    whole = desk.inspect(None, NOW)
    assert {t.about for t in whole} >= {"Matemātika 7.a", "7.a (audzinātājs)"}
    before = desk.inspect([slipped.class_id], dt.datetime(2026, 9, 1, 7, 0))
    assert before == []


def test_a_check_kept_printed_and_marked_done(slipped: SmallSchool, tmp_path: Path) -> None:
    desk = JournalChecks(slipped.factory, slipped.actor("vietnieks"))
    targets = desk.inspect([slipped.class_id], NOW)
    _by_about(targets)["Matemātika 7.a"].remark = "Ievadiet pārbaudes darba vērtējumus."
    key = desk.save(NOW.date(), "7.a", targets, "Kopumā kārtībā.")
    [view] = desk.checks()
    assert (view.id, view.classes, view.remarks, view.open) == (
        key,
        "7.a",
        len(targets),
        len(targets),
    )
    with slipped.factory() as session:
        sent = [row.mutation for row in session.scalars(select(OutboxEntry))]
    assert sent == ["journal_check.set"] + ["journal_remark.set"] * len(targets)

    whole = "\n".join(pdf_pages(render(desk.act(key)), tmp_path))
    assert "Žurnālu pārbaudes akts" in whole and "Pārbaudīti: 7.a" in whole
    assert "Ievadiet pārbaudes darba vērtējumus." in whole and "Kopumā kārtībā." in whole
    assert "Direktora vietnieks mācību darbā" in whole  # a signature line

    teacher = JournalChecks(slipped.factory, slipped.actor("skolotajs1"))
    hers = teacher.remarks()  # maths 7.a and 2.a (Jānis's note), the piano course
    assert {r.addressee for r in hers} == {"Ābele Anna"} and teacher.open_count() == len(hers)
    mine = next(r for r in hers if r.about == "Matemātika 7.a")
    assert not mine.details.done and mine.details.remark == "Ievadiet pārbaudes darba vērtējumus."
    teacher.mark_done(mine.id)
    assert teacher.open_count() == len(hers) - 1
    done = teacher.remarks()[-1]  # the open ones first
    assert done.id == mine.id and done.details.done and done.done_at is not None
    with pytest.raises(PermissionDenied):
        teacher.set_remark(mine.id, "Viss izdarīts!")  # the remark is the deputy's
    other = JournalChecks(slipped.factory, slipped.actor("skolotajs2"))
    with pytest.raises(PermissionDenied):
        other.mark_done(mine.id)
    with pytest.raises(PermissionDenied):
        teacher.checks() or teacher.remarks(key)
    assert desk.checks()[0].open == len(targets) - 1


def test_a_check_needs_its_classes(slipped: SmallSchool) -> None:
    desk = JournalChecks(slipped.factory, slipped.actor("vietnieks"))
    with pytest.raises(DomainError, match="kuru klašu"):
        desk.save(NOW.date(), "  ", [], "")
    with slipped.factory() as session:
        assert session.scalars(select(JournalRemark)).all() == []
    teacher = JournalChecks(slipped.factory, slipped.actor("skolotajs1"))
    with pytest.raises(PermissionDenied):
        teacher.inspect([slipped.class_id], NOW)
