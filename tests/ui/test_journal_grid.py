"""The journal grid as a teacher uses it: typing, Enter and Tab, paste, Delete, refusals."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from eklase_desktop.models import OutboxEntry
from eklase_desktop.models.cache import open_cache
from eklase_desktop.ui.journal.model import JournalModel
from eklase_desktop.ui.journal.view import parse_clipboard
from eklase_desktop.ui.main_window import MainWindow
from tests.school import STUDENT_NAMES, SmallSchool
from tests.ui.conftest import OpenWindow


def go_to(window: MainWindow, row: int, column: int) -> None:
    window.view.setFocus()
    window.view.setCurrentIndex(window.model.index(row, column))


def type_into(qtbot: QtBot, window: MainWindow, text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    qtbot.keyClicks(window.view, text[0])
    editor = window.view.indexWidget(window.view.currentIndex())
    assert editor is not None, "typing a key must open the cell editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)


def test_model_passes_qtmodeltester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.model, force_py=True)


def test_grid_shows_students_lessons_and_period_columns(window: MainWindow) -> None:
    model = window.model
    assert model.rowCount() == len(STUDENT_NAMES)
    # four lessons and a test; I sem., II sem., Gads, Eks., Pēcp., Gads lab.
    assert model.columnCount() == 5 + 6
    first, last = STUDENT_NAMES[0]
    assert model.headerData(0, Qt.Orientation.Vertical) == f"1. {last} {first}"
    assert model.headerData(5, Qt.Orientation.Horizontal) == "I sem."
    assert model.headerData(8, Qt.Orientation.Horizontal) == "Eks."
    assert model.headerData(9, Qt.Orientation.Horizontal) == "Pēcp."
    assert model.headerData(10, Qt.Orientation.Horizontal) == "Gads lab."
    assert model.headerData(0, Qt.Orientation.Horizontal).startswith("01.09.")


def test_typing_a_mark_and_enter_commits_and_moves_down(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 0, 0)
    type_into(qtbot, window, "8")
    qtbot.waitUntil(lambda: window.model.cell_text(0, 0) == "8")
    assert window.view.currentIndex().row() == 1
    assert window.view.currentIndex().column() == 0


def test_typing_replaces_what_was_there(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 0, 0)
    type_into(qtbot, window, "n")
    qtbot.waitUntil(lambda: window.model.cell_text(0, 0) == "n")
    go_to(window, 0, 0)
    type_into(qtbot, window, "7")
    qtbot.waitUntil(lambda: window.model.cell_text(0, 0) == "7")


def test_tab_commits_and_moves_right(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 1, 1)
    type_into(qtbot, window, "k", Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.model.cell_text(1, 1) == "k")
    assert (window.view.currentIndex().row(), window.view.currentIndex().column()) == (1, 2)


def test_absence_goes_in_the_same_cell_as_the_mark(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 2, 4)  # the test lesson
    type_into(qtbot, window, "n nv")
    qtbot.waitUntil(lambda: window.model.cell_text(2, 4) == "n nv")
    assert window.model.data(window.model.index(2, 4), Qt.ItemDataRole.BackgroundRole) is not None


def test_invalid_mark_is_refused_with_a_latvian_message(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 0, 0)
    type_into(qtbot, window, "11")
    qtbot.waitUntil(lambda: "11" in window.statusBar().currentMessage())
    assert "nav vērtējums" in window.statusBar().currentMessage()
    assert window.model.cell_text(0, 0) == ""
    assert window.view.currentIndex().row() == 0  # stays on the cell to be typed again


def test_paste_a_block_fills_the_cells(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("7\t8\nn\t9\r\n")
    go_to(window, 1, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    texts = [[window.model.cell_text(r, c) for c in (0, 1)] for r in (1, 2)]
    assert texts == [["7", "8"], ["n", "9"]]


def test_paste_with_one_bad_value_saves_none(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("7\t8\nn\t99\n")
    go_to(window, 0, 0)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert all(window.model.cell_text(r, c) == "" for r in (0, 1) for c in (0, 1))
    assert "99" in window.statusBar().currentMessage()
    assert "Nekas" in window.statusBar().currentMessage()


def test_paste_past_the_edge_saves_none(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("7\n8\n9\n")
    go_to(window, 2, 0)  # only two rows below
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.model.cell_text(2, 0) == "" and window.model.cell_text(3, 0) == ""
    assert "neietilpst" in window.statusBar().currentMessage()


def test_delete_clears_the_selected_cells(qtbot: QtBot, window: MainWindow) -> None:
    window.model.write_block(0, 0, [["5", "6"], ["n", "k"]])
    go_to(window, 0, 0)
    window.view.selectionModel().select(
        window.model.index(1, 1), window.view.selectionModel().SelectionFlag.Select
    )
    window.view.setSelection(
        window.view.visualRect(window.model.index(0, 0)).united(
            window.view.visualRect(window.model.index(1, 1))
        ),
        window.view.selectionModel().SelectionFlag.ClearAndSelect,
    )
    asked: list[str] = []
    window.view.confirm = lambda question: asked.append(question) or True  # type: ignore[func-returns-value]
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert all(window.model.cell_text(r, c) == "" for r in (0, 1) for c in (0, 1))
    assert len(asked) == 1 and "2 esoši" in asked[0]  # two marks replaced: asked first


def test_period_mark_column(qtbot: QtBot, window: MainWindow) -> None:
    go_to(window, 0, 5)
    type_into(qtbot, window, "9")
    qtbot.waitUntil(lambda: window.model.cell_text(0, 5) == "9")


def test_values_are_there_after_reopening(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool, cache_path
) -> None:  # type: ignore[no-untyped-def]
    first = open_window(school.factory, course=school.maths)
    first.model.write_block(0, 0, [["9", "n"], ["k 6", "i"]])
    first.close()
    school.factory.kw["bind"].dispose()
    again = open_window(open_cache(cache_path), course=school.maths)
    assert [[again.model.cell_text(r, c) for c in (0, 1)] for r in (0, 1)] == [
        ["9", "n"],
        ["k 6", "i"],
    ]


def test_waiting_changes_are_counted_in_the_status_bar(qtbot: QtBot, window: MainWindow) -> None:
    window.model.write_block(0, 0, [["8"]])
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 1"


def test_clipboard_parsing() -> None:
    assert parse_clipboard("1\t2\n3\t4\n") == [["1", "2"], ["3", "4"]]
    assert parse_clipboard("a\r\nb") == [["a"], ["b"]]
    assert parse_clipboard("") == []


def test_weekend_lesson_column_stands_out(school: SmallSchool, window: MainWindow) -> None:
    saturday = window.workspace.editor.add_lesson(school.maths, dt.date(2026, 9, 19))
    column = window.model.insert_lesson(saturday)
    model: JournalModel = window.model
    assert model.data(model.index(0, column), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_opened_journal_takes_the_keyboard(window: MainWindow) -> None:
    # The teacher can type a mark as soon as the journal is shown, on its latest lesson.
    assert window.view.hasFocus()
    assert window.view.currentIndex().column() == 4


def test_fast_typing_loses_no_keystroke(qtbot: QtBot, window: MainWindow) -> None:
    # Keys arrive faster than the event loop turns: each goes to whatever has the keyboard
    # now (an open editor, else the grid), with no event processing in between.
    go_to(window, 0, 0)
    for key in "7\r8\r9\rn\r":
        current = window.view.currentIndex()
        target = window.view.indexWidget(current) or window.view
        if key == "\r":
            qtbot.keyClick(target, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(target, key)
    assert [window.model.cell_text(row, 0) for row in range(4)] == ["7", "8", "9", "n"]


def test_a_remembered_course_of_another_teacher_falls_back_to_the_first(
    open_window: OpenWindow, school: SmallSchool
) -> None:
    other = open_window(school.factory, username="skolotajs2", course=school.maths)
    assert other.model.snapshot is not None
    assert other.model.snapshot.course.name == "Latviešu valoda 7.a"
    assert other.add_lesson_button.isEnabled()


@pytest.mark.today("2026-09-08")
def test_a_student_who_left_is_greyed_after_the_day(
    open_window: OpenWindow, school: SmallSchool
) -> None:
    """SPEC C2: the office still sees the history; the lessons after the order are grey and
    the name is muted, the day in its tooltip."""
    from eklase_desktop.domain.orders import OrderDetails, OrderKind
    from eklase_desktop.services.people import People
    from eklase_desktop.ui import colours

    People(school.factory, school.actor("vietnieks")).order(
        school.students[0], OrderDetails(OrderKind.EXPULSION, "1-12/9", dt.date(2026, 9, 8))
    )
    window = open_window(school.factory, "vietnieks", school.maths)
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.student_id(r) == school.students[0])
    before, after = (
        model.column_of_lesson(school.maths_lessons[1]),
        model.column_of_lesson(school.maths_lessons[2]),
    )  # 3 and 8 September
    assert model.index(row, before).data(Qt.ItemDataRole.BackgroundRole) != colours.NOT_HELD
    assert model.index(row, after).data(Qt.ItemDataRole.BackgroundRole) == colours.NOT_HELD
    tip = model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Kursā līdz 07.09.2026 (rīkojums)"


def test_the_journal_list_filters_as_one_types(
    open_window: OpenWindow, school: SmallSchool
) -> None:
    """About 150 journals on the deputy's list: typing narrows it, case and diacritics
    aside, every word counted."""
    window = open_window(school.factory, "vietnieks", school.maths)
    shown = lambda: [  # noqa: E731
        window.courses.item(r).text().split("\n")[0]
        for r in range(window.courses.count())
        if not window.courses.item(r).isHidden()
    ]
    everything = shown()
    assert len(everything) >= 4
    window.course_filter.setText("matematika 7")
    assert shown() == ["Matemātika 7.a"]
    window.course_filter.setText("KLAVIER")
    assert shown() == ["Klavierspēle — Līga Šmite"]
    window.course_filter.clear()
    assert shown() == everything


def test_quitting_closes_every_window_of_the_session(
    open_window: OpenWindow, school: SmallSchool
) -> None:
    """*Iziet* on a shared laptop: the next person sees none of the tutor's windows."""
    from eklase_desktop.ui.school.classes import SubjectsWindow

    window = open_window(school.factory, "vietnieks", school.maths)

    other = window.record_windows[SubjectsWindow] = SubjectsWindow(window.workspace)
    other.show()
    assert other.isVisible()
    window.close()
    assert not other.isVisible() and not window.isVisible()


