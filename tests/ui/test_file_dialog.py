"""The file dialog speaks Latvian (Qt's own translation leaves parts of it in English)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from eklase_desktop.ui.records import ask_path


def _answer(seen: dict[str, str], accept: bool) -> None:
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
    Label = QFileDialog.DialogLabel
    seen.update(
        {
            "look": dialog.labelText(Label.LookIn),
            "type": dialog.labelText(Label.FileType),
            "accept": dialog.labelText(Label.Accept),
        }
    )
    if accept:
        dialog.accept()  # the suggested name
    else:
        dialog.reject()


def test_saving_asks_in_latvian_and_a_cancel_chooses_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, str] = {}
    QTimer.singleShot(200, lambda: _answer(seen, accept=False))
    assert (
        ask_path(parent, "Saglabāt PDF", str(tmp_path / "a.pdf"), "PDF (*.pdf)", save=True) is None
    )
    assert seen == {"look": "Mape:", "type": "Faila veids:", "accept": "Saglabāt"}

    QTimer.singleShot(200, lambda: _answer(seen, accept=True))
    suggested = tmp_path / "Liecība-Ābele-Estere.pdf"
    chosen = ask_path(parent, "Saglabāt PDF", str(suggested), "PDF (*.pdf)", save=True)
    assert chosen == suggested
