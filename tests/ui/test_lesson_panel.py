"""The lesson panel: edit and save a lesson, nothing typed lost when moving on, new lessons."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from eklase_desktop.domain import clock
from eklase_desktop.domain.lessons import LessonType
from eklase_desktop.models import Course, Lesson
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.ui.main_window import MainWindow
from tests.school import SmallSchool, add_staff
from tests.ui.conftest import OpenWindow


def select_column(window: MainWindow, column: int) -> None:
    window.view.setCurrentIndex(window.model.index(0, column))


def stored_lessons(school: SmallSchool) -> dict[dt.date, str]:
    snapshot = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.maths)
    return {lesson.date: lesson.topic for lesson in snapshot.lessons}


def test_selecting_a_column_shows_its_lesson(window: MainWindow) -> None:
    select_column(window, 1)
    assert window.lesson_panel.topic.text() == "Tēma 03.09."
    assert window.lesson_panel.date.date() == QDate(2026, 9, 3)
    assert "17:00" in window.lesson_panel.deadline.text()


def test_saving_the_topic_and_homework(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    select_column(window, 1)
    panel = window.lesson_panel
    panel.topic.setText("Daļskaitļu saskaitīšana")  # keyClicks cannot type ļ, ī, š
    panel.homework.setPlainText("Uzd. 5–9, 23. lpp.")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert stored_lessons(school)[dt.date(2026, 9, 3)] == "Daļskaitļu saskaitīšana"
    assert window.statusBar().currentMessage() == "Stunda saglabāta."


def test_moving_to_another_lesson_saves_the_typed_topic(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    select_column(window, 0)
    window.lesson_panel.topic.setText("Skaitļu taisne")
    select_column(window, 2)  # no click on "Saglabāt": the topic must not be lost
    assert stored_lessons(school)[dt.date(2026, 9, 1)] == "Skaitļu taisne"
    assert window.lesson_panel.lesson is not None
    assert window.lesson_panel.lesson.date == dt.date(2026, 9, 8)


def test_closing_the_window_saves_the_typed_topic(window: MainWindow, school: SmallSchool) -> None:
    select_column(window, 0)
    window.lesson_panel.topic.setText("Pēdējais ieraksts")
    window.close()
    assert stored_lessons(school)[dt.date(2026, 9, 1)] == "Pēdējais ieraksts"


def test_closing_saves_an_open_cell_editor(qtbot: QtBot, window: MainWindow) -> None:
    window.view.setFocus()
    window.view.setCurrentIndex(window.model.index(1, 0))
    qtbot.keyClicks(window.view, "9")  # typed, Enter not pressed
    window.close()
    assert window.model.cell_text(1, 0) == "9"


def test_make_up_lesson_needs_its_date(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    select_column(window, 2)
    panel = window.lesson_panel
    panel.lesson_type.setCurrentIndex(panel.lesson_type.findData(LessonType.MAKEUP))
    panel.made_up.setDate(QDate(2026, 9, 20))  # after the lesson itself: refused
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "nav saglabāta" in window.statusBar().currentMessage()
    panel.made_up.setDate(QDate(2026, 9, 2))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Stunda saglabāta."


def test_changing_the_date_moves_the_column(qtbot: QtBot, window: MainWindow) -> None:
    select_column(window, 0)
    window.lesson_panel.date.setDate(QDate(2026, 9, 9))
    qtbot.mouseClick(window.lesson_panel.save_button, Qt.MouseButton.LeftButton)
    dates = [window.model.lesson_at(c).date for c in range(5)]  # type: ignore[union-attr]
    assert dates == sorted(dates) and dt.date(2026, 9, 9) in dates
    assert window.lesson_panel.lesson is not None
    assert window.lesson_panel.lesson.date == dt.date(2026, 9, 9)


def test_new_lesson_is_dated_today(qtbot: QtBot, window: MainWindow) -> None:
    columns = window.model.columnCount()
    qtbot.mouseClick(window.add_lesson_button, Qt.MouseButton.LeftButton)
    assert window.model.columnCount() == columns + 1
    assert window.lesson_panel.lesson is not None
    assert window.lesson_panel.lesson.date == clock.today()
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 1"


def test_making_a_lesson_a_test_gives_the_absent_nv(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    absent = school.students[0]
    window.view.setCurrentIndex(window.model.index(0, 2))
    with qtbot.waitSignal(window.model.saved, timeout=5_000):
        window.model.setData(window.model.index(0, 2), "n", Qt.ItemDataRole.EditRole)
    panel = window.lesson_panel
    assert not panel.test.isChecked() and not panel.test_kind.isEnabled()
    panel.test.setChecked(True)
    panel.test_kind.setCurrentIndex(panel.test_kind.findText("Apjomīgs vai radošs darbs"))
    panel.test_topic.setText("Daļskaitļu projekts")
    assert panel.has_changes()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.data(window.model.index(0, 2)) == "n nv", timeout=10_000)
    header = str(window.model.headerData(2, Qt.Orientation.Horizontal))
    assert header.endswith("PD+") and "08.09." in header
    assert "Pārbaudes darba vērtējumi līdz: 17.09.2026" in panel.deadline.text()  # 7 days
    snapshot = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.maths)
    column = next(lesson for lesson in snapshot.lessons if lesson.date == dt.date(2026, 9, 8))
    assert column.test is not None and column.test.topic == "Daļskaitļu projekts"
    assert snapshot.cells[(absent, column.id)].mark == "nv"


@pytest.mark.today("2026-09-14")
def test_the_programme_button_reminds_until_the_programme_is_there(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool
) -> None:
    window = open_window(school.factory, course=school.piano)
    assert window.programme_button.isVisible()
    assert window.programme_button.text() == "Semestra programma nav ievadīta!"
    window.edit_programme()
    dialog = window.programme_dialog
    assert dialog is not None
    dialog.texts[1].setPlainText("Etīdes un invencijas")
    with qtbot.waitSignal(window.journal_loaded, timeout=10_000, raising=False):
        dialog.accept()
    qtbot.waitUntil(lambda: window.programme_button.text() == "Semestra programma…", timeout=10_000)
    assert "Etīdes un invencijas" in window.programme_button.toolTip()
    with qtbot.waitSignal(window.journal_loaded, timeout=10_000):
        window.select_course(school.maths)
    assert not window.programme_button.isVisible()


def test_quitting_with_an_unsaveable_lesson_asks_discard_or_stay(
    window: MainWindow, school: SmallSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_column(window, 2)
    panel = window.lesson_panel
    panel.lesson_type.setCurrentIndex(panel.lesson_type.findData(LessonType.NOT_HELD))  # no reason
    asked: list[bool] = []

    def stay() -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(window, "discard_unsaved", stay)
    window.close()
    assert asked and window.isVisible()  # Cancel: the window and the typed change stay
    assert panel.has_changes()
    monkeypatch.setattr(window, "discard_unsaved", lambda: True)
    window.close()
    assert not window.isVisible()  # Discard: it quits, the lesson as it was stored
    snapshot = JournalReader(school.factory, school.actor("skolotajs1")).open_journal(school.maths)
    assert snapshot.lessons[2].lesson_type == LessonType.ORDINARY.value


def test_a_journal_the_user_only_reads_offers_no_editing(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool
) -> None:
    """The concertmaster reads the piano journal; a substitute edits only the lesson they
    taught in the maths journal."""
    olga = add_staff(school.factory, "koncertmeistars", "concertmaster", "Olga", "Ozola")
    sub = add_staff(school.factory, "aizvietotajs", "teacher", "Ivars", "Celms")
    with school.factory.begin() as session:
        session.execute(
            update(Course).where(Course.id == school.piano).values(concertmaster_id=olga)
        )
        taught = session.scalars(
            select(Lesson).where(Lesson.course_id == school.maths).order_by(Lesson.date)
        ).all()[1]
        taught.taught_by_id = sub
    window = open_window(school.factory, "koncertmeistars", course=school.piano)
    panel = window.lesson_panel
    select_column(window, 0)
    assert panel.lesson is not None
    assert panel.topic.isReadOnly() and not panel.lesson_type.isEnabled()
    assert "palette(window)" in panel.homework.styleSheet()  # grey: nothing to type in
    assert panel.save_button.isHidden() and panel.delete_button.isHidden()
    assert panel.deadline.text().startswith("Koncertmeistars šo žurnālu tikai lasa")
    assert not window.add_lesson_button.isEnabled()
    model = window.model  # no cell editor opens only to refuse on Enter
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert window.programme_button.text() == "Semestra programma…"  # no red reminder
    window.edit_programme()
    dialog = window.programme_dialog
    assert dialog.texts[1].isReadOnly() and "tikai lasa" in dialog.message.text()
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Ok).isHidden()  # type: ignore[union-attr]
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Aizvērt"  # type: ignore[union-attr]
    dialog.reject()

    window = open_window(school.factory, "aizvietotajs", course=school.maths)
    panel = window.lesson_panel
    select_column(window, 0)  # a lesson someone else taught
    assert panel.topic.isReadOnly() and panel.deadline.text().startswith("Šo žurnālu jūs tikai")
    assert not window.model.flags(window.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert window.model.flags(window.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    select_column(window, 1)  # the one the substitute taught
    assert not panel.topic.isReadOnly() and not panel.save_button.isHidden()
    assert panel.lesson_type.isEnabled() and "tikai" not in panel.deadline.text()

    window = open_window(school.factory, "skolotajs1", course=school.maths)
    select_column(window, 0)
    assert not window.lesson_panel.topic.isReadOnly() and window.add_lesson_button.isEnabled()
    assert window.lesson_panel.topic.styleSheet() == ""
    assert window.model.flags(window.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
