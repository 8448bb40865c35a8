"""Benchmark of the journal grid (issues 2, 15): open a 36 × 200 journal with every period
column (monthly attestations, semesters, year, examination, post-examination, the corrected
year mark and the average), tests and accompanied lessons; enter 1,000 marks.

Prints JSON. The same journal is measured twice, in a plain cache and in an encrypted one
(SQLCipher with an argon2id-derived key, as a signed-in profile is; issue 16): the ratios say
what encryption costs. Targets (issue 15): open ≤ 100 ms median (cache → grid shown); one mark from
the keystroke to committed ≤ 5 ms median. Beside them, from the same run and the same file,
the raw figures the machine allows: a plain ``sqlite3`` read of the same cells, and a plain
commit of one row with its outbox entry; judge a change by the ratio, not the absolute time
(this machine's speed swings). Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python
bench/grid.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.domain.calendar import is_working_day
from eklase_desktop.models import (
    Assessment,
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
    WorkRecord,
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
        concertmaster = Staff(
            school_id=school.id,
            first_name="Olga",
            last_name="Šmite",
            username="koncertmeistars",
            roles="concertmaster",
        )
        session.add_all([year, teacher, concertmaster])
        session.flush()
        session.add_all(
            [
                Semester(
                    school_year_id=year.id,
                    number=1,
                    start=dt.date(2026, 9, 1),
                    end=dt.date(2026, 12, 18),
                    mark_deadline=dt.date(2026, 12, 18),
                ),
                Semester(
                    school_year_id=year.id,
                    number=2,
                    start=dt.date(2027, 1, 4),
                    end=dt.date(2027, 5, 28),
                    mark_deadline=dt.date(2027, 5, 28),
                ),
            ]
        )
        group = ClassGroup(school_year_id=year.id, name="9.a", grade=9, tutor_id=teacher.id)
        # a professional subject: the monthly attestation columns too (SPEC J16)
        subject = Subject(school_id=school.id, name="Klavierspēle", kind="professional")
        session.add_all([group, subject])
        session.flush()
        course = Course(
            school_year_id=year.id,
            subject_id=subject.id,
            class_group_id=group.id,
            name="Klavierspēle 9.a",
            teacher_id=teacher.id,
            concertmaster_id=concertmaster.id,
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
        session.execute(  # every 8th lesson a test (SPEC J7)
            insert(Assessment),
            [
                {"id": cell_id("assessment", lid), "lesson_id": lid, "kind": "test"}
                for lid in lessons[::8]
            ],
        )
        session.execute(  # every other lesson accompanied (SPEC K1)
            insert(WorkRecord),
            [
                {
                    "id": uuid.uuid4(),
                    "kind": "accompaniment",
                    "author_id": concertmaster.id,
                    "day": d,
                    "course_id": course.id,
                    "lesson_id": lid,
                    "students": [],
                    "topic": "Etīde",
                    "text": "",
                    "hours": "1",
                    "entered_at": now,
                }
                for lid, d in list(zip(lessons, days, strict=True))[::2]
            ],
        )
        periods = [f"M2026-{m:02d}" for m in (9, 10, 11, 12)] + ["S1"]
        session.execute(
            insert(PeriodMark),
            [
                {
                    "id": cell_id("period_mark", course.id, s, period),
                    "course_id": course.id,
                    "student_id": s,
                    "period": period,
                    "value": str(rng.randint(4, 10)),
                    "entered_at": now,
                }
                for s in students
                for period in periods
            ],
        )
        return course.id


def raw_read_ms(path: Path, course_id: uuid.UUID) -> float:
    """The same cells read with plain ``sqlite3``: the floor under opening the journal."""
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    key = course_id.hex
    lessons = connection.execute(
        "SELECT id, date, topic FROM lesson WHERE course_id = ? AND deleted = 0 ORDER BY date",
        (key,),
    ).fetchall()
    connection.execute(
        "SELECT m.lesson_id, m.student_id, m.value FROM mark m JOIN lesson l "
        "ON l.id = m.lesson_id WHERE l.course_id = ? AND m.deleted = 0",
        (key,),
    ).fetchall()
    connection.execute(
        "SELECT a.lesson_id, a.student_id, a.presence FROM attendance a JOIN lesson l "
        "ON l.id = a.lesson_id WHERE l.course_id = ? AND a.deleted = 0",
        (key,),
    ).fetchall()
    connection.execute(
        "SELECT student_id, period, value FROM period_mark WHERE course_id = ? AND deleted = 0",
        (key,),
    ).fetchall()
    connection.close()
    assert len(lessons) == LESSONS
    return (time.perf_counter() - start) * 1000


def raw_commit_ms(path: Path, runs: int = 200) -> float:
    """One row and its outbox entry committed with plain ``sqlite3`` in the cache's own
    settings (WAL, ``synchronous=FULL``): the floor under committing a mark."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE raw_cell (id TEXT PRIMARY KEY, value TEXT)")
    connection.execute("CREATE TABLE raw_outbox (seq INTEGER PRIMARY KEY, args TEXT)")
    times = []
    for n in range(runs):
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT OR REPLACE INTO raw_cell VALUES (?, ?)", (str(n), "7"))
        connection.execute("INSERT INTO raw_outbox (args) VALUES (?)", (json.dumps({"n": n}),))
        connection.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    connection.close()
    return statistics.median(times)