def test_the_average_column_shows_and_hides_and_takes_no_typing(
    qtbot: QtBot, window: MainWindow
) -> None:
    model = window.model
    for column, text in ((0, "7"), (1, "n 8"), (2, "i"), (4, "10")):
        assert model.setData(model.index(0, column), text, Qt.ItemDataRole.EditRole)
    columns = model.columnCount()
    window.average_action.setChecked(True)
    assert model.columnCount() == columns + 1
    assert model.headerData(columns, Qt.Orientation.Horizontal) == "Vid."
    assert model.data(model.index(0, columns)) == "8,33"  # 7, 8, 10: i does not count
    assert model.data(model.index(1, columns)) == ""
    assert not model.flags(model.index(0, columns)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.error) as refused:
        model.setData(model.index(0, columns), "5", Qt.ItemDataRole.EditRole)
    assert "aprēķina" in refused.args[0]
    assert window.workspace.settings.get("show_average") == "1"
    window.average_action.setChecked(False)
    assert model.columnCount() == columns


def test_a_corrected_year_mark_follows_a_post_examination(qtbot: QtBot, window: MainWindow) -> None:
    model = window.model
    post, corrected = 9, 10
    with qtbot.waitSignal(model.error) as refused:
        model.setData(model.index(0, corrected), "5", Qt.ItemDataRole.EditRole)
    assert "pēc pēcpārbaudījuma" in refused.args[0]
    with qtbot.waitSignal(model.error):
        model.setData(model.index(0, post), "atb", Qt.ItemDataRole.EditRole)  # a real mark
    assert model.setData(model.index(0, 7), "6", Qt.ItemDataRole.EditRole)  # passing
    with qtbot.waitSignal(model.error) as refused:  # no post-examination to raise it
        model.setData(model.index(0, post), "9", Qt.ItemDataRole.EditRole)
    assert "nepietiekamu gada vērtējumu" in refused.args[0]
    assert model.setData(model.index(0, 7), "3", Qt.ItemDataRole.EditRole)  # the year mark
    assert model.setData(model.index(0, post), "5", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(0, corrected), "5", Qt.ItemDataRole.EditRole)
    assert model.data(model.index(0, 7)) == "3"  # the original is kept beside it


