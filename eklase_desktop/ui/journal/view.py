"""The journal grid's view and cell editor: spreadsheet keys (DESIGN §6).

Type to replace a cell, F2 or a double click to edit what is there; Enter commits and moves
down to the next student, Tab commits and moves right; Delete clears the selection; Ctrl+V
pastes a rectangular block copied from a spreadsheet, Ctrl+C copies one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from eklase_desktop.i18n import _
from eklase_desktop.ui import colours
from eklase_desktop.ui.journal.model import JournalModel
from eklase_desktop.ui.signals import emit

Index = QModelIndex | QPersistentModelIndex
EndEditHint = QAbstractItemDelegate.EndEditHint


_COMMIT_KEYS = {
    Qt.Key.Key_Return: EndEditHint.SubmitModelCache,
    Qt.Key.Key_Enter: EndEditHint.SubmitModelCache,
    Qt.Key.Key_Tab: EndEditHint.EditNextItem,
    Qt.Key.Key_Backtab: EndEditHint.EditPreviousItem,
}


class CellDelegate(QStyledItemDelegate):
    """A plain line editor; starts empty when the edit began with a typed key."""

    def __init__(self, view: JournalView) -> None:
        super().__init__(view)
        self._view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setMaxLength(20)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText("" if self._view.replacing else str(index.data(Qt.ItemDataRole.EditRole)))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Enter and Tab commit at once. Qt's own delegate commits through a queued call, and
        a key typed before that call runs went into the closing editor and was lost."""
        if isinstance(editor, QLineEdit) and isinstance(event, QKeyEvent):
            hint = _COMMIT_KEYS.get(Qt.Key(event.key()))
            if event.type() == QEvent.Type.KeyPress and hint is not None:
                emit(self.commitData, editor)
                emit(self.closeEditor, editor, hint)
                return True
        return super().eventFilter(editor, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Paints a cell from one ``look`` of the model: its colour, its text, a selection
        tint over the colour (an absence stays visible when selected), the focus frame and
        the sync mark. Qt's own delegate asks the model for each role one by one, which
        made opening a 200-lesson journal twice as slow (bench/grid.py)."""
        model = index.model()
        if not isinstance(model, JournalModel):
            super().paint(painter, option, index)
            return
        text, background, foreground, state = model.look(index.row(), index.column())
        rect = option.rect
        palette = option.palette
        flags = option.state
        painter.save()
        if background is not None:
            painter.fillRect(rect, background)
        selected = bool(flags & QStyle.StateFlag.State_Selected)
        if selected:
            tint = QColor(palette.highlight().color())
            tint.setAlpha(120)
            painter.fillRect(rect, tint)
        if text:
            painter.setPen(foreground or palette.text().color())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if flags & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if state == "conflict":
            painter.setPen(QPen(colours.FAILING, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        elif state == "waiting":  # a small triangle in the top-right corner
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.WAITING)
            corner = rect.topRight()
            painter.drawPolygon([corner, corner - QPoint(7, 0), corner + QPoint(0, 7)])
        painter.restore()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        self._view.last_commit_ok = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


def parse_clipboard(text: str) -> list[list[str]]:
    """A block as spreadsheets copy it: rows by newline, cells by tab; one trailing newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return [line.split("\t") for line in text.split("\n")] if text else []


class JournalView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replacing = False
        self.last_commit_ok = True  # a refused value keeps the cursor on its cell
        self.setItemDelegate(CellDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(46)
        header.setMinimumHeight(40)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.confirm: Callable[[str], bool] = self._ask  # tests answer for the teacher

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Aizstāt vērtējumus"), question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, message: str) -> str | None:
        """Why a mark or an absence of a closed period is changed (kept in the audit and the
        cell's history); None if the teacher cancels."""
        text, given = QInputDialog.getText(
            self, _("Labojums slēgtā periodā"), f"{message}\n\n{_('Labojuma iemesls:')}"
        )
        return text if given else None

    def _write_block(self, top: int, left: int, rows: Sequence[Sequence[str]]) -> None:
        """A block (a paste, a deletion); replacing more than one mark asks first."""
        model = self.journal_model()
        replaced = model.replaced_marks(top, left, rows)
        if replaced > 1 and not model.check_block(top, left, rows):
            return  # refused (said): nothing to ask about
        if replaced > 1:
            question = _("Tiks aizstāti vai izdzēsti {count} esoši vērtējumi. Turpināt?")
            if not self.confirm(question.format(count=replaced)):
                return
        model.write_block(top, left, rows)

    def journal_model(self) -> JournalModel:
        model = self.model()
        assert isinstance(model, JournalModel)
        return model

    def edit(  # type: ignore[override]
        self, index: Index, trigger: Any = None, event: QEvent | None = None
    ) -> bool:
        if trigger is None:
            super().edit(index)
            return True
        self.replacing = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:
        if not self.last_commit_ok:
            self.last_commit_ok = True
            super().closeEditor(editor, EndEditHint.NoHint)
            return
        if hint == EndEditHint.EditNextItem:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._move(0, 1)
            return
        if hint == EndEditHint.EditPreviousItem:
            super().closeEditor(editor, EndEditHint.NoHint)
            self._move(0, -1)
            return
        super().closeEditor(editor, hint)
        if hint == EndEditHint.SubmitModelCache:  # Enter
            self._move(1, 0)

    def show_column(self, column: int) -> None:
        """Makes the first student's cell of ``column`` current and scrolls to it."""
        index = self.journal_model().index(0, column)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)

    def commit_open_editor(self) -> None:
        """Saves what is typed in an open cell editor (before the grid changes or closes)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            super().closeEditor(editor, EndEditHint.NoHint)

    def _move(self, rows: int, columns: int) -> None:
        current = self.currentIndex()
        model = self.model()
        if not current.isValid() or model is None:
            return
        row = min(max(current.row() + rows, 0), model.rowCount() - 1)
        column = min(max(current.column() + columns, 0), model.columnCount() - 1)
        self.setCurrentIndex(model.index(row, column))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_cells()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(1, 0)
                return
            if event.key() == Qt.Key.Key_Tab:
                self._move(0, 1)
                return
            if event.key() == Qt.Key.Key_Backtab:
                self._move(0, -1)
                return
        super().keyPressEvent(event)

    def _selection_box(self) -> tuple[int, int, int, int] | None:
        ranges = self.selectionModel().selection()
        if ranges.size() == 1:
            box = ranges.at(0)
            return box.top(), box.left(), box.bottom(), box.right()
        current = self.currentIndex()
        if not current.isValid():
            return None
        return current.row(), current.column(), current.row(), current.column()

    def paste(self) -> None:
        current = self.currentIndex()
        box = self._selection_box()
        if not current.isValid() or box is None:
            return
        rows = parse_clipboard(QGuiApplication.clipboard().text())
        if rows:
            self._write_block(box[0], box[1], rows)

    def copy(self) -> None:
        box = self._selection_box()
        if box is None:
            return
        top, left, bottom, right = box
        model = self.journal_model()
        lines = [
            "\t".join(model.cell_text(row, column) for column in range(left, right + 1))
            for row in range(top, bottom + 1)
        ]
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def clear_selection_cells(self) -> None:
        box = self._selection_box()
        if box is None:
            return
        top, left, bottom, right = box
        blank = [[""] * (right - left + 1) for _row in range(bottom - top + 1)]
        self._write_block(top, left, blank)