def measure(app: QCoreApplication, path: Path, password: str | None) -> dict[str, Any]:
    """Opens the journal OPEN_RUNS times and enters MARKS_TO_ENTER marks in the cache at
    ``path``: plain SQLite, or encrypted with a key derived from ``password``."""
    rng = random.Random(7)
    start = time.perf_counter()
    factory = open_cache(path, password)
    unlock_ms = (time.perf_counter() - start) * 1000  # new file: key derivation + schema
    course_id = build_course(factory, rng)
    actor = load_actor(factory, "bench")
    reader, editor = JournalReader(factory, actor), JournalEditor(factory, actor)
    model = JournalModel()
    model.set_show_average(True)
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
        view.scrollTo(model.index(0, model.columnCount() - 1))
        # the update the load queued paints the grid once, as the teacher sees it (an
        # extra ``repaint()`` here, as before issue 15, painted it twice)
        app.processEvents()
        open_ms.append((time.perf_counter() - start) * 1000)
    empty = [(r, c) for r in range(STUDENTS) for c in range(LESSONS) if model.cell_text(r, c) == ""]
    mark_ms = []
    for row, column in rng.sample(empty, MARKS_TO_ENTER):
        index = model.index(row, column)
        start = time.perf_counter()
        ok = model.setData(index, str(rng.randint(1, 10)), Qt.ItemDataRole.EditRole)
        mark_ms.append((time.perf_counter() - start) * 1000)
        assert ok
    view.close()
    factory.kw["bind"].dispose()
    return {
        "course": course_id,
        "columns": model.columnCount(),
        "unlock_ms": round(unlock_ms, 1),
        "open_ms_median": round(statistics.median(open_ms), 1),
        "open_ms_p95": round(sorted(open_ms)[int(len(open_ms) * 0.95) - 1], 1),
        "mark_ms_median": round(statistics.median(mark_ms), 2),
        "mark_ms_p95": round(sorted(mark_ms)[int(len(mark_ms) * 0.95) - 1], 2),
    }


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        plain = measure(app, path, None)
        encrypted = measure(app, Path(folder) / "encrypted.sqlite", "bench-parole-2026")
        raw_read = statistics.median(raw_read_ms(path, plain["course"]) for _ in range(OPEN_RUNS))
        raw_commit = raw_commit_ms(Path(folder) / "raw.sqlite")
    print(
        json.dumps(
            {
                "benchmark": "grid",
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "python": platform.python_version(),
                "journal": f"{STUDENTS} students x {LESSONS} lessons, {FILL:.0%} marks",
                "columns": plain["columns"],
                "open_ms_median": plain["open_ms_median"],
                "open_ms_p95": plain["open_ms_p95"],
                "open_target_ms": 100,
                "raw_read_ms_median": round(raw_read, 2),
                "open_to_raw_ratio": round(plain["open_ms_median"] / raw_read, 1),
                "marks_entered": MARKS_TO_ENTER,
                "mark_ms_median": plain["mark_ms_median"],
                "mark_ms_p95": plain["mark_ms_p95"],
                "mark_target_ms": 5,
                "raw_commit_ms_median": round(raw_commit, 3),
                "mark_to_raw_ratio": round(plain["mark_ms_median"] / raw_commit, 1),
                # the same journal in an encrypted cache (SQLCipher, issue 16)
                "encrypted": {
                    key: value for key, value in encrypted.items() if key not in ("course",)
                },
                "encrypted_open_ratio": round(
                    encrypted["open_ms_median"] / plain["open_ms_median"], 2
                ),
                "encrypted_mark_ratio": round(
                    encrypted["mark_ms_median"] / plain["mark_ms_median"], 2
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
