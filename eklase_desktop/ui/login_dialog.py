"""Signing in: server address, user name, password (SPEC A3, A5)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.i18n import _


class LoginDialog(QDialog):
    def __init__(self, server_url: str, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("E-klase Desktop — pieslēgšanās"))
        self.server = QLineEdit(server_url)
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c")
        form = QFormLayout()
        form.addRow(_("Servera adrese"), self.server)
        form.addRow(_("Lietotājvārds"), self.username)
        form.addRow(_("Parole"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pieslēgties"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Bez tīkla var pieslēgties profilam, kas jau ir šajā datorā."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()
        self.resize(460, 220)

    def show_error(self, message: str) -> None:
        self.message.setText(message)
        self.password.selectAll()
        self.password.setFocus()
