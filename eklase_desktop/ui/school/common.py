"""What the *Skola* windows share: a table of records with *Pievienot…*, *Labot…* (or a
double click) and *Dzēst*, loaded and written through the task runner; a form dialog that
checks what was typed before it closes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.ui import colours
from eklase_desktop.ui.absences import python_date
from eklase_desktop.ui.records import RecordWindow, save_cancel
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

ID_ROLE = Qt.ItemDataRole.UserRole
Row = tuple[uuid.UUID, Sequence[str]]


class TableWindow(RecordWindow):
    """A list of one kind of record; subclasses load it and open its dialog."""

    def __init__(
        self, workspace: Workspace, columns: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(workspace, parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_chosen())
        self.table.itemSelectionChanged.connect(self._enable_chosen)
        self.add_button = QPushButton(_("Pievienot…"))
        self.edit_button = QPushButton(_("Labot…"))
        self.delete_button = QPushButton(_("Dzēst"))
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_chosen)
        self.delete_button.clicked.connect(self.delete_chosen)
        self.note = QLabel()  # what went well ("Saglabāts."); refusals are in ``message``
        self.saved.connect(lambda: self.note.setText(_("Saglabāts.")))
        self.top = QHBoxLayout()
        self.top.addStretch(1)
        self.top.addWidget(self.note)
        for button in (self.add_button, self.edit_button, self.delete_button):
            self.top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.resize(900, 560)

    def choose_year(self, years: Sequence[tuple[uuid.UUID, str]]) -> None:
        """A choice of the school's ``years`` (id, name), the latest first, before the
        buttons; choosing one loads its records."""
        self.years = QComboBox()
        for key, name in years:
            self.years.addItem(name, key)
        self.top.insertWidget(0, QLabel(_("Mācību gads")))
        self.top.insertWidget(1, self.years)
        self.years.currentIndexChanged.connect(lambda _index: self.reload())

    def load_year(self, read: Callable[[uuid.UUID], Any], show: Callable[[Any], None]) -> None:
        """Loads the chosen year's records (``read(year)``) and shows them."""
        year = self.year_id
        if year is not None:
            self._load(lambda: read(year), show)

    @property
    def year_id(self) -> uuid.UUID | None:
        value = self.years.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def allow_changes(self, writable: bool) -> None:
        """The director reads; the clerk and the deputy write."""
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(writable)
        self.writable = writable

    def _enable_chosen(self) -> None:
        """*Labot…* and *Dzēst* only with a record chosen."""
        chosen = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def fill(self, rows: list[Row]) -> None:
        self.table.setRowCount(len(rows))
        for row, (key, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, key)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.message.clear()
        self._enable_chosen()
        emit(self.loaded)

    def chosen(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(_("Izvēlieties ierakstu."))
            return None
        item = self.table.item(rows[0].row(), 0)
        key = item.data(ID_ROLE) if item is not None else None
        return key if isinstance(key, uuid.UUID) else None

    def edit_chosen(self) -> None:
        key = self.chosen()
        if key is not None and getattr(self, "writable", False):
            self.edit(key)

    def delete_chosen(self) -> None:
        key = self.chosen()
        if key is None:
            return
        asked = QMessageBox.question(self, _("Dzēst"), _("Dzēst izvēlēto ierakstu?"))
        if asked == QMessageBox.StandardButton.Yes:
            self.delete(key)

    def edit(
        self, key: uuid.UUID | None, dialog: FormDialog | None = None, reason: str = ""
    ) -> None:
        """Opens the record's dialog (``key`` None: a new one) and saves what it gives. A
        refusal of the whole (a name taken, a code someone has) opens it again as it was
        typed, with the reason: nothing typed is lost."""
        dialog = dialog or self.dialog(key)
        dialog.message.setText(reason)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.message.clear()
        self._write(self.saving(key, dialog.value), lambda why: self.edit(key, dialog, why))

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        raise NotImplementedError

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        """The work that stores ``value`` (run off the GUI thread)."""
        raise NotImplementedError

    def delete(self, key: uuid.UUID) -> None:
        raise NotImplementedError


class FormDialog(QDialog):
    """Fields in a form; *Saglabāt* checks them (``check``) and stays open with the reason
    when they are not valid."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self.check: Callable[[], Any] = lambda: None
        self.value: Any = None

    def finish(self) -> None:
        """Adds the message and the buttons below the fields."""
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(lambda _text: self.message.clear())
        self.form.addRow(self.message)
        buttons = save_cancel(self)
        buttons.accepted.disconnect()
        buttons.accepted.connect(self.accept_checked)
        self.form.addRow(buttons)

    def accept_checked(self) -> None:
        try:
            self.value = self.check()
        except DomainError as error:
            self.message.setText(error.message)
            self.adjustSize()
            return
        self.accept()


def date_edit(day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    if day is not None:
        set_day(edit, day)
    return edit


def set_day(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def optional_day(day: dt.date | None, text: str = "") -> tuple[QDateEdit, QCheckBox]:
    """A date that may be left out: a box to tick and the date (today's until ticked)."""
    edit = date_edit(day or clock.today())
    known = QCheckBox(text)
    known.setChecked(day is not None)
    edit.setEnabled(day is not None)
    known.toggled.connect(edit.setEnabled)
    return edit, known


def day_of(edit: QDateEdit) -> dt.date:
    return python_date(edit.date())
