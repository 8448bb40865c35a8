"""The sign-in dialog when the password was changed elsewhere (issue 16): it asks for the
previous one that still locks this laptop's profile, or erases that profile when the user
confirms, and forgets the question when another user name is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from eklase_desktop.ui.login_dialog import LoginDialog


@pytest.fixture
def dialog(qtbot: QtBot) -> LoginDialog:
    shown = LoginDialog("http://skola.lv", "skolotajs1")
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "skolotajs1.sqlite"
    for name in (path.name, f"{path.name}-wal"):
        path.with_name(name).write_bytes(b"encrypted")
    return path


def test_the_previous_password_is_asked_for_and_given(
    dialog: LoginDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    assert not dialog.previous.isVisible() and dialog.previous_password() is None
    dialog.ask_previous("Ievadiet iepriekšējo paroli.", _profile(tmp_path))
    assert dialog.previous.isVisible() and dialog.afresh.isVisible()
    assert dialog.message.text() == "Ievadiet iepriekšējo paroli."
    qtbot.keyClicks(dialog.previous, "veca parole")
    assert dialog.previous_password() == "veca parole"
    qtbot.keyClicks(dialog.username, "x")  # another person: the question is not theirs
    assert not dialog.previous.isVisible() and dialog.previous_password() is None


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_starting_afresh_erases_the_profile_only_when_confirmed(
    dialog: LoginDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: object
) -> None:
    path = _profile(tmp_path)
    dialog.ask_previous("Ievadiet iepriekšējo paroli.", path)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, _title, text, *_rest: asked.append(text) or answer
    )
    dialog.afresh.click()
    assert "nav nosūtīti" in asked[0]
    if answer == QMessageBox.StandardButton.Yes:
        assert not path.exists() and not path.with_name(path.name + "-wal").exists()
        assert not dialog.previous.isVisible() and "dzēsts" in dialog.message.text()
        assert dialog.previous_password() is None
    else:
        assert path.exists() and dialog.previous.isVisible()
