"""The class's phone numbers with real widgets (SPEC T1): edit in place, a bad number is
refused in Latvian and put back, search."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from eklase_desktop.models import Guardian
from eklase_desktop.services.actor import load_actor
from eklase_desktop.ui.phones import PHONE, PhonesWindow
from eklase_desktop.ui.session import Workspace
from eklase_desktop.ui.tasks import TaskRunner
from tests.school import SmallSchool


@pytest.fixture
def window(qtbot: QtBot, school: SmallSchool) -> Iterator[PhonesWindow]:
    with school.factory.begin() as session:
        session.add(
            Guardian(
                id=uuid.uuid4(),
                student_id=school.students[0],
                first_name="Inese",
                last_name="Apinīte",
            )
        )
    tasks = TaskRunner()
    shown = PhonesWindow(
        Workspace.open(school.factory, load_actor(school.factory, "audzinatajs"), tasks)
    )
    qtbot.addWidget(shown)
    shown.show()
    shown.classes.setCurrentIndex(shown.classes.findText("7.a"))
    qtbot.waitUntil(lambda: shown.table.rowCount() == 5, timeout=10_000)
    yield shown
    tasks.shutdown()


def _names(window: PhonesWindow) -> list[str]:
    return [window.table.item(row, 0).text().strip() for row in range(window.table.rowCount())]


def test_a_number_is_saved_normalised_and_a_bad_one_put_back(
    window: PhonesWindow, qtbot: QtBot
) -> None:
    assert _names(window)[:2] == ["Apinīte Alise", "Apinīte Inese"]
    mother = window.table.item(1, PHONE)
    with qtbot.waitSignal(window.saved, timeout=10_000):
        mother.setText("26 54 32 10")
    assert mother.text() == "+371 26543210"
    student = window.table.item(0, PHONE)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        student.setText("12345")
    assert student.text() == "" and "12345" in window.message.text()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.search.setText("2654")
    assert _names(window) == ["Apinīte Alise", "Apinīte Inese"]
