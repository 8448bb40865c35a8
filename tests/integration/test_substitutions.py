"""Substitutions against a real server on SQLite and PostgreSQL (SPEC J4): the deputy names a
substitute for a course for a week; the substitute's laptop gets the course, creates a
lesson in that week and marks it; the server keeps the lesson as the substitute's and
refuses one outside the week; report P5 lists the lesson from the real entries."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from eklase_desktop.domain.report_period import PeriodKind
from eklase_desktop.domain.substitutions import SubstitutionDetails
from eklase_desktop.models import Lesson, Staff
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.reporting import ReportKind, ReportRequest, build_report
from eklase_desktop.services.reporting.common import PeriodChoice
from eklase_desktop.services.substitutions import Substitutions
from eklase_desktop.sync.account import sign_in
from eklase_desktop.ui.main_window import COURSE_ROLE, MainWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner
from tests.integration.laptops import (
    LaptopFactory,
    class_7a,
    database,
    push_one,
    server_session,
)
from tests.integration.servers import ServerProcess

pytestmark = pytest.mark.today("2026-11-09")
MONDAY, FRIDAY = dt.date(2026, 11, 9), dt.date(2026, 11, 13)


def test_a_substitute_week_from_the_deputy_to_report_p5(
    laptops: LaptopFactory, server: ServerProcess
) -> None:
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
        substitute_id = session.scalars(
            select(Staff.id).where(Staff.username == "skolotajs13")
        ).one()
    course, student = ids["latvian"], ids["students"][0]
    deputy = laptops("vietnieks")
    Substitutions(deputy.factory, deputy.actor).save(
        None, SubstitutionDetails(course, substitute_id, MONDAY, FRIDAY)
    )
    assert deputy.sync().pushed["applied"] == 1

    substitute = laptops("skolotajs13")
    assert course in {summary.id for summary in substitute.reader.courses()}
    lesson = substitute.editor.add_lesson(course, dt.date(2026, 11, 10))
    substitute.write(course, lesson.id, student, "9")
    assert substitute.sync().pushed["applied"] == 2
    with database(server.database_url) as session:
        row = session.get(Lesson, lesson.id)
        assert row is not None and row.taught_by_id == substitute_id

    outside = {
        "lesson_id": str(uuid.uuid4()),
        "course_id": str(course),
        "date": "2026-11-16",
    }
    result = push_one(substitute.client, "lesson.create", outside)
    assert result.status == "rejected"

    deputy.sync()
    report = build_report(
        deputy.factory,
        deputy.actor,
        ReportRequest(ReportKind.SUBSTITUTIONS, PeriodChoice(PeriodKind.YEAR)),
    )
    lines = "\n".join(report.text_lines())
    assert "10.11.2026" in lines and "Čakste Valdis" in lines


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the laptop's side
def test_the_open_app_of_the_substitute_lists_the_course_after_a_sync(
    qtbot: QtBot, laptops: LaptopFactory, server: ServerProcess, tmp_path: Path
) -> None:
    """The substitute's window, open while the deputy names them, shows the course at its
    next sync (no restart); a lesson added there counts in the journal's title at once."""
    with server_session(server.database_url) as session:
        ids: dict[str, Any] = class_7a(session)
        substitute_id = session.scalars(
            select(Staff.id).where(Staff.username == "skolotajs13")
        ).one()
    course = ids["latvian"]
    signed = sign_in(tmp_path / "desk", server.url, "skolotajs13", "demo")
    signed.engine.sync()
    tasks, sync = TaskRunner(), SyncController(signed)
    window = MainWindow(
        Workspace.open(signed.factory, load_actor(signed.factory, "skolotajs13"), tasks, sync)
    )
    qtbot.addWidget(window)
    window.show()
    try:
        listed = lambda: {  # noqa: E731
            window.courses.item(row).data(COURSE_ROLE).id for row in range(window.courses.count())
        }
        assert course not in listed()
        deputy = laptops("vietnieks")
        Substitutions(deputy.factory, deputy.actor).save(
            None, SubstitutionDetails(course, substitute_id, MONDAY, FRIDAY)
        )
        deputy.sync()
        with qtbot.waitSignal(sync.finished, timeout=30_000):
            window.sync_now()
        qtbot.waitUntil(lambda: course in listed(), timeout=10_000)
        with qtbot.waitSignal(window.journal_loaded, timeout=10_000):
            window.select_course(course)
        before = window.model.lesson_count
        window.add_lesson()
        assert window.model.lesson_count == before + 1
        assert f", {before + 1} stund" in window.title.text()
    finally:
        sync.shutdown()
        tasks.shutdown()
