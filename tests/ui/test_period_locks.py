"""Period locks with real widgets (DOMAIN: period locks): the deputy closes September in the
locks window and reopens it; a teacher typing a September mark in the grid is asked for the
reason — a cancelled question saves nothing, a given reason goes with the change — and, by
the other school rule, is told the deputy must reopen it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from eklase_desktop.domain.period_locks import LockDetails, LockScope
from eklase_desktop.domain.statistics import LateChanges, SchoolRules
from eklase_desktop.models import OutboxEntry
from eklase_desktop.services.period_locks import PeriodLocks
from eklase_desktop.services.reporting.statistics import SchoolStatistics
from eklase_desktop.ui.period_locks import LockDialog, PeriodLocksWindow
from tests.school import SmallSchool
from tests.ui.conftest import OpenRecords, OpenWindow
from tests.ui.test_school_windows import answer, cells


@pytest.fixture
def locks_window(open_records: OpenRecords, school: SmallSchool) -> PeriodLocksWindow:
    return open_records(PeriodLocksWindow, school.factory, "vietnieks")  # type: ignore[no-any-return]


def _close_september(monkeypatch: pytest.MonkeyPatch, window: PeriodLocksWindow) -> None:
    def september(dialog: Any) -> None:
        labels = [dialog.period.itemText(i) for i in range(dialog.period.count())]
        assert labels[:2] == ["I semestris", "II semestris"]
        assert labels[1 + 1] == "2026. gada septembris"
        assert dialog.period.currentText() == "2026. gada oktobris"  # the month before
        dialog.period.setCurrentIndex(2)
        assert dialog.scope.itemText(0) == "visa skola"

    answer(monkeypatch, LockDialog, september)


def test_the_deputy_closes_and_reopens_september(
    qtbot: QtBot, locks_window: PeriodLocksWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert locks_window.table.rowCount() == 0 and locks_window.add_button.isVisible()
    _close_september(monkeypatch, locks_window)
    with qtbot.waitSignal(locks_window.loaded, timeout=10_000):
        locks_window.add_button.click()
    assert cells(locks_window, 0) == ["2026. gada septembris"]
    assert cells(locks_window, 1) == ["01.09.2026.–30.09.2026."]
    assert cells(locks_window, 2) == ["visa skola"]
    assert cells(locks_window, 4) == ["slēgts (vēl nav nosūtīts)"]
    locks_window.table.selectRow(0)
    with qtbot.waitSignal(locks_window.loaded, timeout=10_000):
        locks_window.edit_button.click()
    assert cells(locks_window, 4) == ["atvērts (vēl nav nosūtīts)"]


@pytest.mark.today("2026-11-04T10:00")
def test_a_teacher_is_asked_why(open_window: OpenWindow, school: SmallSchool, qtbot: QtBot) -> None:
    PeriodLocks(school.factory, school.actor("vietnieks")).close(
        LockDetails(LockScope.SCHOOL, dt.date(2026, 9, 1), dt.date(2026, 9, 30), "septembris")
    )
    window = open_window(school.factory, course=school.maths)
    model = window.model
    asked: list[str] = []
    model.ask_reason = lambda message: asked.append(message) or None  # the teacher cancels
    with qtbot.waitSignal(model.error) as refused:
        assert not model.write_block(0, 0, [["8"]])
    assert asked and "ierakstiet labojuma iemeslu" in asked[0]
    assert "slēgts" in str(refused.args[0]) and model.cell_text(0, 0) == ""

    model.ask_reason = lambda message: "Darbs uzrakstīts vēlāk"
    assert model.write_block(0, 0, [["8"]]) and model.cell_text(0, 0) == "8"
    with school.factory() as session:
        sent = [row.args for row in session.scalars(select(OutboxEntry))]
    assert sent[-1]["reason"] == "Darbs uzrakstīts vēlāk"

    SchoolStatistics(school.factory, school.actor("vietnieks")).save_rules(
        SchoolRules(3, Decimal("0.5"), 5, LateChanges.REOPEN)
    )
    model.ask_reason = lambda message: pytest.fail("not asked: only the deputy reopens it")
    with qtbot.waitSignal(model.error) as refused:
        assert not model.write_block(0, 0, [["9"]])
    assert "direktora vietnieks to atver" in str(refused.args[0])
