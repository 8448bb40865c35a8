"""Mani kavētie ieraksti with real widgets (SPEC J1, J8): the status bar counts them, the
list opens the journal at the lesson to fix, and after 15:00 on a working day the first
start says what today still lacks — once a day."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from eklase_desktop.services.editing import JournalEditor
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.overdue import OverdueWindow
from tests.school import SmallSchool
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.today("2026-09-22T17:30")


@pytest.fixture
def late_lesson(school: SmallSchool) -> object:
    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    editor.set_programme(school.piano, 1, "Etīdes")  # not what these tests are about
    return editor.add_lesson(school.maths).id  # today, no topic: late after 17:00


def test_the_list_opens_the_journal_at_the_lesson(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool, late_lesson: object
) -> None:
    window: MainWindow = open_window(school.factory, course=school.grade2)
    qtbot.waitUntil(lambda: window.overdue.button.isVisible(), timeout=10_000)
    # and the marks of the test of 15 September are due tonight
    assert window.overdue.button.text() == "1 nokavēts, 1 jāieraksta šodien"
    window.overdue.reminder = None
    window.show_overdue()
    overdue = window.record_windows[OverdueWindow]
    assert isinstance(overdue, OverdueWindow)
    qtbot.waitUntil(lambda: overdue.table.rowCount() == 2, timeout=10_000)
    assert overdue.table.item(1, 0).text() == "šodien 23:59"  # type: ignore[union-attr]
    assert overdue.table.item(0, 2).text() == "Matemātika 7.a"  # type: ignore[union-attr]
    assert overdue.table.item(0, 3).text() == "Stunda 22.09.: nav tēmas"  # type: ignore[union-attr]
    overdue.table.selectRow(0)
    with qtbot.waitSignal(window.journal_loaded, timeout=10_000):
        qtbot.mouseClick(overdue.open_button, Qt.MouseButton.LeftButton)
    assert window.model.snapshot is not None and window.model.snapshot.course.id == school.maths
    qtbot.waitUntil(
        lambda: (
            window.model.lesson_at(window.view.currentIndex().column()) is not None
            and window.model.lesson_at(window.view.currentIndex().column()).id == late_lesson
        ),  # type: ignore[union-attr]
        timeout=5_000,
    )
    header = str(
        window.model.headerData(window.view.currentIndex().column(), Qt.Orientation.Horizontal)
    )
    assert header.endswith("!")


def test_after_15_the_first_start_says_what_today_lacks_once(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool, late_lesson: object
) -> None:
    window = open_window(school.factory)
    qtbot.waitUntil(lambda: window.overdue.reminder is not None, timeout=10_000)
    assert window.overdue.reminder is not None
    lines = window.overdue.reminder.text().splitlines()
    assert lines[0] == "1 nokavēts, 1 jāieraksta šodien:"
    # what falls due today first, with its hour; then what is already late, since when
    assert (
        lines[1] == "• šodien līdz 23:59 — Matemātika 7.a: Pārbaudes darbs 15.09.: 4 bez vērtējuma"
    )
    assert lines[2] == "• nokavēts kopš 22.09.2026 — Matemātika 7.a: Stunda 22.09.: nav tēmas"
    window.overdue.reminder.close()
    assert window.workspace.settings.get("reminded_on") == "2026-09-22"
    again = open_window(school.factory)
    qtbot.waitUntil(lambda: again.overdue.button.isVisible(), timeout=10_000)
    assert again.overdue.reminder is None  # once a day
