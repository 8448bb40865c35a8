"""The Darba uzskaite window with real widgets (SPEC K1, J6, J15): the concertmaster answers
the week's lessons with a click, goes from week to week and to an unfinished one; a teacher
adds a consultation through the dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from eklase_desktop.domain.work_records import WorkKind, WorkRecord
from eklase_desktop.models import Course
from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from eklase_desktop.ui.work_records import RecordDialog, WorkRecordsWindow, short_names
from tests.school import SmallSchool, add_staff

pytestmark = pytest.mark.today("2026-09-09")  # the Wednesday of the second lesson week
Opener = Callable[[str], WorkRecordsWindow]


@pytest.fixture
def open_window(qtbot: QtBot, school: SmallSchool) -> Iterator[Opener]:
    staff = add_staff(school.factory, "koncertmeistars", "concertmaster", "Olga", "Ozola")
    with school.factory.begin() as session:
        session.execute(
            update(Course).where(Course.id == school.piano).values(concertmaster_id=staff)
        )
    runners: list[TaskRunner] = []

    def opener(username: str) -> WorkRecordsWindow:
        tasks = TaskRunner()
        runners.append(tasks)
        actor = load_actor(school.factory, username)
        window = WorkRecordsWindow(Workspace.open(school.factory, actor, tasks))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.show()
        return window

    yield opener
    for tasks in runners:
        tasks.shutdown()


def _texts(window: WorkRecordsWindow, column: int) -> list[str]:
    table = window.week_table
    return [table.item(row, column).text() for row in range(table.rowCount())]  # type: ignore[union-attr]


def test_the_concertmaster_answers_the_week_and_finds_the_late_one(
    qtbot: QtBot, open_window: Opener
) -> None:
    window = open_window("koncertmeistars")
    assert window.week_tab is not None and window.tabs.currentWidget() is window.week_tab
    assert window.week_title.text() == "2026. g. 7. sept. – 13. sept."
    assert _texts(window, 0) == ["08.09.2026", "10.09.2026"]
    assert _texts(window, 6) == ["nav ierakstīts", "nav ierakstīts"]
    # the week before is overdue and listed
    assert window.overdue_weeks.count() == 2 and window.overdue_weeks.itemText(0) == "1 nedēļa"

    window.week_table.selectRow(0)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.accompanied_button, Qt.MouseButton.LeftButton)
    assert _texts(window, 6) == ["pavadīta", "nav ierakstīts"]
    assert _texts(window, 5)[0] == "1"

    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.overdue_weeks.activated.emit(1)  # the late week
    assert window.week_title.text() == "2026. g. 31. aug. – 6. sept."
    assert "Neatzīmētas stundas: 2." in window.due_label.text()
    window.week_table.selectAll()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.not_accompanied_button, Qt.MouseButton.LeftButton)
    assert _texts(window, 6) == ["nepavadīta", "nepavadīta"]
    assert window.overdue_weeks.itemText(0) == "nav"

    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.week_title.text() == "2026. g. 7. sept. – 13. sept."


def test_a_refused_entry_says_why_and_changes_nothing(
    qtbot: QtBot, open_window: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window("koncertmeistars")

    def accept(dialog: RecordDialog) -> int:
        dialog.topic.setText("Mēģinājums")
        dialog.hours.setText("1,3")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", accept)
    qtbot.mouseClick(window.add_other_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "0,25" in window.message.text(), timeout=10_000)
    assert window.week is not None and window.week.other == ()


def test_a_teacher_adds_a_consultation(
    qtbot: QtBot, open_window: Opener, monkeypatch: pytest.MonkeyPatch, school: SmallSchool
) -> None:
    window = open_window("skolotajs1")
    assert window.week_tab is None and window.tabs.currentWidget() is window.records_tab

    def accept(dialog: RecordDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(WorkKind.CONSULTATION))
        dialog.classes.setCurrentIndex(dialog.classes.findText("7.a"))
        dialog.students.item(0).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
        dialog.topic.setText("Daļskaitļi")
        dialog.text.setPlainText("Atkārtojām saīsināšanu")
        dialog.hours.setText("1,5")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", accept)
    window.first_day.setDate(dt.date(2026, 9, 1))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    table = window.records_table
    assert table.rowCount() == 1
    row = [table.item(0, column).text() for column in range(table.columnCount())]  # type: ignore[union-attr]
    assert row[1:7] == [
        "Konsultācija",
        "Apinīte Alise",
        "",  # no course
        "Daļskaitļi",
        "Atkārtojām saīsināšanu",
        "1,5",
    ]
    assert window.total.text() == "Ierakstu: 1; kopā 1,5 h."


def test_editing_an_accompanied_lesson_keeps_its_course(
    qtbot: QtBot, open_window: Opener, monkeypatch: pytest.MonkeyPatch, school: SmallSchool
) -> None:
    window = open_window("koncertmeistars")
    seen: list[object] = []

    def accept(dialog: RecordDialog) -> int:
        seen.append(dialog.course.currentData())
        dialog.hours.setText("1,5")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", accept)
    window.week_table.selectRow(0)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.edit_week_row()
    assert seen == [school.piano]  # an equal UUID, not the same object
    assert window.week_table.item(0, 5).text() == "1,5"  # type: ignore[union-attr]


def test_other_work_is_in_date_order_among_the_lessons(
    qtbot: QtBot, open_window: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window("koncertmeistars")

    def accept(dialog: RecordDialog) -> int:
        dialog.day.setDate(dt.date(2026, 9, 9))
        dialog.topic.setText("Kopmēģinājums")
        for row in range(dialog.students.count()):
            dialog.students.item(row).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", accept)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.add_other_button, Qt.MouseButton.LeftButton)
    assert _texts(window, 0) == ["08.09.2026", "09.09.2026", "10.09.2026"]
    assert _texts(window, 6) == ["nav ierakstīts", "cits darbs", "nav ierakstīts"]


def test_a_joint_rehearsal_names_two_students_and_counts_the_rest() -> None:
    names = "Ābele Anna, Bērziņš Jānis, Kalniņa Ieva, Ozols Pēteris"
    assert short_names(names) == "Ābele Anna, Bērziņš Jānis + vēl 2"
    assert short_names("Ābele Anna, Bērziņš Jānis, Kalniņa Ieva") == (
        "Ābele Anna, Bērziņš Jānis, Kalniņa Ieva"
    )  # "+ vēl 1" would save nothing
    assert short_names("") == ""


def test_the_deputy_and_the_director_read_the_concertmasters_records(
    qtbot: QtBot, open_window: Opener, school: SmallSchool
) -> None:
    concertmaster = open_window("koncertmeistars")
    concertmaster.week_table.selectRow(0)
    with qtbot.waitSignal(concertmaster.loaded, timeout=10_000):
        qtbot.mouseClick(concertmaster.accompanied_button, Qt.MouseButton.LeftButton)
    add_staff(school.factory, "direktors", "director", "Pēteris", "Kalns")
    for username in ("vietnieks", "direktors"):
        window = open_window(username)
        assert window.records_tab is not None and window.week_tab is None
        assert window.tabs.tabText(0) == "Visi ieraksti"
        window.first_day.setDate(dt.date(2026, 9, 1))
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.everyone.setChecked(True)  # already, for the director: then reload
            window.reload()
        kinds = [
            window.records_table.item(r, 1).text() for r in range(window.records_table.rowCount())
        ]  # type: ignore[union-attr]
        assert kinds == ["Koncertmeistara darbs"], username
        assert window.records_table.item(0, 7).text() == "Ozola Olga"  # type: ignore[union-attr]
        assert window.records_table.item(0, 3).text().startswith("Klavierspēle")  # type: ignore[union-attr]
        assert window.add_button.isHidden() == (username == "direktors")


def test_the_dialog_stays_open_with_the_typed_text_on_a_wrong_value(
    qtbot: QtBot, open_window: Opener
) -> None:
    window = open_window("koncertmeistars")
    dialog = RecordDialog(
        window, window.log, WorkRecord(WorkKind.ACCOMPANIMENT, dt.date(2026, 9, 9)), window.kinds
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.topic.setText("Mēģinājums")
    dialog.text.setPlainText("Kopmēģinājums ar kori")
    dialog.hours.setText("1,3")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "0,25" in dialog.error.text()
    assert dialog.text.toPlainText() == "Kopmēģinājums ar kori"  # nothing typed is lost
    dialog.hours.setText("1,5")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