def test_undo_and_redo_a_paste_and_a_deletion_as_new_edits(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    model, view = window.model, window.view
    window.view.setFocus()
    assert model.setData(model.index(0, 0), "7", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(1, 0), "8", Qt.ItemDataRole.EditRole)
    asked: list[str] = []
    view.confirm = lambda question: asked.append(question) or True  # type: ignore[func-returns-value]
    QGuiApplication.clipboard().setText("4\n5\n6\n")
    view.setCurrentIndex(model.index(0, 0))
    view.paste()  # a wrong paste over two marks: it asks first
    assert asked and "2 esoši vērtējumi" in asked[0]
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["4", "5", "6"]

    def outbox() -> int:
        with school.factory() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)

    sent = outbox()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["7", "8", ""]
    assert outbox() == sent + 3  # undone as three new edits, nothing rewritten
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["4", "5", "6"]
    window.undo()
    view.setCurrentIndex(model.index(0, 0))
    view.selectionModel().select(
        model.index(0, 0), view.selectionModel().SelectionFlag.ClearAndSelect
    )
    view.confirm = lambda question: False  # "no": a Delete over one mark asks nothing
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert model.data(model.index(0, 0)) == ""
    window.undo()
    assert model.data(model.index(0, 0)) == "7"
    window.undo()  # the paste was undone already: next comes the 8 typed before it
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["7", ""]


