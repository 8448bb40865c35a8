"""Picking a demo account: the demo school's staff all sign in with the password ``demo``."""

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

from eklase_desktop.demo import DEMO_ACCOUNTS
from eklase_desktop.i18n import _


class PickUserDialog(QDialog):
    def __init__(self, preferred: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("E-klase Desktop — demonstrācijas skola"))
        self.list = QListWidget()
        for account in DEMO_ACCOUNTS:
            item = QListWidgetItem(
                f"{account.full_name} ({account.username}) — {account.description}"
            )
            item.setData(Qt.ItemDataRole.UserRole, account.username)
            self.list.addItem(item)
            if account.username == preferred:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Kā kurš darbinieks vēlaties strādāt? (parole: demo)")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(640, 300)

    def username(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""
