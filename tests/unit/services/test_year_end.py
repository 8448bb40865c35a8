"""The year-end check of the summary journal (SPEC V3, M 22.3, G 9) on the small school: who
still lacks a year mark in which subject, a failing year mark without its post-examination,
what each personal file lacks; the check kept, signed off by the deputy and printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from eklase_desktop.domain.journal_checks import CheckKind, FindingKind, InvalidCheck
from eklase_desktop.models import Guardian, PeriodMark, Student, cell_id
from eklase_desktop.reports.document import render
from eklase_desktop.services.journal_checks import JournalChecks
from tests.pdf import pdf_pages
from tests.school import SmallSchool

DAY = dt.date(2027, 6, 10)


@pytest.fixture
def year_end(school: SmallSchool) -> SmallSchool:
    """Maths 7.a: Alise 8, Ēriks 3 (failing, no post-examination), Jānis ni with a
    post-examination 5, Līga none; Latvian: no year marks at all. Alise's personal file is
    complete; the others' lack everything."""
    alise, eriks, janis, _liga = school.students
    with school.factory.begin() as session:
        for student, period, value in (
            (alise, "Y", "8"),
            (eriks, "Y", "3"),
            (janis, "Y", "ni"),
            (janis, "P", "5"),
        ):
            session.add(
                PeriodMark(
                    id=cell_id("period_mark", school.maths, student, period),
                    course_id=school.maths,
                    student_id=student,
                    period=period,
                    value=value,
                    entered_at=dt.datetime(2027, 5, 28, 12),
                )
            )
        session.execute(
            update(Student)
            .where(Student.id == alise)
            .values(
                personal_code="010114-21456",
                declared_address="Rīga, Brīvības iela 1",
                admission_order="12-p",
            )
        )
        session.add(Guardian(student_id=alise, first_name="Inga", last_name="Apinīte"))
    return school


@pytest.mark.today("2027-06-10T12:00")
def test_what_the_summary_journal_lacks(year_end: SmallSchool) -> None:
    desk = JournalChecks(year_end.factory, year_end.actor("vietnieks"))
    found = {t.about: t for t in desk.inspect_year_end([year_end.class_id], DAY)}
    assert found["Matemātika 7.a"].found == {
        FindingKind.YEAR_MARKS: ["Šmite Līga"],
        FindingKind.POST_EXAMS: ["Āboliņš Ēriks"],
    }
    assert found["Latviešu valoda 7.a"].found == {
        FindingKind.YEAR_MARKS: ["Apinīte Alise", "Āboliņš Ēriks", "Čakste Jānis", "Šmite Līga"]
    }
    files = found["7.a (audzinātājs)"]
    assert files.addressee == "Tūters Tālivaldis"
    assert files.found[FindingKind.PERSONAL_FILES][0] == (
        "Āboliņš Ēriks — personas kods vai dzimšanas datums, deklarētā adrese, "
        "uzņemšanas rīkojums, likumiskais pārstāvis"
    )
    assert len(files.found[FindingKind.PERSONAL_FILES]) == 3  # Alise's file is complete


@pytest.mark.today("2027-06-10T12:00")
def test_the_check_signed_off_and_printed(year_end: SmallSchool, tmp_path: Path) -> None:
    desk = JournalChecks(year_end.factory, year_end.actor("vietnieks"))
    targets = desk.inspect_year_end(None, DAY)
    key = desk.save(
        DAY, "visa skola", targets, "Jānim pēcpārbaudījums nokārtots.", CheckKind.YEAR_END
    )
    [view] = desk.checks()
    assert view.kind is CheckKind.YEAR_END and view.signed_on is None
    desk.sign(key, dt.date(2027, 6, 12))
    assert desk.checks()[0].signed_on == dt.date(2027, 6, 12)
    text = "\n".join(pdf_pages(render(desk.act(key)), tmp_path))
    assert "Mācību sasniegumu kopsavilkuma žurnāla pārbaudes akts" in text
    assert "Apstiprināts (parakstīts): 12.06.2027." in text
    assert "Nav pēcpārbaudījuma vērtējuma (1): Āboliņš Ēriks" in text

    journals = desk.save(DAY, "7.a", [], "")  # a journal check is not signed off
    with pytest.raises(InvalidCheck, match="Paraksta tikai"):
        desk.sign(journals, DAY)
