"""The deputy's statistics (SPEC V1, V8) on a hand-made journal whose figures are worked out
by hand below, and on the demo school against figures counted independently with SQL; the
PDF read back with ``pdftotext`` says the same numbers; the school's rules are the deputy's.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import PermissionDenied
from eklase_desktop.domain.report_period import PeriodKind
from eklase_desktop.domain.statistics import InvalidRules, LateChanges, SchoolRules
from eklase_desktop.models import (
    Attendance,
    ClassGroup,
    Course,
    Lesson,
    Mark,
    OutboxEntry,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
)
from eklase_desktop.reports.document import render
from eklase_desktop.services.actor import Actor
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from eklase_desktop.services.statistics import (
    Grouping,
    ProblemKind,
    Statistics,
    school_statistics,
)
from tests.pdf import pdf_pages
from tests.school import SmallSchool, add_staff

YEAR = PeriodChoice(PeriodKind.YEAR)
OCTOBER = PeriodChoice(PeriodKind.MONTH, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
OCTOBER_DAYS = [dt.date(2026, 10, day) for day in (1, 2, 5, 6, 7, 8)]


def _lesson(session: Session, course: uuid.UUID, day: dt.date) -> uuid.UUID:
    lesson = Lesson(course_id=course, date=day, topic="Tēma")
    session.add(lesson)
    session.flush()
    return lesson.id


def _mark(session: Session, lesson: uuid.UUID, student: uuid.UUID, value: str) -> None:
    session.add(
        Mark(lesson_id=lesson, student_id=student, value=value, entered_at=dt.datetime(2026, 10, 9))
    )


def _absent(session: Session, lesson: uuid.UUID, student: uuid.UUID, code: str) -> None:
    presence, justification = ("k", "") if code == "k" else ("n", code[1:])
    session.add(
        Attendance(
            lesson_id=lesson, student_id=student, presence=presence, justification=justification
        )
    )


@pytest.fixture
def journal(school: SmallSchool) -> SmallSchool:
    """Maths 7.a: in September 8 and 9 (Jānis nv, Līga atb), in October 6, 7, ni and 2 —
    the average falls from 8,50 to 5,00; Jānis is absent unjustified six times in October,
    Alise five (and late once), Ēriks ill once and away for another reason once. A year
    earlier 7.a had 9 and 10 in October."""
    alise, eriks, janis, liga = school.students
    with school.factory.begin() as session:
        september = school.maths_lessons[0]
        for student, value in ((alise, "8"), (eriks, "9"), (janis, "nv"), (liga, "atb")):
            _mark(session, september, student, value)
        october = [_lesson(session, school.maths, day) for day in OCTOBER_DAYS]
        for student, value in ((alise, "6"), (eriks, "7"), (janis, "ni")):
            _mark(session, october[0], student, value)
        _mark(session, october[1], alise, "2")
        for lesson in october:
            _absent(session, lesson, janis, "n")
        for lesson in october[:5]:
            _absent(session, lesson, alise, "n")
        _absent(session, october[5], alise, "k")
        _absent(session, october[0], eriks, "ns")
        _absent(session, october[1], eriks, "nc")
        _previous_year(session, school, [alise, eriks])
    return school


def _previous_year(session: Session, school: SmallSchool, students: list[uuid.UUID]) -> None:
    current = session.get(SchoolYear, school.year_id)
    assert current is not None
    year = SchoolYear(
        school_id=current.school_id,
        name="2025./2026.",
        first_day=dt.date(2025, 9, 1),
        last_day=dt.date(2026, 5, 29),
        year_mark_deadline=dt.date(2026, 6, 5),
    )
    session.add(year)
    session.flush()
    session.add(
        Semester(
            school_year_id=year.id,
            number=1,
            start=dt.date(2025, 9, 1),
            end=dt.date(2025, 12, 19),
            mark_deadline=dt.date(2025, 12, 19),
        )
    )
    group = ClassGroup(school_year_id=year.id, name="7.a", grade=7)
    session.add(group)
    session.flush()
    maths = session.scalars(select(Subject.id).where(Subject.name == "Matemātika")).one()
    teacher = session.scalars(select(Staff.id).where(Staff.username == "skolotajs1")).one()
    course = Course(
        school_year_id=year.id,
        subject_id=maths,
        class_group_id=group.id,
        name="Matemātika 7.a",
        teacher_id=teacher,
    )
    session.add(course)
    session.flush()
    lesson = _lesson(session, course.id, dt.date(2025, 10, 1))
    for student, value in zip(students, ("9", "10"), strict=True):
        _mark(session, lesson, student, value)


def _compute(
    school: SmallSchool,
    grouping: Grouping,
    choice: PeriodChoice = YEAR,
    rules: SchoolRules | None = None,
) -> Statistics:
    with school.factory() as session:
        return school_statistics(session, school.year_id, grouping, choice, rules or SchoolRules())


def test_a_class_figures_worked_out_by_hand(journal: SmallSchool) -> None:
    stats = _compute(journal, Grouping.CLASS)
    [group] = stats.groups
    numbers = group.figures
    assert group.name == "7.a"
    assert numbers.balles == (0, 1, 0, 0, 0, 1, 1, 1, 1, 0)  # 2, 6, 7, 8, 9
    assert (numbers.average, numbers.assessed, numbers.insufficient) == (Decimal("6.40"), 6, 2)
    assert numbers.insufficient_share == Decimal("33.3")
    assert numbers.absences == (11, 1, 1, 1)  # n, ns, nc, k
    september, october = group.months[:2]
    assert (september.average, october.average) == (Decimal("8.50"), Decimal("5.00"))
    assert group.previous[1].average == Decimal("9.50") and group.previous[0].average is None
    assert stats.previous_year == "2025./2026."
    assert stats.total.figures == numbers


def test_a_month_holds_only_its_own_marks(journal: SmallSchool) -> None:
    [group] = _compute(journal, Grouping.SUBJECT, OCTOBER).groups
    assert group.name == "Matemātika"
    assert group.figures.balles == (0, 1, 0, 0, 0, 1, 1, 0, 0, 0)
    assert group.figures.assessed == 4 and group.figures.insufficient == 2


def test_by_teacher_and_programme(journal: SmallSchool) -> None:
    by_teacher = _compute(journal, Grouping.TEACHER).groups
    assert [g.name for g in by_teacher] == ["Ābele Anna"]
    [programme] = _compute(journal, Grouping.PROGRAMME).groups
    assert programme.name == "Programma nav norādīta" and programme.figures.assessed == 6


def test_the_problems_the_rules_find(journal: SmallSchool) -> None:
    problems = _compute(journal, Grouping.CLASS).problems
    drops = [p for p in problems if p.kind is ProblemKind.AVERAGE_DROP]
    assert [(p.about, p.text) for p in drops] == [
        ("7.a", "Vidējais vērtējums oktobrī 5,00 (septembrī 8,50), kritums 3,50.")
    ]
    unjustified = [p for p in problems if p.kind is ProblemKind.UNJUSTIFIED]
    assert [(p.about, p.text) for p in unjustified] == [
        ("Čakste Jānis (7.a)", "6 neattaisnotas stundas oktobrī (robeža 5).")
    ]  # Alise's five are within the limit
    few = {p.about: p.text for p in problems if p.kind is ProblemKind.FEW_MARKS}
    # on 4 November, 64 of the semester's 109 days gone: 2 of the 3 marks are due so far;
    # Jānis has 1 (nv is no mark), Ēriks 2, Alise 3, Līga is exempt
    assert few["Matemātika 7.a (Ābele Anna)"] == (
        "I semestrī līdz šim mazāk par 2 vērtējumiem: 1 skolēnam (mazākais skaits 1); "
        "semestrī vajag vismaz 3, tas turpinās līdz 18.12.2026."
    )
    assert few["Latviešu valoda 7.a (Celms Čārlis)"].startswith(
        "I semestrī līdz šim mazāk par 2 vērtējumiem: 4 skolēniem (mazākais skaits 0)"
    )
    with journal.factory() as session:
        ended = school_statistics(
            session, journal.year_id, Grouping.CLASS, YEAR, SchoolRules(), dt.date(2026, 12, 21)
        )
    after = {p.about: p.text for p in ended.problems if p.kind is ProblemKind.FEW_MARKS}
    assert after["Matemātika 7.a (Ābele Anna)"] == (
        "I semestrī mazāk par 3 vērtējumiem: 2 skolēniem (mazākais skaits 1)."
    )

    stricter = _compute(journal, Grouping.CLASS, rules=SchoolRules(3, Decimal("4"), 4))
    kinds = [p.kind for p in stricter.problems]
    assert ProblemKind.AVERAGE_DROP not in kinds and kinds.count(ProblemKind.UNJUSTIFIED) == 2
    none = _compute(journal, Grouping.CLASS, rules=SchoolRules(0)).problems
    assert not [p for p in none if p.kind is ProblemKind.FEW_MARKS]


def test_the_pdf_says_the_same(journal: SmallSchool, tmp_path: Path) -> None:
    desk = SchoolStatistics(journal.factory, journal.actor("vietnieks"))
    stats = desk.compute(journal.year_id, Grouping.CLASS, YEAR)
    pages = pdf_pages(render(desk.document(stats, journal.year_id)), tmp_path)
    whole = "\n".join(pages)
    summary = next(line for line in whole.splitlines() if line.strip().startswith("7.a"))
    # 7.a: 6 marks, average 6,40, one each of 2, 6, 7, 8, 9, 33,3 %, n 11, ns 1, nc 1, k 1
    assert summary.split() == [
        "7.a",
        "6",
        "6,40",
        "1",
        "1",
        "1",
        "1",
        "1",
        "33,3",
        "%",
        "11",
        "1",
        "1",
        "1",
    ]
    monthly = [line.split() for line in whole.splitlines() if line.strip().startswith("7.a")]
    assert ["7.a", "8,50", "5,00", "(9,50)"] in monthly
    assert "Mācību sasniegumu un kavējumu statistika" in pages[0]
    assert "kritums 3,50" in whole and "6 neattaisnotas stundas oktobrī" in whole
    assert "Iekavās — 2025./2026. mācību gada tas pats mēnesis." in whole


def test_only_the_deputy_and_the_director_see_it(journal: SmallSchool) -> None:
    teacher = SchoolStatistics(journal.factory, journal.actor("skolotajs1"))
    with pytest.raises(PermissionDenied, match="direktora vietnieks vai direktors"):
        teacher.compute(journal.year_id, Grouping.CLASS, YEAR)
    assert not teacher.can_set_rules


def test_the_deputy_sets_the_rules(journal: SmallSchool) -> None:
    desk = SchoolStatistics(journal.factory, journal.actor("vietnieks"))
    assert desk.rules() == SchoolRules()
    desk.save_rules(SchoolRules(4, Decimal("1.25"), 8, LateChanges.REOPEN))
    assert desk.rules() == SchoolRules(4, Decimal("1.3"), 8, LateChanges.REOPEN)
    with journal.factory() as session:
        [queued] = session.scalars(select(OutboxEntry)).all()
    assert queued.mutation == "school_rules.set"
    assert queued.args["average_drop"] == "1.3" and queued.args["base"]["min_marks"]  # type: ignore[index] == "3"
    with pytest.raises(InvalidRules):
        desk.save_rules(SchoolRules(31))
    assert desk.rules().min_marks == 4  # a refused change changes nothing
    teacher = SchoolStatistics(journal.factory, journal.actor("skolotajs1"))
    with pytest.raises(PermissionDenied):
        teacher.save_rules(SchoolRules())


# --- the demo school, against SQL ---------------------------------------------------------

_BALLES = "('1','2','3','4','5','6','7','8','9','10')"
_BY_SUBJECT = f"""
    SELECT subject.name AS name,
           SUM(mark.value IN {_BALLES}) AS balles,
           AVG(CASE WHEN mark.value IN {_BALLES} THEN CAST(mark.value AS INTEGER) END) AS mean,
           SUM(mark.value IN {_BALLES} OR mark.value IN ('i', 'ni')) AS assessed,
           SUM(mark.value IN ('1', '2', '3', 'ni')) AS failing
    FROM mark JOIN lesson ON lesson.id = mark.lesson_id
    JOIN course ON course.id = lesson.course_id JOIN subject ON subject.id = course.subject_id
    WHERE NOT mark.deleted AND NOT lesson.deleted AND NOT course.deleted
      AND course.school_year_id = :year
    GROUP BY subject.name
