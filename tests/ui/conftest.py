"""A main window on the small test school, signed in as the maths teacher."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import SmallSchool

OpenWindow = Callable[..., MainWindow]


def _unasked(question: str) -> bool:
    raise AssertionError(f"the grid asked, and the test did not expect it: {question}")


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[OpenWindow]:
    runners: list[TaskRunner] = []

    def opener(
        factory: sessionmaker[Session], username: str = "skolotajs1", course: object = None
    ) -> MainWindow:
        tasks = TaskRunner()
        runners.append(tasks)
        window = MainWindow(Workspace.open(factory, load_actor(factory, username), tasks))
        window.view.confirm = _unasked  # a modal question would hang the test
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.journal_loaded, timeout=10_000):
            window.select_course(course)  # type: ignore[arg-type]
        return window

    yield opener
    for tasks in runners:
        tasks.shutdown()


@pytest.fixture
def window(open_window: OpenWindow, school: SmallSchool) -> MainWindow:
    return open_window(school.factory, course=school.maths)


OpenRecords = Callable[..., Any]


@pytest.fixture
def open_records(qtbot: QtBot) -> Iterator[OpenRecords]:
    """Opens a records window (news, checks, statistics…) of ``kind`` for ``username`` on
    ``factory`` and waits until it has loaded; its task runner stops with the test."""
    runners: list[TaskRunner] = []

    def opener(kind: type, factory: sessionmaker[Session], username: str) -> Any:
        tasks = TaskRunner()
        runners.append(tasks)
        window = kind(Workspace.open(factory, load_actor(factory, username), tasks))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            window.show()
        return window

    yield opener
    for tasks in runners:
        tasks.shutdown()
