"""*Skola → Darbinieki* (SPEC V4, D1): the staff cards — name, personal code, phone, e-mail,
roles (several per person) and employment. The personal code, phone and e-mail are only on
the clerk's and the deputy's laptops (SPEC D2)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from eklase_desktop.domain.roles import Role, label
from eklase_desktop.domain.school import (
    MAX_EMAIL,
    MAX_PERSON_NAME,
    STAFF_ROLES,
    StaffDetails,
    validate_staff,
)
from eklase_desktop.i18n import _
from eklase_desktop.services.people import People, StaffView
from eklase_desktop.sync.client import SyncClient
from eklase_desktop.sync.protocol import AccountList
from eklase_desktop.ui.absences import date_text
from eklase_desktop.ui.school.accounts import AccountDialog, status_text
from eklase_desktop.ui.school.common import FormDialog, TableWindow, day_of, optional_day
from eklase_desktop.ui.session import Workspace


class StaffWindow(TableWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        columns = [_("Darbinieks"), _("Lietotājvārds"), _("Konts"), _("Lomas"), _("Tālrunis")]
        super().__init__(workspace, [*columns, _("E-pasts"), _("Strādā")], parent)
        self.setWindowTitle(_("Darbinieki"))
        self.setup = People(workspace.factory, workspace.actor)
        self.views: dict[uuid.UUID, StaffView] = {}
        self.accounts: AccountList | None = None  # None: not asked (offline)
        self.account_button = QPushButton(_("Konts…"))
        self.account_button.clicked.connect(self.open_account)
        self.account_button.setToolTip(_("Piešķirt kontu vai izsniegt jaunu paroli (tiešsaistē)"))
        self.top.addWidget(self.account_button)
        self.allow_changes(self.setup.writable)
        self.account_button.setVisible(self.setup.writable)
        self.reload()

    def client(self) -> SyncClient | None:
        sync = self.workspace.sync
        return sync.account.client if sync is not None and sync.online else None

    def reload(self) -> None:
        client = self.client()
        if client is not None and self.setup.writable:
            self._run(client.accounts, self._accounts_known, lambda _reason: None)
        self._load(self.setup.staff_cards, self._show)

    def _accounts_known(self, accounts: AccountList) -> None:
        self.accounts = accounts
        if self.views:
            self._show(list(self.views.values()))

    def open_account(self) -> None:
        """The chosen card's account dialog (online: the server makes passwords)."""
        key = self.chosen()
        client = self.client()
        if key is None:
            return
        if client is None or self.accounts is None:
            self.message.setText(_("Kontus pārvalda, kad ir savienojums ar serveri."))
            return
        known = {info.staff_id: info for info in self.accounts.accounts}
        dialog = AccountDialog(
            self, self.workspace, client, self.views[key], known.get(key),
            self.accounts.sms, self.setup.school_name(),
        )  # fmt: skip
        dialog.issued.connect(lambda _answer: self.reload())
        self.account_dialog = dialog
        dialog.open()

    def _show(self, views: list[StaffView]) -> None:
        self.views = {view.id: view for view in views}
        self.fill(
            [
                (
                    view.id,
                    (
                        view.name,
                        view.username or _("(pēc sinhronizācijas)"),
                        self._account_text(view.id),
                        ", ".join(label(role) for role in Role if role in view.details.roles),
                        view.details.phone,
                        view.details.email,
                        employment_text(view.details),
                    ),
                )
                for view in views
            ]
        )

    def _account_text(self, key: uuid.UUID) -> str:
        if self.accounts is None:
            return ""
        known = {info.staff_id: info for info in self.accounts.accounts}
        return status_text(known.get(key))

    def dialog(self, key: uuid.UUID | None) -> FormDialog:
        return StaffDialog(self, self.views.get(key) if key else None)

    def saving(self, key: uuid.UUID | None, value: Any) -> Callable[[], Any]:
        setup = self.setup
        return lambda: setup.save_staff(key, value)

    def delete(self, key: uuid.UUID) -> None:
        setup = self.setup
        self._write(lambda: setup.delete_staff(key))


def employment_text(details: StaffDetails) -> str:
    start, end = details.employed_from, details.employed_until
    if start is None and end is None:
        return ""
    since = _("no {day}").format(day=date_text(start)) if start else ""
    until = _("līdz {day}").format(day=date_text(end)) if end else ""
    return " ".join(part for part in (since, until) if part)


class StaffDialog(FormDialog):
    def __init__(self, parent: QWidget | None, view: StaffView | None) -> None:
        super().__init__(parent, view.name if view else _("Jauns darbinieks"))
        details = view.details if view else StaffDetails("", "", frozenset({Role.TEACHER}))
        self.first_name = QLineEdit(details.first_name)
        self.last_name = QLineEdit(details.last_name)
        for name in (self.first_name, self.last_name):
            name.setMaxLength(MAX_PERSON_NAME)
        self.personal_code = QLineEdit(details.personal_code)
        self.personal_code.setPlaceholderText(_("DDMMGG-NNNNN"))
        self.phone = QLineEdit(details.phone)
        self.phone.setPlaceholderText("+371 2…")
        self.email = QLineEdit(details.email)
        self.email.setMaxLength(MAX_EMAIL)
        self.roles: dict[Role, QCheckBox] = {}
        grid = QGridLayout()
        for index, role in enumerate(role for role in Role if role in STAFF_ROLES):
            box = self.roles[role] = QCheckBox(label(role))
            box.setChecked(role in details.roles)
            grid.addWidget(box, index // 2, index % 2)
        self.employed_from, self.from_known = optional_day(details.employed_from, _("no"))
        self.employed_until, self.until_known = optional_day(details.employed_until, _("līdz"))
        employment = QHBoxLayout()
        for known, day in (
            (self.from_known, self.employed_from),
            (self.until_known, self.employed_until),
        ):
            employment.addWidget(known)
            employment.addWidget(day)
        self.form.addRow(_("Vārds"), self.first_name)
        self.form.addRow(_("Uzvārds"), self.last_name)
        self.form.addRow(_("Personas kods"), self.personal_code)
        self.form.addRow(_("Tālrunis"), self.phone)
        self.form.addRow(_("E-pasts"), self.email)
        self.form.addRow(_("Lomas"), grid)
        self.form.addRow(_("Darba attiecības"), employment)
        self.check = lambda: validate_staff(self.typed())
        self.finish()

    def typed(self) -> StaffDetails:
        return StaffDetails(
            self.first_name.text(),
            self.last_name.text(),
            frozenset(role for role, box in self.roles.items() if box.isChecked()),
            self.personal_code.text(),
            self.phone.text(),
            self.email.text(),
            day_of(self.employed_from) if self.from_known.isChecked() else None,
            day_of(self.employed_until) if self.until_known.isChecked() else None,
        )
