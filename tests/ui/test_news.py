"""*Skolas jaunumi* with real widgets (SPEC C4): the deputy publishes an item through the
dialog (an empty title keeps it open with the reason, nothing saved); a teacher sees it in
bold until opened, reads its text, and has no buttons to change it; the Fails menu counts
the unread ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from eklase_desktop.domain.news import NewsDetails
from eklase_desktop.models import NewsRead, OutboxEntry
from eklase_desktop.services.news import SchoolNews
from eklase_desktop.ui.main_window import MainWindow
from eklase_desktop.ui.news import NewsDialog, NewsWindow
from eklase_desktop.ui.school.common import set_day
from tests.school import SmallSchool
from tests.ui.conftest import OpenRecords, OpenWindow
from tests.ui.test_school_windows import answer, cells


def test_the_deputy_publishes_and_a_teacher_reads(
    qtbot: QtBot, school: SmallSchool, open_records: OpenRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    deputy = open_records(NewsWindow, school.factory, "vietnieks")
    assert deputy.add_button.isVisible() and deputy.text.toPlainText() == "Skolas jaunumu vēl nav."

    def empty(dialog: Any) -> None:
        dialog.title.setText("   ")

    reasons = answer(monkeypatch, NewsDialog, empty)
    deputy.add_button.click()
    assert reasons == [] and deputy.table.rowCount() == 0  # refused in the dialog itself
    with school.factory() as session:
        assert session.scalars(select(OutboxEntry)).all() == []

    def concert(dialog: Any) -> None:
        set_day(dialog.day, dt.date(2026, 11, 6))
        dialog.title.setText("Skolas koncerts")
        dialog.body.setPlainText("Piektdien plkst. 18 aulā.")

    answer(monkeypatch, NewsDialog, concert)
    with qtbot.waitSignal(deputy.loaded, timeout=10_000):
        deputy.add_button.click()
    assert cells(deputy, 0) == ["06.11.2026"]
    assert cells(deputy, 1) == ["Skolas koncerts (vēl nav nosūtīts)"]
    assert cells(deputy, 2) == ["Vita Vietniece"]

    with school.factory.begin() as session:  # the teacher's own profile has read nothing
        session.execute(delete(NewsRead))
    teacher = open_records(NewsWindow, school.factory, "skolotajs1")
    assert not teacher.add_button.isVisible() and not teacher.delete_button.isVisible()
    assert teacher.table.item(0, 1).font().bold()
    teacher.table.selectRow(0)
    assert "Piektdien plkst. 18 aulā." in teacher.text.toPlainText()
    assert not teacher.table.item(0, 1).font().bold()
    qtbot.waitUntil(lambda: _read(school) == 1, timeout=10_000)


def _read(school: SmallSchool) -> int:
    with school.factory() as session:
        return len(session.scalars(select(NewsRead.news_id)).all())


def test_the_file_menu_counts_the_unread(
    open_window: OpenWindow, school: SmallSchool, qtbot: QtBot
) -> None:
    SchoolNews(school.factory, school.actor("vietnieks")).save(
        None, NewsDetails(dt.date(2026, 11, 3), "Sapulce")
    )
    with school.factory.begin() as session:
        session.execute(delete(NewsRead))
    window: MainWindow = open_window(school.factory, "skolotajs1", course=school.maths)
    file_menu = window.news_action.associatedObjects()[0]
    file_menu.aboutToShow.emit()
    assert window.news_action.text() == "Skolas jaunumi (1 nelasīti)…"
    window.news_action.trigger()
    shown = window.record_windows[NewsWindow]
    qtbot.waitUntil(lambda: shown.table.rowCount() == 1, timeout=10_000)
    shown.table.selectRow(0)
    qtbot.waitUntil(lambda: _read(school) == 1, timeout=10_000)
    file_menu.aboutToShow.emit()
    assert window.news_action.text() == "Skolas jaunumi…"
