"""The account windows with real widgets and a real server (SPEC A2, A3, A6): the deputy's
*Darbinieki* shows each card's account; *Konts…* grants a new card one and saves the
password slip, which prints the password the new teacher then signs in with; *Fails →
Mainīt paroli…* refuses a mismatch in Latvian and changes the password on the server and for
offline sign-in. What the laptop does is the same on both databases: SQLite only."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from eklase_desktop.domain.roles import Role
from eklase_desktop.domain.school import StaffDetails
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.people import People
from eklase_desktop.sync.account import SignedIn, sign_in
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.password_dialog import PasswordDialog
from eklase_desktop.ui.school.accounts import AccountDialog
from eklase_desktop.ui.school.staff import StaffWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner
from tests.integration.servers import ServerProcess, free_port

pytestmark = [
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
    pytest.mark.today("2026-11-04"),
]


@pytest.fixture
def deputy(server: ServerProcess, tmp_path: Path) -> SignedIn:
    account = sign_in(tmp_path / "office", server.url, "vietnieks", "demo")
    account.engine.sync()
    return account


@pytest.fixture
def workspace(deputy: SignedIn) -> Iterator[Workspace]:
    tasks, sync = TaskRunner(), SyncController(deputy)
    yield Workspace.open(deputy.factory, load_actor(deputy.factory, "vietnieks"), tasks, sync)
    sync.shutdown()
    tasks.shutdown()


def test_a_new_card_gets_an_account_and_its_slip(
    qtbot: QtBot,
    workspace: Workspace,
    deputy: SignedIn,
    server: ServerProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = People(deputy.factory, workspace.actor)
    card = StaffDetails("Ērika", "Jaunzeme", frozenset({Role.TEACHER}), phone="67000000")
    key = people.save_staff(None, card)
    deputy.engine.sync()
    window = StaffWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.accounts is not None and bool(window.views), timeout=20_000)
    qtbot.waitUntil(lambda: _account_cell(window, "Liepiņa Dace") == "ir", timeout=10_000)
    assert _account_cell(window, "Jaunzeme Ērika") == "nav"
    window.table.selectRow(_row_of(window, "Jaunzeme Ērika"))
    slip = tmp_path / "parole.pdf"
    monkeypatch.setattr(AccountDialog, "open_slips", False)
    monkeypatch.setattr(AccountDialog, "_slip_target", lambda _self, _answer: slip)
    window.open_account()
    dialog: AccountDialog = window.account_dialog
    assert not dialog.by_sms.isEnabled() and dialog.by_slip.isChecked()  # a landline, no SMS
    assert dialog.action.text() == "Piešķirt kontu"
    with qtbot.waitSignal(dialog.shown, timeout=30_000):
        dialog.action.click()
    assert dialog.outcome.text() == "erika.jaunzeme: paroles lapa saglabāta (parole.pdf)."
    text = subprocess.run(
        ["pdftotext", "-layout", str(slip), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jaunzeme Ērika" in text and "Lietotājvārds: erika.jaunzeme" in text
    password = next(
        line.split("Parole:")[1].strip() for line in text.splitlines() if "Parole:" in line
    )
    qtbot.waitUntil(lambda: _account_cell(window, "Jaunzeme Ērika") == "ir")
    newcomer = sign_in(tmp_path / "new-teacher", server.url, "erika.jaunzeme", password)
    assert newcomer.online and key


def test_the_own_password_is_changed_in_the_app(
    qtbot: QtBot, workspace: Workspace, server: ServerProcess, tmp_path: Path
) -> None:
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.change_password()
    dialog: PasswordDialog = main.password_dialog
    dialog.old.setText("demo")
    dialog.new.setText("Rudens lapas 2026")
    dialog.again.setText("Rudens lapas 2025")
    dialog.buttons.accepted.emit()
    assert dialog.message.text() == "Jaunā parole abos laukos nav vienāda."
    dialog.again.setText("Rudens lapas 2026")
    with qtbot.waitSignal(dialog.changed, timeout=30_000):
        dialog.buttons.accepted.emit()
    office = tmp_path / "office"
    assert sign_in(office, server.url, "vietnieks", "Rudens lapas 2026").online
    nowhere = f"http://127.0.0.1:{free_port()}"
    assert not sign_in(office, nowhere, "vietnieks", "Rudens lapas 2026").online


def _row_of(window: StaffWindow, name: str) -> int:
    return next(
        row for row in range(window.table.rowCount()) if window.table.item(row, 0).text() == name
    )


def _account_cell(window: StaffWindow, name: str) -> str:
    return window.table.item(_row_of(window, name), 2).text()
