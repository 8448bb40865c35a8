"""The desktop as a teacher sees sync: markers on waiting cells, the status bar, and the
conflict panel deciding a conflict — real widgets, a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from eklase_desktop.services.actor import load_actor
from eklase_desktop.sync.account import SignedIn, SignInError, sign_in
from eklase_desktop.ui import main_window
from eklase_desktop.ui.journal.model import SYNC_ROLE
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.sync_controller import SyncController
from eklase_desktop.ui.tasks import TaskRunner
from tests.integration.laptops import LaptopFactory, class_7a, server_session
from tests.integration.servers import ServerProcess
from tests.integration.test_first_day import server_command


@pytest.fixture
def teacher(server: ServerProcess, tmp_path: Path) -> Iterator[SignedIn]:
    account = sign_in(tmp_path / "desk", server.url, "skolotajs1", "demo")
    account.engine.sync()
    yield account
    account.client.close()
    account.factory.kw["bind"].dispose()


@pytest.fixture
def window(qtbot: QtBot, teacher: SignedIn, server: ServerProcess) -> Iterator[MainWindow]:
    with server_session(server.database_url) as session:
        course = class_7a(session)["latvian"]
    tasks, sync = TaskRunner(), SyncController(teacher)
    actor = load_actor(teacher.factory, "skolotajs1")
    main = MainWindow(Workspace.open(teacher.factory, actor, tasks, sync))
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.journal_loaded, timeout=10_000):
        main.select_course(course)
    yield main
    sync.shutdown()
    tasks.shutdown()


def sync_and_wait(qtbot: QtBot, window: MainWindow) -> Any:
    assert window.workspace.sync is not None
    with qtbot.waitSignal(window.workspace.sync.finished, timeout=30_000) as blocker:
        window.sync_now()
    return blocker.args[0]


def empty_cell(window: MainWindow) -> tuple[int, int]:
    column = window.model.lesson_count - 1  # the latest lesson (the period marks after it)
    row = next(r for r in range(window.model.rowCount()) if not window.model.cell_text(r, column))
    return row, column


def test_waiting_cell_is_marked_until_synced(qtbot: QtBot, window: MainWindow) -> None:
    row, column = empty_cell(window)
    window.model.write_block(row, column, [["9"]])
    window.refresh_waiting()
    index = window.model.index(row, column)
    assert index.data(SYNC_ROLE) == "waiting"
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 1"
    sync_and_wait(qtbot, window)
    assert index.data(SYNC_ROLE) is None
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 0"
    assert window.sync_status.connection.text() == "Tiešsaistē"


def test_conflict_is_shown_and_decided_in_the_panel(
    qtbot: QtBot, window: MainWindow, laptops: LaptopFactory
) -> None:
    row, column = empty_cell(window)
    snapshot = window.model.snapshot
    assert snapshot is not None
    student, lesson = snapshot.students[row].id, snapshot.lessons[column].id
    other = laptops("skolotajs1")  # the same teacher on the school's laptop
    other.write(snapshot.course.id, lesson, student, "4")
    other.sync()
    window.model.write_block(row, column, [["6"]])  # offline here: a different mark
    report = sync_and_wait(qtbot, window)
    assert report.open_conflicts == 1
    assert window.model.index(row, column).data(SYNC_ROLE) == "conflict"
    assert window.sync_dock.isVisible()
    table = window.sync_panel.conflicts
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (5, 6)] == ["6", "4"]  # mine, theirs
    use_mine = table.cellWidget(0, 8).findChildren(QPushButton)[1]
    qtbot.mouseClick(use_mine, Qt.MouseButton.LeftButton)
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: window.model.cell_text(row, column) == "6", timeout=10_000)
    assert window.sync_panel.conflicts.rowCount() == 0
    other.sync()
    assert other.cell(snapshot.course.id, lesson, student).mark == "6"


def test_server_down_means_offline_and_nothing_lost(
    qtbot: QtBot, window: MainWindow, server: ServerProcess
) -> None:
    row, column = empty_cell(window)
    server.kill()
    window.model.write_block(row, column, [["k"]])
    assert window.workspace.sync is not None
    with qtbot.waitSignal(window.workspace.sync.failed, timeout=30_000):
        window.sync_now()
    assert window.sync_status.connection.text().startswith("Bezsaistē")
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 1"
    server.start()
    sync_and_wait(qtbot, window)
    assert window.sync_status.waiting.text() == "Gaida sinhronizāciju: 0"
    assert window.model.cell_text(row, column) == "k"


def test_a_cells_history_is_one_click_away(qtbot: QtBot, window: MainWindow) -> None:
    row, column = empty_cell(window)
    window.model.write_block(row, column, [["n 7"]])
    sync_and_wait(qtbot, window)
    window.model.write_block(row, column, [["8"]])  # present after all, and another mark
    sync_and_wait(qtbot, window)
    window.view.setCurrentIndex(window.model.index(row, column))
    assert window.history_action in window.view.actions()  # the grid's right button
    window.history_action.trigger()
    qtbot.waitUntil(lambda: window.history_dialog is not None, timeout=10_000)
    dialog = window.history_dialog
    assert dialog is not None
    table = dialog.table
    lines = [[table.item(r, c).text() for c in range(1, 5)] for r in range(table.rowCount())]
    who = "Ilze Bērziņa"
    assert [who, "mainīja apmeklējumu", "—", "n"] in lines
    assert [who, "mainīja vērtējumu", "—", "7"] in lines
    assert [who, "mainīja vērtējumu", "7", "8"] in lines
    assert [who, "mainīja apmeklējumu", "n", "—"] in lines
    assert table.rowCount() == 4


def test_an_account_revoked_during_a_session_leaves_the_laptop_at_the_next_contact(
    qtbot: QtBot,
    window: MainWindow,
    teacher: SignedIn,
    server: ServerProcess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SPEC A4: revoked while the laptop was offline, the running app learns it when the
    server answers again, erases the profile and closes; offline sign-in is refused after."""
    told: list[str] = []
    monkeypatch.setattr(main_window.QMessageBox, "critical", lambda _w, _t, text: told.append(text))
    server.kill()
    with qtbot.waitSignal(window.workspace.sync.failed, timeout=30_000):  # type: ignore[union-attr]
        window.sync_now()
    assert window.sync_status.connection.text().startswith("Bezsaistē")
    done = server_command(server.database_url, "revoke-user", "skolotajs1")
    assert done.returncode == 0, done.stdout + done.stderr
    server.start()
    assert teacher.path.exists()
    with qtbot.waitSignal(window.workspace.sync.revoked, timeout=30_000):  # type: ignore[union-attr]
        window.sync_now()
    assert told and "Konts ir slēgts" in told[0] and "ir izdzēsts" in told[0]
    assert not window.isVisible()
    assert not teacher.path.exists()
    assert not teacher.path.with_name(teacher.path.name + "-wal").exists()
    with pytest.raises(SignInError, match="nav jūsu profila"):
        sign_in(teacher.path.parent.parent, "http://127.0.0.1:9", "skolotajs1", "demo")
