"""The class's phone numbers (SPEC T1): each student with the parents below, the number
edited in place (Enter saves, an empty number clears it), search by name or number."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.services.phones import ClassPhones, Phone, StudentPhones
from eklase_desktop.ui.records import RecordWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit

LINE_ROLE = Qt.ItemDataRole.UserRole
NAME, PHONE = 0, 1


class PhonesWindow(RecordWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(_("Skolēnu un vecāku tālruņi"))
        self.resize(640, 700)
        self.phones = ClassPhones(workspace.factory, workspace.actor)
        self.classes = QComboBox()
        for class_id, name in self.phones.classes():
            self.classes.addItem(name, class_id)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Meklēt vārdu vai numuru…"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Skolēns / vecāks"), _("Tālrunis")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        hint = QLabel(_("Divreiz klikšķiniet uz numura, lai to mainītu; tukšs numurs to dzēš."))
        hint.setStyleSheet("color: #555")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Klase")))
        top.addWidget(self.classes)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self._filling = False
        self.classes.currentIndexChanged.connect(lambda _index: self.reload())
        self.search.textChanged.connect(lambda _text: self.reload())
        self.table.itemChanged.connect(self._edited)
        self.reload()

    def reload(self) -> None:
        class_id, search = self.classes.currentData(), self.search.text()
        if isinstance(class_id, uuid.UUID):
            self._load(lambda: self.phones.of_class(class_id, search), self._fill)

    def _fill(self, entries: list[StudentPhones]) -> None:
        self._filling = True
        lines: list[tuple[Phone, bool]] = []
        for entry in entries:
            lines.append((entry.student, True))
            lines.extend((guardian, False) for guardian in entry.guardians)
        self.table.setRowCount(len(lines))
        bold = QFont()
        bold.setBold(True)
        for row, (line, is_student) in enumerate(lines):
            name = QTableWidgetItem(line.name if is_student else f"    {line.name}")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if is_student:
                name.setFont(bold)
            else:
                name.setForeground(QBrush(QColor("#555")))
            phone = QTableWidgetItem(line.phone)
            phone.setData(LINE_ROLE, line)
            self.table.setItem(row, NAME, name)
            self.table.setItem(row, PHONE, phone)
        self.table.resizeColumnToContents(NAME)
        self._filling = False
        emit(self.loaded)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != PHONE:
            return
        line: Phone = item.data(LINE_ROLE)
        text = item.text()
        if text.strip() == line.phone:
            return

        def stored(phone: Any) -> None:
            self._filling = True
            item.setText(str(phone))
            item.setData(LINE_ROLE, Phone(line.table, line.id, line.name, str(phone)))
            self._filling = False
            self.message.clear()
            emit(self.saved)
            emit(self.loaded)

        def refused(error: Exception) -> None:
            if not isinstance(error, DomainError):
                raise error
            self._filling = True
            item.setText(line.phone)  # nothing changed
            self._filling = False
            self.message.setText(error.message)
            emit(self.loaded)

        self.workspace.tasks.run(
            lambda: self.phones.set_phone(line.table, line.id, text), stored, refused
        )