"""
_ABSENCES = """
    SELECT CASE WHEN attendance.presence = 'n' THEN 'n' || attendance.justification
                ELSE attendance.presence END AS code, COUNT(*) AS count
    FROM attendance JOIN lesson ON lesson.id = attendance.lesson_id
    JOIN course ON course.id = lesson.course_id
    WHERE attendance.presence != '' AND NOT attendance.deleted AND NOT lesson.deleted
      AND NOT course.deleted AND course.school_year_id = :year
    GROUP BY code
"""


def test_the_demo_school_against_sql(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    desk = SchoolStatistics(demo, deputy)
    [(year, _name)] = desk.years()
    stats = desk.compute(year, Grouping.SUBJECT, YEAR)
    with demo() as session:
        rows = session.execute(text(_BY_SUBJECT), {"year": year.hex}).all()
        absences = dict(session.execute(text(_ABSENCES), {"year": year.hex}).all())
    expected = {row.name: row for row in rows if row.balles or row.assessed}
    found = {group.name: group.figures for group in stats.groups if group.figures.assessed}
    assert set(found) == set(expected) and len(found) > 5
    for name, numbers in found.items():
        row = expected[name]
        assert numbers.count == row.balles and numbers.assessed == row.assessed
        assert numbers.insufficient == row.failing
        if row.balles:
            assert abs(float(numbers.average) - row.mean) < 0.005  # type: ignore[arg-type]
    assert stats.total.figures.absences == tuple(absences.get(c, 0) for c in ("n", "ns", "nc", "k"))

    whole = "\n".join(pdf_pages(render(desk.document(stats, year)), tmp_path))
    for name, numbers in found.items():
        line = next(row for row in whole.splitlines() if row.strip().startswith(name + " "))
        figures = re.sub(r"^\s*" + re.escape(name), "", line).split()
        assert figures[:2] == [str(numbers.assessed), f"{numbers.average}".replace(".", ",")]


def test_a_year_without_marks_prints(school: SmallSchool, tmp_path: Path) -> None:
    desk = SchoolStatistics(school.factory, school.actor("vietnieks"))
    stats = desk.compute(school.year_id, Grouping.CLASS, YEAR)
    assert stats.groups == () and stats.total.figures.average is None
    text = "\n".join(pdf_pages(render(desk.document(stats, school.year_id)), tmp_path))
    assert "Šajā periodā vērtējumu un kavējumu nav." in text


def test_what_the_figures_leave_out_and_whom_they_credit(journal: SmallSchool) -> None:
    """A deleted student counts nowhere; a lesson a substitute taught is the substitute's;
    a student's own programme counts in the earlier year too; a year that is not the one
    just before is no "previous year"."""
    alise, eriks, janis, _liga = journal.students
    substitute = add_staff(journal.factory, "aizvietotajs", "teacher", "Sandra", "Stūre")
    with journal.factory.begin() as session:
        session.execute(update(Student).where(Student.id == janis).values(deleted=True))
        session.execute(
            update(Student).where(Student.id.in_([alise, eriks])).values(programme="21011111")
        )
        october = session.scalars(
            select(Lesson).where(Lesson.course_id == journal.maths, Lesson.date == OCTOBER_DAYS[1])
        ).one()
        october.taught_by_id = substitute  # Alise's 2
    by_teacher = {g.name: g.figures for g in _compute(journal, Grouping.TEACHER).groups}
    assert by_teacher["Stūre Sandra"].balles == (0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    assert by_teacher["Ābele Anna"].assessed == 4  # 8, 9, 6, 7 (Jānis's ni is gone)
    programmes = {g.name: g for g in _compute(journal, Grouping.PROGRAMME).groups}
    programme = programmes["21011111"]  # (Līga's atb: no programme given)
    assert programme.previous is not None
    assert programme.previous[1].average == Decimal("9.50")
    with journal.factory.begin() as session:
        session.execute(
            update(SchoolYear)
            .where(SchoolYear.name == "2025./2026.")
            .values(first_day=dt.date(2024, 9, 2), last_day=dt.date(2025, 5, 30))
        )
    stats = _compute(journal, Grouping.CLASS)
    assert stats.previous_year == "" and stats.groups[0].previous is None
