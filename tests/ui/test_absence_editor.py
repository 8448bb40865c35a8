"""The tutor's absence editor with real widgets (SPEC T2): select a student's days, justify
them from a note, see the codes and counts change, withdraw the note."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidgetSelectionRange
from pytestqt.qtbot import QtBot

from eklase_desktop.domain.attendance import Justification
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.editing import CellEdit, JournalEditor
from eklase_desktop.ui import absences
from eklase_desktop.ui.absences import COUNT_COLUMNS, AbsenceEditor, NoteDialog
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import LESSON_DAYS, SmallSchool


@pytest.fixture
def editor(qtbot: QtBot, school: SmallSchool) -> Iterator[AbsenceEditor]:
    JournalEditor(school.factory, school.actor("skolotajs1")).write_cells(
        school.maths,
        [CellEdit(school.students[0], lesson, "n") for lesson in school.maths_lessons[:3]],
    )
    tasks = TaskRunner()
    widget = AbsenceEditor(
        Workspace.open(school.factory, load_actor(school.factory, "audzinatajs"), tasks)
    )
    qtbot.addWidget(widget)
    widget.show()
    widget.classes.setCurrentIndex(widget.classes.findText("7.a"))
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show_month(2026, 9)
    yield widget
    tasks.shutdown()


def _cell(editor: AbsenceEditor, row: int, day_index: int) -> str:
    assert editor.month is not None
    column = COUNT_COLUMNS + editor.month.days.index(LESSON_DAYS[day_index])
    item = editor.grid.item(row, column)
    return item.text() if item else ""


def _counts(editor: AbsenceEditor, row: int) -> list[str]:
    assert editor.month is not None
    return [editor.grid.item(row, i).text() for i in range(COUNT_COLUMNS)]


def test_the_month_shows_codes_counts_and_the_deadline(editor: AbsenceEditor) -> None:
    assert editor.month_label.text() == "Septembris 2026"
    assert [_cell(editor, 0, i) for i in range(3)] == ["n", "n", "n"]
    assert _counts(editor, 0) == ["3 / 3", "0 / 0", "0 / 0"]
    assert "30.09.2026" in editor.deadline.text()
    assert editor.grid.verticalHeaderItem(0).text() == "Apinīte Alise"
    assert not editor.justify_button.isEnabled()


def test_justifying_a_selected_range_and_withdrawing_the_note(
    editor: AbsenceEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert editor.month is not None
    days = editor.month.days
    first = COUNT_COLUMNS + days.index(LESSON_DAYS[0])
    last = COUNT_COLUMNS + days.index(LESSON_DAYS[1])
    editor.grid.setRangeSelected(QTableWidgetSelectionRange(0, first, 0, last), True)
    assert editor.justify_button.isEnabled()
    chosen: list[NoteDialog] = []

    def accept(dialog: NoteDialog) -> int:
        dialog.reason.setCurrentIndex(dialog.reason.findData(Justification.ILLNESS))
        dialog.comment.setText("Ārsta izziņa par gripu")
        chosen.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteDialog, "exec", accept)
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.justify_button.click()
    assert chosen and chosen[0].details().first_day == LESSON_DAYS[0]
    assert [_cell(editor, 0, i) for i in range(3)] == ["ns", "ns", "n"]
    assert _counts(editor, 0) == ["1 / 1", "2 / 2", "0 / 0"]
    assert editor.notes_table.rowCount() == 1
    assert editor.notes_table.item(0, 5).text() == "Ārsta izziņa par gripu"
    assert editor.notes_table.item(0, 6).text() == "spēkā"

    editor.notes_table.selectRow(0)
    monkeypatch.setattr(
        absences.QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes
    )
    with qtbot.waitSignal(editor.loaded, timeout=10_000):
        editor.withdraw_button.click()
    assert [_cell(editor, 0, i) for i in range(3)] == ["n", "n", "n"]
    assert editor.notes_table.item(0, 6).text() == "atsaukta"


def test_a_bad_note_shows_a_latvian_message_and_changes_nothing(
    editor: AbsenceEditor, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert editor.month is not None
    column = COUNT_COLUMNS + editor.month.days.index(LESSON_DAYS[0])
    editor.grid.setRangeSelected(QTableWidgetSelectionRange(0, column, 0, column), True)

    def backwards(dialog: NoteDialog) -> int:
        dialog.first.setDate(dialog.last.date().addDays(3))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteDialog, "exec", backwards)
    editor.justify_button.click()
    qtbot.waitUntil(lambda: bool(editor.message.text()), timeout=10_000)
    assert "pirms pirmās" in editor.message.text()
    assert editor.notes_table.rowCount() == 0 and _cell(editor, 0, 0) == "n"
