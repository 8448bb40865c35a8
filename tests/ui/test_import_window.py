"""*Skola → Importēt no izklājlapas…* with real widgets (SPEC C1): choosing a file shows what
it would create and change; *Importēt* stores it and the same file then shows nothing new; a
bad file shows its sheet, row and column in Latvian and stores nothing; the template is
written where the user says. Only the clerk and the deputy have the menu item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.models import OutboxEntry, Student
from eklase_desktop.services.actor import load_actor
from eklase_desktop.spreadsheets import read_tables, write_workbook
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.school.importing import ImportWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import SmallSchool, build_empty_school

pytestmark = pytest.mark.today("2026-08-20")
MUSIC = Path(__file__).resolve().parents[2] / "docs" / "examples" / "muzikas-skola.xlsx"


@pytest.fixture
def window(qtbot: QtBot, factory: sessionmaker[Session]) -> Iterator[ImportWindow]:
    build_empty_school(factory)
    tasks = TaskRunner()
    shown = ImportWindow(Workspace.open(factory, load_actor(factory, "vietnieks"), tasks))
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    tasks.shutdown()


def cells(table: object, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]  # type: ignore[attr-defined]


def stored(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as session:
        students = session.scalar(select(func.count()).select_from(Student)) or 0
        queued = session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
    return students, queued


def test_preview_then_import_then_nothing_new(
    qtbot: QtBot, window: ImportWindow, factory: sessionmaker[Session]
) -> None:
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.open_file(MUSIC)
    assert cells(window.summary, 0)[:6] == [
        "Mācību gads", "Priekšmeti", "Darbinieki", "Klases", "Skolēni", "Kursi",
    ]  # fmt: skip
    assert cells(window.summary, 1)[:6] == ["1", "8", "17", "8", "120", "134"]
    assert window.steps.rowCount() == 288 and window.import_button.isEnabled()
    assert cells(window.steps, 3)[0] == "jauns"
    assert stored(factory) == (0, 0)  # the preview writes nothing
    with qtbot.waitSignals([window.saved, window.loaded], timeout=30_000):
        window.import_button.click()
    assert stored(factory) == (120, 288)
    assert window.note.text() == "Importēts. Saglabāto izmaiņu skaits: 288."
    assert cells(window.summary, 3)[4] == "120" and window.steps.rowCount() == 0
    assert not window.import_button.isEnabled()


def test_a_bad_file_shows_where_and_stores_nothing(
    qtbot: QtBot, window: ImportWindow, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    tables = read_tables(MUSIC)
    tables["Skolēni"][13][3] = "150313-20001"  # row 14, Personas kods: a wrong check digit
    bad = tmp_path / "skolēni.xlsx"
    write_workbook(bad, tables)
    window.open_file(bad)
    qtbot.waitUntil(lambda: window.message.text() != "", timeout=20_000)
    assert window.message.text() == (
        "Lapa «Skolēni», 14. rinda, kolonna «Personas kods»: Nederīgs personas kods."
    )
    assert not window.import_button.isEnabled() and window.summary.rowCount() == 0
    assert stored(factory) == (0, 0)


def test_the_template_is_saved_where_chosen(
    qtbot: QtBot, window: ImportWindow, tmp_path: Path
) -> None:
    target = tmp_path / "skolas-dati.xlsx"
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.save_template(target)
    assert window.note.text() == "Veidne saglabāta: skolas-dati.xlsx"
    assert list(read_tables(target))[:3] == ["Instrukcija", "Mācību gads", "Brīvdienas"]


def test_only_the_office_has_the_import(qtbot: QtBot, school: SmallSchool) -> None:
    def items(username: str) -> list[str]:
        tasks = TaskRunner()
        main = MainWindow(
            Workspace.open(school.factory, load_actor(school.factory, username), tasks)
        )
        qtbot.addWidget(main)
        menus = [action.menu() for action in main.menuBar().actions() if action.menu()]
        texts = [a.text() for menu in menus for a in menu.actions()]  # type: ignore[union-attr]
        tasks.shutdown()
        return texts

    assert "Importēt no izklājlapas…" in items("vietnieks")
    assert "Importēt no izklājlapas…" not in items("skolotajs1")
