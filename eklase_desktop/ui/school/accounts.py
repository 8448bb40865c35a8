"""A staff card's account (SPEC A2–A4, M 8–10), from *Skola → Darbinieki → Konts…*: grant it,
or issue a lost password again. The server makes the password and sends it by SMS to the
phone on the card, or gives it once for the password slip, which is saved as a PDF to print.
Online only: a password comes from the server."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from eklase_desktop.domain import clock
from eklase_desktop.domain.accounts import AccountRefused, sms_phone
from eklase_desktop.domain.errors import DomainError
from eklase_desktop.i18n import _
from eklase_desktop.reports.password_slip import password_slip
from eklase_desktop.services.people import StaffView
from eklase_desktop.sync.client import ServerError, SyncClient, SyncError
from eklase_desktop.sync.protocol import AccountInfo, AccountIssued, Delivery
from eklase_desktop.ui import colours
from eklase_desktop.ui.records import ask_path
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.signals import emit


def status_text(info: AccountInfo | None) -> str:
    """A card's account: there is one, there is none, it is closed."""
    if info is None:
        return _("nav")
    return _("ir") if info.active else _("slēgts")


class AccountDialog(QDialog):
    issued = Signal(object)  # AccountIssued: the server answered
    shown = Signal()  # the answer was shown (and the slip saved): tests wait for it
    open_slips = True  # a saved slip opens in the PDF viewer to print

    def __init__(
        self,
        parent: QWidget | None,
        workspace: Workspace,
        client: SyncClient,
        view: StaffView,
        info: AccountInfo | None,
        sms: bool,
        school: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Konts: {name}").format(name=view.name))
        self.workspace, self.client, self.view, self.info = workspace, client, view, info
        self.school = school
        self.slip_path: Path | None = None  # where the last slip was saved
        status = (
            _("Konta vēl nav.")
            if info is None
            else _("Lietotājvārds: {login}{state}").format(
                login=info.username, state="" if info.active else _(" (konts slēgts)")
            )
        )
        self.status = QLabel(status)
        self.by_sms = QRadioButton()
        self.by_slip = QRadioButton(_("Izdrukāt paroles lapu (PDF)"))
        try:
            phone = sms_phone(view.details.phone)
            self.by_sms.setText(_("Nosūtīt paroli SMS uz {phone}").format(phone=phone))
            if not sms:
                raise AccountRefused(_("serverim nav SMS vārtejas"))
        except DomainError as error:
            self.by_sms.setText(_("SMS: {reason}").format(reason=error.message))
            self.by_sms.setEnabled(False)
        (self.by_sms if self.by_sms.isEnabled() else self.by_slip).setChecked(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colours.ERROR_STYLE)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Aizvērt"))
        self.action = buttons.addButton(
            _("Piešķirt kontu") if info is None else _("Izsniegt jaunu paroli"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        self.action.clicked.connect(self.issue)
        self.action.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.by_sms, self.by_slip, self.message, self.outcome):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.issued.connect(self._show)

    def delivery(self) -> Delivery:
        return Delivery.SMS if self.by_sms.isChecked() else Delivery.SLIP

    def issue(self) -> None:
        """Asks the server for the account or the new password, off the GUI thread."""
        self.action.setEnabled(False)
        self.message.clear()
        client, key, delivery = self.client, self.view.id, self.delivery()
        call = client.grant_account if self.info is None else client.new_password

        def failed(error: Exception) -> None:
            self.action.setEnabled(True)
            if isinstance(error, ServerError | SyncError):
                self.message.setText(_refusal(error))
            else:
                raise error

        self.workspace.tasks.run(
            lambda: call(key, delivery), lambda answer: emit(self.issued, answer), failed
        )

    def _show(self, answer: AccountIssued) -> None:
        self.status.setText(
            _("Lietotājvārds: {login}{state}").format(login=answer.username, state="")
        )
        self.action.setText(_("Izsniegt jaunu paroli"))
        self.action.setEnabled(True)
        self.action.clicked.disconnect()
        self.info = AccountInfo(
            staff_id=self.view.id, username=answer.username, created_at=clock.utc_now(),
            active=True,
        )  # fmt: skip
        self.action.clicked.connect(self.issue)
        if answer.delivery is Delivery.SMS:
            self.outcome.setText(
                _("{login}: parole nosūtīta uz {phone}.").format(
                    login=answer.username, phone=answer.sent_to
                )
            )
        else:
            self.save_slip(answer, self._slip_target(answer))
        emit(self.shown)

    def _slip_target(self, answer: AccountIssued) -> Path | None:
        folder = Path.home() / "Documents"
        name = f"parole-{answer.username}.pdf"
        suggested = folder / name if folder.is_dir() else Path.home() / name
        return ask_path(self, _("Paroles lapa"), str(suggested), "PDF (*.pdf)", save=True)

    def save_slip(self, answer: AccountIssued, path: Path | None) -> None:
        """Writes the slip to ``path`` and opens it to print; without a path the password is
        shown here once (the clerk writes it down)."""
        assert answer.password is not None
        if path is None:
            self.outcome.setText(
                _("{login}: parole {password} (tā vairs netiks rādīta).").format(
                    login=answer.username, password=answer.password
                )
            )
            return
        pdf = password_slip(
            self.school,
            answer.name,
            answer.username,
            answer.password,
            self.client.base_url,
            clock.now(),
        )
        path.write_bytes(pdf)
        path.chmod(0o600)
        self.slip_path = path
        self.outcome.setText(_("{login}: paroles lapa saglabāta ({name}).").format(
            login=answer.username, name=path.name
        ))  # fmt: skip
        if self.open_slips and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.outcome.setText(
                _("{login}: paroles lapa saglabāta ({path}); atveriet to un izdrukājiet.").format(
                    login=answer.username, path=path
                )
            )


def _refusal(error: SyncError) -> str:
    if isinstance(error, ServerError) and error.status == 403:
        return error.message
    return _("Serveris nav sasniedzams: {reason}").format(reason=error.message)
