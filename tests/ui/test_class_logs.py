"""The class's logs window with real widgets (SPEC T3–T5, J12): each log is a tab with add,
edit, delete and search; a teacher sees only the behaviour journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from eklase_desktop.domain.class_logs import LogKind
from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui import class_logs
from eklase_desktop.ui.class_logs import ClassLogWindow, EntryDialog
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import SmallSchool

Opener = Callable[[str], ClassLogWindow]


@pytest.fixture
def open_logs(qtbot: QtBot, school: SmallSchool) -> Iterator[Opener]:
    runners: list[TaskRunner] = []

    def opener(username: str) -> ClassLogWindow:
        tasks = TaskRunner()
        runners.append(tasks)
        window = ClassLogWindow(
            Workspace.open(school.factory, load_actor(school.factory, username), tasks)
        )
        qtbot.addWidget(window)
        window.show()
        window.classes.setCurrentIndex(window.classes.findText("7.a"))
        qtbot.waitUntil(lambda: window.kind in window.views, timeout=10_000)  # first load
        return window

    yield opener
    for tasks in runners:
        tasks.shutdown()


def _fill(monkeypatch: pytest.MonkeyPatch, fill: Callable[[EntryDialog], None]) -> None:
    def accept(dialog: EntryDialog) -> int:
        fill(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EntryDialog, "exec", accept)


def _rows(window: ClassLogWindow) -> list[list[str]]:
    kind = window.kind
    assert kind is not None
    table = window.tables[kind]
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_the_tutor_adds_edits_finds_and_deletes_a_conversation(
    open_logs: Opener, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_logs("audzinatajs")
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        kind.label for kind in LogKind
    ]
    assert window.kind is LogKind.CONVERSATION

    def talk(dialog: EntryDialog) -> None:
        dialog.with_whom.setText("Māte")
        dialog.title.setText("Sekmes matemātikā")
        dialog.text.setPlainText("Konsultācijas otrdienās.")
        dialog.student.setCurrentIndex(dialog.student.findText("Čakste Jānis"))

    _fill(monkeypatch, talk)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    assert [row[1:5] for row in _rows(window)] == [
        ["Māte", "Čakste Jānis", "Sekmes matemātikā", "Konsultācijas otrdienās."]
    ]
    window.tables[LogKind.CONVERSATION].selectRow(0)
    _fill(monkeypatch, lambda dialog: dialog.title.setText("Sekmes un kavējumi"))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.edit_button.click()
    assert _rows(window)[0][3] == "Sekmes un kavējumi"
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.search.setText("nekas tāds")
    assert _rows(window) == []
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.search.setText("KAVĒJ")
    assert len(_rows(window)) == 1
    window.tables[LogKind.CONVERSATION].selectRow(0)
    monkeypatch.setattr(
        class_logs.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes
    )
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.delete_button.click()
    assert _rows(window) == []


def test_a_briefing_shows_who_has_not_taken_part(
    open_logs: Opener, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_logs("audzinatajs")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.tabs.setCurrentIndex(1)

    def briefing(dialog: EntryDialog) -> None:
        dialog.title.setText("Ugunsdrošība")
        for row in range(3):
            dialog.participants.item(row).setCheckState(Qt.CheckState.Checked)

    _fill(monkeypatch, briefing)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    [row] = _rows(window)
    assert row[1:4] == ["Ugunsdrošība", "3 / 4", "Šmite Līga"]


def test_a_teacher_sees_the_behaviour_journal_and_a_bad_entry_is_refused(
    open_logs: Opener, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_logs("skolotajs1")
    assert window.tabs.count() == 1 and window.kind is LogKind.BEHAVIOUR
    _fill(monkeypatch, lambda dialog: dialog.text.setPlainText("  "))
    window.add_button.click()
    qtbot.waitUntil(lambda: bool(window.message.text()), timeout=10_000)
    assert "skolēnu un aprakstu" in window.message.text() and _rows(window) == []

    def praise(dialog: EntryDialog) -> None:
        dialog.text.setPlainText("Palīdzēja klasesbiedram.")
        dialog.course.setCurrentIndex(dialog.course.findText("Matemātika 7.a"))

    _fill(monkeypatch, praise)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.add_button.click()
    [row] = _rows(window)
    assert row[1:5] == ["Apinīte Alise", "Matemātika 7.a", "pozitīvs", "Palīdzēja klasesbiedram."]