def test_two_lessons_on_one_day_are_told_apart(
    qtbot: QtBot, open_window: OpenWindow, school: SmallSchool
) -> None:
    from eklase_desktop.services.editing import JournalEditor
    from eklase_desktop.ui.lesson_panel import details_of

    editor = JournalEditor(school.factory, school.actor("skolotajs1"))
    existing = editor.add_lesson(school.maths, dt.date(2026, 9, 1))
    editor.update_lesson(existing.id, replace(details_of(existing), number=2))
    added = editor.add_lesson(school.maths, dt.date(2026, 9, 1))  # no number yet
    window = open_window(school.factory, course=school.maths)
    headers = [str(window.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(3)]
    assert all(header.startswith("01.09.") for header in headers)
    assert ["·1" in headers[0], "·2" in headers[1], "·3" in headers[2]] == [True] * 3
    # the one just added comes after those with their number of the day, not before them
    assert window.model.lesson_at(2).id == added.id  # type: ignore[union-attr]


def test_a_paste_with_a_bad_value_is_refused_before_asking(
    qtbot: QtBot, window: MainWindow
) -> None:
    model, view = window.model, window.view
    assert model.setData(model.index(0, 0), "7", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(1, 0), "8", Qt.ItemDataRole.EditRole)
    QGuiApplication.clipboard().setText("4\n11\n")
    view.setCurrentIndex(model.index(0, 0))  # (window.view.confirm raises if it asks)
    with qtbot.waitSignal(model.error) as refused:
        view.paste()
    assert "«11»" in refused.args[0] and "Nekas no bloka netika saglabāts" in refused.args[0]
    # whole, under the grid, where the status bar would cut it
    assert window.problem.isVisibleTo(window) and window.problem.text() == refused.args[0]
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["7", "8"]


def test_the_window_fits_the_screen(window: MainWindow) -> None:
    free = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= free.height()
    assert window.width() <= free.width()
