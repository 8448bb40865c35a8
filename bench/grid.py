"""Benchmark of the journal grid (issue 2): open a 36 × 200 journal, enter 1,000 marks.

Prints JSON. Targets: open ≤ 150 ms median (cache → grid shown); one mark from the keystroke
to committed ≤ 10 ms median. Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/grid.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.calendar import is_working_day
from eklase_desktop.models import (
    ClassGroup,
    Course,
    Enrolment,
    Lesson,
    Mark,
    School,
    SchoolYear,
    Staff,
    Student,
    Subject,
    cell_id,
)
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.editing import JournalEditor
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.ui.journal.model import JournalModel
from eklase_desktop.ui.journal.view import JournalView

STUDENTS, LESSONS, FILL, MARKS_TO_ENTER, OPEN_RUNS = 36, 200, 0.40, 1000, 25


def build_course(factory: sessionmaker[Session], rng: random.Random) -> uuid.UUID:
    with factory.begin() as session:
        school = School(name="Bench skola")
        session.add(school)
        session.flush()
        year = SchoolYear(
            school_id=school.id,
            name="2026./2027.",
            first_day=dt.date(2026, 9, 1),
            last_day=dt.date(2027, 5, 28),
            year_mark_deadline=dt.date(2027, 5, 28),
        )
        teacher = Staff(
            school_id=school.id,
            first_name="Anna",
            last_name="Ābele",
            username="bench",
            roles="teacher",
        )
        session.add_all([year, teacher])
        session.flush()
        group = ClassGroup(school_year_id=year.id, name="9.a", grade=9, tutor_id=teacher.id)
        subject = Subject(school_id=school.id, name="Matemātika")
        session.add_all([group, subject])
        session.flush()
        course = Course(
            school_year_id=year.id,
            subject_id=subject.id,
            class_group_id=group.id,
            name="Matemātika 9.a",
            teacher_id=teacher.id,
        )
        session.add(course)
        session.flush()
        students = [uuid.uuid4() for _ in range(STUDENTS)]
        session.execute(
            insert(Student),
            [
                {
                    "id": s,
                    "school_id": school.id,
                    "class_group_id": group.id,
                    "first_name": f"Vārds{i}",
                    "last_name": f"Uzvārds{i}",
                }
                for i, s in enumerate(students)
            ],
        )
        session.execute(
            insert(Enrolment),
            [
                {
                    "id": uuid.uuid4(),
                    "course_id": course.id,
                    "student_id": s,
                    "start": dt.date(2026, 9, 1),
                }
                for s in students
            ],
        )
        days = [dt.date(2026, 9, 1) + dt.timedelta(days=n) for n in range(400)]
        days = [d for d in days if is_working_day(d)][:LESSONS]
        lessons = [uuid.uuid4() for _ in days]
        session.execute(
            insert(Lesson),
            [
                {
                    "id": lid,
                    "course_id": course.id,
                    "date": d,
                    "topic": f"Tēma {n}",
                    "homework": "",
                    "notes": "",
                    "lesson_type": "ordinary",
                    "remote": False,
                }
                for n, (lid, d) in enumerate(zip(lessons, days, strict=True))
            ],
        )
        now = dt.datetime(2026, 10, 1, 15)
        session.execute(
            insert(Mark),
            [
                {
                    "id": cell_id("mark", lid, s),
                    "lesson_id": lid,
                    "student_id": s,
                    "value": str(rng.randint(3, 10)),
                    "entered_at": now,
                }
                for lid in lessons
                for s in students
                if rng.random() < FILL
            ],
        )
        return course.id


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        factory = open_cache(Path(folder) / "bench.sqlite")
        course_id = build_course(factory, rng)
        actor = load_actor(factory, "bench")
        reader, editor = JournalReader(factory, actor), JournalEditor(factory, actor)
        model = JournalModel()
        view = JournalView()
        view.setModel(model)
        view.resize(1200, 800)
        view.show()
        open_ms = []
        for _ in range(OPEN_RUNS):
            model.load(None, None)
            app.processEvents()
            start = time.perf_counter()
            model.load(reader.open_journal(course_id), editor)
            view.scrollTo(model.index(0, LESSONS - 1))
            view.viewport().repaint()
            app.processEvents()
            open_ms.append((time.perf_counter() - start) * 1000)
        empty = [
            (r, c) for r in range(STUDENTS) for c in range(LESSONS) if model.cell_text(r, c) == ""
        ]
        mark_ms = []
        for row, column in rng.sample(empty, MARKS_TO_ENTER):
            index = model.index(row, column)
            start = time.perf_counter()
            ok = model.setData(index, str(rng.randint(1, 10)), Qt.ItemDataRole.EditRole)
            mark_ms.append((time.perf_counter() - start) * 1000)
            assert ok
        view.close()
    print(
        json.dumps(
            {
                "benchmark": "grid",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "python": platform.python_version(),
                "journal": f"{STUDENTS} students x {LESSONS} lessons, {FILL:.0%} marks",
                "open_ms_median": round(statistics.median(open_ms), 1),
                "open_ms_p95": round(sorted(open_ms)[int(len(open_ms) * 0.95) - 1], 1),
                "open_target_ms": 150,
                "marks_entered": MARKS_TO_ENTER,
                "mark_ms_median": round(statistics.median(mark_ms), 2),
                "mark_ms_p95": round(sorted(mark_ms)[int(len(mark_ms) * 0.95) - 1], 2),
                "mark_target_ms": 10,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
