"""Every report built from the demo school and read back with pdftotext: Latvian letters
intact, the students, subjects, marks, averages and absence totals equal to figures computed
here straight from the database (SPEC P1–P8)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.errors import DomainError, PermissionDenied
from eklase_desktop.domain.report_period import PeriodKind, parse_month, range_period
from eklase_desktop.models import (
    Attendance,
    ClassLogEntry,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    Staff,
    Student,
    Subject,
    cell_id,
)
from eklase_desktop.services.actor import Actor, load_actor
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from tests.pdf import rendered
from tests.unit.reports.support import class_id

OCTOBER = PeriodChoice.of(parse_month("2026-10"))
FIRST, LAST = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def mean(values: list[str]) -> str:
    points = [int(v) for v in values if v.isdigit() and 1 <= int(v) <= 10]
    if not points:
        return ""
    exact = (Decimal(sum(points)) / len(points)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return str(exact).replace(".", ",")


def students_of(session: Session, klass: uuid.UUID) -> list[Student]:
    return list(
        session.scalars(select(Student).where(Student.class_group_id == klass).order_by(Student.id))
    )


def marks_in(session: Session, student: uuid.UUID, subject: str | None = None) -> list[str]:
    query = (
        select(Mark.value)
        .join(Lesson, Mark.lesson_id == Lesson.id)
        .join(Course, Lesson.course_id == Course.id)
        .join(Subject, Course.subject_id == Subject.id)
        .where(Mark.student_id == student, Lesson.date.between(FIRST, LAST))
    )
    if subject is not None:
        query = query.where(Subject.name == subject)
    return list(session.scalars(query))


def absences_in(session: Session, student: uuid.UUID) -> Counter[str]:
    rows = session.execute(
        select(Attendance.presence, Attendance.justification)
        .join(Lesson, Attendance.lesson_id == Lesson.id)
        .where(Attendance.student_id == student, Lesson.date.between(FIRST, LAST))
    )
    return Counter(p + j if p == "n" else p for p, j in rows if p)


def build(
    factory: sessionmaker[Session], actor: Actor, request: ReportRequest, tmp: Path
) -> list[str]:
    return rendered(build_report(factory, actor, request), tmp)


def test_class_statements_one_student_to_a_part(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    klass = class_id(demo, "7.a")
    pages = build(demo, deputy, ReportRequest(ReportKind.STATEMENT, OCTOBER, (klass,)), tmp_path)
    text = "\n".join(pages)
    with demo() as session:
        pupils = students_of(session, klass)
        assert len(pages) >= len(pupils)
        for pupil in pupils:
            name = f"{pupil.last_name} {pupil.first_name}"
            page = next(p for p in pages if name in p)
            assert "Sekmju izraksts" in page and "2026. gada oktobris" in page
            counts = absences_in(session, pupil.id)
            missed = counts["n"] + counts["ns"] + counts["nc"]
            assert (
                f"Kavētās stundas kopā: {missed} (neattaisnotas {counts['n']}, slimības dēļ "
                f"{counts['ns']}, citu attaisnotu iemeslu dēļ {counts['nc']}); kavējumi: "
                f"{counts['k']}." in " ".join(page.split())
            )
            everything = marks_in(session, pupil.id)
            total = next(line for line in page.splitlines() if line.strip().startswith("Kopā"))
            count = len(everything)
            word = "vērtējums" if count % 10 == 1 and count % 100 != 11 else "vērtējumi"
            assert f"{count} {word}" in total  # Latvian: 1, 21, 31 … vērtējums
            assert mean(everything) in total.split()
            for line in page.splitlines():
                subject = line[:30].strip()
                if subject in ("Matemātika", "Latviešu valoda", "Angļu valoda"):
                    own = marks_in(session, pupil.id, subject)
                    if mean(own):
                        assert mean(own) in line.split(), (name, subject, line)
                    else:  # no balles: no average
                        assert not re.search(r"\d,\d\d", line), line
    assert text.count("Lapa 1 no 1") == len(pupils)  # each statement numbered on its own
    for letters in ("ā", "č", "ē", "ģ", "ī", "ķ", "ļ", "ņ", "š", "ū", "ž"):
        assert letters in text.lower(), letters


def test_class_summary_figures(demo: sessionmaker[Session], deputy: Actor, tmp_path: Path) -> None:
    klass = class_id(demo, "8.a")
    request = ReportRequest(ReportKind.CLASS_SUMMARY, OCTOBER, (klass,))
    text = "\n".join(build(demo, deputy, request, tmp_path))
    with demo() as session:
        pupils = students_of(session, klass)
        names = Counter(f"{p.last_name} {p.first_name}" for p in pupils)
        for pupil in pupils:
            name = f"{pupil.last_name} {pupil.first_name}"
            if names[name] > 1:  # namesakes: which line is whose is not told by the name
                continue
            line = next(line for line in text.splitlines() if name in line)
            marks = marks_in(session, pupil.id)
            counts = absences_in(session, pupil.id)
            low = sum(v == "ni" or (v.isdigit() and int(v) < 4) for v in marks)
            expected = [mean(marks), str(low), str(counts["n"] + counts["ns"] + counts["nc"])]
            assert line.split()[-4:] == [*expected, str(counts["n"])], line
        maths = [
            v
            for pupil in students_of(session, klass)
            for v in marks_in(session, pupil.id, "Matemātika")
        ]
    averages = next(line for line in text.splitlines() if line.strip().startswith("Vidējais"))
    assert mean(maths) in averages.split()


def test_teacher_report_lessons_topics_and_distribution(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    with demo() as session:
        course = session.scalars(select(Course).where(Course.name == "Matemātika 7.a")).one()
        lessons = list(
            session.scalars(
                select(Lesson).where(
                    Lesson.course_id == course.id, Lesson.date.between(FIRST, LAST)
                )
            )
        )
        values = list(
            session.scalars(
                select(Mark.value)
                .join(Lesson, Mark.lesson_id == Lesson.id)
                .where(Lesson.course_id == course.id, Lesson.date.between(FIRST, LAST))
            )
        )
    request = ReportRequest(ReportKind.TEACHER, OCTOBER, course_id=course.id)
    text = " ".join(" ".join(build(demo, deputy, request, tmp_path)).split())
    held = sum(lesson.lesson_type != "not_held" for lesson in lessons)
    assert f"Notikušas stundas: {held} " in text
    assert f"Nenotikušas stundas: {len(lessons) - held}" in text
    for lesson in lessons:  # each lesson's date, and its topic's first words
        assert lesson.date.strftime("%d.%m.") in text
        if lesson.topic:
            assert " ".join(lesson.topic.split()[:2]) in text
    points = Counter(int(v) for v in values if v.isdigit())
    row = " ".join(str(points[p]) for p in range(10, 0, -1))
    assert f"{row} " in text  # the distribution row, balles 10 … 1
    assert mean(values) in text


def test_substitutions_list_every_substituted_lesson(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    whole = PeriodChoice.of(range_period(dt.date(2026, 9, 1), LAST))
    request = ReportRequest(ReportKind.SUBSTITUTIONS, whole)
    text = "\n".join(build(demo, deputy, request, tmp_path))
    with demo() as session:
        rows = session.execute(
            select(Lesson.date, Staff.last_name)
            .join(Course, Lesson.course_id == Course.id)
            .join(Staff, Lesson.taught_by_id == Staff.id)
            .where(Lesson.taught_by_id.is_not(None), Lesson.taught_by_id != Course.teacher_id)
        ).all()
    assert rows, "the demo school has substituted lessons"
    total = next(line for line in text.splitlines() if line.strip().startswith("Kopā"))
    assert total.split()[-1] == str(len(rows))
    for day, substitute in rows:
        assert day.strftime("%d.%m.%Y.") in text and substitute in text


def test_behaviour_report_and_its_empty_case(
    own_demo: sessionmaker[Session], tmp_path: Path
) -> None:
    deputy = load_actor(own_demo, "vietnieks")
    klass = class_id(own_demo, "5.a")
    with own_demo.begin() as session:
        pupils = students_of(session, klass)
        for index, (pupil, positive) in enumerate(
            [(pupils[0], True), (pupils[0], False), (pupils[1], False)]
        ):
            session.add(
                ClassLogEntry(
                    id=uuid.uuid4(),
                    kind="behaviour",
                    class_group_id=klass,
                    student_id=pupil.id,
                    day=dt.date(2026, 10, 5 + index),
                    text=f"Ieraksts Nr. {index}: ļoti čakls, ņipri strādāja",
                    positive=positive,
                    entered_at=dt.datetime(2026, 10, 5, 12),
                )
            )
    with own_demo() as session:
        entries = session.execute(
            select(ClassLogEntry.student_id, ClassLogEntry.positive).where(
                ClassLogEntry.class_group_id == klass,
                ClassLogEntry.kind == "behaviour",
                ClassLogEntry.day.between(FIRST, LAST),
            )
        ).all()
    request = ReportRequest(ReportKind.BEHAVIOUR, OCTOBER, (klass,))
    text = "\n".join(build(own_demo, deputy, request, tmp_path))
    assert text.count("ļoti čakls, ņipri strādāja") == 3
    summary = text[text.index("Skolēnu kopsavilkums") :]
    names = Counter(f"{p.last_name} {p.first_name}" for p in pupils)
    for pupil in pupils:
        name = f"{pupil.last_name} {pupil.first_name}"
        mine = [positive for student, positive in entries if student == pupil.id]
        line = next((line for line in summary.splitlines() if name in line), None)
        if not mine:
            assert line is None or names[name] > 1
        elif names[name] == 1:
            assert line is not None
            assert line.split()[-2:] == [str(mine.count(True)), str(mine.count(False))]
    july = ReportRequest(ReportKind.BEHAVIOUR, PeriodChoice.of(parse_month("2026-07")), (klass,))
    assert "Uzvedības ierakstu šajā periodā nav." in "\n".join(
        build(own_demo, deputy, july, tmp_path)
    )


def test_attendance_report_per_student(
    demo: sessionmaker[Session], deputy: Actor, tmp_path: Path
) -> None:
    klass = class_id(demo, "7.a")
    with demo() as session:
        pupil = max(students_of(session, klass), key=lambda p: absences_in(session, p.id).total())
        counts = absences_in(session, pupil.id)
    request = ReportRequest(ReportKind.ATTENDANCE, OCTOBER, student_id=pupil.id)
    text = "\n".join(build(demo, deputy, request, tmp_path))
    line = " ".join(next(line for line in text.splitlines() if "Kopā" in line).split())
    codes = ", ".join(f"{code}: {counts[code]}" for code in ("n", "ns", "nc", "k"))
    assert codes in line
    assert line.endswith(str(counts["n"] + counts["ns"] + counts["nc"]))
    assert sum(text.count(f" {code}\n") for code in ("n", "ns", "nc", "k")) == counts.total()


def _period_marks(factory: sessionmaker[Session], klass: uuid.UUID) -> dict[tuple[str, str], str]:
    """S1, S2, Y for everyone in the class and an exam in Latvian, written like the journal."""
    written: dict[tuple[str, str], str] = {}
    with factory.begin() as session:
        rows = session.execute(
            select(Enrolment.student_id, Course.id, Subject.name)
            .join(Course, Enrolment.course_id == Course.id)
            .join(Subject, Course.subject_id == Subject.id)
            .where(Course.class_group_id == klass)
        ).all()
        for index, (student, course, subject) in enumerate(rows):
            periods = {"S1": 4 + index % 7, "S2": 3 + index % 8, "Y": 5 + index % 6}
            if subject == "Latviešu valoda":
                periods["E"] = 6 + index % 5
            for period, value in periods.items():
                session.add(
                    PeriodMark(
                        id=cell_id("period_mark", course, student, period),
                        course_id=course,
                        student_id=student,
                        period=period,
                        value=str(value),
                        entered_at=dt.datetime(2026, 5, 29, 12),
                    )
                )
                written[str(student), f"{subject}/{period}"] = str(value)
    return written


def test_report_card_and_summary_journal_show_the_period_marks(
    own_demo: sessionmaker[Session], tmp_path: Path
) -> None:
    deputy = load_actor(own_demo, "vietnieks")
    klass = class_id(own_demo, "9.a")
    written = _period_marks(own_demo, klass)
    with own_demo() as session:
        pupil = students_of(session, klass)[0]
    year = PeriodChoice(PeriodKind.YEAR)
    card = build(
        own_demo, deputy, ReportRequest(ReportKind.REPORT_CARD, year, student_id=pupil.id), tmp_path
    )
    text = "\n".join(card)
    maths = next(line for line in text.splitlines() if line.strip().startswith("Matemātika"))
    expected = [written[str(pupil.id), f"Matemātika/{key}"] for key in ("S1", "S2", "Y")]
    assert maths.split()[1:4] == expected
    exams = text[text.index("Valsts pārbaudes darbi") :]
    latvian = next(line for line in exams.splitlines() if "Latviešu valoda" in line)
    assert latvian.split()[-1] == written[str(pupil.id), "Latviešu valoda/E"]

    second = PeriodChoice(PeriodKind.SEMESTER, semester=2)
    card = build(
        own_demo,
        deputy,
        ReportRequest(ReportKind.REPORT_CARD, second, student_id=pupil.id),
        tmp_path,
    )
    maths = next(line for line in "\n".join(card).splitlines() if "Matemātika" in line)
    assert maths.split()[1:3] == expected[:2]  # II semester: the I semester's mark too
    with pytest.raises(DomainError, match="semestri vai mācību gadu"):
        build_report(own_demo, deputy, ReportRequest(ReportKind.REPORT_CARD, OCTOBER, (klass,)))

    journal = build(
        own_demo, deputy, ReportRequest(ReportKind.ACHIEVEMENTS, year, (klass,)), tmp_path
    )
    assert len(journal) > 1
    labels = re.compile(r"\s(I sem\.|II sem\.|Gada|Eksāmens|Pēcpārb\.|Gada lab\.)(\s|$)")
    for page in journal:  # a multi-page table repeats its header
        assert "Skolēns" in page and "Mācību sasniegumu kopsavilkuma žurnāls" in page
        first = next(line for line in page.splitlines() if labels.search(line))
        # a page starts with a student's first row: never their II semester without a name
        assert labels.search(first).group(1) == "I sem." and first.split()[0][0].isupper(), first  # type: ignore[union-attr]
    rows = "\n".join(journal)
    assert rows.count("Eksāmens") == len({s for s, key in written if key.endswith("/E")})
    assert "Pēcpārb." not in rows  # no post-exam marks, no such rows


def test_empty_reports_say_so(demo: sessionmaker[Session], deputy: Actor, tmp_path: Path) -> None:
    july = PeriodChoice.of(parse_month("2026-07"))
    klass = class_id(demo, "7.a")
    for kind in (ReportKind.CLASS_SUMMARY, ReportKind.STATEMENT, ReportKind.ATTENDANCE):
        text = "\n".join(build(demo, deputy, ReportRequest(kind, july, (klass,)), tmp_path))
        assert "Lapa 1 no" in text
    substitutions = ReportRequest(ReportKind.SUBSTITUTIONS, july)
    assert "Šajā periodā aizvietotu stundu nav." in "\n".join(
        build(demo, deputy, substitutions, tmp_path)
    )


def test_a_teacher_prints_only_own_courses_and_no_class_reports(
    demo: sessionmaker[Session],
) -> None:
    with demo() as session:
        course = session.scalars(select(Course).where(Course.name == "Matemātika 7.a")).one()
        teacher = session.get(Staff, course.teacher_id)
        other = session.scalars(
            select(Course).where(Course.teacher_id != course.teacher_id)
        ).first()
        assert teacher is not None and other is not None
        groups = defaultdict(list)
        for row in session.execute(select(Staff.username, Staff.roles)):
            groups[row.roles].append(row.username)
    actor = load_actor(demo, teacher.username)
    build_report(demo, actor, ReportRequest(ReportKind.TEACHER, OCTOBER, course_id=course.id))
    with pytest.raises(PermissionDenied):
        build_report(demo, actor, ReportRequest(ReportKind.TEACHER, OCTOBER, course_id=other.id))
    plain = load_actor(demo, groups["teacher"][0])
    with pytest.raises(PermissionDenied, match="audzinātājs"):
        build_report(
            demo, plain, ReportRequest(ReportKind.CLASS_SUMMARY, OCTOBER, (class_id(demo, "7.a"),))
        )
    assert re.search(r"\w", plain.name)


def test_the_personal_file_of_a_student(own_demo: sessionmaker[Session], tmp_path: Path) -> None:
    """SPEC T6: the card, the year's marks in every subject with absences, and the behaviour
    entries; the exam mark the clerk gave among them."""
    deputy = load_actor(own_demo, "vietnieks")
    klass = class_id(own_demo, "7.a")
    with own_demo.begin() as session:
        pupil = students_of(session, klass)[0]
        course = session.scalars(
            select(Course)
            .join(Enrolment, Enrolment.course_id == Course.id)
            .where(Enrolment.student_id == pupil.id, Course.name.like("Matemātika%"))
        ).first()
        assert course is not None
        for period, value in (("S1", "7"), ("E", "8")):
            key = cell_id("period_mark", course.id, pupil.id, period)
            session.merge(
                PeriodMark(id=key, course_id=course.id, student_id=pupil.id, period=period,
                           value=value, deleted=False, entered_at=dt.datetime(2026, 11, 1))
            )  # fmt: skip
        name = f"{pupil.last_name} {pupil.first_name}"
        expected_card = [
            f"Vārds, uzvārds: {pupil.first_name} {pupil.last_name}",
            f"Personas kods: {pupil.personal_code}",
            "Klase: 7.a",
        ]
    request = ReportRequest(
        ReportKind.PERSONAL_FILE, PeriodChoice(PeriodKind.YEAR), student_id=pupil.id
    )
    [page, *_rest] = build(own_demo, deputy, request, tmp_path)
    text = " ".join(page.split())
    assert "Skolēna personas lieta" in text and name in text
    for line in expected_card:
        assert line in text
    maths = next(line for line in page.splitlines() if line.strip().startswith("Matemātika"))
    assert maths.split()[1:3] == ["7", "8"]  # I sem. and the exam (no II sem., no year yet)
    assert "Kavētās stundas kopā:" in text and "Uzvedības ieraksti" in text
    with pytest.raises(PermissionDenied):
        build(own_demo, load_actor(own_demo, "skolotajs16"), request, tmp_path)
