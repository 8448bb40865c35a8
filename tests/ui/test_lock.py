"""A shared laptop (SPEC D2): the journal locks after idle minutes or on Ctrl+L, hiding the
user's windows until the password is typed again, and nothing typed is lost; *Izrakstīties*
closes everything of the user and brings the sign-in back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from eklase_desktop.models.local import LocalAccount
from eklase_desktop.services.journal import JournalReader
from eklase_desktop.sync.account import _hasher
from eklase_desktop.ui import main_window
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.overdue import OverdueWindow
from tests.school import SmallSchool
from tests.ui.conftest import OpenWindow


@pytest.fixture
def window(open_window: OpenWindow, school: SmallSchool) -> MainWindow:
    with school.factory.begin() as session:  # as the tutor's sign-in left the profile
        session.add(
            LocalAccount(
                username="skolotajs1", password_hash=_hasher.hash("pareiza-2026"), server_url=""
            )
        )
    return open_window(school.factory, "skolotajs1", course=school.maths)


def test_locking_saves_what_is_typed_hides_everything_and_the_password_opens_it(
    qtbot: QtBot, window: MainWindow, school: SmallSchool
) -> None:
    window.view.setCurrentIndex(window.model.index(0, 1))
    window.lesson_panel.topic.setText("Viduslaiki")  # typed, not saved yet
    window.show_records(OverdueWindow)
    absences = window.record_windows[OverdueWindow]
    assert absences.isVisible()
    window.lock.lock()
    assert window.lock.is_locked and not window.journal_page.isVisible()
    assert not absences.isVisible() and not window.menuBar().isEnabled()
    assert not window.average_action.isEnabled()  # no shortcut works behind the lock
    reader = JournalReader(school.factory, school.actor("skolotajs1"))
    assert "Viduslaiki" in [lesson.topic for lesson in reader.open_journal(school.maths).lessons]

    window.lock.screen.password.setText("nepareiza")
    assert not window.lock.try_unlock()
    assert window.lock.is_locked and window.lock.screen.message.text() == "Nepareiza parole."
    window.lock.screen.password.setText("pareiza-2026")
    assert window.lock.try_unlock()
    assert not window.lock.is_locked and window.journal_page.isVisible()
    assert absences.isVisible() and window.average_action.isEnabled()


def test_idle_minutes_lock_and_activity_puts_it_off(qtbot: QtBot, window: MainWindow) -> None:
    assert window.lock.minutes == 10  # the default
    window.lock.timer.start(60_000)
    QApplication.sendEvent(
        window.view,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    )
    assert window.lock.timer.remainingTime() > 500_000  # started again: ten minutes
    window.lock.timer.start(50)  # (the minutes, shortened)
    qtbot.waitUntil(lambda: window.lock.is_locked, timeout=5_000)
    window.lock.set_minutes(0, remember=True)
    assert window.workspace.settings.get("lock_minutes") == "0" and not window.lock.timer.isActive()


def test_signing_out_closes_every_window_of_the_user(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(main_window.QApplication, "exit", lambda code=0: exits.append(code))
    window.show_records(OverdueWindow)
    absences = window.record_windows[OverdueWindow]
    window.sign_out()
    assert exits == [main_window.SIGNED_OUT] and window.signed_out
    assert not window.isVisible() and not absences.isVisible()


def test_the_next_person_signs_the_locked_user_out_and_ctrl_l_locks_from_any_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_records(OverdueWindow)
    absences = window.record_windows[OverdueWindow]
    absences.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is absences, timeout=5_000)
    qtbot.keyClick(absences, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.lock.is_locked and not absences.isVisible()
    exits: list[int] = []
    monkeypatch.setattr(main_window.QApplication, "exit", lambda code=0: exits.append(code))
    window.lock.screen.sign_out_button.click()  # no password: what was typed is saved
    assert exits == [main_window.SIGNED_OUT] and window.signed_out and not window.isVisible()
