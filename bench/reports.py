"""Benchmark of the reports (issue 5): build and render to PDF, from a cache like a school's.

Targets: the class summary (36 students × 15 subjects) ≤ 1 s; a whole class's grade
statements (36 students) ≤ 3 s; the year's summary journal of achievements for 30 classes
≤ 30 s. Also measured (issue 17): every student's year statement in one document (the
clerk's year end) and the deputy's statistics of the year by class with their charts. The
school: 30 classes of 36 students, 15 subjects each, a month of lessons (about
four a week per subject) with a mark for half the class in each and some absences, and
semester, year and exam marks for everyone. Prints JSON. Run: ``.venv/bin/python -m
bench.reports``.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.calendar import is_working_day
from eklase_desktop.domain.report_period import PeriodKind, parse_month
from eklase_desktop.domain.school_year import DEFAULT_SCHOOL_YEARS
from eklase_desktop.models import (
    Attendance,
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    PeriodMark,
    School,
    SchoolYear,
    Semester,
    Staff,
    Student,
    Subject,
    cell_id,
)
from eklase_desktop.models.cache import open_cache
from eklase_desktop.reports.document import Column, Document, Grid, Section, render
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from eklase_desktop.services.statistics import Grouping

CLASSES, STUDENTS, SUBJECTS, RUNS = 30, 36, 15, 3
MONTH = "2026-10"
YEAR = DEFAULT_SCHOOL_YEARS[1]
NAMES = ("Anna", "Jānis", "Līga", "Ēriks", "Zane", "Ķirsis", "Ņina", "Šarlote", "Ūna", "Žanis")
SURNAMES = ("Bērziņš", "Kalniņa", "Ozoliņš", "Liepiņa", "Krūmiņš", "Šmite", "Čakste", "Ābele")


def _rows(model: type[Any], rows: list[dict[str, Any]], session: Session) -> None:
    if rows:
        session.execute(insert(model), [{"version": 1, "deleted": False, **r} for r in rows])


def build_school(factory: sessionmaker[Session], seed: int = 5) -> uuid.UUID:
    """The school; returns the first class's id."""
    rng = random.Random(seed)
    new = uuid.uuid4
    school, year = new(), new()
    days = [
        d for d in (dt.date(2026, 10, 1) + dt.timedelta(n) for n in range(31)) if is_working_day(d)
    ]
    rows: dict[type[Any], list[dict[str, Any]]] = {m: [] for m in _MODELS}
    rows[School].append({"id": school, "name": "Rīgas Ūdeņu vidusskola", "kind": "general"})
    rows[SchoolYear].append(
        {"id": year, "school_id": school, "name": YEAR.name, "first_day": YEAR.first_day,
         "last_day": YEAR.last_day, "year_mark_deadline": YEAR.year_mark_deadline}
    )  # fmt: skip
    for semester in YEAR.semesters:
        rows[Semester].append(
            {"id": new(), "school_year_id": year, "number": semester.number,
             "start": semester.start, "end": semester.end, "mark_deadline": semester.mark_deadline}
        )  # fmt: skip
    deputy = new()
    rows[Staff].append(
        {"id": deputy, "school_id": school, "first_name": "Dace", "last_name": "Liepiņa",
         "username": "vietnieks", "roles": "deputy,teacher"}
    )  # fmt: skip
    subjects = [new() for _ in range(SUBJECTS)]
    for number, subject in enumerate(subjects):
        rows[Subject].append(
            {"id": subject, "school_id": school, "name": f"Priekšmets Nr. {number + 1:02d}"}
        )
    first = None
    for index in range(CLASSES):
        group = new()
        first = first or group
        rows[ClassGroup].append(
            {"id": group, "school_year_id": year, "name": f"{index % 12 + 1}.{'abc'[index // 12]}",
             "grade": index % 12 + 1, "tutor_id": deputy}
        )  # fmt: skip
        pupils = [new() for _ in range(STUDENTS)]
        for pupil in pupils:
            rows[Student].append(
                {"id": pupil, "school_id": school, "class_group_id": group,
                 "first_name": rng.choice(NAMES), "last_name": rng.choice(SURNAMES)}
            )  # fmt: skip
        for subject in subjects:
            course = new()
            rows[Course].append(
                {"id": course, "school_year_id": year, "subject_id": subject,
                 "class_group_id": group, "name": f"{subject} {index}", "teacher_id": deputy}
            )  # fmt: skip
            for pupil in pupils:
                rows[Enrolment].append(
                    {"id": new(), "course_id": course, "student_id": pupil, "start": YEAR.first_day}
                )
                for period in ("S1", "S2", "Y", "E"):
                    rows[PeriodMark].append(
                        {"id": cell_id("period_mark", course, pupil, period), "course_id": course,
                         "student_id": pupil, "period": period, "value": str(rng.randint(3, 10)),
                         "entered_at": dt.datetime(2027, 5, 28, 12)}
                    )  # fmt: skip
            if group != first:
                continue  # lessons only where the month's reports are measured
            for lesson_day in rng.sample(days, 17):
                lesson = new()
                rows[Lesson].append(
                    {"id": lesson, "course_id": course, "date": lesson_day, "number": 2,
                     "topic": "Tēma ar garumzīmēm: ūdens, ķīmija, šķīdumi"}
                )  # fmt: skip
                for pupil in rng.sample(pupils, STUDENTS // 2):
                    rows[Mark].append(
                        {"id": cell_id("mark", lesson, pupil), "lesson_id": lesson,
                         "student_id": pupil, "value": str(rng.randint(2, 10)),
                         "entered_at": dt.datetime.combine(lesson_day, dt.time(15))}
                    )  # fmt: skip
                for pupil in rng.sample(pupils, 2):
                    rows[Attendance].append(
                        {"id": cell_id("attendance", lesson, pupil), "lesson_id": lesson,
                         "student_id": pupil, "presence": "n", "justification": rng.choice("sc ")}
                    )  # fmt: skip
    with factory.begin() as session:
        for model in _MODELS:
            _rows(model, rows[model], session)
    assert first is not None
    return first


_MODELS = (School, SchoolYear, Semester, Staff, Subject, ClassGroup, Student, Course,
           Enrolment, Lesson, Mark, Attendance, PeriodMark)  # fmt: skip


def _time(work: Any) -> tuple[float, int]:
    """Seconds to build and render; the PDF's size in bytes."""
    started = time.perf_counter()
    pdf = render(work())
    return time.perf_counter() - started, len(pdf)


def raw_render_s() -> float:
    """The floor on this machine in this hour: one page of a 36 × 15 table, rendered (the
    figures above are read beside it: the machine's speed swings)."""
    grid = Grid(
        tuple(Column(str(n)) for n in range(15)),
        tuple(tuple(str(r * c % 10) for c in range(15)) for r in range(36)),
    )
    document = Document("t", "s", "x", None, dt.datetime(2026, 11, 4), (Section(grid=grid),))
    return statistics.median(_time(lambda: document)[0] for _ in range(5))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        factory = open_cache(Path(folder) / "bench.sqlite")
        started = time.perf_counter()
        first = build_school(factory)
        setup = time.perf_counter() - started
        actor = load_actor(factory, "vietnieks")
        month = PeriodChoice.of(parse_month(MONTH))
        year = PeriodChoice(PeriodKind.YEAR)
        with factory() as session:
            every = tuple(row.id for row in session.query(ClassGroup.id))
        cases = {
            "class_summary_36x15": ReportRequest(ReportKind.CLASS_SUMMARY, month, (first,)),
            "statements_class_of_36": ReportRequest(ReportKind.STATEMENT, month, (first,)),
            "summary_journal_30_classes": ReportRequest(ReportKind.ACHIEVEMENTS, year, every),
            # the clerk's year end: every student's statement of the year, one document
            "year_statements_1080_students": ReportRequest(ReportKind.STATEMENT, year, every),
        }
        works: dict[str, Any] = {
            name: lambda r=request: build_report(factory, actor, r)
            for name, request in cases.items()
        }
        desk = SchoolStatistics(factory, actor)
        with factory() as session:
            year_id = session.query(SchoolYear.id).scalar()

        def school_statistics() -> Any:  # the deputy's statistics of the year, with charts
            figures = desk.compute(year_id, Grouping.CLASS, year)
            return desk.document(figures, year_id)

        works["statistics_by_class_year"] = school_statistics
        results: dict[str, Any] = {}
        for name, work in works.items():
            runs = [_time(work) for _ in range(RUNS)]
            seconds = [s for s, _size in runs]
            results[name] = {
                "median_s": round(statistics.median(seconds), 3),
                "max_s": round(max(seconds), 3),
                "pdf_bytes": runs[0][1],
            }
    print(
        json.dumps(
            {
                "benchmark": "reports",
                "python": sys.version.split()[0],
                "machine": platform.machine(),
                "setup_s": round(setup, 1),
                "raw_render_s": round(raw_render_s(), 3),
                "runs": RUNS,
                "targets_s": {
                    "class_summary_36x15": 1,
                    "statements_class_of_36": 3,
                    "summary_journal_30_classes": 30,
                },
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
