"""Signing in: server address, user name, password (SPEC A3, A5) — and, when the password
was changed elsewhere, the previous one that still locks this laptop's profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.i18n import _
from eklase_desktop.sync.account import erase_profile


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
        self.previous = QLineEdit()
        self.previous.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Iepriekšējā parole"), self.previous)
        form.setRowVisible(self.previous, False)
        self._form = form
        self.afresh = QPushButton(_("Sākt no jauna šajā datorā…"))
        self.afresh.setVisible(False)
        self.afresh.clicked.connect(self._start_afresh)
        self._locked: Path | None = None
        self.username.textEdited.connect(self._hide_previous)
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
        layout.addWidget(self.afresh)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()
        self.resize(460, 220)

    def show_error(self, message: str) -> None:
        self.message.setText(message)
        self.password.selectAll()
        self.password.setFocus()

    def ask_previous(self, message: str, profile: Path) -> None:
        """The profile at ``profile`` is locked with a previous password: ask for it, or let
        the user erase the profile and start afresh."""
        self._locked = profile
        self._form.setRowVisible(self.previous, True)
        self.afresh.setVisible(True)
        self.message.setText(message)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.previous.selectAll()
        self.previous.setFocus()

    def previous_password(self) -> str | None:
        return self.previous.text() if self._locked is not None else None

    def _start_afresh(self) -> None:
        if self._locked is None:
            return
        answer = QMessageBox.question(
            self,
            _("Sākt no jauna"),
            _(
                "Dzēst jūsu iepriekšējo profilu šajā datorā? Ieraksti, kas no tā vēl nav "
                "nosūtīti serverim, tiks zaudēti. Pēc tam žurnāli tiks lejupielādēti no jauna."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.previous.setFocus()  # (not the button: Enter would ask again)
            return
        erase_profile(self._locked)
        self._hide_previous()
        self.message.setText(_("Iepriekšējais profils dzēsts. Pieslēdzieties vēlreiz."))
        self.password.setFocus()

    def _hide_previous(self) -> None:
        self._locked = None
        self.previous.clear()
        self._form.setRowVisible(self.previous, False)
        self.afresh.setVisible(False)
