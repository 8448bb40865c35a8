"""Picking who works, in the demo school (a login dialog replaces it with a server)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain.roles import label
from eklase_desktop.i18n import _
from eklase_desktop.services.actor import StaffSummary


class PickUserDialog(QDialog):
    def __init__(
        self, staff: list[StaffSummary], preferred: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("E-klase Desktop — demonstrācijas skola"))
        self.list = QListWidget()
        for person in staff:
            roles = ", ".join(label(role) for role in person.roles)
            item = QListWidgetItem(
                _("{name} ({username}) — {roles}; žurnāli: {count}").format(
                    name=person.name,
                    username=person.username,
                    roles=roles,
                    count=person.course_count,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, person.username)
            self.list.addItem(item)
            if person.username == preferred:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Kā kurš darbinieks vēlaties strādāt?")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 480)

    def username(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""
