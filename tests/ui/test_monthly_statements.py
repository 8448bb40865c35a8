"""The monthly statements window with real widgets (SPEC T7): print through the dialog and
the statements are recorded as printed; tick a signed one; the deputy sees who is missing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import School, Staff
from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui.monthly_statements import PRINTED, RETURNED, StatementsWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner

OCTOBER = "2026-10"
# October's statements are printed in November, by the 5th (SPEC T7)
pytestmark = pytest.mark.today("2026-11-03")


def opened(qtbot: QtBot, factory: sessionmaker[Session], user: str) -> StatementsWindow:
    """The window once its first class has loaded (a load per choice after that)."""
    shown = StatementsWindow(Workspace.open(factory, load_actor(factory, user), TaskRunner()))
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.loaded, timeout=20_000):
        shown.show()
    return shown


def choose(qtbot: QtBot, window: StatementsWindow, combo: QComboBox, index: int) -> None:
    """Picks ``index`` in ``combo`` and waits for the load it starts (none if already there)."""
    assert index >= 0
    if combo.currentIndex() != index:
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            combo.setCurrentIndex(index)


@pytest.fixture
def window(qtbot: QtBot, own_demo: sessionmaker[Session]) -> Iterator[StatementsWindow]:
    shown = opened(qtbot, own_demo, "vietnieks")
    choose(qtbot, shown, shown.months, shown.months.findData(OCTOBER))
    choose(qtbot, shown, shown.classes, shown.classes.findText("7.a"))
    yield shown
    shown.workspace.tasks.shutdown()


def test_print_tick_and_see_who_is_missing(
    window: StatementsWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    students = window.table.rowCount()
    assert students > 20 and window.tabs.count() == 2
    assert window.table.item(0, PRINTED).text() == ""
    printed = tmp_path / "printed.pdf"

    def to_file(printer: QPrinter) -> bool:  # the user picks "print to file" in the dialog
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(window, "ask_printer", to_file)
    with qtbot.waitSignal(window.saved, timeout=30_000):
        window.print_button.click()
    qtbot.waitUntil(lambda: window.table.item(0, PRINTED).text() != "", timeout=10_000)
    assert printed.stat().st_size > 10_000
    assert all(window.table.item(row, PRINTED).text() for row in range(students))
    first = window.table.item(0, 0).text()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.table.item(0, RETURNED).setCheckState(Qt.CheckState.Checked)
    assert window.table.item(0, RETURNED).checkState() == Qt.CheckState.Checked
    assert window.table.item(0, 3).text() == "parakstīts"
    assert "parakstīti 1. Trūkst: " in window.summary.text()
    assert first not in window.summary.text().split("Trūkst: ")[1]
    row = next(
        r for r in range(window.overview.rowCount()) if window.overview.item(r, 0).text() == "7.a"
    )
    assert window.overview.item(row, 3).text() == f"1 / {students}"
    assert first not in window.overview.item(row, 4).text()
    other = next(r for r in range(window.overview.rowCount()) if r != row)
    assert window.overview.item(other, 2).text().startswith("0 /")  # not printed there yet
    assert "Izraksti nav izdrukāti (termiņš 05.11.2026.)" in window.overview.item(other, 4).text()


def test_the_director_reads_and_changes_nothing(
    qtbot: QtBot, own_demo: sessionmaker[Session]
) -> None:
    with own_demo.begin() as session:
        school = session.scalars(select(School.id)).first()
        session.add(
            Staff(
                id=uuid.uuid4(), school_id=school, first_name="Inta", last_name="Direktore",
                username="direktore", roles="director",
            )
        )  # fmt: skip
    shown = opened(qtbot, own_demo, "direktore")
    choose(qtbot, shown, shown.classes, shown.classes.findText("7.a"))
    assert shown.classes.count() > 10 and shown.tabs.count() == 2  # reads every class
    assert not shown.print_button.isEnabled() and not shown.printed_button.isEnabled()
    flags = shown.table.item(0, RETURNED).flags()
    assert not flags & Qt.ItemFlag.ItemIsUserCheckable
    shown.workspace.tasks.shutdown()
