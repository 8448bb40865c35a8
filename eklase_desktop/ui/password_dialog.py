"""*Fails → Mainīt paroli…* (SPEC A6): the user's own new password, typed twice. Online: the
server changes it (the user's other devices sign in again) and this laptop then signs in
offline with the new one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from eklase_desktop.domain.accounts import MIN_PASSWORD, check_new_password
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.sync.account import SignedIn, change_password
from eklase_desktop.sync.client import Offline, SyncError
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import save_cancel
from eklase_desktop.ui.signals import emit
from eklase_desktop.ui.tasks import TaskRunner


class PasswordDialog(QDialog):
    changed = Signal()  # the server took the new password

    def __init__(self, parent: QWidget | None, signed: SignedIn, tasks: TaskRunner) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mainīt paroli"))
        self.signed, self.tasks = signed, tasks
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.old, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(200)
            edit.textEdited.connect(lambda _text: self.message.clear())
        self.new.setPlaceholderText(_("vismaz {count} rakstzīmes").format(count=MIN_PASSWORD))
        form = QFormLayout(self)
        form.addRow(_("Līdzšinējā parole"), self.old)
        form.addRow(_("Jaunā parole"), self.new)
        form.addRow(_("Jaunā parole vēlreiz"), self.again)
        form.addRow(self.message)
        self.buttons = save_cancel(self)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.submit)
        form.addRow(self.buttons)

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        try:
            if new != self.again.text():
                raise DomainError(_("Jaunā parole abos laukos nav vienāda."))
            check_new_password(self.signed.username, old, new)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.setEnabled(False)

        def done(_result: object) -> None:
            emit(self.changed)
            self.accept()

        def failed(error: Exception) -> None:
            self.setEnabled(True)
            if isinstance(error, Offline):
                self.message.setText(_("Paroli var mainīt, kad ir savienojums ar serveri."))
            elif isinstance(error, DomainError | SyncError):
                self.message.setText(error.message)
            else:
                raise error

        signed = self.signed
        self.tasks.run(lambda: change_password(signed, old, new), done, failed)
